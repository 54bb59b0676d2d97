/**
 * `tcpdoctor tune`, `--apply`, `--rollback` and `--write` through the built CLI. Every sysctl
 * write happens inside a private network namespace, every file under a temporary directory, every
 * backup under a temporary --backup-dir; the host's own values, /etc/sysctl.d and
 * /var/lib/tcpdoctor are compared before and after.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sysctlProcPath } from '../../src/core/tune/sysctl-file.js';
import { TUNE_READ_KEYS } from '../../src/core/tune/sysctl-knowledge.js';
import { CLI, cli, namespaceSkipReason, type RunResult, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();

interface Row {
  name: string;
  current: string | null;
  recommended: string | null;
  verdict: string;
  why: string;
  reasons: Array<{ code: string }>;
  findings: string[];
}
interface AuditDoc {
  schema: number;
  mode: string;
  namespace: { label: string; inode: number; initial: boolean };
  sysctls: Row[];
  summary: { harmful: number; change: number; ok: number; notApplicable: number };
}
interface ChangeDoc {
  mode: string;
  status: string;
  backup: string | null;
  changes: Array<{ name: string; from: string; to: string; verdict: string }>;
  failure?: { name: string; kind: string; error: string };
}

const tmp = mkdtempSync(join(tmpdir(), 'tcpdoctor-tune-'));
// nobody (the unprivileged test) may look in, as into /etc; only root writes
chmodSync(tmp, 0o755);
const namespaces: TestNetns[] = [];
let dirCount = 0;

function newNs(): TestNetns {
  const ns = TestNetns.create();
  namespaces.push(ns);
  return ns;
}

/** A fresh, empty backup directory (0755 so that nobody can look in; only root writes). */
function backupDir(): string {
  const d = join(tmp, `backups-${dirCount++}`);
  mkdirSync(d);
  return d;
}

/** Every value tune reads, raw as /proc/sys shows it, inside the namespace ('<absent>' when missing). */
function valuesIn(ns: TestNetns): Record<string, string> {
  const script =
    'for f; do if [ -e "$f" ]; then printf "%s=" "$f"; tr "\\n" "|" < "$f"; echo; else echo "$f=<absent>"; fi; done';
  const r = ns.run('sh', ['-c', script, 'sh', ...TUNE_READ_KEYS.map(sysctlProcPath)]);
  return Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

/** The same, of the host (the test runner's own namespace), read directly. */
function hostValues(): Record<string, string> {
  return Object.fromEntries(
    TUNE_READ_KEYS.map((k) => {
      const p = sysctlProcPath(k);
      return [p, existsSync(p) ? readFileSync(p, 'latin1') : '<absent>'];
    }),
  );
}

function dirState(dir: string): string {
  if (!existsSync(dir)) return '<absent>';
  return readdirSync(dir)
    .sort()
    .map((n) => `${n}:${statSync(join(dir, n)).isFile() ? readFileSync(join(dir, n), 'latin1') : 'dir'}`)
    .join('\n');
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) =>
    statSync(join(dir, n)).isFile(),
  );
}

function json<T>(r: RunResult): T {
  return JSON.parse(r.stdout) as T;
}

