import { describe, expect, it } from 'vitest';
import { sock } from '../../../test/support/socket-record.js';
import { parseCounterPairs } from '../counters/kernel-counters.js';
import { createCensus } from '../model/census.js';
import type { SocketRecord } from '../model/socket.js';
import type { DiagnoseInput } from './diagnose-input.js';
import { kernelAtLeast } from './diagnose-input.js';
import type { Finding } from './finding.js';
import { fill, runRules } from './run-rules.js';
import { DIAGNOSE_EN } from './texts.en.js';
import { DIAGNOSE_ZH } from './texts.zh.js';

function input(records: SocketRecord[], extra: Partial<DiagnoseInput> = {}): DiagnoseInput {
  const census = createCensus();
  for (const r of records) census.ipv4[r.state] = (census.ipv4[r.state] ?? 0) + 1;
  return { census, records, kernel: '6.18.44', ...extra };
}

function finding(i: DiagnoseInput, id: string): Finding | undefined {
  return runRules(i, 'en').findings.find((f) => f.id === id);
}

/** n TIME_WAIT toward 10.0.3.7:6379 from ports low.. */
function timeWaits(n: number, low = 40000): SocketRecord[] {
  return Array.from({ length: n }, (_, k) => sock(6, '10.0.0.1', low + k, '10.0.3.7', 6379, { inode: 0 }));
}

const RANGE_100 = { 'net.ipv4.ip_local_port_range': '40000 40099', 'net.ipv4.tcp_tw_reuse': '0' };

function rates(seconds: number, deltas: Record<string, number>): DiagnoseInput['rates'] {
  return {
    seconds,
    counters: Object.entries(deltas).map(([key, delta]) => ({
      key,
      value: delta,
      delta,
      perSecond: delta / seconds,
    })),
  };
}

describe('port-exhaustion thresholds', () => {
  it('is silent below 50 %, warns at 50 %, is critical at 80 %', () => {
    expect(finding(input(timeWaits(49), { sysctls: RANGE_100 }), 'port-exhaustion')).toBeUndefined();
    expect(finding(input(timeWaits(50), { sysctls: RANGE_100 }), 'port-exhaustion')?.severity).toBe(
      'warning',
    );
    expect(finding(input(timeWaits(79), { sysctls: RANGE_100 }), 'port-exhaustion')?.severity).toBe(
      'warning',
    );
    const crit = finding(input(timeWaits(80), { sysctls: RANGE_100 }), 'port-exhaustion');
    expect(crit?.severity).toBe('critical');
    expect(crit?.evidence).toMatchObject({
      rangeSize: 100,
      maxNewConnectionsPerSecondPerTuple: 1,
      reusableByTwReuse: 80,
    });
  });

  it('counts ports of every state in the range minus reserved ports, not ports outside it', () => {
    const recs = [
      ...timeWaits(40),
      ...Array.from({ length: 20 }, (_, k) =>
        sock(1, '10.0.0.1', 40040 + k, '10.0.3.7', 6379, { inode: 1 + k }),
      ),
      sock(1, '10.0.0.1', 1000, '10.0.3.7', 6379),
    ];
    const sysctls = { ...RANGE_100, 'net.ipv4.ip_local_reserved_ports': '40090-40099' }; // 90 usable
    const f = finding(input(recs, { sysctls }), 'port-exhaustion');
    expect(f?.evidence.instances[0]).toMatchObject({
      inUse: 60,
      rangeSize: 90,
      timeWait: 40,
      established: 21,
    });
  });

  it('says what tcp_tw_reuse does for this destination', () => {
    const loop = Array.from({ length: 60 }, (_, k) => sock(6, '127.0.0.1', 40000 + k, '127.0.0.9', 80));
    const f2 = finding(
      input(loop, { sysctls: { ...RANGE_100, 'net.ipv4.tcp_tw_reuse': '2' } }),
      'port-exhaustion',
    );
    expect(f2?.advice.join(' ')).toMatch(
      /tcp_tw_reuse=2 \(the default\) already lets connect\(\) on loopback/,
    );
    const f1 = finding(
      input(timeWaits(60), { sysctls: { ...RANGE_100, 'net.ipv4.tcp_tw_reuse': '1' } }),
      'port-exhaustion',
    );
    expect(f1?.advice.join(' ')).toMatch(/tcp_tw_reuse=1 is already on/);
    const f0 = finding(
      input(timeWaits(60), { sysctls: { ...RANGE_100, 'net.ipv4.tcp_tw_reuse': '2' } }),
      'port-exhaustion',
    );
    expect(f0?.advice.join(' ')).toMatch(/Set net\.ipv4\.tcp_tw_reuse=1 \(now 2; 2 means loopback only\)/);
    for (const f of [f0, f1, f2]) {
      expect(f?.advice.filter((a) => a.includes('tcp_tw_recycle'))).toEqual([
        expect.stringMatching(/^Do not use/),
      ]);
    }
  });

  it('skips without a socket list', () => {
    const d = runRules({ census: createCensus(), kernel: '6.1' }, 'en');
    expect(d.skipped.find((s) => s.rule === 'port-exhaustion')?.reason).toMatch(/socket list/);
  });
});

