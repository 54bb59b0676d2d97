#!/usr/bin/env node
// bench/dump.mjs — offline dumps: `tcpdoctor --input FILE --awk` against the classic awk
// one-liner under mawk and gawk, on the same deterministic files, in the same run.
//
//   npm run build && node bench/dump.mjs [--lines 1000000] [--runs 7] [--seed 42]
//                                        [--rss-lines 10000000] [--no-rss | --rss-only] [--out bench/out]
//   node bench/dump.mjs --emit netstat|netstat-W|ss --lines N [--seed S]   (a dump to stdout)
//
// It writes bench/out/{netstat,netstat-W,ss}-<N>-seed<S>-v2.txt once per seed and size: net-tools
// `netstat -n` (an address cut to its 23-character column, as net-tools does without -W),
// `netstat -nW` (nothing cut: IPv6 rows leave the columns) and iproute2 `ss -tan`. It checks that
// tcpdoctor's counts equal the one-liner's, then times every command `--runs` times,
// round-robin so that background load hits all of them alike, and prints medians and ratios.
// Node runs without NODE_EXTRA_CA_CERTS (Node 20 reads that file at start-up: 50-90 ms here).
// With /usr/bin/time installed it also reports CPU time (user + system of every thread).
// Peak RSS: tcpdoctor counting a 10,000,000-line dump from a file and from stdin, under
// /usr/bin/time -v (--rss-only runs just that).
// Needs `npm run build` output in dist/ (it runs a private copy of it under bench/out/).
// Not a test: numbers depend on the machine; docs/benchmarks.md records a run.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const LINES = Math.floor(Number(opt('--lines', '1000000')));
const RUNS = Math.max(1, Math.floor(Number(opt('--runs', '7'))));
const SEED = Number(opt('--seed', '42')) >>> 0;
const RSS_LINES = Math.floor(Number(opt('--rss-lines', '10000000')));
const OUT = resolve(REPO, opt('--out', 'bench/out'));
// A private copy of the built CLI, so that a `npm run build` elsewhere in the tree cannot swap it
// mid-run: the shipped form (dist/cli/tcpdoctor.cjs, bundled by `npm run build`) and the plain
// tsc output beside it.
const APP = resolve(OUT, 'dump-app');
const CLI = resolve(APP, 'dist/cli/tcpdoctor.cjs');
const CLI_TSC = resolve(APP, 'dist/cli/main.js');
if (!(LINES > 0 && LINES <= 50_000_000)) fail('--lines takes 1..50000000');

// ---------------------------------------------------------------- the population
// A busy web server: mostly TIME_WAIT (it closes first), ESTABLISHED, a few of everything else;
// 10 % IPv6, a fifth of those IPv4-mapped on a dual-stack listener; listeners only in ss (netstat
// -n hides them). Addresses from the documentation ranges and loopback.
const MIX = [
  ['TIME_WAIT', 80],
  ['ESTABLISHED', 15],
  ['CLOSE_WAIT', 2],
  ['FIN_WAIT2', 1.2],
  ['FIN_WAIT1', 0.5],
  ['LAST_ACK', 0.5],
  ['SYN_RECV', 0.3],
  ['SYN_SENT', 0.3],
  ['CLOSING', 0.1],
  ['CLOSE', 0.1],
];
const SS_NAME = {
  ESTABLISHED: 'ESTAB',
  SYN_SENT: 'SYN-SENT',
  SYN_RECV: 'SYN-RECV',
  FIN_WAIT1: 'FIN-WAIT-1',
  FIN_WAIT2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT',
  CLOSE: 'UNCONN',
  CLOSE_WAIT: 'CLOSE-WAIT',
  LAST_ACK: 'LAST-ACK',
  LISTEN: 'LISTEN',
  CLOSING: 'CLOSING',
};
const CUMUL = (() => {
  const total = MIX.reduce((a, [, w]) => a + w, 0);
  let c = 0;
  return MIX.map(([k, w]) => {
    c += w / total;
    return [c, k];
  });
})();