function row(doc: AuditDoc, name: string): Row {
  const r = doc.sysctls.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}`);
  return r;
}

const Q = ['--interval', '0'];

describe.skipIf(skip)('tcpdoctor tune in a private namespace', () => {
  let hostBefore: Record<string, string>;
  let etcBefore: string;
  let varLibBefore: string;

  beforeAll(() => {
    hostBefore = hostValues();
    etcBefore = `${dirState('/etc/sysctl.d')}\n${existsSync('/etc/sysctl.conf') ? readFileSync('/etc/sysctl.conf', 'latin1') : ''}`;
    varLibBefore = dirState('/var/lib/tcpdoctor');
  });

  afterEach(async () => {
    while (namespaces.length > 0) await namespaces.pop()?.destroy();
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('audits a namespace: verdicts with reasons, global knobs not applicable, exit 1 on a harmful value', () => {
    const ns = newNs();
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    ns.sysctl('net.core.somaxconn', '1024');
    ns.sysctl('net.ipv4.ip_local_port_range', '40000 50000');
    const r = ns.cli(['tune', '--json', ...Q]);
    expect(r.status).toBe(1);
    const doc = json<AuditDoc>(r);
    expect(doc).toMatchObject({ schema: 1, mode: 'audit', namespace: { initial: false } });
    expect(row(doc, 'net.ipv4.tcp_timestamps')).toMatchObject({
      current: '0',
      recommended: '1',
      verdict: 'harmful',
    });
    expect(row(doc, 'net.core.somaxconn')).toMatchObject({
      current: '1024',
      recommended: '4096',
      verdict: 'change',
    });
    expect(row(doc, 'net.core.somaxconn').why).toMatch(/lowers it since Linux 5\.4/);
    expect(row(doc, 'net.ipv4.ip_local_port_range')).toMatchObject({
      current: '40000 50000',
      recommended: '32768 60999',
      verdict: 'change',
    });
    expect(row(doc, 'net.ipv4.tcp_tw_recycle')).toMatchObject({ current: null, verdict: 'not-applicable' });
    for (const name of ['net.ipv4.tcp_max_orphans', 'net.ipv4.tcp_mem', 'net.core.netdev_max_backlog']) {
      expect(row(doc, name)).toMatchObject({ verdict: 'not-applicable', reasons: [{ code: 'na.global' }] });
    }
    expect(row(doc, 'net.ipv4.tcp_fin_timeout').why).toMatch(/does not shorten TIME_WAIT/);
    expect(doc.summary).toMatchObject({ harmful: 1, change: 2 });
    // never a recommendation of tcp_tw_recycle, in any row
    for (const x of doc.sysctls) expect(`${x.name}=${x.recommended}`).not.toBe('net.ipv4.tcp_tw_recycle=1');

    const text = ns.cli(['tune', ...Q]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^Sysctl audit of this network namespace \(inode \d+\), Linux \S+$/m);
    expect(text.stdout).toMatch(/^net\.ipv4\.tcp_timestamps +0 +1 +harmful +Off: tcp_tw_reuse, PAWS/m);
    expect(text.stdout).toMatch(/^1 harmful, 2 to change, \d+ ok, 4 not applicable\.$/m);
    const zh = ns.cli(['tune', '--lang', 'zh', ...Q]);
    expect(zh.stdout).toMatch(/^当前网络命名空间（inode \d+）的 sysctl 审计/m);
    expect(zh.stdout).toMatch(/^net\.ipv4\.tcp_timestamps +0 +1 +有害 +已关闭/m);
  });

  it('apply → verify → rollback restores every value exactly, an empty port list included', async () => {
    const ns = newNs();
    const pop = await ns.population();
    await pop.add({ kind: 'listen', count: 1, port: 3306 }); // a service inside a range widened earlier
    ns.sysctl('net.ipv4.ip_local_port_range', '1024 65535');
    ns.sysctl('net.core.somaxconn', '1024');
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    ns.sysctl('net.ipv4.tcp_syncookies', '0');
    ns.sysctl('net.ipv4.tcp_max_tw_buckets', '5000');
    ns.sysctl('net.ipv4.tcp_abort_on_overflow', '1');
    const before = valuesIn(ns);
    expect(before['/proc/sys/net/ipv4/ip_local_reserved_ports']).toBe('|');
    const dir = backupDir();

    const applied = ns.cli(['tune', '--apply', '--yes', '--json', '--backup-dir', dir, ...Q]);
    expect(applied.status, applied.stderr).toBe(0);
    const a = json<ChangeDoc>(applied);
    expect(a.status).toBe('applied');
    expect(Object.fromEntries(a.changes.map((c) => [c.name, c.to]))).toEqual({
      'net.ipv4.tcp_max_tw_buckets': '131072',
      'net.ipv4.tcp_syncookies': '1',
      'net.core.somaxconn': '4096',
      'net.ipv4.ip_local_reserved_ports': '3306',
      'net.ipv4.tcp_timestamps': '1',
      'net.ipv4.tcp_abort_on_overflow': '0',
    });
    // the diff went to stderr, the JSON alone to stdout
    expect(applied.stderr).toMatch(/net\.ipv4\.tcp_timestamps +0 → 1 +harmful/);
    const after = valuesIn(ns);
    for (const c of a.changes)
      expect(after[sysctlProcPath(c.name)]?.replace(/\|$/, '').replace(/\t/g, ' '), c.name).toBe(c.to);
    for (const [k, v] of Object.entries(before)) {
      if (!a.changes.some((c) => sysctlProcPath(c.name) === k)) expect(after[k], k).toBe(v);
    }
    // the backup: keyed by the namespace's inode, previous values first
    const inode = json<AuditDoc>(ns.cli(['tune', '--json', ...Q])).namespace.inode;
    const files = filesUnder(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${inode}/\\d{8}T\\d{6}\\.\\d{3}Z-\\d+\\.json$`));
    const backup = JSON.parse(readFileSync(join(dir, files[0] as string), 'utf8'));
    expect(backup).toMatchObject({
      kind: 'tcpdoctor-sysctl-backup',
      schema: 1,
      netns: { inode, initial: false },
    });
    expect(backup.previous['net.ipv4.ip_local_reserved_ports']).toBe('');
    expect(statSync(join(dir, files[0] as string)).mode & 0o777).toBe(0o600);
    // now everything is ok: nothing more to apply
    const again = ns.cli(['tune', '--apply', '--yes', '--backup-dir', dir, ...Q]);
    expect(again.stdout).toMatch(/^Nothing to change/m);

    const rolled = ns.cli(['tune', '--rollback', '--yes', '--backup-dir', dir]);
    expect(rolled.status, rolled.stderr).toBe(0);
    expect(rolled.stdout).toMatch(
      /^Restored 6 value\(s\), each read back from \/proc\/sys\. The backup is kept as .*\.restored\.json\.$/m,
    );
    expect(valuesIn(ns)).toEqual(before);
    // a second rollback has nothing left for this namespace
    const none = ns.cli(['tune', '--rollback', '--yes', '--backup-dir', dir]);
    expect(none.status).toBe(3);
    expect(none.stderr).toMatch(
      new RegExp(
        `^tcpdoctor: no tcpdoctor backup for this network namespace \\(inode ${inode}\\) in ${dir}\\n$`,
      ),
    );
  });

  it('a value the kernel rejects mid-apply leaves nothing changed, and no backup behind', () => {
    const ns = newNs();
    ns.sysctl('net.core.somaxconn', '1024');
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    const before = valuesIn(ns);
    const dir = backupDir();
    // INT_MAX seconds: more than INT_MAX/HZ jiffies on any kernel, so proc_dointvec_jiffies says EINVAL;
    // the knowledge base cannot know HZ, so only the kernel refuses it — after two writes succeeded
    const r = ns.cli([
      'tune',
      '--apply',
      '--yes',
      '--backup-dir',
      dir,
      '--set',
      'tcp_keepalive_time=2147483647',
      ...Q,
    ]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/net\.ipv4\.tcp_keepalive_time +7200 → 2147483647 +--set/);
    expect(r.stderr).toBe(
      'tcpdoctor: net.ipv4.tcp_keepalive_time: the kernel refused 2147483647 (EINVAL); every change was rolled back, nothing is changed\n',
    );
    expect(valuesIn(ns)).toEqual(before);
    expect(filesUnder(dir)).toEqual([]);

    const j = ns.cli([
      'tune',
      '--apply',
      '--yes',
      '--json',
      '--backup-dir',
      dir,
      '--set',
      'tcp_keepalive_time=2147483647',
      ...Q,
    ]);
    expect(j.status).toBe(3);
    expect(json<ChangeDoc>(j)).toMatchObject({
      status: 'failed',
      backup: null,
      failure: { name: 'net.ipv4.tcp_keepalive_time', kind: 'rejected', error: 'EINVAL' },
      restored: ['net.ipv4.tcp_timestamps', 'net.core.somaxconn'],
      notRestored: [],
    });
    expect(valuesIn(ns)).toEqual(before);
  });

  it('--set is checked before anything is written: unknown keys, values out of range, tcp_tw_recycle', () => {
    const ns = newNs();
    const before = valuesIn(ns);
    const dir = backupDir();
    const cases: Array<[string, RegExp]> = [
      ['tcp_syn_retries=128', /--set net\.ipv4\.tcp_syn_retries=128: The kernel rejects values above 127/],
      ['net.ipv4.tcp_nonsense=1', /not a sysctl tcpdoctor knows/],
      ['tcp_max_orphans=1', /does not exist in this namespace/],
      ['tcp_keepalive_time', /--set takes KEY=VALUE/],
    ];
    for (const [set, message] of cases) {
      const r = ns.cli(['tune', '--apply', '--yes', '--backup-dir', dir, '--set', set, ...Q]);
      expect(r.status, set).toBe(2);
      expect(r.stderr, set).toMatch(message);
    }
    expect(filesUnder(dir)).toEqual([]);
    expect(valuesIn(ns)).toEqual(before);
  });

  it('asks first: no terminal and no --yes refuses (exit 2); on a terminal, "n" changes nothing and "y" applies', () => {
    const ns = newNs();
    ns.sysctl('net.core.somaxconn', '1024');
    const dir = backupDir();
    const refused = ns.cli(['tune', '--apply', '--backup-dir', dir, ...Q]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toMatch(/net\.core\.somaxconn +1024 → 4096/);
    expect(refused.stderr).toBe(
      'tcpdoctor: tune --apply changes the running kernel and asks first: run it on a terminal, or pass --yes to confirm in a script\n',
    );
    expect(valuesIn(ns)['/proc/sys/net/core/somaxconn']).toBe('1024|');
    // script(1) gives the CLI a terminal; the answer comes through it
    const onTty = (answer: string) =>
      ns.run(
        'script',
        [
          '-qec',
          `${process.execPath} ${CLI} tune --apply --no-color --backup-dir ${dir} --interval 0`,
          '/dev/null',
        ],
        {
          input: `${answer}\n`,
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
    const no = onTty('n');
    expect(no.stdout).toMatch(/Apply 1 change\(s\)\? \[y\/N\]/);
    expect(no.stdout).toMatch(/Nothing changed\./);
    expect(valuesIn(ns)['/proc/sys/net/core/somaxconn']).toBe('1024|');
    expect(filesUnder(dir)).toEqual([]);
    const yes = onTty('y');
    expect(yes.stdout).toMatch(/Applied 1 change\(s\)/);
    expect(valuesIn(ns)['/proc/sys/net/core/somaxconn']).toBe('4096|');
  });

  it("rollback restores only this namespace's backup and refuses one taken in another namespace", () => {
    const a = newNs();
    const b = newNs();
    a.sysctl('net.core.somaxconn', '1024');
    b.sysctl('net.core.somaxconn', '2048');
    const dir = backupDir();
    expect(a.cli(['tune', '--apply', '--yes', '--backup-dir', dir, ...Q]).status).toBe(0);
    const inodeA = json<AuditDoc>(a.cli(['tune', '--json', ...Q])).namespace.inode;
    const inodeB = json<AuditDoc>(b.cli(['tune', '--json', ...Q])).namespace.inode;
    const bBefore = valuesIn(b);

    const none = b.cli(['tune', '--rollback', '--yes', '--backup-dir', dir]);
    expect(none.status).toBe(3);
    expect(none.stderr).toMatch(
      new RegExp(
        `no tcpdoctor backup for this network namespace \\(inode ${inodeB}\\).*\\(backups exist for namespace inode ${inodeA}\\)`,
      ),
    );
    // a backup of A copied under B's key is still A's: refused
    const [file] = filesUnder(dir);
    mkdirSync(join(dir, String(inodeB)));
    copyFileSync(join(dir, file as string), join(dir, String(inodeB), 'copied.json'));
    const other = b.cli(['tune', '--rollback', '--yes', '--backup-dir', dir]);
    expect(other.status).toBe(3);
    expect(other.stderr).toMatch(
      new RegExp(
        `copied\\.json was taken in another network namespace \\(inode ${inodeA}; this one is ${inodeB}\\): refusing to restore it here`,
      ),
    );
    expect(valuesIn(b)).toEqual(bBefore);
    // A's own rollback works
    expect(a.cli(['tune', '--rollback', '--yes', '--backup-dir', dir]).status).toBe(0);
    expect(valuesIn(a)['/proc/sys/net/core/somaxconn']).toBe('1024|');
  });

  it('without root: one clear line, exit 4, nothing written anywhere', () => {
    const ns = newNs();
    ns.sysctl('net.core.somaxconn', '1024');
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    const before = valuesIn(ns);
    const dir = backupDir();
    const apply = ns.cli(['tune', '--apply', '--yes', '--backup-dir', dir, ...Q], { asUser: 65534 });
    expect(apply.status).toBe(4);
    expect(apply.stderr).toBe(
      'tcpdoctor: tune --apply changes kernel settings and needs root; tcpdoctor tune (without --apply) shows what it would change\n',
    );
    const rollback = ns.cli(['tune', '--rollback', '--yes', '--backup-dir', dir], { asUser: 65534 });
    expect(rollback.status).toBe(4);
    expect(rollback.stderr).toBe('tcpdoctor: tune --rollback changes kernel settings and needs root\n');
    // --write into a directory only root may write: the audit runs, the write is refused, no temp file stays
    const etc = join(tmp, `etc-${dirCount++}`);
    mkdirSync(etc, { mode: 0o755 });
    const write = ns.cli(['tune', '--write', join(etc, '90-tcpdoctor.conf'), '--backup-dir', dir, ...Q], {
      asUser: 65534,
    });
    expect(write.status).toBe(4);
    expect(write.stderr.trim().split('\n').pop()).toBe(
      `tcpdoctor: permission denied writing ${join(etc, '90-tcpdoctor.conf')}; run as root`,
    );
    expect(readdirSync(etc)).toEqual([]);
    expect(filesUnder(dir)).toEqual([]);
    expect(valuesIn(ns)).toEqual(before);
    // reading is fine unprivileged
    expect(ns.cli(['tune', '--json', ...Q], { asUser: 65534 }).status).toBe(1);
  });

  it('--netns NAME from the host: audit and apply through nsenter, failure rolled back there too, host untouched', () => {
    const ns = newNs();
    ns.sysctl('net.core.somaxconn', '1024');
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    const before = valuesIn(ns);
    const dir = backupDir();
    const audit = cli(['tune', '--netns', ns.name, '--json', ...Q]);
    expect(audit.status).toBe(1);
    const doc = json<AuditDoc>(audit);
    expect(doc.namespace).toMatchObject({ label: ns.name, initial: false });
    expect(row(doc, 'net.core.somaxconn')).toMatchObject({ current: '1024', verdict: 'change' });

    const failed = cli([
      'tune',
      '--netns',
      ns.name,
      '--apply',
      '--yes',
      '--backup-dir',
      dir,
      '--set',
      'tcp_keepalive_time=2147483647',
      ...Q,
    ]);
    expect(failed.status).toBe(3);
    expect(valuesIn(ns)).toEqual(before);
    expect(filesUnder(dir)).toEqual([]);

    const applied = cli(['tune', '--netns', ns.name, '--apply', '--yes', '--backup-dir', dir, ...Q]);
    expect(applied.status, applied.stderr).toBe(0);
    expect(valuesIn(ns)['/proc/sys/net/core/somaxconn']).toBe('4096|');
    expect(filesUnder(dir)[0]).toMatch(new RegExp(`^${doc.namespace.inode}/`));
    expect(hostValues()).toEqual(hostBefore);
    expect(cli(['tune', '--netns', ns.name, '--rollback', '--yes', '--backup-dir', dir]).status).toBe(0);
    expect(valuesIn(ns)).toEqual(before);
  });

  it('port exhaustion: tw_reuse=1, a wider range, and the listening ports inside it reserved first', async () => {
    const ns = newNs();
    ns.sysctl('net.ipv4.ip_local_port_range', '40000 40049'); // 50 ports
    ns.sysctl('net.ipv4.tcp_tw_reuse', '0');
    const pop = await ns.population();
    await pop.add({ kind: 'listen', count: 1, port: 8080 });
    const backend = await pop.add({ kind: 'time_wait', count: 30, src_port_base: 'auto', host: '127.0.0.7' });
    const doc = json<AuditDoc>(ns.cli(['tune', '--json', ...Q]));
    expect(row(doc, 'net.ipv4.tcp_tw_reuse')).toMatchObject({
      verdict: 'change',
      recommended: '1',
      findings: ['port-exhaustion'],
    });
    expect(row(doc, 'net.ipv4.tcp_tw_reuse').why).toMatch(
      new RegExp(`toward 127\\.0\\.0\\.7:${backend.port} uses \\d+ %`),
    );
    expect(row(doc, 'net.ipv4.ip_local_port_range')).toMatchObject({
      verdict: 'change',
      recommended: '1024 65535',
      findings: ['port-exhaustion'],
    });
    const reserved = row(doc, 'net.ipv4.ip_local_reserved_ports');
    expect(reserved).toMatchObject({ verdict: 'change', findings: ['port-exhaustion'] });
    expect(reserved.recommended?.split(',')).toEqual(expect.arrayContaining(['8080', String(backend.port)]));
    expect(doc.sysctls.find((x) => x.name === 'net.ipv4.tcp_tw_recycle')?.recommended ?? null).toBeNull();

    const dir = backupDir();
    const a = json<ChangeDoc>(ns.cli(['tune', '--apply', '--yes', '--json', '--backup-dir', dir, ...Q]));
    expect(a.status).toBe('applied');
    const order = a.changes.map((c) => c.name);
    expect(order.indexOf('net.ipv4.ip_local_reserved_ports')).toBeLessThan(
      order.indexOf('net.ipv4.ip_local_port_range'),
    );
    const after = valuesIn(ns);
    expect(after['/proc/sys/net/ipv4/ip_local_port_range']).toBe('1024\t65535|');
    expect(after['/proc/sys/net/ipv4/ip_local_reserved_ports']).toBe(`${reserved.recommended}|`);
  });

  it('--write: an atomic, commented drop-in that sysctl -p accepts; never clobbers a foreign file without --force', () => {
    const ns = newNs();
    ns.sysctl('net.core.somaxconn', '1024');
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    const etc = join(tmp, `sysctl.d-${dirCount++}`);
    mkdirSync(etc);
    const path = join(etc, '90-tcpdoctor.conf');
    const dir = backupDir();
    const w = ns.cli(['tune', '--write', path, '--backup-dir', dir, ...Q]);
    expect(w.status, w.stderr).toBe(0);
    expect(w.stdout).toBe(
      `Wrote ${path} (2 setting(s)); it applies at boot. To apply it now: sysctl -p ${path}\n`,
    );
    // outside the host's initial namespace, a warning
    expect(w.stderr).toMatch(/^tcpdoctor: warning: this is not the host's initial network namespace/);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# Written by tcpdoctor \(tcpdoctor tune --write\)/);
    expect(text).toMatch(/^# 1024 → 4096 \(change\): .*\nnet\.core\.somaxconn = 4096$/m);
    expect(text).toMatch(/^net\.ipv4\.tcp_timestamps = 1$/m);
    expect(readdirSync(etc)).toEqual(['90-tcpdoctor.conf']); // no temp file left
    expect(statSync(path).mode & 0o777).toBe(0o644);
    // the file is valid for sysctl(8): applying it in the namespace gives the recommended values
    const p = ns.run('sysctl', ['-p', path]);
    expect(p.status, p.stderr).toBe(0);
    expect(valuesIn(ns)['/proc/sys/net/core/somaxconn']).toBe('4096|');
    expect(valuesIn(ns)['/proc/sys/net/ipv4/tcp_timestamps']).toBe('1|');
    // everything is fine now, and nothing was applied by tcpdoctor: nothing to persist, file untouched
    const nothing = ns.cli(['tune', '--write', path, '--backup-dir', dir, ...Q]);
    expect(nothing.stdout).toMatch(/^Nothing to persist/);
    expect(readFileSync(path, 'utf8')).toBe(text);

    // a value set by --apply is kept by a later --write, and our own file is replaced
    ns.sysctl('net.core.somaxconn', '1024');
    expect(ns.cli(['tune', '--apply', '--yes', '--backup-dir', dir, ...Q]).status).toBe(0);
    const kept = ns.cli(['tune', '--write', path, '--backup-dir', dir, ...Q]);
    expect(kept.status).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(
      /^# 4096: applied at run time by tcpdoctor tune --apply \(.*\); kept\nnet\.core\.somaxconn = 4096$/m,
    );

    // a file tcpdoctor did not write stays as it is unless --force
    const foreign = join(etc, '90-site.conf');
    writeFileSync(foreign, '# the site team owns this file\nnet.core.somaxconn = 8192\n');
    ns.sysctl('net.ipv4.tcp_timestamps', '0');
    const refused = ns.cli(['tune', '--write', foreign, '--backup-dir', dir, ...Q]);
    expect(refused.status).toBe(3);
    expect(refused.stderr.trim().split('\n').pop()).toBe(
      `tcpdoctor: ${foreign} exists and was not written by tcpdoctor: refusing to replace it (--force replaces it)`,
    );
    expect(readFileSync(foreign, 'utf8')).toBe('# the site team owns this file\nnet.core.somaxconn = 8192\n');
    expect(ns.cli(['tune', '--write', foreign, '--force', '--backup-dir', dir, ...Q]).status).toBe(0);
    expect(readFileSync(foreign, 'utf8')).toMatch(/^net\.ipv4\.tcp_timestamps = 1$/m);
    expect(readdirSync(etc).sort()).toEqual(['90-site.conf', '90-tcpdoctor.conf']);
  });

  it('after all of it, the host is exactly as before', () => {
    expect(hostValues()).toEqual(hostBefore);
    expect(
      `${dirState('/etc/sysctl.d')}\n${existsSync('/etc/sysctl.conf') ? readFileSync('/etc/sysctl.conf', 'latin1') : ''}`,
    ).toBe(etcBefore);
    expect(dirState('/var/lib/tcpdoctor')).toBe(varLibBefore);
  });
});