describe('tw-bucket-overflow thresholds', () => {
  const at = (tw: number, extra: Partial<DiagnoseInput> = {}) =>
    finding(
      input([], {
        counters: { snmp: {}, netstat: {}, sockstat: { tw } },
        sysctls: { 'net.ipv4.tcp_max_tw_buckets': '1000' },
        ...extra,
      }),
      'tw-bucket-overflow',
    );
  it('warns at 80 %, is critical at 95 % or when TCPTimeWaitOverflow rises', () => {
    expect(at(799)).toBeUndefined();
    expect(at(800)?.severity).toBe('warning');
    expect(at(950)?.severity).toBe('critical');
    const rising = at(10, { rates: rates(2, { 'TcpExt.TCPTimeWaitOverflow': 5 }) });
    expect(rising?.severity).toBe('critical');
    expect(rising?.summary).toMatch(/skipped TIME_WAIT 5 times in 2\.0 s/);
    expect(rising?.advice.at(-1)).toMatch(/^Never lower tcp_max_tw_buckets/);
  });
});

describe('close-wait-leak thresholds', () => {
  const owner = { pid: 42, command: 'java' };
  const cw = (n: number, base = 1) =>
    Array.from({ length: n }, (_, k) =>
      sock(8, '10.0.0.1', 8080, '192.0.2.1', 50000 + k, { inode: base + k, processes: [owner] }),
    );
  it('one sample: warns from 10 per process, critical from 1,000', () => {
    expect(finding(input(cw(9)), 'close-wait-leak')).toBeUndefined();
    const w = finding(input(cw(10)), 'close-wait-leak');
    expect(w?.severity).toBe('warning');
    expect(w?.summary).toBe(
      'java (pid 42) holds 10 CLOSE_WAIT sockets: the peers closed and the application has not called close().',
    );
    expect(w?.evidence.instances[0]).toMatchObject({
      pid: 42,
      command: 'java',
      closeWait: 10,
      peers: [{ peer: '192.0.2.1', count: 10 }],
    });
    expect(finding(input(cw(1000)), 'close-wait-leak')?.severity).toBe('critical');
  });
  it('two samples: only sockets present in both count, growth is reported', () => {
    const before = cw(5);
    const now = [...cw(5), ...cw(3, 100)]; // 5 persisted, 3 new
    const f = finding(input(now, { previousRecords: before, rates: rates(5, {}) }), 'close-wait-leak');
    expect(f?.severity).toBe('warning'); // growth > 0
    expect(f?.evidence.instances[0]).toMatchObject({ persisting: 5, closeWait: 8, growth: 3 });
    const passing = finding(
      input(cw(3, 100), { previousRecords: cw(5), rates: rates(5, {}) }),
      'close-wait-leak',
    );
    expect(passing).toBeUndefined(); // nothing persisted: closed in time
  });
  it('inode-0 CLOSE_WAIT on a listener port is a slow accept loop', () => {
    const recs = [
      sock(10, '0.0.0.0', 8080, '0.0.0.0', 0, { rxQueue: 12, inode: 7 }),
      ...Array.from({ length: 12 }, (_, k) =>
        sock(8, '10.0.0.1', 8080, '192.0.2.1', 50000 + k, { inode: 0 }),
      ),
    ];
    const f = finding(input(recs), 'close-wait-leak');
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toMatch(/12 CLOSE_WAIT connections were never accept\(\)ed on 0\.0\.0\.0:8080/);
  });
});

