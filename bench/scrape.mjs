#!/usr/bin/env node
// scrape.mjs - the exporter benchmark (issue 10): a bounded burst of concurrent scrapes against
// `tcpdoctor serve` and `prometheus-node-exporter --collector.tcpstat`, each watching the same
// 100,000 TIME_WAIT sockets, on loopback inside a private network namespace.
//
//   npm run build && node bench/scrape.mjs [--sockets 100000] [--rounds 3] [--seconds 6]
//                                          [--connections 16] [--no-pin]
//
// Needs root (ip netns), wrk, prometheus-node-exporter, curl, taskset (optional). For every round
// and method it creates a fresh namespace (loopback only, tcp_max_tw_buckets 131072), fills it with
// N client-side TIME_WAIT (bench/scrape-fill.mjs: explicit source ports below the ephemeral range,
// many 127.66.x destinations, 10 % on [::1]; its listeners on CPU 1, its clients on CPU 0), starts
// the exporter there, compares its TIME_WAIT count with ss, times 3 single scrapes with curl, then
// runs `wrk -t1 -c<connections> -d<seconds>s --latency` on /metrics (the exporter pinned to CPU 1,
// wrk to CPU 0) and reads the exporter's CPU time and memory from /proc; all within the ~60 s a
// TIME_WAIT socket lives (a round that runs past it says so), then deletes the namespace. Methods
// interleaved, the order rotated every round; medians reported. NODE_EXTRA_CA_CERTS is unset for
// tcpdoctor. Writes bench/out/scrape-<time>.{json,md}.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(REPO, 'bench', 'out');
const CLI = join(REPO, 'dist', 'cli', 'main.js');
const FILL = join(REPO, 'bench', 'scrape-fill.mjs');
const CLK_TCK = 100; // USER_HZ on x86 and arm64 (getconf CLK_TCK)

const opts = parseArgs(process.argv.slice(2));
const METHODS = [
  {
    id: 'tcpdoctor',
    label: 'tcpdoctor serve (netlink, interval 15s)',
    port: 9879,
    argv: [process.execPath, CLI, 'serve', '--listen', '127.0.0.1:9879', '--interval', '15'],
    ready: /serving http/,
    timeWait: (t) => sumMetric(t, /^tcpdoctor_connections\{state="time_wait",family="ipv[46]"\} (\d+)$/gm),
  },
  {
    id: 'node-tcpstat',
    label: 'node_exporter --collector.disable-defaults --collector.tcpstat',
    port: 9100,
    argv: [
      'prometheus-node-exporter',
      '--web.listen-address=127.0.0.1:9100',
      '--collector.disable-defaults',
      '--collector.tcpstat',
    ],
    ready: /Listening on/,
    timeWait: (t) => sumMetric(t, /^node_tcp_connection_states\{state="time_wait"\} (\S+)$/gm),
  },
  {
    id: 'node-defaults',
    label: 'node_exporter (default collectors) --collector.tcpstat',
    port: 9100,
    argv: ['prometheus-node-exporter', '--web.listen-address=127.0.0.1:9100', '--collector.tcpstat'],
    ready: /Listening on/,
    timeWait: (t) => sumMetric(t, /^node_tcp_connection_states\{state="time_wait"\} (\S+)$/gm),
  },
];

const namespaces = new Set();
const children = new Set();
process.on('SIGINT', () => abort('interrupted'));
process.on('SIGTERM', () => abort('terminated'));

main().catch((err) => abort(err.stack ?? String(err)));

