/**
 * tcpdoctor serve for real: a real Prometheus (Debian's `prometheus`, started here with a temporary
 * config and storage, in the exporter's namespace since loopback is per namespace) scrapes
 * `tcpdoctor serve` watching a namespace with a known population; its HTTP API must give the exact
 * TIME_WAIT count `ss` shows. Also: the JSON API against the CLI, the token rules, a failed read
 * becoming an error metric, and a graceful SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CLI,
  IS_CI,
  TestNetns as Netns,
  namespaceSkipReason,
  REPO,
  type TestNetns,
} from '../support/netns.js';

const skip = namespaceSkipReason() ?? prometheusMissing();
const RULES = resolve(REPO, 'deploy/prometheus/tcpdoctor-rules.yml');
const PROM_PORT = 19090; // inside a private namespace: nothing else listens there
const TOKEN = '3f9c0d8e1b7a4c6e9d2f5a8b1c4e7d0a';

const dir = mkdtempSync(join(tmpdir(), 'tcpdoctor-serve-'));
const cleanups: Array<() => Promise<void> | void> = [];

interface Served {
  child: ChildProcess;
  address: string;
  stderr: () => string;
  /** SIGTERM, then the exit code (null if it had to be killed). */
  stop: () => Promise<number | null>;
}

describe.skipIf(skip)('tcpdoctor serve', () => {
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()?.();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is scraped by a real Prometheus, which then holds the exact TIME_WAIT count ss shows', async () => {
    const ns = newNs();
    // a TIME_WAIT table near its limit, so the bucket alert and finding must show
    ns.sysctl('net.ipv4.tcp_max_tw_buckets', '450');
    const pop = await ns.population();
    await pop.add({ kind: 'listen', count: 2 });
    await pop.add({ kind: 'established', count: 10 });
    await pop.add({ kind: 'close_wait', count: 5 });
    await pop.add({ kind: 'time_wait', count: 320 });
    await pop.add({ kind: 'time_wait', count: 60, family: 6 });
    // From here the population's TIME_WAIT lives 60 s: everything below takes ~15 s.

    const before = ns.ssStates();
    const served = await serve(ns, ['--listen', '127.0.0.1:0', '--interval', '1']);
    // The first scrape, right after the port opened, already has everything.
    const first = nsFetch(ns, `http://${served.address}/metrics`);
    expect(first.status).toBe(200);
    expect(first.body.startsWith('# HELP tcpdoctor_connections ')).toBe(true);
    expect(first.body).toContain(`tcpdoctor_connections{state="time_wait",family="ipv4"} 320`);
    expect(first.body).toContain(`tcpdoctor_connections{state="time_wait",family="ipv6"} 60`);
    expect(before.TIME_WAIT).toBe(380);
    expect(first.body).toContain(`tcpdoctor_connections{state="close_wait",family="ipv4"} 5`);
    expect(first.body).toContain('tcpdoctor_connections{state="syn_recv",family="ipv6"} 0');
    expect(first.body).toMatch(/^tcpdoctor_tcp_active_opens_total [1-9]\d*$/m);
    expect(first.body).toContain('tcpdoctor_tw_buckets_max 450');
    expect(first.body).toContain('tcpdoctor_finding{id="tw-bucket-overflow",severity="warning"} 1');
    // a second snapshot a second after the first gave rates: the rate rules ran
    expect(first.body).not.toContain('tcpdoctor_diagnosis_rule_skipped{rule="syn-flood"}');

    await prometheus(ns, served.address);
    const up = await until(
      () => promQuery(ns, 'up{job="tcpdoctor"}'),
      (r) => r[0]?.value[1] === '1',
      20_000,
    );
    expect(up[0]?.metric.instance).toBe(served.address);

    // One process in the namespace does the exact comparison on one keep-alive connection, so no
    // TIME_WAIT is created between the two ss counts: ss, a fresh snapshot and scrape, query, ss.
    const probe = runProbe(ns);
    expect(probe.ssBefore).toEqual(probe.ssAfter); // the population held still
    expect(probe.snapshotAfterSs).toBe(true); // Prometheus's sample was taken after the first ss
    expect(probe.prom.time_wait).toEqual(probe.ssBefore.time_wait);
    expect(probe.prom.time_wait.ipv4 + probe.prom.time_wait.ipv6).toBeGreaterThanOrEqual(380);
    for (const state of ['listen', 'close_wait', 'fin_wait2'] as const) {
      expect(probe.prom[state], state).toEqual(probe.ssBefore[state]);
    }

    // Every state and family is a series, zeros included; the rules are loaded and evaluated.
    expect((await promQuery(ns, 'count(tcpdoctor_connections)'))[0]?.value[1]).toBe('22');
    const rules = promApi(ns, '/api/v1/rules');
    const groups = (rules.data as { groups: Array<{ rules: Array<{ name: string; health: string }> }> })
      .groups;
    const loaded = groups.flatMap((g) => g.rules);
    expect(loaded.length).toBeGreaterThanOrEqual(8);
    expect(loaded.filter((r) => r.health !== 'ok' && r.health !== 'unknown')).toEqual([]);
    const alerts = await until(
      () =>
        (
          promApi(ns, '/api/v1/alerts').data as {
            alerts: Array<{ labels: Record<string, string>; state: string }>;
          }
        ).alerts,
      (list) => list.some((a) => a.labels.alertname === 'TcpdoctorTimeWaitBucketsHigh'),
      15_000,
    );
    expect(alerts.find((a) => a.labels.alertname === 'TcpdoctorTimeWaitBucketsHigh')?.state).toMatch(
      /^(pending|firing)$/,
    );

    // /api/status is status --json, /api/diagnose is diagnose --json
    const cliStatus = JSON.parse(ns.cli(['status', '--json', '--interval', '1']).stdout) as Record<
      string,
      unknown
    >;
    const apiStatus = JSON.parse(nsFetch(ns, `http://${served.address}/api/status`).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(apiStatus)).toEqual(Object.keys(cliStatus));
    for (const key of ['schema', 'host', 'kernel', 'other'])
      expect(apiStatus[key], key).toEqual(cliStatus[key]);
    const states = (j: Record<string, unknown>) => j.states as Record<string, number>;
    for (const s of ['LISTEN', 'CLOSE_WAIT', 'FIN_WAIT2', 'SYN_RECV']) {
      expect(states(apiStatus)[s], s).toBe(states(cliStatus)[s]);
    }
    expect((apiStatus.source as { kind: string }).kind).toBe((cliStatus.source as { kind: string }).kind);
    const cliDiag = JSON.parse(
      ns.cli(['diagnose', '--json', '--interval', '1', '--sysctl-file', dir]).stdout,
    ) as Record<string, unknown>;
    const apiDiag = JSON.parse(nsFetch(ns, `http://${served.address}/api/diagnose`).body) as Record<
      string,
      unknown
    >;
    expect(Object.keys(apiDiag)).toEqual(Object.keys(cliDiag));
    const ids = (j: Record<string, unknown>) => (j.findings as Array<{ id: string }>).map((f) => f.id).sort();
    expect(ids(apiDiag)).toContain('tw-bucket-overflow');
    expect(ids(apiDiag)).toEqual(ids(cliDiag));
    expect(nsFetch(ns, `http://${served.address}/healthz`)).toMatchObject({ status: 200, body: 'ok\n' });

    expect(await served.stop()).toBe(0);
    expect(served.stderr()).toMatch(/SIGTERM: stopping/);
  });

  it('refuses a public address without a token (exit 2, one line) and wants the token once given', async () => {
    const ns = newNs();
    for (const listen of ['0.0.0.0:0', ':0', '[::]:0']) {
      const r = ns.cli(['serve', '--listen', listen], { timeoutMs: 10_000 });
      expect(r.status, listen).toBe(2);
      expect(r.stderr).toMatch(
        /^tcpdoctor: refusing to listen on .* without a token: use --token-file FILE or TCPDOCTOR_TOKEN, or --insecure-public\n$/,
      );
    }
    // never on the command line
    expect(ns.cli(['serve', '--listen', '0.0.0.0:0', '--token', TOKEN]).status).toBe(2);
    const short = join(dir, 'short-token');
    writeFileSync(short, 'abc\n', { mode: 0o600 });
    const r = ns.cli(['serve', '--listen', '0.0.0.0:0', '--token-file', short]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/shorter than 16 characters/);

    // TCPDOCTOR_TOKEN: requests without it (or with another) get 401, with it 200
    const withEnv = await serve(ns, ['--listen', '0.0.0.0:0'], { ...process.env, TCPDOCTOR_TOKEN: TOKEN });
    const port = withEnv.address.split(':').pop();
    const url = `http://127.0.0.1:${port}`;
    for (const path of ['/metrics', '/api/status', '/api/diagnose', '/healthz']) {
      expect(nsFetch(ns, `${url}${path}`).status, path).toBe(401);
      expect(nsFetch(ns, `${url}${path}`, { authorization: `Bearer x${TOKEN.slice(1)}` }).status).toBe(401);
    }
    const ok = nsFetch(ns, `${url}/metrics`, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    // the first snapshot is taken before the port opens: its own listener is not in it yet
    expect(ok.body).toContain('tcpdoctor_connections{state="listen",family="ipv4"} 0');
    expect(ok.body).toContain('tcpdoctor_http_requests_total{path="/metrics",code="401"} 2');
    expect(await withEnv.stop()).toBe(0);

    // --token-file works the same
    const file = join(dir, 'token');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const withFile = await serve(ns, ['--listen', '0.0.0.0:0', '--token-file', file]);
    const url2 = `http://127.0.0.1:${withFile.address.split(':').pop()}`;
    expect(nsFetch(ns, `${url2}/metrics`).status).toBe(401);
    expect(nsFetch(ns, `${url2}/metrics`, { authorization: `Bearer ${TOKEN}` }).status).toBe(200);
    await withFile.stop();

    // --insecure-public is the explicit opt-out
    const open = await serve(ns, ['--listen', '0.0.0.0:0', '--insecure-public']);
    expect(nsFetch(ns, `http://127.0.0.1:${open.address.split(':').pop()}/metrics`).status).toBe(200);
    await open.stop();
  });

  it('turns a failed read into an error metric and keeps serving', async () => {
    const ns = newNs();
    const pop = await ns.population();
    await pop.add({ kind: 'time_wait', count: 7 });
    // watched from the host namespace by pid, served on the host's loopback
    const served = await serve(undefined, [
      '--listen',
      '127.0.0.1:0',
      '--interval',
      '1',
      '--netns',
      String(pop.pid),
    ]);
    const url = `http://${served.address}`;
    const before = await (await fetch(`${url}/metrics`)).text();
    expect(before).toContain('tcpdoctor_connections{state="time_wait",family="ipv4"} 7');
    expect(before).toContain('tcpdoctor_snapshot_success 1');

    await pop.close(); // the namespace's only process exits: /proc/PID is gone
    const text = await until(
      async () => (await fetch(`${url}/metrics`)).text(),
      (t) => /^tcpdoctor_snapshot_errors_total\{stage="census"\} [1-9]/m.test(t),
      10_000,
    );
    expect(text).toContain('tcpdoctor_snapshot_success 0');
    expect(text).not.toMatch(/^tcpdoctor_connections\{/m); // no stale data passed off as current
    expect(text).toMatch(/^tcpdoctor_snapshot_timestamp_seconds \d/m);
    const health = await until(
      () => fetch(`${url}/healthz`),
      (r) => r.status === 503,
      10_000,
    );
    expect(await health.text()).toMatch(/^unhealthy: /);
    expect((await fetch(`${url}/api/status`)).status).toBe(503);
    expect(served.stderr()).toMatch(/census failed, still serving/);
    expect(await served.stop()).toBe(0);
  });

  it('labels every per-namespace series with netns under --netns all, and bounds them by --max-netns', async () => {
    const ns = newNs();
    const pop = await ns.population();
    await pop.add({ kind: 'time_wait', count: 9 });
    await pop.add({ kind: 'close_wait', count: 2 });
    const served = await serve(undefined, ['--listen', '127.0.0.1:0', '--netns', 'all', '--interval', '1']);
    const text = await (await fetch(`http://${served.address}/metrics`)).text();
    const label = `netns="${ns.name}"`;
    const ss = ns.ssStates();
    expect(text).toContain(`tcpdoctor_connections{${label},state="time_wait",family="ipv4"} ${ss.TIME_WAIT}`);
    expect(text).toContain(`tcpdoctor_connections{${label},state="close_wait",family="ipv4"} 2`);
    expect(text).toMatch(new RegExp(`^tcpdoctor_tcp_active_opens_total\\{${label}\\} [1-9]`, 'm'));
    expect(text).toMatch(/^tcpdoctor_namespaces [1-9]\d*$/m);
    // per namespace: the JSON API wants ?netns=, and gives that namespace's status with its counters
    const list = await fetch(`http://${served.address}/api/diagnose`);
    expect(list.status).toBe(404);
    expect(((await list.json()) as { error: string }).error).toContain(ns.name);
    const one = (await (await fetch(`http://${served.address}/api/status?netns=${ns.name}`)).json()) as {
      states: Record<string, number>;
      counters?: unknown;
    };
    expect(one.states.CLOSE_WAIT).toBe(2);
    expect(one.counters).toBeDefined();
    await served.stop();

    // --max-netns 1: one namespace keeps its own series, every other one is summed as "(other)"
    const capped = await serve(undefined, ['--listen', '127.0.0.1:0', '--netns', 'all', '--max-netns', '1']);
    const small = await (await fetch(`http://${capped.address}/metrics`)).text();
    const namespaces = new Set(
      [...small.matchAll(/^tcpdoctor_connections\{netns="([^"]+)"/gm)].map((m) => m[1]),
    );
    expect(namespaces.size).toBe(2);
    expect(namespaces.has('(other)')).toBe(true);
    expect(small).toMatch(/^tcpdoctor_namespaces_omitted [1-9]\d*$/m);
    await capped.stop();
  });

  it('fails at start, before opening the port, when the first census cannot be taken', () => {
    const r = spawnSync(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', '--netns', '999999999'], {
      encoding: 'utf8',
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(r.status).toBe(5);
    expect(r.stderr).not.toMatch(/serving/);
  });
});

// --- helpers ---

function prometheusMissing(): string | undefined {
  if (spawnSync('prometheus', ['--version']).status === 0) return undefined;
  const reason = 'needs Debian prometheus (apt-get install prometheus)';
  if (IS_CI) throw new Error(`CI=true and this test ${reason}: a skip is a failure in CI`);
  console.warn(`skipping serve tests: ${reason}`);
  return reason;
}

function newNs(): TestNetns {
  const ns = Netns.create();
  cleanups.push(() => ns.destroy());
  return ns;
}

/** `tcpdoctor serve` inside `ns` (or in the host namespace), resolved once it says where it listens. */
function serve(
  ns: TestNetns | undefined,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Served> {
  const argv = [CLI, 'serve', ...args];
  const child = ns
    ? spawn('ip', ['netns', 'exec', ns.name, process.execPath, ...argv], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(process.execPath, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async () => {
    if (child.exitCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  cleanups.push(async () => {
    await stop();
  });
  return new Promise((resolveServed, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s: ${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving http:\/\/(\S+)\/metrics/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolveServed({ child, address: m[1] as string, stderr: () => err, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening: ${err}`));
    });
  });
}

/** Debian's prometheus in `ns`, scraping `target` every second with the shipped rules loaded. */
async function prometheus(ns: TestNetns, target: string): Promise<void> {
  const home = mkdtempSync(join(dir, 'prom-'));
  const config = join(home, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'rule_files:',
      `  - ${RULES}`,
      'scrape_configs:',
      '  - job_name: tcpdoctor',
      '    static_configs:',
      `      - targets: ['${target}']`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    'ip',
    [
      'netns',
      'exec',
      ns.name,
      'prometheus',
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(home, 'data')}`,
      `--web.listen-address=127.0.0.1:${PROM_PORT}`,
      '--storage.tsdb.retention.time=1h',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
  });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
  await until(
    () => nsFetch(ns, `http://127.0.0.1:${PROM_PORT}/-/ready`),
    (r) => r.status === 200,
    20_000,
    () => `prometheus did not become ready: ${log}`,
  );
}

interface PromSample {
  metric: Record<string, string>;
  value: [number, string];
}

function promApi(ns: TestNetns, path: string): { status: string; data: unknown } {
  const r = nsFetch(ns, `http://127.0.0.1:${PROM_PORT}${path}`);
  return JSON.parse(r.body) as { status: string; data: unknown };
}

async function promQuery(ns: TestNetns, query: string): Promise<PromSample[]> {
  const r = promApi(ns, `/api/v1/query?query=${encodeURIComponent(query)}`);
  return (r.data as { result: PromSample[] }).result;
}

/** One HTTP GET from inside the namespace (its loopback), by a short Node process. */
function nsFetch(
  ns: TestNetns,
  url: string,
  headers: Record<string, string> = {},
): { status: number; body: string } {
  const script =
    'fetch(process.argv[1],{headers:JSON.parse(process.argv[2])})' +
    '.then(async r=>process.stdout.write(JSON.stringify({status:r.status,body:await r.text()})))' +
    '.catch(e=>process.stdout.write(JSON.stringify({status:0,body:String(e)})))';
  const r = ns.run(process.execPath, ['-e', script, url, JSON.stringify(headers)], { timeoutMs: 15_000 });
  return JSON.parse(r.stdout || '{"status":0,"body":"no output"}') as { status: number; body: string };
}

type Counts = Record<'time_wait' | 'listen' | 'close_wait' | 'fin_wait2', { ipv4: number; ipv6: number }>;

/**
 * In the namespace: count with ss, wait for a snapshot and a scrape after that moment, query
 * Prometheus over one keep-alive connection, count with ss again.
 */
function runProbe(ns: TestNetns): {
  ssBefore: Counts;
  ssAfter: Counts;
  prom: Counts;
  snapshotAfterSs: boolean;
} {
  const script = `
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const STATES = { time_wait: 'time-wait', listen: 'listening', close_wait: 'close-wait', fin_wait2: 'fin-wait-2' };
const count = (fam, st) => execFileSync('ss', ['-tanH', fam, 'state', st]).toString().split('\\n').filter(Boolean).length;
const ss = () => Object.fromEntries(Object.entries(STATES).map(([k, st]) => [k, { ipv4: count('-4', st), ipv6: count('-6', st) }]));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const q = (expr) => new Promise((res, rej) => {
  http.get({ host: '127.0.0.1', port: ${PROM_PORT}, path: '/api/v1/query?query=' + encodeURIComponent(expr), agent }, (r) => {
    let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => res(JSON.parse(b).data.result));
  }).on('error', rej);
});
(async () => {
  const t0 = Date.now() / 1000;
  const ssBefore = ss();
  await new Promise((r) => setTimeout(r, 3500));
  const prom = {};
  for (const k of Object.keys(STATES)) {
    const rows = await q('tcpdoctor_connections{state="' + k + '"}');
    prom[k] = { ipv4: 0, ipv6: 0 };
    for (const row of rows) prom[k][row.metric.family] = Number(row.value[1]);
  }
  const ts = await q('tcpdoctor_snapshot_timestamp_seconds');
  const ssAfter = ss();
  process.stdout.write(JSON.stringify({ ssBefore, ssAfter, prom, snapshotAfterSs: Number(ts[0].value[1]) > t0 }));
  agent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
`;
  const r = ns.run(process.execPath, ['-e', script], { timeoutMs: 20_000 });
  if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Poll `get` until `ok`, at most `ms`; bounded in time and count. */
async function until<T>(
  get: () => T | Promise<T>,
  ok: (v: T) => boolean,
  ms: number,
  why: () => string = () => 'condition not met',
): Promise<T> {
  const end = Date.now() + ms;
  for (let i = 0; i < 200; i++) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`after ${ms} ms: ${why()} (last: ${JSON.stringify(v).slice(0, 500)})`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up polling: ${why()}`);
}