describe('syn-flood and syn-backlog', () => {
  const synRecv = (n: number) =>
    Array.from({ length: n }, (_, k) => sock(3, '10.0.0.1', 443, '203.0.113.1', 1000 + k, { inode: 0 }));
  const listener = sock(10, '0.0.0.0', 443, '0.0.0.0', 0, { inode: 5 });
  it('cookies sent and few validated: a flood; many validated: not a flood', () => {
    const flood = finding(
      input([listener, ...synRecv(300)], {
        rates: rates(5, {
          'TcpExt.SyncookiesSent': 5000,
          'TcpExt.SyncookiesRecv': 20,
          'TcpExt.ListenDrops': 0,
        }),
        sysctls: { 'net.ipv4.tcp_syncookies': '1' },
      }),
      'syn-flood',
    );
    expect(flood?.severity).toBe('critical'); // 1,000 cookies/s
    expect(flood?.evidence.instances[0]).toEqual({ listener: '0.0.0.0:443', synRecv: 300 });
    const load = input([listener, ...synRecv(300)], {
      rates: rates(5, {
        'TcpExt.SyncookiesSent': 500,
        'TcpExt.SyncookiesRecv': 450,
        'TcpExt.TCPReqQFullDoCookies': 500,
        'TcpExt.ListenDrops': 0,
      }),
      sysctls: { 'net.core.somaxconn': '4096' },
    });
    expect(finding(load, 'syn-flood')).toBeUndefined();
    const backlog = finding(load, 'syn-backlog');
    expect(backlog?.severity).toBe('warning');
    expect(backlog?.summary).toMatch(/overflowed 500 times.*90 % of the cookies came back valid/);
  });
  it('without rates, many SYN_RECV are a skip that says how to tell', () => {
    const d = runRules(input([listener, ...synRecv(200)]), 'en');
    expect(d.skipped.find((s) => s.rule === 'syn-flood')?.reason).toMatch(
      /^200 SYN_RECV now; run live with --interval/,
    );
  });
});

describe('listen-overflow', () => {
  it('a full accept queue over netlink, with somaxconn advice when it caps the backlog', () => {
    const l = sock(10, '0.0.0.0', 80, '0.0.0.0', 0, { rxQueue: 129, backlog: 128, inode: 3 });
    const f = finding(
      input([l], {
        sysctls: { 'net.core.somaxconn': '128' },
        rates: rates(2, { 'TcpExt.ListenOverflows': 40 }),
      }),
      'listen-overflow',
    );
    expect(f?.severity).toBe('critical');
    expect(f?.evidence.instances[0]).toMatchObject({
      listener: '0.0.0.0:80',
      acceptQueue: 129,
      backlog: 128,
    });
    expect(f?.advice[1]).toMatch(/equals net\.core\.somaxconn \(128\)/);
  });
  it('on /proc the backlog is unknown, and the finding says so', () => {
    const l = sock(10, '0.0.0.0', 80, '0.0.0.0', 0, { rxQueue: 5, inode: 3 });
    const f = finding(input([l], { rates: rates(2, { 'TcpExt.ListenOverflows': 3 }) }), 'listen-overflow');
    expect(f?.severity).toBe('warning');
    expect(f?.summary).toMatch(/its backlog is unknown because \/proc does not show it/);
    expect(finding(input([l]), 'listen-overflow')).toBeUndefined(); // queued but no overflow: fine
  });
});

describe('orphans', () => {
  const at = (orphan: number, max: string | undefined, aborts = 0) =>
    finding(
      input([], {
        counters: { snmp: {}, netstat: {}, sockstat: { orphan } },
        sysctls:
          max === undefined ? {} : { 'net.ipv4.tcp_max_orphans': max, 'net.ipv4.tcp_fin_timeout': '60' },
        rates: rates(1, { 'TcpExt.TCPAbortOnMemory': aborts }),
      }),
      'orphans',
    );
  it('warns at 50 % of tcp_max_orphans, critical at 80 % or on memory aborts', () => {
    expect(at(499, '1000')).toBeUndefined();
    expect(at(500, '1000')?.severity).toBe('warning');
    expect(at(800, '1000')?.severity).toBe('critical');
    expect(at(1, '1000', 3)?.severity).toBe('critical');
    expect(at(500, '1000')?.advice[1]).toMatch(/bounds only orphaned FIN_WAIT2.*never shortens TIME_WAIT/);
  });
  it('inside a child namespace the global limit is absent: info from 1,000', () => {
    expect(at(999, undefined)).toBeUndefined();
    expect(at(1000, undefined)?.severity).toBe('info');
  });
});

