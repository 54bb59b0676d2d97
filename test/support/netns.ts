/**
 * Private network namespaces for end-to-end tests: real sockets on a loopback nobody else uses,
 * so counts are exact and the host is never touched.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseStateName, STATE_NAMES, type TcpStateName } from '../../src/core/model/tcp-state.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = resolve(REPO, 'dist/cli/main.js');
const POPULATION = resolve(REPO, 'test/support/population.py');
export const IS_CI = process.env.CI === 'true';

/**
 * Why namespace tests cannot run here, or undefined when they can. Under CI=true a missing
 * privilege is an error, not a skip: a skip there would hide a broken suite.
 */
export function namespaceSkipReason(): string | undefined {
  let reason: string | undefined;
  if (process.getuid?.() !== 0) reason = 'needs root to create network namespaces (ip netns add)';
  else if (spawnSync('ip', ['-V']).status !== 0) reason = 'needs iproute2 (ip netns)';
  if (reason && IS_CI) throw new Error(`CI=true and this test ${reason}: a skip is a failure in CI`);
  if (reason) console.warn(`skipping namespace tests: ${reason}`);
  return reason;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Run as this uid/gid (setpriv), e.g. 65534 for nobody. */
  asUser?: number;
  timeoutMs?: number;
}

let counter = 0;

export class TestNetns {
  private readonly populations: Population[] = [];

  private constructor(readonly name: string) {}

  static create(): TestNetns {
    const name = `tdt-${process.pid}-${counter++}`;
    must(spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' }), `ip netns add ${name}`);
    const ns = new TestNetns(name);
    must(ns.run('ip', ['link', 'set', 'lo', 'up']), 'ip link set lo up');
    return ns;
  }

  /** Run a command inside the namespace, synchronously. */
  run(cmd: string, args: string[], opts: RunOptions = {}): RunResult {
    const pre = opts.asUser === undefined ? [] : asUserPrefix(opts.asUser);
    return runSync('ip', ['netns', 'exec', this.name, ...pre, cmd, ...args], opts);
  }

  /** The built CLI run inside the namespace, stdin ignored unless `input` is given. */
  cli(args: string[], opts: RunOptions = {}): RunResult {
    return this.run(process.execPath, [CLI, ...args], opts);
  }

  /** Set a per-namespace sysctl inside this namespace only (never the host's). */
  sysctl(key: string, value: string): void {
    must(this.run('sysctl', ['-qw', `${key}=${value}`]), `sysctl ${key}=${value} in ${this.name}`);
  }

  /** Per-state counts as `ss -tanH` prints them in this namespace, right now. */
  ssStates(): Record<TcpStateName, number> {
    return ssStateCounts(must(this.run('ss', ['-tanH']), 'ss -tanH').stdout);
  }

  async population(maxSeconds = 240): Promise<Population> {
    const child = spawn(
      'ip',
      ['netns', 'exec', this.name, 'python3', POPULATION, '--max-seconds', String(maxSeconds)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const pop = new Population(child);
    this.populations.push(pop);
    await pop.ready;
    return pop;
  }

  async destroy(): Promise<void> {
    for (const p of this.populations) await p.close();
    const pids = spawnSync('ip', ['netns', 'pids', this.name], { encoding: 'utf8' }).stdout.trim();
    for (const pid of pids.split(/\s+/).filter(Boolean)) spawnSync('kill', ['-9', pid]);
    spawnSync('ip', ['netns', 'del', this.name]);
  }
}

export interface GroupInfo {
  kind: string;
  count: number;
  port?: number;
  ports?: number[];
  errors?: Record<string, number>;
  /** connect_fail: how many of the attempts connected. */
  connected?: number;
}

/** A helper process holding sockets; `add` builds one more group and waits for it. */
export class Population {
  readonly ready: Promise<void>;
  private readonly lines: string[] = [];
  private waiter: ((line: string) => void) | undefined;
  private readonly stderr: string[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(line);
      } else this.lines.push(line);
    });
    child.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.ready = this.next(10_000).then((line) => {
      if (line !== 'READY') throw new Error(`population helper: ${line} ${this.stderr.join('')}`);
    });
  }

  /** The pid of the helper, which lives in the namespace (for --netns PID). */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  async add(group: Record<string, unknown>, timeoutMs = 30_000): Promise<GroupInfo> {
    this.child.stdin.write(`${JSON.stringify(group)}\n`);
    const line = await this.next(timeoutMs);
    if (!line.startsWith('OK ')) throw new Error(`population helper: ${line} ${this.stderr.join('')}`);
    return JSON.parse(line.slice(3)) as GroupInfo;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private next(timeoutMs: number): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolveLine, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`population helper: no answer in ${timeoutMs} ms ${this.stderr.join('')}`));
      }, timeoutMs);
      this.waiter = (line) => {
        clearTimeout(timer);
        resolveLine(line);
      };
    });
  }
}

/** Count `ss -tan` / `ss -tanH` lines by canonical state name, zeros included. */
export function ssStateCounts(text: string): Record<TcpStateName, number> {
  const out = Object.fromEntries(STATE_NAMES.map((n) => [n, 0])) as Record<TcpStateName, number>;
  for (const line of text.split('\n')) {
    const first = line.trim().split(/\s+/)[0];
    if (!first || first === 'State') continue;
    const code = parseStateName(first);
    if (code === undefined) throw new Error(`ss printed an unknown state: ${line}`);
    const name = STATE_NAMES[code - 1] as TcpStateName;
    out[name]++;
  }
  return out;
}

/** The built CLI in the test's own (host) namespace. */
export function cli(args: string[], opts: RunOptions = {}): RunResult {
  const pre = opts.asUser === undefined ? [] : asUserPrefix(opts.asUser);
  if (pre.length > 0)
    return runSync(pre[0] as string, [...pre.slice(1), process.execPath, CLI, ...args], opts);
  return runSync(process.execPath, [CLI, ...args], opts);
}

// --- internal ---

function asUserPrefix(uid: number): string[] {
  return ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
}

function runSync(cmd: string, args: string[], opts: RunOptions): RunResult {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    input: opts.input,
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
    timeout: opts.timeoutMs ?? 30_000,
    maxBuffer: 256 << 20,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function must(r: { status: number | null; stderr: string | Buffer }, what: string): RunResult {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${String(r.stderr)}`);
  return r as RunResult;
}
