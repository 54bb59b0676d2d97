import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../diagnose/finding.js';
import { SYSCTL_FACTS, SYSCTL_KEYS } from '../explain/facts.js';
import { type AuditInput, type AuditRow, auditSysctls, judgeStandalone } from './audit.js';
import { parseKernel, TUNE_KEYS } from './sysctl-knowledge.js';
import { TUNE_EN } from './texts.en.js';

/** The kernels issue 8 names, as distributions ship them. */
const K = {
  '3.10': '3.10.0-1160.el7.x86_64',
  '4.9': '4.9.0-19-amd64',
  '4.19': '4.19.0-26-amd64',
  '5.4': '5.4.0-150-generic',
  '6.1': '6.1.0-18-amd64',
  '6.18': '6.18.44-fc',
} as const;
type Kernel = keyof typeof K;
const ALL = Object.keys(K) as Kernel[];

/** What a fresh namespace shows on each kernel, as far as the knowledge base knows it. */
function freshValues(kernel: Kernel): Record<string, string> {
  const v: Record<string, string> = {
    'net.ipv4.tcp_tw_reuse': ['3.10', '4.9'].includes(kernel) ? '0' : '2',
    'net.ipv4.tcp_fin_timeout': '60',
    'net.ipv4.tcp_max_tw_buckets': '131072',
    'net.ipv4.tcp_syncookies': '1',
    'net.ipv4.tcp_max_syn_backlog': '2048',
    'net.core.somaxconn': ['5.4', '6.1', '6.18'].includes(kernel) ? '4096' : '128',
    'net.ipv4.ip_local_port_range': kernel === '3.10' ? '32768\t61000' : '32768\t60999',
    'net.ipv4.ip_local_reserved_ports': '',
    'net.ipv4.tcp_timestamps': '1',
    'net.ipv4.tcp_orphan_retries': '0',
    'net.ipv4.tcp_synack_retries': '5',
    'net.ipv4.tcp_syn_retries': '6',
    'net.ipv4.tcp_keepalive_time': '7200',
    'net.ipv4.tcp_keepalive_intvl': '75',
    'net.ipv4.tcp_keepalive_probes': '9',
    'net.ipv4.tcp_rfc1337': '0',
    'net.ipv4.tcp_abort_on_overflow': '0',
    'net.ipv4.ip_unprivileged_port_start': '1024',
  };
  if (['3.10', '4.9'].includes(kernel)) v['net.ipv4.tcp_tw_recycle'] = '0';
  if (kernel === '6.18') {
    v['net.ipv4.tcp_tw_reuse_delay'] = '1000';
    v['net.ipv4.tcp_syn_linear_timeouts'] = '4';
  }
  if (kernel === '6.1' || kernel === '6.18') {
    v['net.ipv4.tcp_ehash_entries'] = '-262144';
    v['net.ipv4.tcp_child_ehash_entries'] = '0';
  }
  return v;
}

function audit(
  kernel: Kernel,
  over: Record<string, string | undefined> = {},
  extra: Partial<AuditInput> = {},
) {
  const values = { ...freshValues(kernel) };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete values[k];
    else values[k] = v;
  }
  const rows = auditSysctls({ kernel: K[kernel], values, initialNamespace: false, findings: [], ...extra });
  return (short: string): AuditRow => {
    const row = rows.find((r) => r.key === short);
    if (!row) throw new Error(`no row ${short}`);
    return row;
  };
}

const codes = (row: AuditRow) => row.reasons.map((r) => r.code);