describe('obsolete-sysctl', () => {
  const file = (key: string, value: string) => ({
    file: '/etc/sysctl.d/99.conf',
    line: 3,
    key,
    value,
    ignoreErrors: false,
    raw: '',
  });
  it('tcp_tw_recycle in a file: warning on ≥ 4.12 (sysctl -p fails), critical as 1 on an older kernel', () => {
    const now = finding(
      input([], { sysctls: {}, sysctlFiles: [file('net.ipv4.tcp_tw_recycle', '1')] }),
      'obsolete-sysctl',
    );
    expect(now?.severity).toBe('warning');
    expect(now?.evidence.instances).toEqual([
      { key: 'net.ipv4.tcp_tw_recycle', value: '1', where: '/etc/sysctl.d/99.conf:3' },
    ]);
    const old = finding(
      input([], { kernel: '3.10.0-1160', sysctls: { 'net.ipv4.tcp_tw_recycle': '1' }, sysctlFiles: [] }),
      'obsolete-sysctl',
    );
    expect(old?.severity).toBe('critical');
    expect(old?.advice[0]).toMatch(/^Set net\.ipv4\.tcp_tw_recycle=0/);
  });
  it('timestamps off while tcp_tw_reuse is relied on; a lowered tcp_max_tw_buckets', () => {
    const f = finding(
      input([], {
        sysctls: {
          'net.ipv4.tcp_timestamps': '0',
          'net.ipv4.tcp_tw_reuse': '1',
          'net.ipv4.tcp_max_tw_buckets': '5000',
        },
      }),
      'obsolete-sysctl',
    );
    expect(f?.severity).toBe('warning');
    expect(f?.evidence.instances.map((i) => (i as { key: string }).key)).toEqual([
      'net.ipv4.tcp_timestamps',
      'net.ipv4.tcp_max_tw_buckets',
    ]);
    expect(
      finding(input([], { sysctls: { 'net.ipv4.tcp_max_tw_buckets': '131072' } }), 'obsolete-sysctl'),
    ).toBeUndefined();
  });
});

describe('the engine', () => {
  it('puts healthy first when nothing is warning or worse, and sorts worst first otherwise', () => {
    const calm = runRules(input([sock(1, '10.0.0.1', 40001, '10.0.0.2', 80)]), 'en');
    expect(calm.findings[0]?.id).toBe('healthy');
    const bad = runRules(input(timeWaits(90), { sysctls: RANGE_100, kernel: '6.1' }), 'en');
    expect(bad.findings[0]?.id).toBe('port-exhaustion');
    expect(bad.findings.some((f) => f.id === 'healthy')).toBe(false);
  });
  it('has the same text keys in English and Chinese, none empty, placeholders alike', () => {
    expect(Object.keys(DIAGNOSE_ZH).sort()).toEqual(Object.keys(DIAGNOSE_EN).sort());
    for (const [k, en] of Object.entries(DIAGNOSE_EN)) {
      const zh = DIAGNOSE_ZH[k as keyof typeof DIAGNOSE_EN];
      expect(zh.trim(), k).not.toBe('');
      const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(vars(zh), k).toEqual(vars(en));
    }
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} of {b}', { a: 1 })).toBe('1 of {b}');
  });
  it('compares kernel versions', () => {
    expect(kernelAtLeast('4.12.0', 4, 12)).toBe(true);
    expect(kernelAtLeast('4.9.337', 4, 12)).toBe(false);
    expect(kernelAtLeast('unknown', 4, 12)).toBeUndefined();
  });
  it('parses nothing from garbage counters without throwing', () => {
    expect(parseCounterPairs('\u0000\u0001garbage')).toEqual({});
  });
});