/** mulberry32: a small seeded generator, so the same seed gives the same bytes. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LOCAL4 = ['192.0.2.10', '192.0.2.11', '127.0.0.1'];
const LOCAL6 = ['2001:db8:0:1::10', '2001:db8:0:1::11', '::1'];
const NETS4 = ['198.51.100.', '203.0.113.', '192.0.2.'];
const SERVICES = [443, 80, 8080, 5432, 6379];
const LISTENERS = 24;

function* sockets(n, seed) {
  const r = rng(seed);
  const n6 = Math.round(n / 10);
  const pick = (a) => a[Math.floor(r() * a.length)];
  for (let i = 0; i < LISTENERS; i++) {
    const six = i % 3 === 2;
    yield {
      family: six ? 6 : 4,
      listen: true,
      state: 'LISTEN',
      recvq: 0,
      sendq: 4096,
      laddr: six ? '::' : i % 3 === 0 ? '0.0.0.0' : LOCAL4[i % 2],
      lport: 1000 + 7 * i,
      raddr: six ? '::' : '0.0.0.0',
      rport: '*',
    };
  }
  for (let i = 0; i < n; i++) {
    const six = i >= n - n6;
    const u = r();
    const state = CUMUL.find(([c]) => u < c)?.[1] ?? 'CLOSE';
    const outbound = state === 'SYN_SENT' || r() < 0.15;
    const ephemeral = 32768 + Math.floor(r() * 28232);
    const svc = pick(SERVICES);
    let laddr;
    let raddr;
    if (!six) {
      laddr = LOCAL4[Math.floor(r() * 2.2)];
      raddr = laddr === '127.0.0.1' ? laddr : `${pick(NETS4)}${1 + Math.floor(r() * 254)}`;
    } else if (r() < 0.2) {
      laddr = '::ffff:192.0.2.10';
      raddr = `::ffff:${pick(NETS4)}${1 + Math.floor(r() * 254)}`;
    } else {
      laddr = LOCAL6[Math.floor(r() * 2.2)];
      raddr =
        laddr === '::1'
          ? laddr
          : `2001:db8:${(0x100 + Math.floor(r() * 0xfeff)).toString(16)}::${(1 + Math.floor(r() * 0xfffe)).toString(16)}`;
    }
    yield {
      family: six ? 6 : 4,
      state,
      recvq: state === 'ESTABLISHED' && r() < 0.03 ? Math.floor(r() * 65536) : 0,
      sendq: state === 'ESTABLISHED' && r() < 0.05 ? Math.floor(r() * 200000) : 0,
      laddr,
      lport: outbound ? ephemeral : svc,
      raddr,
      rport: outbound ? svc : ephemeral,
    };
  }
}

const padR = (s, w) => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const padL = (s, w) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);

/**
 * net-tools 2.10 `netstat -n`: `%-4s  %6ld %6ld %-23s %-23s %-11s`; tcp6 rows print v4-mapped
 * addresses as IPv4; without -W an address and port longer than 22 characters is cut to 23
 * (netstat.c addr_do_one), so the columns stay put. `wide` is `netstat -nW`: nothing is cut.
 */
function netstatEndpoint(addr, port, wide) {
  const saddr = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  const sport = String(port);
  if (wide || saddr.length + sport.length <= 22) return `${saddr}:${sport}`;
  const portLen = Math.min(sport.length, 22 - 4);
  return `${saddr.slice(0, 22 - portLen)}:${sport.slice(0, portLen)}`;
}

