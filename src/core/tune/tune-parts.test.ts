import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYSCTL_FACTS } from '../explain/facts.js';
import type { AuditRow } from './audit.js';
import { parseBackup } from './backup.js';
import { orderSteps, planChanges } from './plan.js';
import { DEFAULT_DROPIN_PATH, DROPIN_MARKER, isTcpdoctorDropin, renderDropin } from './render-dropin.js';
import { dottedKey, normaliseSysctlKey, parseSysctlFile, sysctlProcPath } from './sysctl-file.js';
import {
  formatPortList,
  invalidValue,
  parseKernel,
  parsePortList,
  sameValue,
  TUNE_KEYS,
  TUNE_NUMBERS,
} from './sysctl-knowledge.js';
import { TUNE_EN } from './texts.en.js';
import { TUNE_ZH } from './texts.zh.js';

describe('sysctl.d key spelling', () => {
  it('swaps slashes and dots when the first separator is a slash (sysctl.d(5))', () => {
    expect(dottedKey('net/ipv4/tcp_tw_reuse')).toBe('net.ipv4.tcp_tw_reuse');
    expect(dottedKey('net/ipv4/conf/eth0.100/rp_filter')).toBe('net.ipv4.conf.eth0/100.rp_filter');
    expect(dottedKey('/proc/sys/net/core/somaxconn')).toBe('net.core.somaxconn');
    expect(dottedKey('net.ipv4.conf.eth0/100.rp_filter')).toBe('net.ipv4.conf.eth0/100.rp_filter');
    expect(sysctlProcPath('net.ipv4.conf.eth0/100.rp_filter')).toBe(
      '/proc/sys/net/ipv4/conf/eth0.100/rp_filter',
    );
    expect(normaliseSysctlKey('somaxconn')).toBe('net.core.somaxconn');
    expect(normaliseSysctlKey('tcp_tw_reuse')).toBe('net.ipv4.tcp_tw_reuse');
  });

  it('parses "-" prefixes, comments of both kinds, CRLF and slash keys', () => {
    const p = parseSysctlFile(
      'f',
      '# c\r\n; c\r\n-net/ipv4/tcp_tw_reuse = 1\r\nkernel.pid_max=4194304\r\nbroken\r\n',
    );
    expect(p.assignments.map((a) => [a.key, a.value, a.ignoreErrors, a.line])).toEqual([
      ['net.ipv4.tcp_tw_reuse', '1', true, 3],
      ['kernel.pid_max', '4194304', false, 4],
    ]);
    expect(p.issues.map((i) => i.line)).toEqual([5]);
  });
});

describe('values', () => {
  it('compares values as the kernel means them', () => {
    expect(sameValue('net.ipv4.ip_local_port_range', '32768\t60999\n', '32768 60999')).toBe(true);
    expect(sameValue('net.ipv4.ip_local_reserved_ports', '8080,22', '22,8080')).toBe(true);
    expect(sameValue('net.ipv4.ip_local_reserved_ports', '9000-9002', '9000,9001,9002')).toBe(true);
    expect(sameValue('net.ipv4.ip_local_reserved_ports', '', '\n')).toBe(true);
    expect(sameValue('net.core.somaxconn', '04096', '4096')).toBe(true);
    expect(sameValue('net.core.somaxconn', '4096', '4097')).toBe(false);
  });

  it('spells port lists as the kernel does', () => {
    expect(formatPortList([9002, 22, 9000, 9001, 8080, 22])).toBe('22,8080,9000-9002');
    expect(parsePortList('22, 8080,9000-9002')).toEqual([22, 8080, 9000, 9001, 9002]);
    expect(parsePortList('80-70')).toBeUndefined();
    expect(parsePortList('')).toEqual([]);
  });

  it('knows which values the kernel takes', () => {
    const k = parseKernel('6.18.44');
    expect(invalidValue(SYSCTL_FACTS.ip_local_port_range, '50000 40000', k)).toEqual({ code: 'range-order' });
    expect(invalidValue(SYSCTL_FACTS.ip_local_port_range, '1024', k)).toEqual({ code: 'count', count: 2 });
    expect(invalidValue(SYSCTL_FACTS.tcp_syn_retries, '128', k)).toEqual({ code: 'above-max', max: 127 });
    expect(invalidValue(SYSCTL_FACTS.tcp_timestamps, '3', k)).toEqual({
      code: 'not-documented',
      expected: '0, 1, 2',
    });
    expect(invalidValue(SYSCTL_FACTS.tcp_tw_reuse, '2', parseKernel('4.9'))).toEqual({
      code: 'not-documented',
      expected: '0, 1',
    });
    expect(invalidValue(SYSCTL_FACTS.somaxconn, '-1', k)).toEqual({ code: 'below-min', min: 0 });
    expect(invalidValue(SYSCTL_FACTS.tcp_fin_timeout, 'abc', k)).toEqual({ code: 'not-integer' });
    expect(invalidValue(SYSCTL_FACTS.tcp_fin_timeout, '30', k)).toBeUndefined();
  });

  it('reads kernel releases as distributions spell them', () => {
    expect(parseKernel('3.10.0-1160.el7.x86_64')).toEqual([3, 10]);
    expect(parseKernel('6.x')).toEqual([6, 0]);
    expect(parseKernel('unknown')).toBeUndefined();
  });
});

