/**
 * The shipped command, dist/cli/tcpdoctor.cjs (scripts/bundle.mjs: one CommonJS bundle, chunks
 * compiled from V8 code caches), against the tsc output the other tests run: every command's
 * entry must load and answer the same. A bundling mistake (a chunk that requires an ES-module-only
 * package, a helper file looked for beside the chunk, a stale code cache) shows here, not on a
 * user's machine. Needs no privilege: offline inputs, explain, tune --check, and a live census of
 * this namespace compared field by field where it cannot have moved.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli');
const BIN = join(DIST, 'tcpdoctor.cjs');
const TSC = join(DIST, 'main.js');
const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const ENV = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', NO_COLOR: '1' };
const tmp = mkdtempSync(join(tmpdir(), 'tcpdoctor-bundle-'));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(cli: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: ENV,
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the shipped bundle (dist/cli/tcpdoctor.cjs)', () => {
  it('is built, executable, with a code cache beside its census chunks', () => {
    expect(existsSync(BIN)).toBe(true);
    const caches = readdirSync(join(DIST, 'chunks')).filter((f) => f.endsWith('.cjs.v8'));
    expect(caches.some((f) => f.startsWith('status-'))).toBe(true);
    expect(caches.some((f) => f.startsWith('file-snapshot-'))).toBe(true);
  });

  it.each([
    [['--version']],
    [['--help']],
    [['--input', join(FIXTURES, 'netstat-tanp.linux6.18.txt'), '--json']],
    [['--input', join(FIXTURES, 'ss-tanp.linux6.18.txt'), '--awk']],
    [['--input', join(FIXTURES, 'netstat-ano.windows.txt'), '--by', 'lport']],
    [['diagnose', '--input', join(FIXTURES, 'netstat-tan.linux6.18.txt')]],
    [['explain', 'time-wait', '--lang', 'zh']],
    [['explain', 'net.ipv4.tcp_tw_recycle']],
    [['status', '--input', join(FIXTURES, 'nothing-here.txt')]],
    [['no-such-command']],
  ])('tcpdoctor %j answers as the tsc output does', (args) => {
    const bundled = run(BIN, args);
    const plain = run(TSC, args);
    expect(bundled.status).toBe(plain.status);
    expect(bundled.stderr).toBe(plain.stderr);
    expect(dropTimes(bundled.stdout)).toBe(dropTimes(plain.stdout));
  });

  it('tune --check finds the removed tcp_tw_recycle in a sysctl file', () => {
    const file = join(tmp, '99-classic.conf');
    writeFileSync(file, 'net.ipv4.tcp_tw_recycle = 1\nnet.ipv4.tcp_fin_timeout = 30\n');
    const bundled = run(BIN, ['tune', '--check', file, '--lang', 'en']);
    const plain = run(TSC, ['tune', '--check', file, '--lang', 'en']);
    expect(bundled.status).toBe(plain.status);
    expect(bundled.stdout).toBe(plain.stdout);
    expect(bundled.stdout).toMatch(/tcp_tw_recycle/);
  });

  it('watch --json --count 2 prints two NDJSON frames (the watch chunk and its packages load)', () => {
    const r = run(BIN, ['watch', '--json', '--count', '2', '--interval', '0.2s']);
    expect(r.status, r.stderr).toBe(0);
    const frames = r.stdout.trim().split('\n');
    expect(frames).toHaveLength(2);
    for (const f of frames) expect(Object.keys(JSON.parse(f) as object)).toContain('states');
  });

  it('counts the live kernel tables with the same source and states as the tsc output', () => {
    const bundled = JSON.parse(run(BIN, ['--json']).stdout) as Census;
    const plain = JSON.parse(run(TSC, ['--json']).stdout) as Census;
    expect(bundled.source.kind).toBe(plain.source.kind);
    expect(bundled.host).toBe(plain.host);
    expect(bundled.kernel).toBe(plain.kernel);
    // LISTEN sockets of this test host do not come and go between two runs a second apart
    expect(bundled.states.LISTEN).toBe(plain.states.LISTEN);
  });
});

interface Census {
  host: string;
  kernel: string;
  source: { kind: string };
  states: Record<string, number>;
}

/** Timestamps differ between two runs; nothing else may. */
function dropTimes(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME');
}
