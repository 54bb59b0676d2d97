#!/usr/bin/env node
// census.mjs - the live-census benchmark (issues 2 and 4): tcpdoctor against the classic
// one-liners and a raw C netlink dump, on TIME_WAIT populations it builds itself.
//
//   npm run bench                    (= npm run build && node bench/census.mjs)
//   node bench/census.mjs [--sizes 0,10000,100000] [--runs 9] [--warmup 1] [--no-pin]
//
// Needs root (ip netns add), iproute2 (ss), net-tools (netstat), awk, gcc, taskset (optional).
// For each size it creates a private network namespace with only loopback, builds N client-side
// TIME_WAIT sockets plus 1,000 ESTABLISHED pairs, 200 CLOSE_WAIT and their 200 FIN_WAIT2 peers,
// 10 % of each on [::1] (bench/lib/make-time-wait.mjs, one builder per CPU), then times every method
// as a whole process from inside that namespace (bench/lib/time-commands.mjs, pinned to CPU 1
// unless --no-pin),
// interleaved round by round, all within the ~60 s a TIME_WAIT socket lives. Node runs have
// NODE_EXTRA_CA_CERTS unset. Prints medians, spreads, what each method counted, and the ratios
// the issues set as targets; writes bench/out/census-<time>.{json,md}.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startBuilder } from './lib/start-builder.mjs';
import { thousands } from './lib/stats.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(REPO, 'bench', 'out');
// A private copy of the built CLI, so that another `npm run build` in the tree cannot swap it
// mid-run: the shipped form (dist/cli/tcpdoctor.cjs, bundled by `npm run build`) and the plain
// tsc output beside it, for before/after.
const APP = join(OUT, 'app');
const CLI = join(APP, 'dist', 'cli', 'tcpdoctor.cjs');
const CLI_TSC = join(APP, 'dist', 'cli', 'main.js');
const TIMER = join(REPO, 'bench', 'lib', 'time-commands.mjs');
const C_SRC = join(REPO, 'bench', 'diagdump.c');
const C_BIN = join(OUT, 'diagdump');
const ADDON_REL = join('native', 'build', 'Release', 'tcpdoctor_diag.node');
const ADDON = join(REPO, ADDON_REL);
// TIME_WAIT lasts 60 s from the first socket of the fill (net/tcp.h TCP_TIMEWAIT_LEN); stop 3 s early.
const TW_WINDOW_MS = 57_000;

const opts = parseArgs(process.argv.slice(2));
const namespaces = new Set();
const children = new Set();
process.on('SIGINT', () => abort('interrupted'));
process.on('SIGTERM', () => abort('terminated'));

const ONE_LINER = "netstat -n | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'";
const SS_AWK = "ss -tan | awk 'NR>1 {++S[$1]} END {for(a in S) print a, S[a]}'";
const CAT = 'cat /proc/net/tcp /proc/net/tcp6 > /dev/null';
const METHODS = [
  {
    id: 'netlink',
    label: 'tcpdoctor --json (netlink)',
    argv: [process.execPath, CLI, '--json'],
    parse: 'json',
  },
  {
    id: 'netlinkTsc',
    label: 'tcpdoctor --json, unbundled tsc output',
    argv: [process.execPath, CLI_TSC, '--json'],
    parse: 'json',
  },
  {
    id: 'proc',
    label: 'tcpdoctor --json --source proc',
    argv: [process.execPath, CLI, '--json', '--source', 'proc'],
    parse: 'json',
  },
  { id: 'oneliner', label: 'netstat -n | awk (one-liner)', argv: ['sh', '-c', ONE_LINER], parse: 'lines' },
  { id: 'ss', label: 'ss -tan | awk', argv: ['sh', '-c', SS_AWK], parse: 'lines' },
  { id: 'cat', label: 'cat /proc/net/tcp{,6} > /dev/null', argv: ['sh', '-c', CAT], parse: 'none' },
  { id: 'c', label: 'C sock_diag dump, per family (raw baseline)', argv: [C_BIN], parse: 'lines' },
  { id: 'c1', label: 'C sock_diag dump, single walk', argv: [C_BIN, '--single-walk'], parse: 'lines' },
  {
    id: 'node0',
    label: 'node -e 0 (Node start-up floor)',
    argv: [process.execPath, '-e', '0'],
    parse: 'none',
  },
  { id: 'true', label: '/bin/true (spawn floor)', argv: ['/bin/true'], parse: 'none' },
];

