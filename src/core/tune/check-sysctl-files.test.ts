import { describe, expect, it } from 'vitest';
import { type CheckIssue, type CheckResult, checkSysctlFiles, type KeyProbe } from './check-sysctl-files.js';
import { correctedClassicBlock } from './classic-block.js';
import { messageText } from './render-tune.js';
import { parseSysctlFile, type SysctlAssignment, type SysctlFileIssue } from './sysctl-file.js';
import { TUNE_EN } from './texts.en.js';
import { TUNE_ZH } from './texts.zh.js';

/** The lines as a 2008-era blog post gives them, in a config repository's sysctl.d. */
const CLASSIC = `# Fix TIME_WAIT (from https://example.com/2008/linux-tcp-tuning)
net.ipv4.tcp_syncookies = 1
net.ipv4.tcp_tw_reuse = 1
net.ipv4.tcp_tw_recycle = 1
net.ipv4.tcp_fin_timeout = 30
`;

/** A typical "high performance web server" file: some sound, some folklore, some typos. */
const WEB = `; web tier tuning
net.core.somaxconn=1024
net.core.netdev_max_backlog = 65536
net.ipv4.tcp_max_syn_backlog = 65536
net.ipv4.ip_local_port_range = 1024    65535
net.ipv4.tcp_max_tw_buckets = 5000
net/ipv4/tcp_timestamps = 0
-net.ipv4.tcp_tw_reuse_delay = 0
net.ipv4.tcp_keepalive_time = 600
vm.swappiness = 10
net.ipv4.tcp_tw_resue = 1
this line is broken
`;

const probe: KeyProbe = (key) => {
  const known = ['vm.swappiness', 'net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_rmem'];
  if (known.includes(key)) return { exists: 'yes', siblings: [] };
  if (key.startsWith('net.ipv4.'))
    return { exists: 'no', siblings: ['tcp_tw_reuse', 'tcp_rmem', 'tcp_fin_timeout'] };
  return { exists: 'no-parent', siblings: [] };
};

function check(files: Record<string, string>, kernel = '6.18.44', withProbe = true): CheckResult {
  const assignments: SysctlAssignment[] = [];
  const syntax: SysctlFileIssue[] = [];
  for (const [file, text] of Object.entries(files)) {
    const p = parseSysctlFile(file, text);
    assignments.push(...p.assignments);
    syntax.push(...p.issues);
  }
  return checkSysctlFiles({
    files: Object.keys(files),
    assignments,
    syntax,
    unreadable: [],
    kernel,
    ...(withProbe ? { probe } : {}),
  });
}

const at = (r: CheckResult, file: string, line: number): CheckIssue[] =>
  r.issues.filter((i) => i.file === file && i.line === line);
const text = (i: CheckIssue | undefined, texts = TUNE_EN) =>
  i ? i.messages.map((m) => messageText(m, texts)).join(' ') : '';