describe('kernel-version verdicts (3.10, 4.9, 4.19, 5.4, 6.x)', () => {
  it('a fresh namespace: nothing harmful on any kernel', () => {
    for (const k of ALL) {
      const rows = auditSysctls({
        kernel: K[k],
        values: freshValues(k),
        initialNamespace: false,
        findings: [],
      });
      expect(
        rows.filter((r) => r.verdict === 'harmful'),
        k,
      ).toEqual([]);
      expect(rows.map((r) => r.key)).toEqual([...TUNE_KEYS]);
    }
  });

  it('tcp_tw_recycle: harmful at 1 while it exists (< 4.12), not applicable once removed', () => {
    for (const k of ['3.10', '4.9'] as const) {
      const row = audit(k, { 'net.ipv4.tcp_tw_recycle': '1' })('tcp_tw_recycle');
      expect(row).toMatchObject({ verdict: 'harmful', current: '1', recommended: '0' });
      expect(codes(row)).toEqual(['tw_recycle.harmful']);
      expect(audit(k)('tcp_tw_recycle')).toMatchObject({ verdict: 'ok', recommended: '0' });
    }
    // 4.10 and 4.11: random timestamp offsets break it even without NAT
    const r411 = auditSysctls({
      kernel: '4.11.12',
      values: { 'net.ipv4.tcp_tw_recycle': '1' },
      findings: [],
    }).find((r) => r.key === 'tcp_tw_recycle');
    expect(r411 && codes(r411)).toEqual(['tw_recycle.harmful', 'tw_recycle.harmful410']);
    for (const k of ['4.19', '5.4', '6.1', '6.18'] as const) {
      const row = audit(k)('tcp_tw_recycle');
      expect(row).toMatchObject({ verdict: 'not-applicable', current: null, recommended: null });
      expect(row.reasons).toEqual([{ code: 'na.removed', vars: { kernel: '4.12' } }]);
    }
  });

  it('tcp_tw_reuse: default 0 before the loopback mode, 2 after; 2 acts as 1 on old kernels', () => {
    expect(audit('3.10')('tcp_tw_reuse')).toMatchObject({ default: '0', verdict: 'ok' });
    expect(audit('4.9')('tcp_tw_reuse')).toMatchObject({ default: '0', verdict: 'ok' });
    for (const k of ['4.19', '5.4', '6.1', '6.18'] as const) {
      const row = audit(k)('tcp_tw_reuse');
      expect(row).toMatchObject({ default: '2', verdict: 'ok', recommended: '2' });
      expect(codes(row)).toEqual(['tw_reuse.loopback']);
    }
    for (const k of ['3.10', '4.9'] as const) {
      const row = audit(k, { 'net.ipv4.tcp_tw_reuse': '2' })('tcp_tw_reuse');
      expect(row).toMatchObject({ verdict: 'change', recommended: '1' });
      expect(codes(row)).toEqual(['tw_reuse.old2']);
    }
  });

  it('somaxconn: 128 was the default before 5.4 and is raised everywhere; 1024 lowers it since 5.4', () => {
    for (const k of ['3.10', '4.9', '4.19'] as const) {
      const row = audit(k)('somaxconn');
      expect(row).toMatchObject({ default: '128', current: '128', verdict: 'change', recommended: '4096' });
      expect(codes(row)).toEqual(['somaxconn.old128']);
    }
    for (const k of ['5.4', '6.1', '6.18'] as const) {
      expect(audit(k)('somaxconn')).toMatchObject({ default: '4096', verdict: 'ok' });
      const lowered = audit(k, { 'net.core.somaxconn': '1024' })('somaxconn');
      expect(lowered).toMatchObject({ verdict: 'change', recommended: '4096' });
      expect(codes(lowered)).toEqual(['somaxconn.belowDefault']);
    }
  });

  it('somaxconn above 65535 is harmful only before the 32-bit backlog (≈4.1)', () => {
    const old = audit('3.10', { 'net.core.somaxconn': '65536' })('somaxconn');
    expect(old).toMatchObject({ verdict: 'harmful', recommended: '65535' });
    expect(codes(old)).toEqual(['somaxconn.too16bit']);
    for (const k of ['4.9', '4.19', '5.4', '6.1', '6.18'] as const) {
      expect(audit(k, { 'net.core.somaxconn': '65536' })('somaxconn').verdict).toBe('ok');
    }
  });

  it('ip_local_port_range: the default per kernel is ok, narrower than it is a change', () => {
    expect(audit('3.10')('ip_local_port_range')).toMatchObject({
      default: '32768 61000',
      current: '32768 61000',
      verdict: 'ok',
    });
    for (const k of ['4.9', '4.19', '5.4', '6.1', '6.18'] as const) {
      expect(audit(k)('ip_local_port_range')).toMatchObject({ default: '32768 60999', verdict: 'ok' });
    }
    for (const k of ALL) {
      const row = audit(k, { 'net.ipv4.ip_local_port_range': '40000 50000' })('ip_local_port_range');
      expect(row).toMatchObject({
        verdict: 'change',
        recommended: k === '3.10' ? '32768 61000' : '32768 60999',
      });
      expect(row.reasons[0]).toEqual({
        code: 'port_range.narrow',
        vars: { size: '10,001', defaultSize: k === '3.10' ? '28,233' : '28,232' },
      });
    }
  });

  it('keys that arrived later are not applicable on older kernels', () => {
    for (const k of ['3.10', '4.9', '4.19', '5.4', '6.1'] as const) {
      expect(audit(k)('tcp_tw_reuse_delay').reasons).toEqual([
        { code: 'na.notYet', vars: { kernel: '≈6.14' } },
      ]);
    }
    expect(audit('6.18')('tcp_tw_reuse_delay')).toMatchObject({ verdict: 'ok', current: '1000' });
    for (const k of ['3.10', '4.9', '4.19', '5.4', '6.1'] as const) {
      expect(audit(k)('tcp_syn_linear_timeouts').reasons).toEqual([
        { code: 'na.notYet', vars: { kernel: '≈6.5' } },
      ]);
    }
    expect(audit('6.18')('tcp_syn_linear_timeouts').verdict).toBe('ok');
  });

  it('global knobs are not applicable inside a child namespace, judged in the initial one', () => {
    for (const k of ALL) {
      for (const key of ['tcp_max_orphans', 'tcp_mem', 'netdev_max_backlog']) {
        expect(audit(k)(key)).toMatchObject({ verdict: 'not-applicable', reasons: [{ code: 'na.global' }] });
      }
      const host = audit(k, {}, { initialNamespace: true });
      expect(host('netdev_max_backlog').reasons).toEqual([{ code: 'na.absent' }]);
    }
    const host = audit(
      '6.18',
      { 'net.core.netdev_max_backlog': '1000', 'net.ipv4.tcp_max_orphans': '131072' },
      { initialNamespace: true },
    );
    expect(host('netdev_max_backlog')).toMatchObject({ verdict: 'ok', reasons: [{ code: 'ok.default' }] });
    expect(host('tcp_max_orphans')).toMatchObject({ verdict: 'ok', default: '131072' });
    const lowered = audit('6.18', { 'net.core.netdev_max_backlog': '300' }, { initialNamespace: true });
    expect(lowered('netdev_max_backlog')).toMatchObject({ verdict: 'change', recommended: '1000' });
  });

  it('the same harmful values on every kernel: timestamps off, syncookies off, no TIME_WAIT table', () => {
    for (const k of ALL) {
      const a = audit(k, {
        'net.ipv4.tcp_timestamps': '0',
        'net.ipv4.tcp_syncookies': '0',
        'net.ipv4.tcp_max_tw_buckets': '0',
      });
      expect(a('tcp_timestamps')).toMatchObject({ verdict: 'harmful', recommended: '1' });
      expect(a('tcp_syncookies')).toMatchObject({ verdict: 'harmful', recommended: '1' });
      expect(a('tcp_max_tw_buckets')).toMatchObject({ verdict: 'harmful' });
      // tw_reuse on with timestamps off does nothing
      expect(
        codes(audit(k, { 'net.ipv4.tcp_timestamps': '0', 'net.ipv4.tcp_tw_reuse': '1' })('tcp_tw_reuse')),
      ).toContain('tw_reuse.noTimestamps');
    }
  });

  it('tcp_max_tw_buckets: lowered below ehash/2 is a change; the default comes from tcp_ehash_entries on 6.x', () => {
    const a = audit('6.18', { 'net.ipv4.tcp_max_tw_buckets': '5000' });
    expect(a('tcp_max_tw_buckets')).toMatchObject({
      default: '131072',
      verdict: 'change',
      recommended: '131072',
    });
    // before 6.1 the hash size is not visible in a child namespace: the diagnose threshold stands in
    const old = audit('4.19', { 'net.ipv4.tcp_max_tw_buckets': '5000' });
    expect(old('tcp_max_tw_buckets')).toMatchObject({
      default: null,
      verdict: 'change',
      recommended: '32768',
      reasons: [{ code: 'tw_buckets.belowFloor', vars: { floor: '32768' } }],
    });
    expect(a('tcp_max_tw_buckets').reasons).toEqual([
      { code: 'tw_buckets.lowered', vars: { default: '131072' } },
    ]);
  });

  it('tcp_fin_timeout is ok at any sane value and always says it does not shorten TIME_WAIT', () => {
    for (const k of ALL) {
      for (const v of ['60', '30', '15']) {
        const row = audit(k, { 'net.ipv4.tcp_fin_timeout': v })('tcp_fin_timeout');
        expect(row.verdict).toBe('ok');
        expect(codes(row)).toContain('fin_timeout.note');
      }
    }
  });
});