async function main() {
  preflight();
  const runs = [];
  const chosen = METHODS.filter((m) => opts.methods.includes(m.id));
  for (let round = 0; round < opts.rounds; round++) {
    // rotate the order so no method always runs first (or last) in a round
    const order = chosen.map((_, i) => chosen[(i + round) % chosen.length]);
    for (const m of order) {
      const r = await inFreshNamespace(round, (ns) => runOne(ns, m, round));
      runs.push(r);
      log(
        `round ${round + 1} ${m.id}: p50 ${fmtMs(r.wrk.p50Ms)} p99 ${fmtMs(r.wrk.p99Ms)} ` +
          `${r.wrk.requestsPerSec.toFixed(0)} req/s, CPU ${r.cpuMsPerScrape.toFixed(2)} ms/scrape, ` +
          `RSS ${(r.rssKb / 1024).toFixed(1)} MiB (peak ${(r.hwmKb / 1024).toFixed(1)}), ` +
          `counted ${r.counted} (ss ${r.ssTimeWait}), ${r.secondsSinceFill.toFixed(0)} s after the fill began`,
      );
    }
  }
  const summary = summarise(runs);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(OUT, { recursive: true });
  const meta = {
    date: new Date().toISOString(),
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'latin1').trim(),
    node: process.version,
    cpus: spawnSync('nproc').stdout.toString().trim(),
    loadavg: readFileSync('/proc/loadavg', 'latin1').trim(),
    opts,
  };
  writeFileSync(join(OUT, `scrape-${stamp}.json`), `${JSON.stringify({ meta, runs, summary }, null, 2)}\n`);
  const md = renderMarkdown(meta, summary);
  writeFileSync(join(OUT, `scrape-${stamp}.md`), md);
  process.stdout.write(`\n${md}`);
}

/**
 * A new namespace with N fresh TIME_WAIT for one measurement: TIME_WAIT lives 60 s, so each
 * exporter is measured on a population none of which has expired (no churn during the burst).
 */
