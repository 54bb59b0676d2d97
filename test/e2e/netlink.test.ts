/**
 * The netlink source against real sockets (issue 4): the two live sources describe the same
 * namespace socket by socket, netlink is the default and agrees with `ss -tan`, and every way of
 * not having netlink - no addon, a kernel failure, no privilege - falls back to /proc with the
 * same counts and says why, or fails in one line when netlink was forced.
 */
import { readlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Census } from '../../src/core/model/census.js';
import type { SocketRecord } from '../../src/core/model/socket.js';
import { STATE_NAMES } from '../../src/core/model/tcp-state.js';
import { loadDiagAddon } from '../../src/sources/netlink/diag-addon.js';
import { readNetlinkCensus } from '../../src/sources/netlink/read-netlink-census.js';
import { readProcCensus } from '../../src/sources/proc/read-proc-census.js';
import { readHostInfo } from '../../src/sources/system/host-info.js';
import { cli, IS_CI, namespaceSkipReason, type Population, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();
const addon = loadDiagAddon({});
if (!addon.ok && IS_CI) {
  throw new Error(`CI=true and ${addon.reason}: CI must build it (npm run build:native)`);
}
if (!addon.ok) console.warn(`skipping netlink tests: ${addon.reason}`);

interface StatusJson {
  source: { kind: string; netns: { pid?: number; inode?: number }; paths: string[]; fallbackReason?: string };
  total: number;
  states: Record<string, number>;
  families: { ipv4: Record<string, number>; ipv6: Record<string, number> };
  notes: string[];
}

/** The JSON of a run that must have succeeded; a failure shows its stderr. */
function json(r: string | { status: number | null; stdout: string; stderr: string }): StatusJson {
  if (typeof r !== 'string') {
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as StatusJson;
  }
  return JSON.parse(r) as StatusJson;
}
const noAddon = { ...process.env, TCPDOCTOR_ADDON: 'none' };
const withFault = (fault: string) => ({ ...process.env, TCPDOCTOR_DIAG_FAULT: fault });

describe.skipIf(skip !== undefined || !addon.ok)('netlink sock_diag source', () => {
  let ns: TestNetns;
  let pop: Population;

  beforeAll(async () => {
    ns = TestNetns.create();
    pop = await ns.population();
    await pop.add({ kind: 'listen', count: 3 });
    await pop.add({ kind: 'listen', count: 2, family: 6 });
    await pop.add({ kind: 'established', count: 20 });
    await pop.add({ kind: 'established', count: 5, family: 6 });
    // A dual-stack listener with IPv4 clients: v4-mapped AF_INET6 sockets on the server side.
    await pop.add({ kind: 'established', count: 3, family: 6, host: '::', client_family: 4 });
    await pop.add({ kind: 'time_wait', count: 60 });
    await pop.add({ kind: 'time_wait', count: 10, family: 6 });
    await pop.add({ kind: 'server_time_wait', count: 5 });
    await pop.add({ kind: 'close_wait', count: 7 });
    // A listener that never accepts, backlog 2: its accept queue fills (backlog + 1 = 3).
    await pop.add({ kind: 'unaccepted', count: 3, backlog: 2 });
  });

  afterAll(async () => {
    await ns?.destroy();
  });

  it('netlink and /proc describe the same sockets, field by field', () => {
    const host = readHostInfo();
    const req = { netnsPid: pop.pid, records: true };
    // netlink, /proc, netlink: a socket the two netlink reads agree on did not change meanwhile.
    const a = readNetlinkCensus(req, host);
    const b = readProcCensus(req, host);
    const c = readNetlinkCensus(req, host);
    expect(a.source.kind).toBe('netlink');
    expect(b.source.kind).toBe('proc');
    expect(a.source.netns.inode).toBe(b.source.netns.inode);

    const na = byKey(a.sockets ?? []);
    const nb = byKey(b.sockets ?? []);
    const nc = byKey(c.sockets ?? []);
    const stable = [...na.keys()].filter((k) => {
      const x = na.get(k);
      const y = nc.get(k);
      return x && y && x.state === y.state && x.inode === y.inode && x.rxQueue === y.rxQueue;
    });
    expect(nb.size).toBeGreaterThan(150);
    expect(stable.length).toBeGreaterThanOrEqual(Math.floor(nb.size * 0.95));
    for (const k of nb.keys()) expect(na.has(k) || nc.has(k), `only /proc has ${k}`).toBe(true);

    let compared = 0;
    for (const k of stable) {
      const n = na.get(k) as SocketRecord;
      const p = nb.get(k);
      expect(p, `/proc lacks ${k}`).toBeDefined();
      if (!p) continue;
      compared++;
      expect(n.state, k).toBe(p.state);
      expect(n.family, k).toBe(p.family);
      expect(n.rxQueue, k).toBe(p.rxQueue);
      expect(n.timer, k).toBe(p.timer);
      expect(n.inode, k).toBe(p.inode);
      if (n.state !== 3) expect(n.uid, k).toBe(p.uid); // a request socket's uid differs by design
      if (n.state === 10) {
        // /proc shows a listener's send queue as 0; netlink has the backlog there.
        expect(p.txQueue, k).toBe(0);
        expect(n.backlog, k).toBe(n.txQueue);
      } else {
        expect(n.txQueue, k).toBe(p.txQueue);
      }
      // /proc counts in 10 ms ticks; the two reads are a few ms apart.
      if (n.timer !== 0) expect(Math.abs((n.expiresMs ?? 0) - (p.expiresMs ?? 0)), k).toBeLessThan(1500);
    }
    expect(compared).toBe(stable.length);

    // What only netlink shows: the listener that never accepts, backlog 2, accept queue full.
    const full = (a.sockets ?? []).find((r) => r.state === 10 && r.backlog === 2);
    expect(full?.rxQueue).toBe(3);
    // IPv4-mapped addresses come out as ss prints them.
    expect((a.sockets ?? []).some((r) => r.family === 6 && r.localAddress === '::ffff:127.0.0.1')).toBe(true);

    if (sameKeys(na, nc)) expect(counts(a.census)).toEqual(counts(b.census));
  });

  it('is the default inside the namespace and equals ss -tan of the same moment', () => {
    const before = ns.ssStates();
    const r = ns.cli(['--json', '--verbose']);
    const after = ns.ssStates();
    expect(before).toEqual(after);
    expect(r.status, r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j.source.kind).toBe('netlink');
    expect(j.source.fallbackReason).toBeUndefined();
    expect(j.states).toEqual(before);
    expect(Object.keys(j.states)).toEqual([...STATE_NAMES]);
    expect(j.families.ipv6.LISTEN).toBe(2 + 1 + 1 + 1); // 2 idle, the v6 and dual-stack servers, v6 TIME_WAIT server
    expect(r.stderr).toMatch(/^tcpdoctor: source: netlink sock_diag .* \d+ sockets in [\d.]+ ms/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('gives the same counts by /proc, by the per-family dumps and from outside with --netns PID', () => {
    const expected = ns.ssStates();
    const proc = json(ns.cli(['--json', '--source', 'proc']));
    expect(proc.source.kind).toBe('proc');
    expect(proc.source.fallbackReason).toBeUndefined();
    expect(proc.states).toEqual(expected);

    const v2 = ns.cli(['--json', '-v'], { env: { ...process.env, TCPDOCTOR_DIAG: 'per-family' } });
    expect(json(v2).states).toEqual(expected);
    expect(v2.stderr).toMatch(/per-family/);

    const outside = json(cli(['--json', '--netns', String(pop.pid)]));
    expect(outside.source.kind).toBe('netlink');
    expect(outside.source.netns.pid).toBe(pop.pid);
    const inode = Number(/\d+/.exec(readlinkSync(`/proc/${pop.pid}/ns/net`))?.[0]);
    expect(outside.source.netns.inode).toBe(inode);
    expect(outside.states).toEqual(expected);
    expect(ns.ssStates()).toEqual(expected);
  });

  it('falls back to /proc without the addon, and says so', () => {
    const expected = ns.ssStates();
    const r = ns.cli(['--json', '--verbose'], { env: noAddon });
    expect(r.status, r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j.source.kind).toBe('proc');
    expect(j.source.fallbackReason).toBe('disabled by TCPDOCTOR_ADDON=none');
    expect(j.states).toEqual(expected);
    expect(r.stderr).toMatch(/source: proc .*netlink not used: disabled by TCPDOCTOR_ADDON=none/);

    const missing = json(
      ns.cli(['--json'], { env: { ...process.env, TCPDOCTOR_ADDON: '/nonexistent/tcpdoctor_diag.node' } }),
    );
    expect(missing.source.kind).toBe('proc');
    expect(missing.source.fallbackReason).toMatch(/not built .*npm rebuild tcpdoctor/);
    expect(missing.states).toEqual(expected);
  });

  it('--source netlink without netlink fails in one line with exit 5', () => {
    const r = ns.cli(['--json', '--source', 'netlink'], { env: noAddon });
    expect(r.status).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('tcpdoctor: --source netlink: disabled by TCPDOCTOR_ADDON=none\n');
    const bad = ns.cli(['--source', 'sockets']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^tcpdoctor: --source takes auto, netlink or proc, not "sockets"\n$/);
  });

  it('retries a dump that lost messages once, then counts completely', () => {
    const expected = ns.ssStates();
    const r = ns.cli(['--json', '-v'], { env: withFault('enobufs-once') });
    expect(r.status, r.stderr).toBe(0);
    const j = json(r.stdout);
    expect(j.source.kind).toBe('netlink');
    expect(j.states).toEqual(expected); // the partial first attempt was thrown away
    expect(r.stderr).toMatch(/, 1 retries/);
    const intr = json(ns.cli(['--json'], { env: withFault('intr-once') }));
    expect(intr.source.kind).toBe('netlink');
    expect(intr.states).toEqual(expected);
  });

  it('never reports a partial dump: it falls back, or fails when netlink was forced', () => {
    const expected = ns.ssStates();
    const cases: Array<[string, RegExp]> = [
      ['enobufs', /No buffer space available .*after 3 attempts; the partial dump was discarded/],
      ['truncated', /truncated dump .*after 3 attempts; the partial dump was discarded/],
      ['eperm', /the kernel refused the sock_diag dump \(EPERM/],
    ];
    for (const [fault, reason] of cases) {
      const auto = ns.cli(['--json'], { env: withFault(fault) });
      expect(auto.status, fault).toBe(0);
      const j = json(auto.stdout);
      expect(j.source.kind, fault).toBe('proc');
      expect(j.source.fallbackReason, fault).toMatch(reason);
      expect(j.states, fault).toEqual(expected);

      const forced = ns.cli(['--json', '--source', 'netlink'], { env: withFault(fault) });
      expect(forced.status, fault).toBe(5);
      expect(forced.stdout, fault).toBe('');
      expect(forced.stderr, fault).toMatch(reason);
      expect(forced.stderr.trim().split('\n'), fault).toHaveLength(1);
    }
  });

  it('works unprivileged: netlink inside the namespace, /proc/PID/net from outside', () => {
    const expected = ns.ssStates();
    const inside = ns.cli(['--json'], { asUser: 65534 });
    expect(inside.status, inside.stderr).toBe(0);
    const j = json(inside.stdout);
    expect(j.source.kind).toBe('netlink'); // a sock_diag dump needs no privilege
    expect(j.states).toEqual(expected);

    const outside = cli(['--json', '--netns', String(pop.pid)], { asUser: 65534 });
    expect(outside.status, outside.stderr).toBe(0);
    const o = json(outside.stdout);
    expect(o.source.kind).toBe('proc');
    expect(o.source.fallbackReason).toMatch(/needs root/);
    expect(o.states).toEqual(expected);

    const forced = cli(['--json', '--source', 'netlink', '--netns', String(pop.pid)], { asUser: 65534 });
    expect(forced.status).toBe(4);
    expect(forced.stderr).toMatch(
      /^tcpdoctor: --source netlink: cannot open \/proc\/\d+\/ns\/net \(EACCES\)/,
    );
    expect(forced.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// --- helpers ---

function keyOf(r: SocketRecord): string {
  return `${r.family} ${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort}`;
}

function byKey(records: SocketRecord[]): Map<string, SocketRecord> {
  const m = new Map<string, SocketRecord>();
  for (const r of records) {
    const k = keyOf(r);
    expect(m.has(k), `two sockets ${k}`).toBe(false);
    m.set(k, r);
  }
  return m;
}

function sameKeys(a: Map<string, SocketRecord>, b: Map<string, SocketRecord>): boolean {
  return a.size === b.size && [...a].every(([k, r]) => b.get(k)?.state === r.state);
}

function counts(c: Census): number[][] {
  return [Array.from(c.ipv4), Array.from(c.ipv6)];
}