describe('the classic four lines', () => {
  it('flags tcp_tw_recycle as removed and harmful, tcp_fin_timeout as not affecting TIME_WAIT, on a current kernel', () => {
    const r = check({ 'sysctl.d/10-timewait.conf': CLASSIC });
    const [recycle] = at(r, 'sysctl.d/10-timewait.conf', 4);
    expect(recycle).toMatchObject({
      severity: 'harmful',
      key: 'net.ipv4.tcp_tw_recycle',
      ids: ['removed-key', 'harmful-value'],
    });
    expect(recycle?.recommended).toBeUndefined(); // delete the line, do not "set 0"
    expect(text(recycle)).toMatch(
      /^Removed in Linux 4\.12: on Linux 6\.18\.44 `sysctl -p` fails on this line \("cannot stat \/proc\/sys\/net\/ipv4\/tcp_tw_recycle"\)/,
    );
    expect(text(recycle)).toMatch(/NAT/);
    const [fin] = at(r, 'sysctl.d/10-timewait.conf', 5);
    expect(fin).toMatchObject({ severity: 'note', ids: ['note'] });
    expect(text(fin)).toBe(
      'It does not shorten TIME_WAIT (a fixed 60 s); it only bounds orphaned FIN_WAIT2.',
    );
    expect(at(r, 'sysctl.d/10-timewait.conf', 2).filter((i) => !i.ids.includes('classic-block'))).toEqual([]);
    expect(at(r, 'sysctl.d/10-timewait.conf', 3)).toEqual([]);
    expect(r.counts).toEqual({ harmful: 1, warning: 1, note: 1 });
  });

  it('recognises the block by name, whatever the order, spelling and values, and prints the corrected version', () => {
    const shuffled = `net/ipv4/tcp_fin_timeout=15\n-net.ipv4.tcp_tw_recycle = 0\n\nnet.ipv4.tcp_tw_reuse=1\n`;
    const r = check({ 'a.conf': shuffled });
    expect(r.blocks).toEqual([
      {
        file: 'a.conf',
        lines: [1, 2, 4],
        keys: ['net.ipv4.tcp_tw_reuse', 'net.ipv4.tcp_tw_recycle', 'net.ipv4.tcp_fin_timeout'],
      },
    ]);
    expect(correctedClassicBlock(r.blocks[0] as never, TUNE_EN)).toEqual([
      '# the classic TIME_WAIT block, corrected by tcpdoctor',
      "# clients and proxies only: lets connect() reuse TIME_WAIT; needs tcp_timestamps=1; does nothing for a server's inbound connections",
      'net.ipv4.tcp_tw_reuse = 1',
      '# net.ipv4.tcp_tw_recycle: deleted: removed in Linux 4.12; it broke clients behind NAT',
      '# net.ipv4.tcp_fin_timeout: deleted: TIME_WAIT is a fixed 60 s; this only bounds orphaned FIN_WAIT2',
      "# Out of local ports toward one destination? Reuse connections first (pools, keep-alive); then widen the range and reserve your services' ports:",
      '# net.ipv4.ip_local_port_range = 1024 65535',
      '# net.ipv4.ip_local_reserved_ports = <the ports your services listen on>',
    ]);
    // "-" makes sysctl ignore the missing key: a note, not a failure
    expect(at(r, 'a.conf', 2)[0]).toMatchObject({ severity: 'note', ids: ['removed-key'] });
    const full = check({ 'b.conf': CLASSIC });
    const corrected = correctedClassicBlock(full.blocks[0] as never, TUNE_EN).join('\n');
    expect(corrected).toMatch(/^net\.ipv4\.tcp_syncookies = 1$/m);
    expect(corrected).not.toMatch(/^net\.ipv4\.tcp_tw_recycle/m);
    expect(corrected).not.toMatch(/^net\.ipv4\.tcp_fin_timeout/m);
    // the corrected block is itself a valid sysctl.d fragment with no finding
    const again = check({ 'c.conf': correctedClassicBlock(full.blocks[0] as never, TUNE_EN).join('\n') });
    expect(again.issues).toEqual([]);
  });

  it('two of the four lines are not the block', () => {
    expect(check({ 'a.conf': 'net.ipv4.tcp_syncookies=1\nnet.ipv4.tcp_tw_reuse=1\n' }).blocks).toEqual([]);
  });

  it('on a kernel that still has tcp_tw_recycle, 1 is harmful and the line no longer fails', () => {
    for (const kernel of ['3.10.0-1160.el7', '4.9.0']) {
      const r = check({ 'a.conf': CLASSIC }, kernel, false);
      const [recycle] = at(r, 'a.conf', 4);
      expect(recycle).toMatchObject({ severity: 'harmful', ids: ['harmful-value'], recommended: '0' });
      expect(text(recycle)).not.toMatch(/Removed/);
    }
  });

  it('speaks Chinese', () => {
    const r = check({ 'a.conf': CLASSIC });
    expect(text(at(r, 'a.conf', 4)[0], TUNE_ZH)).toMatch(/已在 Linux 4\.12 中移除/);
    expect(text(at(r, 'a.conf', 5)[0], TUNE_ZH)).toMatch(/不能缩短 TIME_WAIT/);
  });
});