try {
  await main();
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  cleanup();
  process.exit(1);
}

async function main() {
  preflight();
  mkdirSync(OUT, { recursive: true });
  buildBaseline();
  prepareApps();
  const machine = describeMachine();
  const pin = opts.pin && cpus().length >= 2;
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  console.log(
    `bench: ${machine.cpu}, ${machine.cpus} CPUs, kernel ${machine.kernel}, Node ${process.version}, awk = ${machine.awk}`,
  );
  console.log(
    `bench: ${opts.runs} measured rounds after ${opts.warmup} warm-up, interleaved; ` +
      `populations built by one process per CPU, ${pin ? 'timed commands on CPU 1 (taskset, as in the lab)' : 'timed commands not pinned'}; ` +
      'Node runs with NODE_EXTRA_CA_CERTS unset',
  );

  const sizes = [];
  for (const [i, n] of opts.sizes.entries()) {
    const ns = `tdbench-${process.pid}-${i}`;
    createNamespace(ns);
    let gen;
    try {
      const t0 = Date.now();
      gen = await startPopulation(ns, n, Math.min(cpus().length, 4));
      const ready = gen.report;
      const deadline = n > 0 ? ready.fillStartedAt + TW_WINDOW_MS : null;
      console.log(
        `bench: ${thousands(n)} TIME_WAIT: built in ${((Date.now() - t0) / 1000).toFixed(1)} s ` +
          `(sockstat tw ${thousands(ready.sockstat.tw)}, inuse ${thousands(ready.sockstat.inuse)}, ` +
          `inuse6 ${thousands(ready.sockstat.inuse6)}); timing${deadline ? ` for at most ${((deadline - Date.now()) / 1000).toFixed(0)} s` : ''}`,
      );
      const cpu0 = readCpuTimes();
      const timed = runTimer(
        ns,
        { methods: METHODS, runs: opts.runs, warmup: opts.warmup, deadline, env },
        pin,
      );
      const cpu1 = readCpuTimes();
      const size = { timeWait: n, population: ready, ...timed, steal: stealShare(cpu0, cpu1) };
      sizes.push(size);
      printSize(size);
    } finally {
      if (gen) await gen.stop();
      deleteNamespace(ns);
    }
  }
  const report = { date: new Date().toISOString(), machine, options: opts, methods: METHODS, sizes };
  report.targets = evaluateTargets(sizes);
  printTargets(report.targets);
  const stamp = report.date.replace(/[:.]/g, '-');
  writeFileSync(join(OUT, `census-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(OUT, `census-${stamp}.md`), markdown(report));
  console.log(`bench: wrote bench/out/census-${stamp}.json and .md`);
}

// --- steps ---

function preflight() {
  if (process.platform !== 'linux') throw new Error('Linux only');
  if (process.getuid?.() !== 0)
    throw new Error('needs root: it creates private network namespaces (ip netns add)');
  for (const [cmd, args] of [
    ['ip', ['-V']],
    ['ss', ['-V']],
    ['netstat', ['--version']],
    ['gcc', ['--version']],
    ['sh', ['-c', 'echo | awk "{}"']],
  ]) {
    if (spawnSync(cmd, args, { stdio: 'ignore' }).status !== 0) throw new Error(`needs ${cmd}`);
  }
  const dist = join(REPO, 'dist', 'cli', 'main.js');
  if (!existsSync(dist)) throw new Error('dist/ is not built: run npm run build (npm run bench does)');
  if (!existsSync(ADDON)) {
    console.log('bench: the netlink addon is not built; building it (scripts/build-addon.mjs --strict)');
    const r = spawnSync(process.execPath, [join(REPO, 'scripts', 'build-addon.mjs'), '--strict'], {
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('the netlink addon could not be built: the netlink row needs it');
  }
}

function prepareApps() {
  if (!existsSync(join(REPO, 'dist', 'cli', 'tcpdoctor.cjs'))) {
    throw new Error('dist/cli/tcpdoctor.cjs is missing: run npm run build (npm run bench does)');
  }
  rmSync(APP, { recursive: true, force: true });
  cpSync(join(REPO, 'dist'), join(APP, 'dist'), { recursive: true });
  mkdirSync(dirname(join(APP, ADDON_REL)), { recursive: true });
  cpSync(ADDON, join(APP, ADDON_REL));
}

function buildBaseline() {
  const r = spawnSync('gcc', ['-O2', '-Wall', '-o', C_BIN, C_SRC], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gcc ${C_SRC}: ${r.stderr}`);
}

function createNamespace(ns) {
  must(spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' }), `ip netns add ${ns}`);
  namespaces.add(ns);
  must(spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up'], { encoding: 'utf8' }), 'ip link set lo up');
}

function deleteNamespace(ns) {
  spawnSync('ip', ['netns', 'del', ns]);
  namespaces.delete(ns);
}

/**
 * Build the population with `builders` generator processes (one per CPU when there are several:
 * the fill is CPU-bound and every second of it eats the 60 s TIME_WAIT window), builder k pinned
 * to CPU k. Builder 0 also holds the ESTABLISHED and CLOSE_WAIT sockets.
 */
async function startPopulation(ns, timeWait, builders) {
  const parts = Array.from({ length: builders }, (_, k) =>
    startBuilderHere(
      ns,
      k,
      Math.floor(timeWait / builders) + (k < timeWait % builders ? 1 : 0),
      builders > 1,
    ),
  );
  const reports = [];
  try {
    for (const p of parts) reports.push(await p.ready);
  } catch (err) {
    await Promise.all(parts.map((p) => p.stop()));
    throw err;
  }
  const start = Math.min(...reports.map((r) => r.fillStartedAt));
  const last = reports.reduce((a, b) =>
    a.fillStartedAt + a.fillSeconds * 1000 >= b.fillStartedAt + b.fillSeconds * 1000 ? a : b,
  );
  return {
    report: {
      ...last,
      fillStartedAt: start,
      fillSeconds: (last.fillStartedAt - start) / 1000 + last.fillSeconds,
      builders,
    },
    stop: () => Promise.all(parts.map((p) => p.stop())),
  };
}

function startBuilderHere(ns, slot, timeWait, pin) {
  const b = startBuilder({
    ns,
    slot,
    timeWait,
    established: slot === 0 ? opts.established : 0,
    closeWait: slot === 0 ? opts.closeWait : 0,
    v6: opts.v6,
    maxSeconds: 240,
    readyWithinS: 180,
    pin,
  });
  children.add(b.child);
  return {
    ready: b.ready,
    async stop() {
      await b.stop();
      children.delete(b.child);
    },
  };
}

function runTimer(ns, spec, pin) {
  const specPath = join(OUT, `spec-${ns}.json`);
  writeFileSync(specPath, JSON.stringify(spec));
  const r = spawnSync(
    'ip',
    ['netns', 'exec', ns, ...(pin ? ['taskset', '-c', '1'] : []), process.execPath, TIMER, specPath],
    { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 },
  );
  if (r.status !== 0) throw new Error(`the timer failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function evaluateTargets(sizes) {
  const out = [];
  for (const s of sizes.filter((x) => x.timeWait >= 100_000)) {
    const m = (id) => s.methods[id]?.median;
    // Fewer rounds than asked (a slow fill on a busy machine eats the TIME_WAIT window) or fewer
    // than 7: no verdict, the medians are not worth one.
    const enough = s.measuredRounds >= Math.min(7, opts.runs);
    const check = (what, value, op, bound) => ({
      size: s.timeWait,
      what,
      value,
      target: `${op} ${bound}`,
      rounds: s.measuredRounds,
      ok: !enough ? null : value !== null && (op === '<=' ? value <= bound : value >= bound),
    });
    const ratio = (a, b) => (m(a) && m(b) ? m(a) / m(b) : null);
    out.push(
      check('proc / (ss -tan | awk)', ratio('proc', 'ss'), '<=', 1.25),
      check('one-liner / proc', ratio('oneliner', 'proc'), '>=', 2),
      check('(ss -tan | awk) / netlink', ratio('ss', 'netlink'), '>=', 3),
      check('one-liner / netlink', ratio('oneliner', 'netlink'), '>=', 6),
      check('netlink / raw C dump (per family)', ratio('netlink', 'c'), '<=', 1.6),
      check('netlink / C dump (single walk)', ratio('netlink', 'c1'), '<=', 1.6),
    );
  }
  return out;
}

// --- output ---

function printSize(s) {
  console.log(
    `\n${thousands(s.timeWait)} TIME_WAIT - ${s.measuredRounds} rounds${s.cutShort ? ' (cut short by the 60 s TIME_WAIT window)' : ''}, CPU steal ${(s.steal * 100).toFixed(1)} %`,
  );
  const ref = s.methods.c?.firstSeen;
  for (const m of METHODS) {
    const r = s.methods[m.id];
    if (!r) continue;
    const seen = r.firstSeen
      ? `TIME_WAIT ${thousands(r.firstSeen.states.TIME_WAIT ?? 0)}${r.lastSeen && r.lastSeen !== r.firstSeen ? `→${thousands(r.lastSeen.states.TIME_WAIT ?? 0)}` : ''}, total ${thousands(r.firstSeen.total)}${r.firstSeen.kind ? `, source ${r.firstSeen.kind}` : ''}`
      : '';
    const med = r.median === null ? `failed: ${r.error}` : `${r.median.toFixed(1)} ms`;
    const spread = r.median === null ? '' : `(${r.min.toFixed(1)}-${r.max.toFixed(1)})`;
    const mismatch =
      ref &&
      r.firstSeen &&
      Math.abs((r.firstSeen.states.TIME_WAIT ?? 0) - (ref.states.TIME_WAIT ?? 0)) >
        0.01 * (ref.states.TIME_WAIT ?? 0) + 5
        ? '  MISMATCH'
        : '';
    console.log(`  ${m.label.padEnd(46)} ${med.padStart(10)} ${spread.padEnd(16)} ${seen}${mismatch}`);
  }
}

function printTargets(targets) {
  if (targets.length === 0) return;
  console.log('\nTargets (medians):');
  for (const t of targets) {
    console.log(
      `  ${thousands(t.size)} TW  ${t.what.padEnd(36)} ${t.value === null ? 'n/a' : `${t.value.toFixed(2)}x`}  (target ${t.target})  ${verdict(t)}`,
    );
  }
}

function verdict(t) {
  if (t.ok === null) return `no verdict (${t.rounds} rounds)`;
  return t.ok ? 'met' : 'NOT MET';
}

function markdown(report) {
  const sizes = report.sizes;
  const head = `| method | ${sizes.map((s) => `${thousands(s.timeWait)} TW`).join(' | ')} |`;
  const sep = `|---|${sizes.map(() => '---:').join('|')}|`;
  const rows = METHODS.map((m) => {
    const cells = sizes.map((s) => {
      const r = s.methods[m.id];
      return r?.median == null
        ? 'failed'
        : `${r.median.toFixed(1)} (${r.min.toFixed(0)}-${r.max.toFixed(0)})`;
    });
    return `| ${m.label.replaceAll('|', '\\|')} | ${cells.join(' | ')} |`;
  });
  const pops = sizes.map(
    (s) =>
      `- ${thousands(s.timeWait)} TW: sockstat at READY \`tw ${s.population.sockstat.tw} inuse ${s.population.sockstat.inuse} inuse6 ${s.population.sockstat.inuse6}\`, built in ${s.population.fillSeconds.toFixed(1)} s, ${s.measuredRounds} rounds${s.cutShort ? ' (cut short)' : ''}, CPU steal ${(s.steal * 100).toFixed(1)} %`,
  );
  const targets = report.targets.map(
    (t) =>
      `| ${thousands(t.size)} | ${t.what.replaceAll('|', '\\|')} | ${t.value === null ? 'n/a' : `${t.value.toFixed(2)}x`} | ${t.target} | ${verdict(t)} |`,
  );
  return [
    `Run ${report.date} at ${report.machine.revision}: ${report.machine.cpu}, ${report.machine.cpus} CPUs, kernel ${report.machine.kernel}, Node ${report.machine.node}, awk = ${report.machine.awk}; ${report.options.pin ? 'timed commands pinned to CPU 1' : 'timed commands not pinned'}; median ms (min-max) of whole-process runs.`,
    '',
    head,
    sep,
    ...rows,
    '',
    ...pops,
    '',
    '| TW | ratio | value | target | |',
    '|---:|---|---:|---|---|',
    ...targets,
    '',
  ].join('\n');
}

// --- helpers ---

function describeMachine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const version = (cmd, args) =>
    spawnSync(cmd, args, { encoding: 'utf8' }).stdout?.split('\n')[0]?.trim() ?? '';
  return {
    cpu,
    cpus: cpus().length,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
    node: process.version,
    ss: version('ss', ['-V']),
    netstat: version('netstat', ['--version']),
    awk: version('sh', ['-c', 'readlink -f "$(command -v awk)"']),
    gcc: version('gcc', ['--version']),
    revision: version('git', ['-C', REPO, 'describe', '--always', '--dirty']),
  };
}

/** Aggregate CPU times from /proc/stat: [total, steal] in ticks. */
function readCpuTimes() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, steal: f[7] ?? 0 };
}

