/**
 * Each problem made to happen for real in a private namespace (its own sysctls), then
 * `tcpdoctor diagnose` must name the cause, the culprit and the fix with the numbers — and say
 * nothing of it on a healthy namespace.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { namespaceSkipReason, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();

interface Finding {
  id: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  summary: string;
  evidence: Record<string, unknown> & { instances: Array<Record<string, unknown>> };
  advice: string[];
}
interface Diagnosis {
  schema: number;
  findings: Finding[];
  skipped: Array<{ rule: string; reason: string }>;
}

const dir = mkdtempSync(join(tmpdir(), 'tcpdoctor-diag-'));
const emptySysctlDir = join(dir, 'sysctl.d');
mkdirSync(emptySysctlDir);
const namespaces: TestNetns[] = [];

function newNs(): TestNetns {
  const ns = TestNetns.create();
  namespaces.push(ns);
  return ns;
}

function diagnose(ns: TestNetns, args: string[] = []): { code: number | null; d: Diagnosis; stdout: string } {
  // an empty sysctl directory: the host's own files must not leak into these scenarios
  const r = ns.cli(['diagnose', '--json', '--sysctl-file', emptySysctlDir, ...args]);
  expect(r.stderr).toBe('');
  return { code: r.status, d: JSON.parse(r.stdout) as Diagnosis, stdout: r.stdout };
}

function find(d: Diagnosis, id: string): Finding | undefined {
  return d.findings.find((f) => f.id === id);
}

describe.skipIf(skip)('diagnose scenarios', () => {
  afterEach(async () => {
    while (namespaces.length > 0) await namespaces.pop()?.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a healthy namespace: one line, exit 0', async () => {
    const ns = newNs();
    const pop = await ns.population();
    await pop.add({ kind: 'established', count: 5 });
    const { code, d } = diagnose(ns, ['--interval', '0']);
    expect(code).toBe(0);
    expect(d.findings.map((f) => f.id)).toEqual(['healthy']);
    expect(d.findings[0]?.summary).toMatch(
      /^Nothing wrong: 11 sockets, 0 TIME_WAIT, 0 CLOSE_WAIT, 0 SYN_RECV/,
    );
    const text = ns.cli(['diagnose', '--interval', '0', '--sysctl-file', emptySysctlDir]).stdout;
    expect(text).toMatch(/^INFO +Healthy +\[healthy\]$/m);
  });

  it('a TIME_WAIT storm toward one backend: the finding fires before connect() fails with EADDRNOTAVAIL', async () => {
    const ns = newNs();
    ns.sysctl('net.ipv4.ip_local_port_range', '40000 40049'); // 50 ports
    ns.sysctl('net.ipv4.tcp_tw_reuse', '0');
    const pop = await ns.population();
    const backend = await pop.add({ kind: 'time_wait', count: 26, src_port_base: 'auto', host: '127.0.0.7' });

    // 26 of 50 (52 %): a warning, with this host's numbers
    const warn = diagnose(ns, ['--interval', '0']);
    expect(warn.code).toBe(1);
    const f1 = find(warn.d, 'port-exhaustion');
    expect(f1?.severity).toBe('warning');
    expect(f1?.evidence).toMatchObject({ rangeLow: 40000, rangeHigh: 40049, rangeSize: 50, tcpTwReuse: 0 });
    expect(f1?.evidence.instances[0]).toMatchObject({
      tuple: `127.0.0.1 → 127.0.0.7:${backend.port}`,
      inUse: 26,
      timeWait: 26,
      ratio: 0.52,
    });
    expect(f1?.summary).toContain(`connect() toward 127.0.0.7:${backend.port}`);
    expect(f1?.summary).toContain('26 of 50 ephemeral ports in use (52 %)');
    expect(f1?.advice[0]).toMatch(/^Reuse connections/);
    expect(f1?.advice.join('\n')).toMatch(/tcp_tw_reuse=1 \(now 0/);
    expect(f1?.advice.join('\n')).toMatch(
      /ip_local_port_range="1024 65535" gives 64,512 ports instead of 50/,
    );
    // tcp_tw_recycle appears only to be ruled out
    for (const a of f1?.advice ?? []) if (a.includes('tcp_tw_recycle')) expect(a).toMatch(/^Do not use/);

    // 42 of 50 (84 %): critical
    await pop.add({
      kind: 'time_wait',
      count: 16,
      src_port_base: 'auto',
      host: '127.0.0.7',
      port: backend.port,
    });
    const crit = diagnose(ns, ['--interval', '0']);
    expect(find(crit.d, 'port-exhaustion')?.severity).toBe('critical');
    expect(find(crit.d, 'port-exhaustion')?.evidence.instances[0]).toMatchObject({ inUse: 42 });

    // the rest of the range goes, then connect() really fails
    const fail = (await pop.add({
      kind: 'connect_fail',
      count: 12,
      host: '127.0.0.7',
      target_port: backend.port,
    })) as {
      errors: Record<string, number>;
      connected: number;
    };
    // 8 ports were left; the kernel's parity walk may leave one unused, so at most 8 connect
    expect(fail.connected).toBeLessThanOrEqual(8);
    expect(fail.connected).toBeGreaterThanOrEqual(7);
    expect(fail.errors).toEqual({ EADDRNOTAVAIL: 12 - fail.connected });
    const after = find(diagnose(ns, ['--interval', '0']).d, 'port-exhaustion');
    expect(after?.evidence.instances[0]).toMatchObject({ inUse: 42 + fail.connected });
  });

  it('a helper that never closes accepted sockets: a CLOSE_WAIT leak naming its pid', async () => {
    const ns = newNs();
    const pop = await ns.population();
    await pop.add({ kind: 'close_wait', count: 20 });
    const { code, d } = diagnose(ns, ['--interval', '1']);
    expect(code).toBe(1);
    const f = find(d, 'close-wait-leak');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.instances[0]).toMatchObject({
      kind: 'owned',
      pid: pop.pid,
      command: 'python3',
      closeWait: 20,
      persisting: 20,
      growth: 0,
    });
    const seconds = Number(f?.evidence.sampleSeconds ?? Number.NaN).toFixed(1);
    expect(f?.summary).toBe(
      `python3 (pid ${pop.pid}) holds 20 CLOSE_WAIT sockets that were already there ${seconds} s earlier (change +0): the peers closed and the application has not called close().`,
    );
    expect(f?.advice[0]).toMatch(/must call close\(\)/);
    // and in Chinese
    const zh = ns.cli(['diagnose', '--lang', 'zh', '--interval', '0', '--sysctl-file', emptySysctlDir]);
    expect(zh.stdout).toContain(`python3（pid ${pop.pid}）持有 20 个 CLOSE_WAIT 套接字`);
  });

  it('a listener with a tiny backlog that never accepts under a burst: listen overflow', async () => {
    const ns = newNs();
    const pop = await ns.population();
    const l = await pop.add({ kind: 'unaccepted', count: 8, backlog: 1 });
    const { code, d } = diagnose(ns, ['--interval', '2']);
    expect(code).toBe(1);
    const f = find(d, 'listen-overflow');
    expect(f).toBeDefined();
    expect(f?.severity).not.toBe('info');
    const inst = f?.evidence.instances[0];
    expect(inst).toMatchObject({ listener: `127.0.0.1:${l.port}`, acceptQueue: 2 });
    // netlink shows the backlog; /proc cannot, and the finding says so
    if (f?.evidence.backlogKnown) expect(inst?.backlog).toBe(1);
    else expect(f?.summary).toMatch(/backlog is unknown because \/proc does not show it/);
    expect((f?.evidence.listenOverflows as number) ?? 0).toBeGreaterThan(0);
  });

  it('TIME_WAIT on the server side: the host closes first, and no sysctl shortens it', async () => {
    const ns = newNs();
    const pop = await ns.population();
    const srv = await pop.add({ kind: 'server_time_wait', count: 30 });
    const { code, d } = diagnose(ns, ['--interval', '0']);
    expect(code).toBe(0); // informational: cheap, no failure coming
    const f = find(d, 'time-wait-server-side');
    expect(f?.severity).toBe('info');
    expect(f?.evidence).toMatchObject({ timeWait: 30 });
    expect(f?.evidence.instances[0]).toMatchObject({ listener: `127.0.0.1:${srv.port}`, timeWait: 30 });
    expect(f?.advice.join(' ')).toMatch(/No sysctl shortens TIME_WAIT/);
    expect(find(d, 'port-exhaustion')).toBeUndefined();
    expect(d.findings[0]?.id).toBe('healthy');
  });

  it('a sysctl file with the classic four lines: tcp_tw_recycle flagged with file and line', async () => {
    const ns = newNs();
    const file = join(dir, '99-classic.conf');
    writeFileSync(
      file,
      [
        '# copied from a 2008 blog post',
        'net.ipv4.tcp_syncookies = 1',
        'net.ipv4.tcp_tw_reuse = 1',
        'net.ipv4.tcp_tw_recycle = 1',
        'net.ipv4.tcp_fin_timeout = 30',
        '',
      ].join('\n'),
    );
    const r = ns.cli(['diagnose', '--json', '--interval', '0', '--sysctl-file', file]);
    expect(r.status).toBe(1);
    const d = JSON.parse(r.stdout) as Diagnosis;
    const f = find(d, 'obsolete-sysctl');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.instances).toEqual([
      { key: 'net.ipv4.tcp_tw_recycle', value: '1', where: `${file}:4` },
    ]);
    expect(f?.advice[0]).toMatch(
      /removed in Linux 4\.12, so sysctl -p fails on it; it broke clients behind NAT/,
    );
    // the healthy namespace without the file has no such finding
    expect(find(diagnose(ns, ['--interval', '0']).d, 'obsolete-sysctl')).toBeUndefined();
  });
});
