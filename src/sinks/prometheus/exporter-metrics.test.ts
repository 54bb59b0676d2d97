import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sock } from '../../../test/support/socket-record.js';
import type { KernelCounters } from '../../core/counters/kernel-counters.js';
import { createCensus } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import type { ServeReading } from '../http/reading.js';
import { ExporterMetrics, type ExporterOptions } from './exporter-metrics.js';
import { METRICS } from './metric-catalog.js';

function counters(tcp: Record<string, number>, ext: Record<string, number>, tw = 0): KernelCounters {
  return { snmp: { Tcp: tcp }, netstat: { TcpExt: ext }, sockstat: { tw, orphan: 3 } };
}

function snapshotOf(records: SocketRecord[], extra: Partial<Snapshot> = {}): Snapshot {
  const census = createCensus();
  for (const r of records) {
    const c = r.family === 4 ? census.ipv4 : census.ipv6;
    c[r.state] = (c[r.state] ?? 0) + 1;
  }
  return {
    host: 'h',
    kernel: '6.1.0',
    time: '2026-11-25T00:00:00.000Z',
    source: { kind: 'netlink', netns: {}, paths: [] },
    census,
    sockets: records,
    notes: [],
    ...extra,
  };
}

function reading(snap: Snapshot, seq = 1, extra: Partial<ServeReading> = {}): ServeReading {
  return {
    seq,
    startedAt: 1_700_000_000_000,
    durationMs: 42,
    status: snap,
    namespaces: [
      {
        snapshot: snap,
        diagnosis: {
          lang: 'en',
          findings: [
            {
              id: 'port-exhaustion',
              severity: 'critical',
              title: '',
              summary: '',
              evidence: { instances: [] },
              advice: [],
              references: [],
            },
          ],
          skipped: [{ rule: 'syn-flood', reason: 'needs rates' }],
        },
      },
    ],
    errors: [],
    lastSuccessAt: 1_700_000_000_000,
    ...extra,
  };
}

const OPTS: ExporterOptions = {
  perNetns: false,
  top: 3,
  maxNamespaces: 2,
  intervalSeconds: 15,
  version: '0.1.0',
  processMetrics: false,
};

async function render(r: ServeReading, opts: Partial<ExporterOptions> = {}): Promise<string> {
  const m = new ExporterMetrics({ ...OPTS, ...opts });
  m.update(r);
  return (await m.render()).text;
}