function stealShare(a, b) {
  const dt = b.total - a.total;
  return dt > 0 ? (b.steal - a.steal) / dt : 0;
}

function must(r, what) {
  if (r.status !== 0) throw new Error(`${what} failed: ${r.stderr ?? ''}`);
  return r;
}

function cleanup() {
  for (const c of children) c.kill('SIGKILL');
  for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
}

function abort(why) {
  console.error(`bench: ${why}; removing the namespaces`);
  cleanup();
  process.exit(130);
}

function parseArgs(argv) {
  const o = {
    sizes: [0, 10_000, 100_000],
    runs: 9,
    warmup: 1,
    pin: true,
    v6: 10,
    established: 1000,
    closeWait: 200,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--no-pin') o.pin = false;
    else if (a === '--sizes' && v) {
      o.sizes = v.split(',').map(Number);
      i++;
    } else if (a === '--runs' && v) {
      o.runs = Number(v);
      i++;
    } else if (a === '--warmup' && v) {
      o.warmup = Number(v);
      i++;
    } else if (a === '--v6' && v) {
      o.v6 = Number(v);
      i++;
    } else {
      console.error(
        `usage: node bench/census.mjs [--sizes 0,10000,100000] [--runs 9] [--warmup 1] [--v6 10] [--no-pin]`,
      );
      process.exit(2);
    }
  }
  const bad = o.sizes.some((n) => !Number.isInteger(n) || n < 0 || n > 125_000);
  const fail = (msg) => {
    console.error(`bench: ${msg}`);
    process.exit(2);
  };
  if (bad) fail('--sizes: whole numbers from 0 to 125000 (tcp_max_tw_buckets is 131072 per namespace)');
  if (!Number.isInteger(o.runs) || o.runs < 1 || o.runs > 100) fail('--runs: 1 to 100');
  if (o.runs < 7) console.warn('bench: fewer than 7 runs: the medians will be noisy on this kind of machine');
  return o;
}