describe('workload-driven recommendations', () => {
  const portExhaustion = (tuple: string, ratio: number): Finding => ({
    id: 'port-exhaustion',
    severity: 'critical',
    title: '',
    summary: '',
    evidence: {
      rangeLow: 32768,
      rangeHigh: 60999,
      instances: [{ tuple, inUse: 27012, rangeSize: 28232, ratio }],
    },
    advice: [],
    references: [],
  });

  it('port exhaustion: tw_reuse=1, a wider range, and the listeners inside it reserved', () => {
    const a = audit(
      '6.18',
      { 'net.ipv4.ip_local_reserved_ports': '8080' },
      {
        findings: [portExhaustion('10.0.0.5 → 10.0.3.7:6379', 0.9568)],
        listenerPorts: [22, 8080, 9100, 40000, 2000, 9100],
      },
    );
    expect(a('tcp_tw_reuse')).toMatchObject({
      verdict: 'change',
      recommended: '1',
      findings: ['port-exhaustion'],
    });
    expect(a('tcp_tw_reuse').reasons[0]).toEqual({
      code: 'tw_reuse.portExhaustion',
      vars: { dest: '10.0.3.7:6379', pct: '96 %' },
    });
    expect(a('ip_local_port_range')).toMatchObject({ verdict: 'change', recommended: '1024 65535' });
    // 22 is below the new range; 8080 is already reserved; 9100 listed twice
    expect(a('ip_local_reserved_ports')).toMatchObject({
      verdict: 'change',
      recommended: '2000,8080,9100,40000',
      reasons: [{ code: 'reserved.listeners', vars: { ports: '2000,9100,40000' } }],
      findings: ['port-exhaustion'],
    });
  });

  it('port exhaustion toward loopback is covered by the default tw_reuse=2', () => {
    const a = audit(
      '6.18',
      {},
      { findings: [portExhaustion('127.0.0.1 → 127.0.0.7:8080', 0.6)], listenerPorts: [] },
    );
    expect(a('tcp_tw_reuse')).toMatchObject({
      verdict: 'ok',
      reasons: [{ code: 'tw_reuse.loopbackCovers' }],
    });
  });

  it('a range already widened: no change, and the unreserved listeners below 32768 are flagged', () => {
    const a = audit(
      '6.18',
      { 'net.ipv4.ip_local_port_range': '1024 65535' },
      { listenerPorts: [22, 3306, 40000] },
    );
    expect(a('ip_local_port_range').verdict).toBe('ok');
    expect(a('ip_local_reserved_ports')).toMatchObject({ verdict: 'change', recommended: '3306' });
    expect(codes(a('ip_local_reserved_ports'))).toEqual(['reserved.unprotected']);
  });

  it('the widened range starts above ip_unprivileged_port_start, even', () => {
    const a = audit(
      '6.18',
      { 'net.ipv4.ip_unprivileged_port_start': '2049' },
      { findings: [portExhaustion('10.0.0.5 → 10.0.3.7:6379', 0.9)], listenerPorts: [] },
    );
    expect(a('ip_local_port_range').recommended).toBe('2050 65535');
  });

  it('listen overflow capped by somaxconn raises it; an application backlog below it does not', () => {
    const overflow = (backlog: number | null): Finding => ({
      id: 'listen-overflow',
      severity: 'critical',
      title: '',
      summary: '',
      evidence: { somaxconn: 4096, instances: [{ listener: '0.0.0.0:80', acceptQueue: 4097, backlog }] },
      advice: [],
      references: [],
    });
    const capped = audit('6.18', {}, { findings: [overflow(4096)] })('somaxconn');
    expect(capped).toMatchObject({ verdict: 'change', recommended: '8192', findings: ['listen-overflow'] });
    const app = audit('6.18', {}, { findings: [overflow(511)] })('somaxconn');
    expect(app).toMatchObject({ verdict: 'ok' });
    expect(codes(app)).toEqual(['ok.default', 'somaxconn.appBacklog']);
    const onOld = audit(
      '3.10',
      { 'net.core.somaxconn': '65535' },
      { findings: [overflow(65535)] },
    )('somaxconn');
    expect(onOld.recommended).toBe('65535');
    const abort = audit('6.18', { 'net.ipv4.tcp_abort_on_overflow': '1' }, { findings: [overflow(4096)] });
    expect(abort('tcp_abort_on_overflow')).toMatchObject({ verdict: 'harmful', recommended: '0' });
    expect(audit('6.18', { 'net.ipv4.tcp_abort_on_overflow': '1' })('tcp_abort_on_overflow').verdict).toBe(
      'change',
    );
  });

  it('a SYN flood: syncookies stay on, synack retries go down to 3', () => {
    const flood: Finding = {
      id: 'syn-flood',
      severity: 'critical',
      title: '',
      summary: '',
      evidence: { instances: [] },
      advice: [],
      references: [],
    };
    const a = audit('5.4', {}, { findings: [flood] });
    expect(a('tcp_synack_retries')).toMatchObject({
      verdict: 'change',
      recommended: '3',
      findings: ['syn-flood'],
    });
    expect(codes(a('tcp_syncookies'))).toEqual(['ok.default', 'syncookies.flood']);
    expect(a('tcp_max_syn_backlog').verdict).toBe('ok');
  });

  it('orphans: retries and fin_timeout follow which kind of orphan dominates', () => {
    const orphans = (fw1: number, fw2: number): Finding => ({
      id: 'orphans',
      severity: 'warning',
      title: '',
      summary: '',
      evidence: {
        orphans: fw1 + fw2,
        ratio: 0.6,
        abortOnMemory: 0,
        FIN_WAIT1: fw1,
        FIN_WAIT2: fw2,
        LAST_ACK: 0,
        CLOSING: 0,
        instances: [],
      },
      advice: [],
      references: [],
    });
    const a = audit('6.18', {}, { findings: [orphans(5000, 10)], initialNamespace: true });
    expect(a('tcp_orphan_retries')).toMatchObject({ verdict: 'change', recommended: '3' });
    expect(a('tcp_fin_timeout').verdict).toBe('ok');
    const b = audit('6.18', {}, { findings: [orphans(0, 5000)] });
    expect(b('tcp_fin_timeout')).toMatchObject({ verdict: 'change', recommended: '30' });
    expect(b('tcp_orphan_retries').verdict).toBe('ok');
    const host = audit(
      '6.18',
      { 'net.ipv4.tcp_max_orphans': '131072' },
      { findings: [orphans(5000, 0)], initialNamespace: true },
    );
    expect(host('tcp_max_orphans')).toMatchObject({ verdict: 'change', recommended: '262144' });
  });

  it('TIME_WAIT overflow with a lowered table is harmful', () => {
    const f: Finding = {
      id: 'tw-bucket-overflow',
      severity: 'critical',
      title: '',
      summary: '',
      evidence: {
        sockstatTw: 5000,
        tcpMaxTwBuckets: 5000,
        ratio: 1,
        timeWaitOverflowIncrease: 320,
        instances: [],
      },
      advice: [],
      references: [],
    };
    const a = audit('6.18', { 'net.ipv4.tcp_max_tw_buckets': '5000' }, { findings: [f] });
    expect(a('tcp_max_tw_buckets')).toMatchObject({ verdict: 'harmful', recommended: '131072' });
    const b = audit('6.18', {}, { findings: [f] });
    expect(b('tcp_max_tw_buckets')).toMatchObject({ verdict: 'change', recommended: '262144' });
  });
});