async function inFreshNamespace(round, measure) {
  const ns = `tdscrape-${process.pid}-${namespaces.size}-${Date.now() % 100000}`;
  sh('ip', ['netns', 'add', ns]);
  namespaces.add(ns);
  try {
    sh('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    sh('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.tcp_max_tw_buckets=131072']);
    const fillStart = Date.now();
    const fill = startIn(
      ns,
      pin(0, [
        process.execPath,
        FILL,
        '--time-wait',
        String(opts.sockets),
        '--net',
        String(1 + round),
        ...(opts.pin ? ['--server-cpu', '1'] : []),
      ]),
    );
    const ready = JSON.parse((await waitLine(fill, /^READY (.*)$/, 90_000))[1]);
    const result = await measure(ns);
    result.fill = ready;
    result.secondsSinceFill = (Date.now() - fillStart) / 1000;
    if (result.secondsSinceFill > 58)
      log('warning: past the 60 s TIME_WAIT lifetime: the count drifted down');
    fill.stdin.end();
    await stop(fill);
    return result;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
    namespaces.delete(ns);
  }
}

async function runOne(ns, method, round) {
  const started = Date.now();
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const exporter = startIn(ns, pin(1, method.argv), env);
  await waitLine(exporter, method.ready, 30_000, 'stderr');
  const url = `http://127.0.0.1:${method.port}/metrics`;
  await until(() => curl(ns, url).code === 200, 15_000);
  const pid = exporterPid(exporter, ns);
  // what each exporter counted is shown beside ss's count a moment before; exactness is asserted
  // by test/e2e/serve.test.ts, here a drift would only mean the round ran past 60 s
  const ssBefore = ssTimeWait(ns);
  const body = curl(ns, url);
  const counted = method.timeWait(body.text);
  const singles = [];
  for (let i = 0; i < 3; i++) singles.push(curl(ns, url).seconds * 1000);
  const snapsBefore =
    method.id === 'tcpdoctor' ? metricValue(body.text, 'tcpdoctor_snapshots_total') : undefined;
  const cpu0 = cpuTicks(pid);
  const wrk = runWrk(ns, url);
  const cpu1 = cpuTicks(pid);
  const mem = memory(pid);
  const after = curl(ns, url).text;
  const snapsAfter = method.id === 'tcpdoctor' ? metricValue(after, 'tcpdoctor_snapshots_total') : undefined;
  const result = {
    round,
    method: method.id,
    ssTimeWait: ssBefore,
    counted,
    bodyBytes: Buffer.byteLength(body.text),
    singleScrapeMs: median(singles),
    wrk,
    cpuMs: ((cpu1 - cpu0) * 1000) / CLK_TCK,
    cpuMsPerScrape: wrk.requests > 0 ? ((cpu1 - cpu0) * 1000) / CLK_TCK / wrk.requests : 0,
    rssKb: mem.rssKb,
    hwmKb: mem.hwmKb,
    seconds: (Date.now() - started) / 1000,
  };
  if (method.id === 'tcpdoctor') {
    result.heapUsedMiB = (metricValue(after, 'nodejs_heap_size_used_bytes') ?? 0) / 2 ** 20;
    result.externalMiB = (metricValue(after, 'nodejs_external_memory_bytes') ?? 0) / 2 ** 20;
    result.snapshotsDuringBurst = (snapsAfter ?? 0) - (snapsBefore ?? 0);
    result.snapshotSeconds = metricValue(after, 'tcpdoctor_snapshot_duration_seconds');
  }
  await stop(exporter);
  return result;
}

function runWrk(ns, url) {
  const r = spawnSync(
    'ip',
    [
      'netns',
      'exec',
      ns,
      ...pin(0, [
        'wrk',
        '-t1',
        `-c${opts.connections}`,
        `-d${opts.seconds}s`,
        '--timeout',
        '10s',
        '--latency',
        url,
      ]),
    ],
    { encoding: 'utf8', timeout: (opts.seconds + 30) * 1000 },
  );
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const out = r.stdout;
  const pct = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : Number.NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: (.*)$/m.exec(out)?.[1] ?? '';
  return {
    p50Ms: pct(50),
    p90Ms: pct(90),
    p99Ms: pct(99),
    requests,
    requestsPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    non2xx,
    socketErrors: errors,
    raw: out,
  };
}

function summarise(runs) {
  const out = {};
  for (const m of METHODS) {
    const rs = runs.filter((r) => r.method === m.id);
    if (rs.length === 0) continue;
    const pick = (f) => median(rs.map(f));
    out[m.id] = {
      label: m.label,
      runs: rs.length,
      p50Ms: pick((r) => r.wrk.p50Ms),
      p99Ms: pick((r) => r.wrk.p99Ms),
      p99Range: [Math.min(...rs.map((r) => r.wrk.p99Ms)), Math.max(...rs.map((r) => r.wrk.p99Ms))],
      requestsPerSec: pick((r) => r.wrk.requestsPerSec),
      singleScrapeMs: pick((r) => r.singleScrapeMs),
      cpuMsPerScrape: pick((r) => r.cpuMsPerScrape),
      rssMiB: pick((r) => r.rssKb) / 1024,
      peakRssMiB: pick((r) => r.hwmKb) / 1024,
      bodyBytes: pick((r) => r.bodyBytes),
      counted: rs.map((r) => `${r.counted}/${r.ssTimeWait}`),
      heapUsedMiB: rs.map((r) => r.heapUsedMiB).filter((x) => x !== undefined),
      externalMiB: rs.map((r) => r.externalMiB).filter((x) => x !== undefined),
      non2xx: rs.reduce((n, r) => n + r.wrk.non2xx, 0),
      snapshotsDuringBurst: rs.map((r) => r.snapshotsDuringBurst).filter((x) => x !== undefined),
      snapshotSeconds: rs.map((r) => r.snapshotSeconds).filter((x) => x !== undefined),
    };
  }
  return out;
}

function renderMarkdown(meta, s) {
  const rows = Object.values(s).map(
    (m) =>
      `| ${m.label} | ${fmtMs(m.p50Ms)} | ${fmtMs(m.p99Ms)} (${fmtMs(m.p99Range[0])}–${fmtMs(m.p99Range[1])}) | ` +
      `${m.requestsPerSec.toFixed(0)} | ${fmtMs(m.singleScrapeMs)} | ${m.cpuMsPerScrape.toFixed(3)} | ` +
      `${m.rssMiB.toFixed(1)} (${m.peakRssMiB.toFixed(1)}) | ${(m.bodyBytes / 1024).toFixed(1)} | ${m.counted.join(', ')} |`,
  );
  const td = s.tcpdoctor;
  return `Scrape benchmark, ${meta.date}: ${opts.sockets.toLocaleString('en')} TIME_WAIT, wrk -t1 -c${opts.connections} -d${opts.seconds}s, ${opts.rounds} rounds (medians); kernel ${meta.kernel}, ${meta.cpus} CPUs, Node ${meta.node}, load average at the end ${meta.loadavg}

| exporter | p50 | p99 (min–max) | scrapes/s | one scrape alone | CPU ms per scrape | RSS MiB (peak) | body KiB | TIME_WAIT counted / ss |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

tcpdoctor: snapshots taken during the bursts ${JSON.stringify(td?.snapshotsDuringBurst)}; one snapshot (census, counters, diagnosis) took ${JSON.stringify(td?.snapshotSeconds?.map((x) => `${(x * 1000).toFixed(0)} ms`))}; V8 heap used ${JSON.stringify(td?.heapUsedMiB?.map((x) => `${x.toFixed(0)} MiB`))}, external ${JSON.stringify(td?.externalMiB?.map((x) => `${x.toFixed(0)} MiB`))}.
`;
}

// --- helpers ---

function preflight() {
  if (process.getuid?.() !== 0) abort('needs root (ip netns add)');
  for (const [cmd, args] of [
    ['wrk', ['--version']],
    ['prometheus-node-exporter', ['--version']],
    ['curl', ['--version']],
    ['ss', ['-V']],
  ]) {
    const r = spawnSync(cmd, args);
    if (r.error) abort(`${cmd} is missing (apt-get install wrk prometheus-node-exporter curl iproute2)`);
  }
  try {
    readFileSync(CLI);
  } catch {
    abort('dist/ is missing: npm run build first');
  }
}

function pin(cpu, argv) {
  return opts.pin ? ['taskset', '-c', String(cpu), ...argv] : argv;
}

function startIn(ns, argv, env = process.env) {
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.lines = { stdout: [], stderr: [] };
  for (const stream of ['stdout', 'stderr']) {
    createInterface({ input: child[stream] }).on('line', (l) => {
      child.lines[stream].push(l);
      if (child.lines[stream].length > 200) child.lines[stream].shift();
    });
  }
  return child;
}

function waitLine(child, re, ms, stream = 'stdout') {
  return new Promise((resolveLine, reject) => {
    const timer = setTimeout(() => {
      clearInterval(poll);
      reject(new Error(`no ${re} in ${ms} ms: ${child.lines.stderr.join('\n')}`));
    }, ms);
    const poll = setInterval(() => {
      for (const l of [...child.lines[stream], ...child.lines.stdout]) {
        const m = re.exec(l);
        if (m) {
          clearInterval(poll);
          clearTimeout(timer);
          resolveLine(m);
          return;
        }
      }
      if (child.exitCode !== null) {
        clearInterval(poll);
        clearTimeout(timer);
        reject(new Error(`exited ${child.exitCode}: ${child.lines.stderr.join('\n')}`));
      }
    }, 50);
  });
}

/** The exporter's own pid: the process that `ip netns exec [taskset]` became (exec, same pid). */
function exporterPid(child) {
  return child.pid;
}

function ssTimeWait(ns) {
  return Number(sh('ip', ['netns', 'exec', ns, 'sh', '-c', 'ss -tanH state time-wait | wc -l']).trim());
}

function curl(ns, url) {
  const r = spawnSync(
    'ip',
    [
      'netns',
      'exec',
      ns,
      'curl',
      '-s',
      '-o',
      '-',
      '-w',
      '\n%{http_code} %{time_total}',
      '--max-time',
      '20',
      url,
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const nl = r.stdout.lastIndexOf('\n');
  const [code, seconds] = r.stdout.slice(nl + 1).split(' ');
  return { code: Number(code), seconds: Number(seconds), text: r.stdout.slice(0, nl) };
}

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14, 15)
}

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

function sumMetric(text, re) {
  let n = 0;
  for (const m of text.matchAll(re)) n += Number(m[1]);
  return n;
}

function metricValue(text, name) {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(timer);
}

async function until(ok, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready in ${ms} ms`);
}

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function median(xs) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function fmtMs(ms) {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

function parseArgs(argv) {
  const o = {
    sockets: 100_000,
    rounds: 3,
    seconds: 6,
    connections: 16,
    pin: true,
    methods: ['tcpdoctor', 'node-tcpstat', 'node-defaults'],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min, max) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < min || v > max) abort(`${a} takes ${min}..${max}`);
      return v;
    };
    if (a === '--sockets') o.sockets = num(1000, 120_000);
    else if (a === '--rounds') o.rounds = num(1, 9);
    else if (a === '--seconds') o.seconds = num(2, 20);
    else if (a === '--connections') o.connections = num(1, 64);
    else if (a === '--no-pin') o.pin = false;
    else if (a === '--methods') o.methods = String(argv[++i]).split(',');
    else abort(`unknown option ${a}`);
  }
  if (o.pin && spawnSync('taskset', ['--version']).error) o.pin = false;
  return o;
}

function abort(msg) {
  for (const c of children) c.kill('SIGKILL');
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
  process.stderr.write(`scrape.mjs: ${msg}\n`);
  process.exit(1);
}