describe('the plan', () => {
  const row = (
    name: string,
    current: string,
    recommended: string,
    verdict: AuditRow['verdict'],
  ): AuditRow => ({
    key: name.split('.').pop() as AuditRow['key'],
    name,
    scope: 'netns',
    current,
    default: null,
    recommended,
    verdict,
    reasons: [],
    findings: [],
  });

  it('reserves listener ports before it widens the range over them', () => {
    const steps = planChanges([
      row('net.ipv4.tcp_tw_reuse', '0', '1', 'change'),
      row('net.ipv4.ip_local_port_range', '32768 60999', '1024 65535', 'change'),
      row('net.ipv4.ip_local_reserved_ports', '', '8080', 'change'),
      row('net.ipv4.tcp_timestamps', '1', '1', 'ok'),
    ]);
    expect(steps.map((s) => s.name)).toEqual([
      'net.ipv4.tcp_tw_reuse',
      'net.ipv4.ip_local_reserved_ports',
      'net.ipv4.ip_local_port_range',
    ]);
    expect(orderSteps([{ name: 'a' }, { name: 'b' }])).toEqual([{ name: 'a' }, { name: 'b' }]);
  });

  it('--only narrows, --set adds or replaces, and nothing that would not change is kept', () => {
    const rows = [
      row('net.core.somaxconn', '1024', '4096', 'change'),
      row('net.ipv4.tcp_timestamps', '0', '1', 'harmful'),
    ];
    expect(planChanges(rows, { only: ['net.ipv4.tcp_timestamps'] }).map((s) => s.name)).toEqual([
      'net.ipv4.tcp_timestamps',
    ]);
    const steps = planChanges(rows, {
      set: [
        { name: 'net.core.somaxconn', key: 'somaxconn', from: '1024', to: '8192', reasons: [] },
        {
          name: 'net.ipv4.tcp_keepalive_time',
          key: 'tcp_keepalive_time',
          from: '7200',
          to: '600',
          reasons: [],
        },
        { name: 'net.ipv4.tcp_fin_timeout', key: 'tcp_fin_timeout', from: '60', to: '60', reasons: [] },
      ],
    });
    expect(steps.map((s) => [s.name, s.to, s.verdict])).toEqual([
      ['net.core.somaxconn', '8192', 'change'],
      ['net.ipv4.tcp_timestamps', '1', 'harmful'],
      ['net.ipv4.tcp_keepalive_time', '600', 'set'],
    ]);
  });
});

