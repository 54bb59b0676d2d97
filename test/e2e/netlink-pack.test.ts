/**
 * The package as users get it (issue 4, "done when"): the `npm pack` tarball installs without a
 * compiler - with --ignore-scripts, and with its install script when the compiler is missing -
 * and the installed tcpdoctor falls back to /proc with the same counts as netlink.
 *
 * `npm pack --ignore-scripts` packs the dist/ the test run built (tsc output and the bundled bin),
 * without prepack, so the test does not rewrite the tree's dist/. CI also packs with prepack.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDiagAddon } from '../../src/sources/netlink/diag-addon.js';
import { namespaceSkipReason, type Population, REPO, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();
const addon = loadDiagAddon({});

interface StatusJson {
  source: { kind: string; fallbackReason?: string };
  states: Record<string, number>;
}

describe.skipIf(skip !== undefined)('the packed tarball without a compiler', () => {
  let dir: string;
  let tarball: string;
  let ns: TestNetns;
  let pop: Population;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tcpdoctor-pack-'));
    const packed = run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], REPO);
    expect(packed.status, packed.stderr).toBe(0);
    const name = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(name).toBeDefined();
    tarball = join(dir, name as string);
    ns = TestNetns.create();
    pop = await ns.population();
    await pop.add({ kind: 'listen', count: 2 });
    await pop.add({ kind: 'established', count: 10 });
    await pop.add({ kind: 'time_wait', count: 40 });
    await pop.add({ kind: 'time_wait', count: 5, family: 6 });
  }, 180_000);

  afterAll(async () => {
    await ns?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs with --ignore-scripts and falls back to /proc with identical counts', () => {
    const app = install('ignore-scripts', ['--ignore-scripts'], process.env);
    expect(existsSync(join(app, 'native', 'build'))).toBe(false);
    expectProcFallback(app);
  }, 180_000);

  it('installs with its install script when there is no C compiler', () => {
    const env = { ...process.env, CC: '/nonexistent/cc' };
    const app = install('no-compiler', ['--foreground-scripts'], env);
    expect(existsSync(join(app, 'native', 'build', 'Release', 'tcpdoctor_diag.node'))).toBe(false);
    expectProcFallback(app);
  }, 180_000);

  function install(name: string, flags: string[], env: NodeJS.ProcessEnv): string {
    const where = join(dir, name);
    run('mkdir', ['-p', where], dir);
    writeFileSync(join(where, 'package.json'), '{"name":"pack-check","version":"1.0.0","private":true}\n');
    const r = run(
      'npm',
      ['install', ...flags, '--prefer-offline', '--no-audit', '--no-fund', tarball],
      where,
      env,
    );
    expect(r.status, `npm install ${flags.join(' ')}: ${r.stderr}`).toBe(0);
    if (flags.includes('--foreground-scripts')) {
      expect(`${r.stdout}${r.stderr}`).toMatch(/netlink addon not built: a C compiler \(cc\) not found/);
    }
    return join(where, 'node_modules', 'tcpdoctor');
  }

  function expectProcFallback(app: string): void {
    // the bin the package declares: the bundled CLI (scripts/bundle.mjs), as a user runs it
    const { bin: bins } = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = join(app, bins.tcpdoctor as string);
    expect(bin).toMatch(/tcpdoctor\.cjs$/);
    const expected = ns.ssStates();
    const r = ns.run(process.execPath, [bin, '--json', '--verbose']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as StatusJson;
    expect(j.source.kind).toBe('proc');
    expect(j.source.fallbackReason).toMatch(/netlink addon is not built/);
    expect(r.stderr).toMatch(/netlink not used: the netlink addon is not built/);
    expect(j.states).toEqual(expected);
    if (addon.ok) {
      // The tree's own build reads the same namespace over netlink: the same numbers.
      const nl = JSON.parse(ns.cli(['--json']).stdout) as StatusJson;
      expect(nl.source.kind).toBe('netlink');
      expect(nl.states).toEqual(j.states);
    }
    expect(ns.ssStates()).toEqual(expected);
  }
});

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 150_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
