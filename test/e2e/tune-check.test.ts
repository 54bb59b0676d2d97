/**
 * `tcpdoctor tune --check` through the built CLI, as CI on a configuration repository runs it
 * (user story 6): files only, nothing of the host is changed, no namespace needed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/netns.js';

const repo = mkdtempSync(join(tmpdir(), 'tcpdoctor-check-'));
const sysctlD = join(repo, 'sysctl.d');
mkdirSync(sysctlD);

// The pull request of story 6: the classic four lines, copied from a 2008 blog post.
writeFileSync(
  join(sysctlD, '60-timewait.conf'),
  `# Fix "too many TIME_WAIT" (copied from a tuning blog, 2008)
net.ipv4.tcp_syncookies = 1
net.ipv4.tcp_tw_reuse = 1
net.ipv4.tcp_tw_recycle = 1
net.ipv4.tcp_fin_timeout = 30
`,
);
writeFileSync(
  join(sysctlD, '10-base.conf'),
  `kernel.pid_max = 4194304
net.core.somaxconn = 4096
net.ipv4.tcp_fin_timeout = 60
`,
);
writeFileSync(join(sysctlD, 'README.md'), 'not a .conf file: not read\n');
const clean = join(repo, 'clean.d');
mkdirSync(clean);
writeFileSync(
  join(clean, '50-ports.conf'),
  'net.ipv4.ip_local_port_range = 1024 65535\nnet.ipv4.ip_local_reserved_ports = 8080,9100\n',
);

afterAll(() => rmSync(repo, { recursive: true, force: true }));

interface CheckDoc {
  schema: number;
  mode: string;
  targetKernel: string;
  files: string[];
  issues: Array<{
    file: string;
    line: number;
    key?: string;
    severity: string;
    ids: string[];
    message: string;
    recommended?: string;
  }>;
  blocks: Array<{ name: string; file: string; lines: number[]; corrected: string[] }>;
  effective: Array<{ key: string; value: string; file: string; line: number }>;
  summary: { harmful: number; warning: number; note: number };
}

describe('tcpdoctor tune --check', () => {
  it('fails CI on the classic four lines: tcp_tw_recycle removed and harmful, tcp_fin_timeout not for TIME_WAIT, the corrected block', () => {
    const r = cli(['tune', '--check', sysctlD, '--lang', 'en']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const file = join(sysctlD, '60-timewait.conf');
    expect(r.stdout).toMatch(
      new RegExp(
        `^${file}:4: harmful: net\\.ipv4\\.tcp_tw_recycle = 1: Removed in Linux 4\\.12: on Linux \\S+ \`sysctl -p\` fails on this line \\("cannot stat /proc/sys/net/ipv4/tcp_tw_recycle"\\)`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(/tcp_tw_recycle = 1: .*clients behind NAT/);
    expect(r.stdout).toMatch(
      new RegExp(
        `^${file}:5: note: net\\.ipv4\\.tcp_fin_timeout = 30: It does not shorten TIME_WAIT \\(a fixed 60 s\\); it only bounds orphaned FIN_WAIT2\\.`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(new RegExp(`^${file}:2: warning: The classic TIME_WAIT block`, 'm'));
    // the corrected block, indented, keeps the two sound lines and deletes the two wrong ones
    expect(r.stdout).toMatch(/^ {4}net\.ipv4\.tcp_tw_reuse = 1$/m);
    expect(r.stdout).toMatch(
      /^ {4}# net\.ipv4\.tcp_tw_recycle: deleted: removed in Linux 4\.12; it broke clients behind NAT$/m,
    );
    expect(r.stdout).toMatch(/^ {4}# net\.ipv4\.ip_local_port_range = 1024 65535$/m);
    expect(r.stdout).not.toMatch(/^ {4}net\.ipv4\.tcp_tw_recycle/m);
    expect(r.stdout).not.toMatch(/^ {4}net\.ipv4\.tcp_fin_timeout/m);
    // 10-base.conf sets tcp_fin_timeout first; 60-timewait.conf overrides it later
    expect(r.stdout).toMatch(
      new RegExp(`^${join(sysctlD, '10-base.conf')}:3: note: .*Overridden by ${file}:5 \\(30\\)`, 'm'),
    );
    expect(r.stdout).not.toMatch(/README/);
    expect(r.stdout).toMatch(
      /^2 file\(s\) checked against Linux \S+: 1 harmful, 1 warning\(s\), 2 note\(s\)\.$/m,
    );
    expect(r.stdout).toMatch(/^Exit status 1: harmful configuration\.$/m);
  });

  it('the same in Chinese for the reviewer who reads it with --lang zh', () => {
    const r = cli(['tune', '--check', sysctlD, '--lang', 'zh']);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /60-timewait\.conf:4: 有害: net\.ipv4\.tcp_tw_recycle = 1: 已在 Linux 4\.12 中移除/,
    );
    expect(r.stdout).toMatch(/60-timewait\.conf:5: 提示: .*不能缩短 TIME_WAIT/);
    expect(r.stdout).toMatch(/^ {4}# 经典 TIME_WAIT 配置，由 tcpdoctor 修正$/m);
    expect(r.stdout).toMatch(/^退出码 1：存在有害配置。$/m);
  });

  it('--json: issues per file and line, the block with its correction, the effective values; exit 1 all the same', () => {
    const r = cli(['tune', '--check', sysctlD, '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout) as CheckDoc;
    expect(doc).toMatchObject({ schema: 1, mode: 'check', summary: { harmful: 1, warning: 1, note: 2 } });
    expect(doc.files).toEqual([join(sysctlD, '10-base.conf'), join(sysctlD, '60-timewait.conf')]);
    const recycle = doc.issues.find((i) => i.key === 'net.ipv4.tcp_tw_recycle');
    expect(recycle).toMatchObject({ line: 4, severity: 'harmful', ids: ['removed-key', 'harmful-value'] });
    expect(doc.blocks).toHaveLength(1);
    expect(doc.blocks[0]).toMatchObject({ name: 'classic-time-wait', lines: [2, 3, 4, 5] });
    expect(doc.blocks[0]?.corrected).toContain('net.ipv4.tcp_syncookies = 1');
    expect(doc.effective).toContainEqual({
      key: 'net.ipv4.tcp_fin_timeout',
      value: '30',
      file: join(sysctlD, '60-timewait.conf'),
      line: 5,
    });
  });

  it('--kernel 4.9: tcp_tw_recycle exists there, so 1 is harmful and the fix is 0', () => {
    const doc = JSON.parse(cli(['tune', '--check', sysctlD, '--json', '--kernel', '4.9']).stdout) as CheckDoc;
    expect(doc.targetKernel).toBe('4.9');
    expect(doc.issues.find((i) => i.key === 'net.ipv4.tcp_tw_recycle')).toMatchObject({
      severity: 'harmful',
      ids: ['harmful-value'],
      recommended: '0',
    });
    expect(cli(['tune', '--check', sysctlD, '--kernel', 'banana']).status).toBe(2);
  });

  it('a clean directory passes with exit 0; --strict fails on a warning', () => {
    const r = cli(['tune', '--check', clean]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^1 file\(s\) checked against Linux \S+: 0 harmful, 0 warning\(s\), 0 note\(s\)\.\n$/,
    );
    const typo = join(repo, 'typo.conf');
    writeFileSync(typo, 'net.ipv4.tcp_tw_resue = 1\n');
    const lax = cli(['tune', '--check', typo]);
    expect(lax.status).toBe(0);
    expect(lax.stdout).toMatch(
      /typo\.conf:1: warning: net\.ipv4\.tcp_tw_resue = 1: .*Did you mean net\.ipv4\.tcp_tw_reuse\?/,
    );
    expect(cli(['tune', '--check', typo, '--strict']).status).toBe(1);
  });

  it('--root: the systemd-sysctl set of an image, same-name masking, /etc/sysctl.conf last and only once', () => {
    const root = join(repo, 'image');
    for (const d of ['etc/sysctl.d', 'usr/lib/sysctl.d', 'run/sysctl.d'])
      mkdirSync(join(root, d), { recursive: true });
    writeFileSync(join(root, 'usr/lib/sysctl.d/50-default.conf'), 'net.ipv4.tcp_timestamps = 0\n');
    writeFileSync(join(root, 'etc/sysctl.d/50-default.conf'), 'net.ipv4.tcp_timestamps = 1\n'); // masks the vendor file
    writeFileSync(join(root, 'usr/lib/sysctl.d/10-vendor.conf'), 'net.ipv4.tcp_syncookies = 1\n');
    symlinkSync('/dev/null', join(root, 'run/sysctl.d/10-vendor.conf')); // masked with /dev/null
    writeFileSync(join(root, 'etc/sysctl.conf'), 'net.ipv4.tcp_syncookies = 0\n');
    symlinkSync('../sysctl.conf', join(root, 'etc/sysctl.d/99-sysctl.conf')); // Debian's link
    const doc = JSON.parse(cli(['tune', '--check', '--root', root, '--json']).stdout) as CheckDoc;
    expect(doc.files).toEqual([
      join(root, 'etc/sysctl.d/50-default.conf'),
      join(root, 'etc/sysctl.d/99-sysctl.conf'),
    ]);
    expect(doc.issues.map((i) => [i.line, i.severity, i.key])).toEqual([
      [1, 'harmful', 'net.ipv4.tcp_syncookies'],
    ]);
    expect(cli(['tune', '--check', '--root', root]).status).toBe(1);
  });

  it('input errors: a missing file is exit 3, a binary file too; mixing modes is exit 2', () => {
    const missing = cli(['tune', '--check', join(repo, 'nope.conf')]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toMatch(/^tcpdoctor: cannot read .*nope\.conf: no such file or directory\n$/);
    const bin = join(repo, 'bin.conf');
    writeFileSync(bin, Buffer.from([0x6e, 0x00, 0x01, 0x3d]));
    expect(cli(['tune', '--check', bin]).status).toBe(3);
    expect(cli(['tune', '--check', '--apply']).status).toBe(2);
    expect(cli(['tune', '--check', '--netns', '1']).status).toBe(2);
    expect(cli(['tune', 'stray']).status).toBe(2);
  });

  it('is listed in the global help, with its own help', () => {
    expect(cli(['--help']).stdout).toMatch(/^ {2}tune +audit TCP sysctls, lint files, change safely$/m);
    const help = cli(['tune', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--check \[PATH \.\.\.\]/);
    expect(help.stdout).toMatch(/TCPDOCTOR_BACKUP_DIR/);
  });
});