/** `name{labels} value` lines of one family. */
function series(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

const RANGE = { 'net.ipv4.ip_local_port_range': '40000 40099', 'net.ipv4.tcp_max_tw_buckets': '131072' };

function population(): SocketRecord[] {
  const out: SocketRecord[] = [
    sock(10, '0.0.0.0', 80, '0.0.0.0', 0, { rxQueue: 3, backlog: 511 }),
    sock(10, '::', 80, '::', 0, { rxQueue: 1, backlog: 511 }),
    sock(10, '127.0.0.1', 6379, '0.0.0.0', 0, { rxQueue: 0, backlog: 128 }),
  ];
  for (let i = 0; i < 5; i++) out.push(sock(1, '10.0.0.1', 80, '192.0.2.9', 50000 + i));
  for (let i = 0; i < 2; i++) out.push(sock(6, '10.0.0.1', 80, '192.0.2.9', 51000 + i));
  out.push(sock(1, '::ffff:10.0.0.1', 80, '::ffff:192.0.2.8', 52000));
  // outbound: 60 of the 100 ephemeral ports toward 10.0.3.7:6379, in TIME_WAIT and ESTABLISHED
  for (let i = 0; i < 60; i++) out.push(sock(i < 50 ? 6 : 1, '10.0.0.1', 40000 + i, '10.0.3.7', 6379));
  // a source port below the range: not ephemeral, not counted
  out.push(sock(1, '10.0.0.1', 12000, '10.0.3.8', 443));
  return out;
}

describe('ExporterMetrics', () => {
  it('puts tcpdoctor_connections first, every state and family, zeros included, node_exporter spelling', async () => {
    const text = await render(reading(snapshotOf(population(), { sysctls: RANGE })));
    expect(text.startsWith('# HELP tcpdoctor_connections ')).toBe(true);
    const lines = series(text, 'tcpdoctor_connections');
    expect(lines).toHaveLength(22);
    expect(lines).toContain('tcpdoctor_connections{state="time_wait",family="ipv4"} 52');
    expect(lines).toContain('tcpdoctor_connections{state="established",family="ipv4"} 16');
    expect(lines).toContain('tcpdoctor_connections{state="established",family="ipv6"} 1');
    expect(lines).toContain('tcpdoctor_connections{state="closing",family="ipv6"} 0');
    expect(lines).toContain('tcpdoctor_connections{state="syn_recv",family="ipv4"} 0');
    expect(text).toMatch(/# TYPE tcpdoctor_connections gauge/);
  });

  it('sums a listening port over its addresses, with queue and backlog', async () => {
    const text = await render(reading(snapshotOf(population(), { sysctls: RANGE })));
    const port80 = series(text, 'tcpdoctor_listener_connections').filter((l) => l.includes('port="80"'));
    expect(port80).toHaveLength(11);
    expect(port80).toContain('tcpdoctor_listener_connections{port="80",state="listen"} 2');
    expect(port80).toContain('tcpdoctor_listener_connections{port="80",state="established"} 6');
    expect(port80).toContain('tcpdoctor_listener_connections{port="80",state="time_wait"} 2');
    expect(series(text, 'tcpdoctor_listener_accept_queue')).toContain(
      'tcpdoctor_listener_accept_queue{port="80"} 4',
    );
    expect(series(text, 'tcpdoctor_listener_backlog')).toContain(
      'tcpdoctor_listener_backlog{port="80"} 1022',
    );
    // outbound connections are not a listener's
    expect(text).not.toMatch(/tcpdoctor_listener_connections\{port="40000"/);
  });

  it('bounds listener ports to --top plus "other", whatever the host does', async () => {
    const records: SocketRecord[] = [];
    for (let p = 1; p <= 500; p++) {
      records.push(sock(10, '0.0.0.0', 1000 + p, '0.0.0.0', 0, { backlog: 10 }));
      for (let k = 0; k < p % 7; k++) records.push(sock(1, '10.0.0.1', 1000 + p, '192.0.2.1', 30000 + k));
    }
    const text = await render(reading(snapshotOf(records)), { top: 3 });
    const ports = new Set(
      series(text, 'tcpdoctor_listener_connections').map((l) => /port="([^"]+)"/.exec(l)?.[1]),
    );
    expect(ports.size).toBe(4);
    expect(ports.has('other')).toBe(true);
    expect(series(text, 'tcpdoctor_listener_connections')).toHaveLength(44);
    // the other bucket carries everything past the top 3: 500 listeners in all
    const listen = series(text, 'tcpdoctor_listener_connections')
      .filter((l) => l.includes('state="listen"'))
      .reduce((n, l) => n + Number(l.split(' ')[1]), 0);
    expect(listen).toBe(500);
    expect(series(text, 'tcpdoctor_listener_accept_queue')).toHaveLength(3);
  });

  it('gives the ephemeral-port use of the top destinations against the range', async () => {
    const text = await render(reading(snapshotOf(population(), { sysctls: RANGE })));
    expect(series(text, 'tcpdoctor_ephemeral_port_range_size')).toEqual([
      'tcpdoctor_ephemeral_port_range_size 100',
    ]);
    expect(series(text, 'tcpdoctor_destination_ephemeral_ports_used')).toEqual([
      'tcpdoctor_destination_ephemeral_ports_used{local_address="10.0.0.1",destination="10.0.3.7:6379"} 60',
    ]);
    expect(series(text, 'tcpdoctor_destination_ephemeral_ports_used_ratio')).toEqual([
      'tcpdoctor_destination_ephemeral_ports_used_ratio{local_address="10.0.0.1",destination="10.0.3.7:6379"} 0.6',
    ]);
  });

  it('shows sockstat tw against tcp_max_tw_buckets, sysctls, findings and skipped rules', async () => {
    const snap = snapshotOf(population(), {
      sysctls: RANGE,
      counters: counters({ ActiveOpens: 10 }, { ListenOverflows: 4 }, 77),
    });
    const text = await render(reading(snap));
    expect(series(text, 'tcpdoctor_tw_buckets')).toEqual(['tcpdoctor_tw_buckets 77']);
    expect(series(text, 'tcpdoctor_tw_buckets_max')).toEqual(['tcpdoctor_tw_buckets_max 131072']);
    expect(series(text, 'tcpdoctor_orphans')).toEqual(['tcpdoctor_orphans 3']);
    expect(series(text, 'tcpdoctor_sysctl')).toEqual([
      'tcpdoctor_sysctl{name="net.ipv4.tcp_max_tw_buckets"} 131072',
    ]);
    expect(series(text, 'tcpdoctor_finding')).toEqual([
      'tcpdoctor_finding{id="port-exhaustion",severity="critical"} 1',
    ]);
    expect(series(text, 'tcpdoctor_diagnosis_rule_skipped')).toEqual([
      'tcpdoctor_diagnosis_rule_skipped{rule="syn-flood"} 1',
    ]);
  });

  it('exposes kernel counters as counters with their exact values, across updates and resets', async () => {
    const m = new ExporterMetrics(OPTS);
    const at = (v: number, seq: number) =>
      reading(snapshotOf([], { counters: counters({ ActiveOpens: v }, { ListenOverflows: v * 2 }) }), seq);
    m.update(at(10, 1));
    let text = (await m.render()).text;
    expect(text).toMatch(/# TYPE tcpdoctor_tcpext_listen_overflows_total counter/);
    expect(series(text, 'tcpdoctor_tcp_active_opens_total')).toEqual(['tcpdoctor_tcp_active_opens_total 10']);
    m.update(at(25, 2));
    text = (await m.render()).text;
    expect(series(text, 'tcpdoctor_tcp_active_opens_total')).toEqual(['tcpdoctor_tcp_active_opens_total 25']);
    expect(series(text, 'tcpdoctor_tcpext_listen_overflows_total')).toEqual([
      'tcpdoctor_tcpext_listen_overflows_total 50',
    ]);
    // the namespace was recreated: the kernel counter went down, the exposed one starts over
    m.update(at(4, 3));
    text = (await m.render()).text;
    expect(series(text, 'tcpdoctor_tcp_active_opens_total')).toEqual(['tcpdoctor_tcp_active_opens_total 4']);
    // counters absent from a reading (a failed stage) leave the output
    m.update(reading(snapshotOf([]), 4));
    text = (await m.render()).text;
    expect(series(text, 'tcpdoctor_tcp_active_opens_total')).toEqual([]);
    // an absent counter (older kernel) is left out, not shown as 0
    expect(series(text, 'tcpdoctor_tcpext_syncookies_sent_total')).toEqual([]);
  });

  it('turns a failed census into error metrics and no data, and counts each stage', async () => {
    const m = new ExporterMetrics(OPTS);
    m.update(reading(snapshotOf(population()), 1));
    m.update({
      seq: 2,
      startedAt: 1_700_000_015_000,
      durationMs: 3,
      namespaces: [],
      errors: [{ stage: 'census', message: 'no such process', code: 'ESRCH' }],
      lastSuccessAt: 1_700_000_000_000,
    });
    const text = (await m.render()).text;
    expect(series(text, 'tcpdoctor_connections')).toEqual([]);
    expect(series(text, 'tcpdoctor_finding')).toEqual([]);
    expect(series(text, 'tcpdoctor_snapshot_success')).toEqual(['tcpdoctor_snapshot_success 0']);
    expect(series(text, 'tcpdoctor_snapshot_errors_total')).toContain(
      'tcpdoctor_snapshot_errors_total{stage="census"} 1',
    );
    expect(series(text, 'tcpdoctor_snapshot_errors_total')).toContain(
      'tcpdoctor_snapshot_errors_total{stage="counters"} 0',
    );
    expect(series(text, 'tcpdoctor_snapshot_timestamp_seconds')).toEqual([
      'tcpdoctor_snapshot_timestamp_seconds 1700000000',
    ]);
    expect(series(text, 'tcpdoctor_snapshots_total')).toEqual(['tcpdoctor_snapshots_total 2']);
  });

  it('adds a netns label with --netns all, and caps the namespaces with an "(other)" row', async () => {
    const a = snapshotOf([
      sock(6, '127.0.0.1', 12000, '127.0.0.2', 80),
      sock(6, '127.0.0.1', 12001, '127.0.0.2', 80),
    ]);
    const b = snapshotOf([
      sock(1, '127.0.0.1', 12000, '127.0.0.2', 80),
      sock(1, '127.0.0.2', 80, '127.0.0.1', 12000),
    ]);
    const c = snapshotOf([sock(8, '::1', 12000, '::1', 80)]);
    const merged = snapshotOf([], {
      namespaces: [
        { label: 'host', census: a.census },
        { label: 'web', census: b.census },
        { label: 'db', census: c.census },
      ],
    });
    const r: ServeReading = {
      seq: 1,
      startedAt: 0,
      durationMs: 1,
      status: merged,
      namespaces: [
        { label: 'web', snapshot: b },
        { label: 'host', snapshot: a },
      ],
      errors: [],
    };
    const text = await render(r, { perNetns: true, maxNamespaces: 2 });
    const conns = series(text, 'tcpdoctor_connections');
    expect(conns).toHaveLength(66);
    expect(conns).toContain('tcpdoctor_connections{netns="web",state="established",family="ipv4"} 2');
    expect(conns).toContain('tcpdoctor_connections{netns="host",state="time_wait",family="ipv4"} 2');
    expect(conns).toContain('tcpdoctor_connections{netns="(other)",state="close_wait",family="ipv6"} 1');
    expect(series(text, 'tcpdoctor_namespaces')).toEqual(['tcpdoctor_namespaces 3']);
    expect(series(text, 'tcpdoctor_namespaces_omitted')).toEqual(['tcpdoctor_namespaces_omitted 1']);
    expect(series(text, 'tcpdoctor_source_info')).toContain(
      'tcpdoctor_source_info{netns="web",kind="netlink"} 1',
    );
  });

  it('serialises once per snapshot however many scrapes, and gzips once', async () => {
    let now = 0;
    const m = new ExporterMetrics({ ...OPTS, now: () => now });
    m.update(reading(snapshotOf(population()), 1));
    const a = await m.render();
    const b = await m.render();
    expect(b).toBe(a);
    expect(await a.gzip()).toBe(await a.gzip());
    expect(gunzipSync(await a.gzip()).toString()).toBe(a.text);
    now = 1500; // past the 1 s TTL: the self metrics are refreshed
    expect(await m.render()).not.toBe(a);
    const c = await m.render();
    m.update(reading(snapshotOf(population()), 2)); // a new snapshot invalidates at once
    expect(await m.render()).not.toBe(c);
  });

  it('documents every metric family in docs/metrics.md', () => {
    const doc = readFileSync(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');
    for (const spec of METRICS) expect(doc, spec.name).toContain(`\`${spec.name}\``);
  });
});