describe('a real-world web-tier file', () => {
  const r = check({ 'sysctl.d/60-web.conf': WEB });
  const f = 'sysctl.d/60-web.conf';

  it('somaxconn=1024 lowers it on a current kernel', () => {
    expect(at(r, f, 2)[0]).toMatchObject({ severity: 'warning', ids: ['change-value'], recommended: '4096' });
  });

  it('raising global and inert knobs is not a problem; the inert one gets a note', () => {
    expect(at(r, f, 3)).toEqual([]);
    expect(at(r, f, 4)[0]).toMatchObject({ severity: 'note' });
    expect(text(at(r, f, 4)[0])).toMatch(/Nearly inert/);
    expect(at(r, f, 5)).toEqual([]); // 1024 65535, tabs and all
  });

  it('a lowered TIME_WAIT table is a change, timestamps off (slash spelling) is harmful', () => {
    expect(at(r, f, 6)[0]).toMatchObject({ severity: 'warning', key: 'net.ipv4.tcp_max_tw_buckets' });
    expect(at(r, f, 7)[0]).toMatchObject({
      severity: 'harmful',
      key: 'net.ipv4.tcp_timestamps',
      recommended: '1',
    });
  });

  it('an out-of-range value the kernel rejects is a warning', () => {
    expect(at(r, f, 8)[0]).toMatchObject({ severity: 'warning', ids: ['invalid-value'] });
    expect(text(at(r, f, 8)[0])).toBe('The kernel rejects values below 1: `sysctl -p` fails on this line.');
  });

  it('unknown keys: a typo gets a suggestion, a key of an absent module only a note', () => {
    expect(at(r, f, 9)).toEqual([]);
    expect(at(r, f, 10)).toEqual([]);
    expect(at(r, f, 11)[0]).toMatchObject({ severity: 'warning', ids: ['unknown-key'] });
    expect(text(at(r, f, 11)[0])).toMatch(/Did you mean net\.ipv4\.tcp_tw_reuse\?$/);
    const absent = check({ 'a.conf': 'net.netfilter.nf_conntrack_max = 262144\n' });
    expect(absent.issues[0]).toMatchObject({ severity: 'note', ids: ['absent-key'] });
  });

  it('a line that is not key = value is a warning', () => {
    expect(at(r, f, 12)[0]).toMatchObject({ severity: 'warning', ids: ['syntax'] });
  });

  it('against another kernel (--kernel) nothing is looked up on this machine', () => {
    const other = check({ [f]: WEB }, '4.19.0', false);
    expect(at(other, f, 11)).toEqual([]);
    expect(at(other, f, 8)[0]).toMatchObject({ severity: 'note', ids: ['key-not-yet'] });
  });
});

describe('several files in systemd-sysctl order', () => {
  it('reports values overridden by a later file, and judges only the winner as harmful', () => {
    const r = check({
      '/usr/lib/sysctl.d/50-vendor.conf': 'net.ipv4.tcp_timestamps = 0\nnet.ipv4.tcp_fin_timeout = 30\n',
      '/etc/sysctl.d/90-site.conf': 'net.ipv4.tcp_timestamps = 1\nnet.ipv4.tcp_fin_timeout = 30\n',
    });
    const [ts] = at(r, '/usr/lib/sysctl.d/50-vendor.conf', 1);
    expect(ts).toMatchObject({ severity: 'warning', ids: ['harmful-value', 'overridden'] });
    expect(text(ts)).toMatch(
      /Overridden by \/etc\/sysctl\.d\/90-site\.conf:1 \(1\), which is applied later\.$/,
    );
    const [fin] = at(r, '/usr/lib/sysctl.d/50-vendor.conf', 2);
    expect(fin?.ids).toEqual(['note', 'duplicate']);
    expect(r.effective).toEqual([
      { key: 'net.ipv4.tcp_timestamps', value: '1', file: '/etc/sysctl.d/90-site.conf', line: 1 },
      { key: 'net.ipv4.tcp_fin_timeout', value: '30', file: '/etc/sysctl.d/90-site.conf', line: 2 },
    ]);
    expect(r.counts.harmful).toBe(0);
  });

  it('a later harmful value is harmful even if an earlier file was right', () => {
    const r = check({ 'a.conf': 'net.ipv4.tcp_syncookies = 1\n', 'b.conf': 'net.ipv4.tcp_syncookies = 0\n' });
    expect(at(r, 'b.conf', 1)[0]).toMatchObject({ severity: 'harmful' });
    expect(r.counts.harmful).toBe(1);
  });

  it('tcp_tw_reuse is judged with the timestamps the files end up with', () => {
    const r = check({ 'a.conf': 'net.ipv4.tcp_tw_reuse = 1\n', 'b.conf': 'net.ipv4.tcp_timestamps = 0\n' });
    expect(text(at(r, 'a.conf', 1)[0])).toBe('It has no effect while net.ipv4.tcp_timestamps=0.');
  });

  it('issues come in file order, then line order', () => {
    const r = check({ 'b.conf': 'net.ipv4.tcp_timestamps = 0\n', 'a.conf': 'net.ipv4.tcp_syncookies = 0\n' });
    expect(r.issues.map((i) => i.file)).toEqual(['b.conf', 'a.conf']);
  });
});
