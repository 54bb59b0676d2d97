/**
 * The offline census end to end: the built CLI (`node dist/cli/main.js`) on saved captures given
 * with --input, piped in, redirected, gzip-compressed and broken; its `--awk` output against the
 * awk one-liner run by real mawk; stdin that is a terminal-like device or empty means the live
 * census. Spawned with stdin ignored unless the test feeds it (conventions.md).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_NAMES } from '../../src/core/model/tcp-state.js';
import { CLI, cli, REPO } from '../support/netns.js';

const FIXTURES = resolve(REPO, 'test/fixtures');
const fx = (name: string) => join(FIXTURES, name);

interface FileJson {
  schema: number;
  host: string;
  kernel: string;
  source: {
    kind: string;
    inputs: Array<{
      name: string;
      format: string;
      linesRead: number;
      linesSkipped: number;
      cannotShow: string[];
      rows: number;
      compression?: string;
      encoding?: string;
      skipped?: Array<{ lineNumber: number; reason: string }>;
    }>;
  };
  total: number;
  states: Record<string, number>;
  families: { ipv4: Record<string, number>; ipv6: Record<string, number> };
  other: Record<string, number>;
  notes: string[];
}
const json = (stdout: string) => JSON.parse(stdout) as FileJson;

/** Run a shell pipeline (real pipes and redirections, as a user types them). */
function sh(script: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const TD = `'${process.execPath}' '${CLI}'`;
const ONE_LINER = `'/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'`;

/** "STATE n" lines, sorted: awk prints in hash order, tcpdoctor in lifecycle order. */
const sorted = (out: string) => out.trim().split('\n').filter(Boolean).sort().join('\n');

/** The one-line error contract: exactly one line on stderr, `tcpdoctor: …`, never a stack trace. */
function oneLineError(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tcpdoctor: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'td-offline-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

// The population of test/fixtures/capture-linux.sh (see src/core/parse/scan-capture.test.ts).
const LINUX_STATES = { ESTABLISHED: 18, SYN_SENT: 1, FIN_WAIT2: 2, TIME_WAIT: 8, CLOSE_WAIT: 2, LISTEN: 11 };

describe('status --input FILE', () => {
  it('netstat -tanp capture: the census, the source shape, exit 0, nothing on stderr', () => {
    const r = cli(['--input', fx('netstat-tanp.linux6.18.txt'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = json(r.stdout);
    expect(j.states).toMatchObject(LINUX_STATES);
    expect(Object.keys(j.states)).toEqual([...STATE_NAMES]);
    expect(j.total).toBe(42);
    expect(j.families.ipv6).toMatchObject({ ESTABLISHED: 6, TIME_WAIT: 2, LISTEN: 4 });
    expect(j.host).toBe('unknown');
    expect(j.source.kind).toBe('file');
    expect(j.source.inputs).toEqual([
      expect.objectContaining({
        name: fx('netstat-tanp.linux6.18.txt'),
        format: 'netstat-linux',
        linesRead: 44,
        linesSkipped: 0,
        rows: 42,
        cannotShow: [],
      }),
    ]);
  });

  it.each([
    ['ss-tanp.linux6.18.txt', 'ss'],
    ['ss-an.linux6.18.txt', 'ss'],
    ['netstat-tanee.linux6.18.txt', 'netstat-linux'],
  ])('%s reads as %s with the same census', (name, format) => {
    const r = cli(['--input', fx(name), '--json']);
    expect(r.status).toBe(0);
    const j = json(r.stdout);
    expect(j.states).toMatchObject(LINUX_STATES);
    expect(j.source.inputs[0]?.format).toBe(format);
  });

  it('macOS, FreeBSD and Windows captures (UTF-16 with BOM, CP850 German, -b)', () => {
    const mac = json(cli(['--input', fx('netstat-an.macos.txt'), '--json']).stdout);
    expect(mac.total).toBe(15);
    expect(mac.families.ipv6).toMatchObject({ ESTABLISHED: 2, LISTEN: 2 });
    const utf16 = json(cli(['--input', fx('netstat-an.windows-utf16.txt'), '--json']).stdout);
    expect(utf16.states).toMatchObject({ LISTEN: 3, ESTABLISHED: 2, TIME_WAIT: 2, CLOSE_WAIT: 1 });
    expect(utf16.source.inputs[0]).toMatchObject({ format: 'netstat-windows', encoding: 'utf-16le' });
    const de = json(cli(['--input', fx('netstat-ano.windows-de-cp850.txt'), '--json']).stdout);
    expect(de.states).toMatchObject({ LISTEN: 2, ESTABLISHED: 1, TIME_WAIT: 1, CLOSE_WAIT: 1, CLOSING: 1 });
    const b = cli(['--input', fx('netstat-aonb.windows.txt'), '--awk']);
    expect(b.status).toBe(0);
    expect(b.stdout).toBe('LISTEN 5\nESTABLISHED 2\nTIME_WAIT 1\n');
    const q = json(cli(['--input', fx('netstat-anoq.windows.txt'), '--json']).stdout);
    expect(q.other).toEqual({ BOUND_INACTIVE: 3 });
    expect(q.notes.join('\n')).toMatch(/3 sockets in the BOUND state/);
  });

  it('repeatable: /proc/net/tcp and tcp6 saved apart add up to the whole census', () => {
    const r = cli([
      '--input',
      fx('proc-net-tcp.linux6.18.txt'),
      '--input',
      fx('proc-net-tcp6.linux6.18.txt'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = json(r.stdout);
    expect(j.states).toMatchObject(LINUX_STATES);
    expect(j.source.inputs.map((i) => [i.format, i.rows, i.cannotShow.length])).toEqual([
      ['proc', 30, 1],
      ['proc', 12, 1],
    ]);
  });

  it('gzip is read transparently, from a file and from a pipe', () => {
    const gz = join(tmp, 'capture.txt.gz');
    writeFileSync(gz, gzipSync(readFileSync(fx('ss-tan.linux6.18.txt'))));
    const r = cli(['--input', gz, '--json']);
    expect(r.status).toBe(0);
    const j = json(r.stdout);
    expect(j.states).toMatchObject(LINUX_STATES);
    expect(j.source.inputs[0]).toMatchObject({ format: 'ss', compression: 'gzip' });
    const piped = sh(`cat '${gz}' | ${TD} --awk`);
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(cli(['--input', fx('ss-tan.linux6.18.txt'), '--awk']).stdout);
  });

  it('the human table names the file and says what the capture cannot show', () => {
    const r = cli(['--input', fx('netstat-n.linux6.18.txt'), '--no-color']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/from .*netstat-n\.linux6\.18\.txt \(netstat-linux\)/);
    expect(r.stdout).toMatch(/^TIME_WAIT\s+8\s+6\s+2\s/m);
    expect(r.stdout).toMatch(/note: .*cannot show LISTEN sockets: netstat without -a/);
  });

  it('--by works on the records of a capture', () => {
    const r = cli(['--input', fx('ss-tanp.linux6.18.txt'), '--by', 'lport', '--json']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { groups: { lport: Array<{ label: string; total: number }> } };
    expect(j.groups.lport.length).toBeGreaterThan(0);
  });

  it('--assume-state counts a capture without a State column; without it, exit 3 says how', () => {
    const file = fx('ss-tan-state-time-wait.linux6.18.txt');
    const ok = cli(['--input', file, '--assume-state', 'time-wait', '--awk']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe('TIME_WAIT 8\n');
    const no = cli(['--input', file, '--awk']);
    expect(no.status).toBe(3);
    expect(oneLineError(no.stderr)).toMatch(/8 sockets have no State column .*--assume-state/);
  });
});

describe('standard input', () => {
  it('netstat -n | tcpdoctor --awk prints what the one-liner prints (real mawk, real pipe)', () => {
    const file = fx('netstat-n.linux6.18.txt');
    const awk = sh(`mawk ${ONE_LINER} '${file}'`);
    expect(awk.status).toBe(0);
    const td = sh(`cat '${file}' | ${TD} --awk`);
    expect(td.stderr).toBe('');
    expect(td.status).toBe(0);
    expect(sorted(td.stdout)).toBe(sorted(awk.stdout));
  });

  it('where the one-liner miscounts (netstat -p names with spaces: $NF is "m"), tcpdoctor does not', () => {
    const file = fx('netstat-tanp-names.linux6.18.txt');
    expect(sorted(sh(`mawk ${ONE_LINER} '${file}'`).stdout)).toBe('- 10\nm 32');
    const td = sh(`cat '${file}' | ${TD} --json`);
    expect(td.status).toBe(0);
    expect(json(td.stdout).states).toMatchObject(LINUX_STATES);
  });

  it('the same on a 20,000-line dump from bench/dump.mjs (IPv6, mapped addresses, udp, unix)', () => {
    const dump = join(tmp, 'netstat-20k.txt');
    const gen = sh(
      `'${process.execPath}' '${join(REPO, 'bench/dump.mjs')}' --emit netstat --lines 20000 --seed 7 > '${dump}'`,
    );
    expect(gen.status).toBe(0);
    const awk = sh(`mawk ${ONE_LINER} '${dump}'`);
    const td = sh(`${TD} --awk < '${dump}'`);
    expect(td.status).toBe(0);
    expect(sorted(td.stdout)).toBe(sorted(awk.stdout));
    expect(awk.stdout).toMatch(/TIME_WAIT \d+/);
  });

  it('a regular file on stdin is read; --input - reads any stdin', () => {
    const redirected = sh(`${TD} --json < '${fx('ss-an.linux6.18.txt')}'`);
    expect(redirected.status).toBe(0);
    expect(json(redirected.stdout).source.inputs[0]?.name).toBe('stdin');
    const fed = cli(['--input', '-', '--awk'], { input: readFileSync(fx('netstat-ano.windows.txt')) });
    expect(fed.status).toBe(0);
    expect(fed.stdout).toMatch(/^LISTEN 5$/m);
  });

  it('tcpdoctor < /dev/null, an empty pipe, or no stdin at all is the live census', () => {
    for (const r of [
      sh(`${TD} --json < /dev/null`),
      sh(`: | ${TD} --json`),
      cli(['--json']), // stdin ignored
    ]) {
      expect(r.status).toBe(0);
      expect(json(r.stdout).source.kind).toMatch(/^(proc|netlink)$/);
    }
  });

  it('a pipe that stays silent: after 2 s stderr says what is awaited, then the capture is read', () => {
    const r = sh(`(sleep 4; cat '${fx('netstat-n.linux6.18.txt')}') | ${TD} --awk`);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'tcpdoctor: waiting for a capture on standard input (a pipe); for the live census use --live, or ssh -n\n',
    );
    expect(r.stdout).toMatch(/^TIME_WAIT 8$/m);
  });

  it('--live ignores a pipe on stdin; --input - on an empty stdin is an input error', () => {
    const live = sh(`cat '${fx('netstat-n.linux6.18.txt')}' | ${TD} --live --json`);
    expect(live.status).toBe(0);
    expect(json(live.stdout).source.kind).toMatch(/^(proc|netlink)$/);
    const empty = sh(`${TD} --input - < /dev/null`);
    expect(empty.status).toBe(3);
    expect(oneLineError(empty.stderr)).toBe('tcpdoctor: stdin is empty');
  });
});

describe('bad input: counted lines, one-line errors, exit codes', () => {
  it('bad lines are counted, not fatal: stderr names the file and the first line numbers', () => {
    const lines = readFileSync(fx('netstat-tan.linux6.18.txt'), 'utf8').split('\n');
    lines.splice(5, 0, 'tcp        0      0 10.0.0.1:80             10.0.0.2:1              BOGUS');
    lines.splice(9, 0, 'tcp        0      0 10.0.0.1:80');
    const file = join(tmp, 'damaged.txt');
    writeFileSync(file, lines.join('\n'));
    const r = cli(['--input', file, '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      `tcpdoctor: ${file}: 2 of 46 lines could not be read (not counted):`,
      `tcpdoctor: ${file}:6: unknown state "BOGUS"`,
      `tcpdoctor: ${file}:10: truncated row: no foreign address`,
    ]);
    const j = json(r.stdout);
    expect(j.total).toBe(42);
    expect(j.source.inputs[0]).toMatchObject({
      linesSkipped: 2,
      skipped: [
        { lineNumber: 6, reason: 'unknown state "BOGUS"' },
        { lineNumber: 10, reason: 'truncated row: no foreign address' },
      ],
    });
  });

  it('a line of megabytes (a binary blob pasted in) is one bad line; the rows around it count', () => {
    const rows = readFileSync(fx('netstat-tan.linux6.18.txt'), 'latin1');
    const file = write(
      'blob-line.txt',
      `${rows}${'x'.repeat(9 << 20)}\n${rows.split('\n').slice(2).join('\n')}`,
    );
    for (const r of [cli(['--input', file, '--json']), sh(`cat '${file}' | ${TD} --json`)]) {
      expect(r.status).toBe(0);
      expect(json(r.stdout).total).toBe(84);
      expect(r.stderr).toMatch(/:45: line longer than 1048576 bytes \(not read\)/);
    }
  });

  it('a recognised format with no TCP rows is a valid, empty census (exit 0)', () => {
    const file = join(tmp, 'udp-only.txt');
    writeFileSync(
      file,
      'Active Internet connections (servers and established)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\nudp        0      0 0.0.0.0:68              0.0.0.0:*\n',
    );
    const r = cli(['--input', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(json(r.stdout).total).toBe(0);
  });

  it.each([
    [
      'unknown format',
      () => write('prose.txt', 'Dear team,\nthe server is slow.\n'),
      /not a netstat, ss or \/proc\/net\/tcp capture; line 1: "Dear team,"/,
    ],
    [
      'binary file',
      () => write('blob.bin', Buffer.from([0x7f, 1, 2, 0, 0, 0, 0x41, 0x42, 0, 9])),
      /is a binary file/,
    ],
    ['empty file', () => write('empty.txt', ''), /is empty$/],
    [
      'ss -s summary',
      () => write('summary.txt', 'Total: 36\nTCP:   24 (estab 14, closed 3, orphaned 0, timewait 3)\n'),
      /looks like `ss -s`/,
    ],
    [
      'xz file',
      () => write('c.xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 1, 2])),
      /xz-compressed: decompress it first/,
    ],
    ['missing file', () => join(tmp, 'nope.txt'), /nope\.txt: no such file$/],
    ['a directory', () => tmp, /is a directory/],
  ])('%s: one line on stderr, exit 3, nothing on stdout', (_what, make, message) => {
    const r = cli(['--input', make(), '--json']);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(oneLineError(r.stderr)).toMatch(message);
  });

  it('truncated gzip: the lines before the cut are counted and printed, then exit 3', () => {
    const whole = gzipSync(
      Buffer.concat(Array.from({ length: 400 }, () => readFileSync(fx('netstat-tan.linux6.18.txt')))),
    );
    const file = write('cut.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const r = cli(['--input', file, '--json']);
    expect(r.status).toBe(3);
    expect(oneLineError(r.stderr)).toMatch(
      /cut\.gz is a truncated gzip file: the compressed data ends early; the \d+ lines before the cut were counted/,
    );
    const j = json(r.stdout);
    expect(j.total).toBeGreaterThan(0);
    expect(j.total).toBeLessThan(400 * 42);
    expect(j.notes.join('\n')).toMatch(/was not read completely/);
  });

  it('one bad input among good ones: the census of the good ones, the error, exit 3', () => {
    const r = cli([
      '--input',
      fx('netstat-n.linux6.18.txt'),
      '--input',
      write('bad.bin', Buffer.alloc(64)),
      '--awk',
    ]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/^TIME_WAIT 8$/m);
    expect(oneLineError(r.stderr)).toMatch(/bad\.bin is a binary file/);
  });

  it('permission denied on an input is exit 4', () => {
    const file = write('secret.txt', readFileSync(fx('netstat-n.linux6.18.txt')));
    chmodSync(file, 0o600);
    chmodSync(tmp, 0o755);
    const r = cli(['--input', file, '--awk'], { asUser: 65534 });
    expect(r.status).toBe(4);
    expect(oneLineError(r.stderr)).toMatch(/permission denied reading .*secret\.txt/);
  });

  it.each([
    [['--live', '--input', 'x'], /--live and --input cannot be combined/],
    [
      ['--input', 'x', '--format', 'solaris'],
      /--format takes auto, netstat-linux, ss, netstat-bsd, netstat-windows, proc/,
    ],
    [['--input', 'x', '--assume-state', 'sleepy'], /--assume-state takes a TCP state/],
    [['--input', 'x', '--netns', '1'], /--netns applies to the live census, not to --input/],
    [['--format', 'ss'], /--format needs a capture to read/],
    [['--input', '-', '--input', '-'], /--input - \(stdin\) can be given once/],
  ])('usage error %j: exit 2', (args, message) => {
    const r = cli(args);
    expect(r.status).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(message);
  });
});

function write(name: string, content: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}