function* netstatLines(n, seed, wide = false) {
  yield 'Active Internet connections (w/o servers)\n';
  yield 'Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n';
  for (const s of sockets(n, seed)) {
    if (s.listen) continue;
    const l = netstatEndpoint(s.laddr, s.lport, wide);
    const f = netstatEndpoint(s.raddr, s.rport, wide);
    yield `${padR(s.family === 4 ? 'tcp' : 'tcp6', 4)}  ${padL(String(s.recvq), 6)} ${padL(String(s.sendq), 6)} ${padR(l, 23)} ${padR(f, 23)} ${padR(s.state, 11)}\n`;
  }
  yield `${padR('udp', 4)}  ${padL('0', 6)} ${padL('0', 6)} ${padR('192.0.2.10:41234', 23)} ${padR('198.51.100.1:53', 23)} ESTABLISHED\n`;
  yield 'Active UNIX domain sockets (w/o servers)\n';
  yield 'Proto RefCnt Flags       Type       State         I-Node   Path\n';
  yield 'unix  3      [ ]         STREAM     CONNECTED     23145    /run/systemd/journal/stdout\n';
}

/** iproute2 6.1 `ss -tan`: columns sized over the whole output, addresses right-aligned to the colon. */
function* ssLines(n, seed) {
  const addr = (s, a) => (s.family === 6 ? (a === '::' ? '[::]' : `[${a}]`) : a);
  let w = [5, 6, 6, 13, 4, 12, 4];
  for (const s of sockets(n, seed)) {
    w = [
      Math.max(w[0], SS_NAME[s.state].length),
      Math.max(w[1], String(s.recvq).length),
      Math.max(w[2], String(s.sendq).length),
      Math.max(w[3], addr(s, s.laddr).length),
      Math.max(w[4], String(s.lport).length),
      Math.max(w[5], addr(s, s.raddr).length),
      Math.max(w[6], String(s.rport).length),
    ];
  }
  yield `${padR('State', w[0])} ${padR('Recv-Q', w[1])} ${padR('Send-Q', w[2])} ${padL('Local Address', w[3])}:${padR('Port', w[4])} ${padL('Peer Address', w[5])}:${padR('Port', w[6])}Process\n`;
  for (const s of sockets(n, seed)) {
    yield `${padR(SS_NAME[s.state], w[0])} ${padR(String(s.recvq), w[1])} ${padR(String(s.sendq), w[2])} ${padL(addr(s, s.laddr), w[3])}:${padR(String(s.lport), w[4])} ${padL(addr(s, s.raddr), w[5])}:${padR(String(s.rport), w[6])}       \n`;
  }
}

async function writeLines(gen, stream) {
  let batch = '';
  for (const line of gen) {
    batch += line;
    if (batch.length > 1 << 20) {
      if (!stream.write(batch)) await new Promise((r) => stream.once('drain', r));
      batch = '';
    }
  }
  await new Promise((r) => stream.end(batch, r));
}

const GENERATORS = {
  netstat: (n) => netstatLines(n, SEED),
  'netstat-W': (n) => netstatLines(n, SEED, true),
  ss: (n) => ssLines(n, SEED),
};