describe('the drop-in', () => {
  const meta = {
    host: 'web-1',
    kernel: '6.18.44',
    ns: { label: 'host', inode: 4026531840, initial: true, self: true },
    time: '2026-11-25T20:00:00.000Z',
    path: '/etc/sysctl.d/90-tcpdoctor.conf',
  };

  it('is a commented sysctl.d file whose first line marks it as tcpdoctor’s', () => {
    const text = renderDropin(
      [
        {
          name: 'net.ipv4.tcp_timestamps',
          value: '1',
          current: '0',
          verdict: 'harmful',
          reasons: [{ code: 'timestamps.off' }],
        },
        {
          name: 'net.ipv4.ip_local_reserved_ports',
          value: '',
          current: '',
          verdict: 'applied',
          reasons: [],
          appliedAt: 'T',
        },
      ],
      meta,
      TUNE_EN,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe(DROPIN_MARKER);
    expect(isTcpdoctorDropin(text)).toBe(true);
    expect(isTcpdoctorDropin(`# my own file\n${text}`)).toBe(false);
    expect(text).toMatch(/^# 0 → 1 \(harmful\): Off: tcp_tw_reuse, PAWS/m);
    expect(text).toMatch(/^net\.ipv4\.tcp_timestamps = 1$/m);
    expect(text).toMatch(/^net\.ipv4\.ip_local_reserved_ports = $/m);
    // sysctl.d has no end-of-line comments: every line is a comment, blank, or key = value
    for (const l of lines)
      expect(l === '' || l.startsWith('#') || /^[a-z0-9_.]+ = [^#]*$/.test(l), l).toBe(true);
    const parsed = parseSysctlFile('x', text);
    expect(parsed.issues).toEqual([]);
    expect(parsed.assignments.map((a) => [a.key, a.value])).toEqual([
      ['net.ipv4.tcp_timestamps', '1'],
      ['net.ipv4.ip_local_reserved_ports', ''],
    ]);
    expect(renderDropin([], meta, TUNE_ZH).split('\n')[0]).toBe(DROPIN_MARKER);
  });
});

describe('backups', () => {
  it('parses what apply writes and refuses anything else', () => {
    const doc = {
      schema: 1,
      kind: 'tcpdoctor-sysctl-backup',
      time: 'T',
      host: 'h',
      kernel: 'k',
      bootId: 'b',
      netns: { inode: 42, label: 'x', initial: false },
      previous: { 'net.core.somaxconn': '1024' },
      applied: { 'net.core.somaxconn': '4096' },
    };
    expect(parseBackup(JSON.stringify(doc))).toEqual({ backup: doc });
    expect(parseBackup('{')).toEqual({ error: 'not JSON' });
    expect(parseBackup(JSON.stringify({ ...doc, kind: 'x' }))).toHaveProperty('error');
    expect(parseBackup(JSON.stringify({ ...doc, schema: 2 }))).toHaveProperty('error');
    expect(parseBackup(JSON.stringify({ ...doc, netns: {} }))).toHaveProperty('error');
    expect(parseBackup(JSON.stringify({ ...doc, previous: { a: 1 } }))).toHaveProperty('error');
  });
});

describe('texts', () => {
  it('have the same keys and placeholders in English and Chinese, and Chinese really is Chinese', () => {
    const en = leaves(TUNE_EN);
    const zh = new Map(leaves(TUNE_ZH));
    expect([...zh.keys()].sort()).toEqual(en.map(([k]) => k).sort());
    for (const [path, e] of en) {
      const z = zh.get(path) as string;
      expect(placeholders(z), path).toEqual(placeholders(e));
      if (!path.startsWith('verdicts.') || path === 'verdicts.not-applicable') {
        if (!['audit.columns.name', 'apply.invalidSet'].includes(path))
          expect(z, path).toMatch(/\p{Script=Han}/u);
      }
      expect(e, path).not.toMatch(/\n/);
    }
  });

  it('never recommend tcp_tw_recycle, nor tcp_fin_timeout against TIME_WAIT', () => {
    for (const texts of [TUNE_EN, TUNE_ZH]) {
      for (const [path, s] of leaves(texts)) {
        expect(s, path).not.toMatch(/tcp_tw_recycle\s*=\s*1/);
        expect(s, path).not.toMatch(/tcp_fin_timeout\s*=/);
      }
    }
  });
});

describe('docs/tune.md', () => {
  const doc = readFileSync(new URL('../../../docs/tune.md', import.meta.url), 'utf8');

  it('covers every audited key, the numbers the verdicts use, and every --check id', () => {
    for (const key of TUNE_KEYS) expect(doc, key).toContain(key);
    expect(doc).toContain(String(TUNE_NUMBERS.somaxconnFloor));
    expect(doc).toContain(TUNE_NUMBERS.widePortRange.join(' '));
    expect(doc).toContain(DEFAULT_DROPIN_PATH);
    expect(doc).toContain('/var/lib/tcpdoctor/backups/');
    expect(doc).toContain('$TCPDOCTOR_BACKUP_DIR');
    const ids = [
      'harmful-value',
      'removed-key',
      'key-not-yet',
      'unknown-key',
      'invalid-value',
      'undocumented-value',
      'change-value',
      'syntax',
      'unreadable',
      'classic-block',
      'note',
      'overridden',
      'duplicate',
      'absent-key',
    ];
    for (const id of ids) expect(doc, id).toContain(`\`${id}\``);
  });
});

function leaves(v: unknown, path = ''): Array<[string, string]> {
  if (typeof v === 'string') return [[path, v]];
  if (v && typeof v === 'object')
    return Object.entries(v).flatMap(([k, x]) => leaves(x, path ? `${path}.${k}` : k));
  return [];
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}