describe('the audit never recommends tcp_tw_recycle, nor any harmful value', () => {
  it('whatever the kernel, the values and the findings', () => {
    const ids = [
      'port-exhaustion',
      'listen-overflow',
      'syn-flood',
      'orphans',
      'tw-bucket-overflow',
      'syn-backlog',
    ];
    const value = fc.oneof(
      fc.constantFrom('0', '1', '2', '-1', '65536', '128', 'x', ''),
      fc.integer({ min: -5, max: 300000 }).map(String),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(K), '4.11.0', 'unknown'),
        fc.dictionary(fc.constantFrom(...SYSCTL_KEYS.map((k) => SYSCTL_FACTS[k].name)), value),
        fc.subarray(ids),
        (kernel, values, findingIds) => {
          const findings = findingIds.map(
            (id): Finding => ({
              id,
              severity: 'critical',
              title: '',
              summary: '',
              evidence: { instances: [] },
              advice: [],
              references: [],
            }),
          );
          for (const row of auditSysctls({ kernel, values, findings, listenerPorts: [80] })) {
            const fact = SYSCTL_FACTS[row.key];
            if (row.key === 'tcp_tw_recycle')
              expect(row.recommended === null || row.recommended === '0').toBe(true);
            if (row.recommended !== null) expect(fact.harmful).not.toContain(row.recommended);
            if (row.current !== null && fact.harmful.includes(row.current))
              expect(row.verdict).toBe('harmful');
            if (row.verdict === 'ok') expect(row.recommended).toBe(row.current);
            if (row.verdict === 'not-applicable') expect(row.recommended).toBeNull();
            if (row.verdict === 'change' || row.verdict === 'harmful')
              expect(row.recommended).not.toBe(row.current);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('judges a value on its own for tune --check', () => {
    expect(judgeStandalone(SYSCTL_FACTS.tcp_tw_recycle, '1', parseKernel('6.18'))).toMatchObject({
      verdict: 'harmful',
      recommended: '0',
    });
    expect(judgeStandalone(SYSCTL_FACTS.somaxconn, '1024', parseKernel('6.18')).verdict).toBe('change');
  });

  it('every reason code has a text', () => {
    for (const k of ALL) {
      for (const row of auditSysctls({ kernel: K[k], values: freshValues(k), findings: [] })) {
        for (const r of row.reasons) expect(TUNE_EN.reasons[r.code]).toBeTypeOf('string');
      }
    }
  });
});