async function dumpFile(kind, n) {
  mkdirSync(OUT, { recursive: true });
  const path = resolve(OUT, `${kind}-${n}-seed${SEED}-v2.txt`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const t = performance.now();
  await writeLines(GENERATORS[kind](n), createWriteStream(`${path}.tmp`));
  spawnSync('mv', [`${path}.tmp`, path]);
  log(`wrote ${path} (${mb(statSync(path).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return path;
}

// ---------------------------------------------------------------- timing
const ONE_LINER = {
  netstat: '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}',
  'netstat-W': '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}',
  ss: 'NR>1 {++S[$1]} END {for(a in S) print a, S[a]}',
};
const nodeEnv = () => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
};

function prepareApps() {
  if (!existsSync(resolve(REPO, 'dist/cli/tcpdoctor.cjs'))) fail('dist/ is not built: npm run build first');
  rmSync(APP, { recursive: true, force: true });
  cpSync(resolve(REPO, 'dist'), resolve(APP, 'dist'), { recursive: true });
}

function commands(kind, file) {
  const list = [
    {
      name: 'tcpdoctor --input FILE --awk',
      cmd: process.execPath,
      args: [CLI, '--input', file, '--awk'],
      env: nodeEnv(),
    },
    {
      name: 'same, unbundled (tsc output)',
      cmd: process.execPath,
      args: [CLI_TSC, '--input', file, '--awk'],
      env: nodeEnv(),
    },
  ];
  for (const awk of ['mawk', 'gawk']) {
    if (spawnSync(awk, ['--version'], { stdio: 'ignore' }).error) {
      log(`${awk} not found: skipped (apt-get install -y ${awk})`);
      continue;
    }
    list.push({ name: `${awk} one-liner`, cmd: awk, args: [ONE_LINER[kind], file], env: process.env });
  }
  if (!spawnSync('gawk', ['--version'], { stdio: 'ignore' }).error) {
    list.push({
      name: 'LC_ALL=C gawk one-liner',
      cmd: 'gawk',
      args: [ONE_LINER[kind], file],
      env: { ...process.env, LC_ALL: 'C' },
    });
  }
  list.push({
    name: 'cat FILE | tcpdoctor --awk',
    cmd: 'sh',
    args: ['-c', `cat '${file}' | '${process.execPath}' '${CLI}' --awk`],
    env: nodeEnv(),
  });
  return list;
}

/**
 * One run: wall time from here, and CPU time (user + system, every thread) from /usr/bin/time
 * when it is installed. CPU time is what a busy shared machine disturbs least.
 */
function timeOnce(c) {
  const cpuFile = resolve(OUT, '.cpu-time');
  const withTime = HAVE_TIME
    ? ['/usr/bin/time', ['-o', cpuFile, '-f', '%U %S', c.cmd, ...c.args]]
    : [c.cmd, c.args];
  const t = process.hrtime.bigint();
  const r = spawnSync(withTime[0], withTime[1], {
    env: c.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) fail(`${c.name} failed (${r.status}): ${String(r.stderr).slice(0, 300)}`);
  let cpu = Number.NaN;
  if (HAVE_TIME) {
    const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = (user + sys) * 1000;
  }
  return { ms, cpu, out: String(r.stdout) };
}

const HAVE_TIME = existsSync('/usr/bin/time');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** awk prints its own spellings in hash order; tcpdoctor the canonical ones in lifecycle order. */
function normalise(out) {
  const back = Object.fromEntries(Object.entries(SS_NAME).map(([k, v]) => [v, k]));
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [state, n] = l.trim().split(/\s+/);
      return `${back[state] ?? state} ${n}`;
    })
    .sort()
    .join('\n');
}

function bench(kind, file) {
  const list = commands(kind, file);
  const reference = normalise(timeOnce(list[2] ?? list[0]).out); // mawk's, when installed
  for (const c of list) {
    const got = normalise(timeOnce(c).out); // also a warm-up run
    if (got !== reference) fail(`${c.name} disagrees with the one-liner:\n${got}\n--- vs ---\n${reference}`);
  }
  const times = list.map(() => []);
  const cpus = list.map(() => []);
  for (let run = 0; run < RUNS; run++) {
    for (const [i, c] of list.entries()) {
      const r = timeOnce(c);
      times[i].push(r.ms);
      cpus[i].push(r.cpu);
    }
  }
  const base = median(times[0]);
  const baseCpu = median(cpus[0]);
  log(
    `\n${kind} dump, ${LINES.toLocaleString('en-US')} socket lines, ${mb(statSync(file).size)} — medians of ${RUNS} runs; ratio = the command's / tcpdoctor's`,
  );
  log(`  ${''.padEnd(30)} ${'wall'.padStart(6)}     (min–max)     ratio   ${'cpu'.padStart(6)}     ratio`);
  for (const [i, c] of list.entries()) {
    const m = median(times[i]);
    const cpu = median(cpus[i]);
    const range = `(${Math.min(...times[i]).toFixed(0)}–${Math.max(...times[i]).toFixed(0)})`;
    log(
      `  ${c.name.padEnd(30)} ${m.toFixed(0).padStart(6)} ms  ${range.padEnd(13)} ${(m / base).toFixed(2).padStart(5)}×   ${Number.isNaN(cpu) ? '     -' : cpu.toFixed(0).padStart(6)} ms  ${Number.isNaN(cpu) ? '' : `${(cpu / baseCpu).toFixed(2).padStart(5)}×`}`,
    );
  }
  log(`  counts agree: ${reference.split('\n').join(', ')}`);
  return Object.fromEntries(
    list.map((c, i) => [c.name, { wallMs: median(times[i]), cpuMs: median(cpus[i]) }]),
  );
}

/** Peak RSS of tcpdoctor counting a RSS_LINES-line netstat dump: from a file, and from a pipe. */
async function peakRss() {
  if (!existsSync('/usr/bin/time')) {
    log('/usr/bin/time not found (apt-get install -y time): peak RSS skipped');
    return undefined;
  }
  const maxRss = (stderr) => Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  const counted = (stdout) =>
    stdout
      .trim()
      .split('\n')
      .reduce((n, l) => n + Number(l.split(' ')[1]), 0);
  const file = await dumpFile('netstat', RSS_LINES);
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, '--input', file, '--awk'], {
    env: nodeEnv(),
    encoding: 'utf8',
  });
  if (r.status !== 0) fail(`peak RSS run failed: ${r.stderr.slice(-500)}`);
  const fileKb = maxRss(r.stderr);
  log(
    `\npeak RSS, ${RSS_LINES.toLocaleString('en-US')}-line netstat dump (${mb(statSync(file).size)}) with --input: ${(fileKb / 1024).toFixed(1)} MiB (${counted(r.stdout).toLocaleString('en-US')} sockets counted)`,
  );
  // spawn() gives the child a socket, not a pipe: implicit stdin would not read it (conventions.md)
  const child = spawn('/usr/bin/time', ['-v', process.execPath, CLI, '--input', '-', '--awk'], {
    env: nodeEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  await writeLines(netstatLines(RSS_LINES, SEED), child.stdin);
  const code = await new Promise((done) => child.on('close', done));
  if (code !== 0) fail(`peak RSS run failed: ${err.slice(-500)}`);
  const pipeKb = maxRss(err);
  log(
    `peak RSS, the same dump generated into stdin: ${(pipeKb / 1024).toFixed(1)} MiB (${counted(out).toLocaleString('en-US')} sockets counted)`,
  );
  return { fileKb, pipeKb };
}

// ---------------------------------------------------------------- main
function log(s) {
  process.stdout.write(`${s}\n`);
}
function fail(s) {
  process.stderr.write(`bench/dump.mjs: ${s}\n`);
  process.exit(1);
}
function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

async function main() {
  const emit = opt('--emit');
  if (emit) {
    if (!GENERATORS[emit]) fail('--emit netstat|netstat-W|ss');
    process.stdout.on('error', (err) => process.exit(err.code === 'EPIPE' ? 0 : 1));
    await writeLines(GENERATORS[emit](LINES), process.stdout);
    return;
  }
  prepareApps();
  log(
    `node ${process.version}, ${RUNS} runs, seed ${SEED}, ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} load`,
  );
  const results = {};
  if (args.includes('--rss-only')) {
    results.peakRss = await peakRss();
    return;
  }
  results.netstat = bench('netstat', await dumpFile('netstat', LINES));
  results['netstat-W'] = bench('netstat-W', await dumpFile('netstat-W', LINES));
  results.ss = bench('ss', await dumpFile('ss', LINES));
  if (!args.includes('--no-rss')) results.peakRss = await peakRss();
  writeFileSync(
    resolve(OUT, 'dump-results.json'),
    `${JSON.stringify({ lines: LINES, runs: RUNS, seed: SEED, ...results }, null, 1)}\n`,
  );
}

await main();
