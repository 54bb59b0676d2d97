#!/usr/bin/env node
// watch-cpu.mjs - CPU use of `tcpdoctor watch` at a 1 s interval over 100,000 TIME_WAIT sockets.
//
//   sudo node bench/watch-cpu.mjs [--time-wait 100000] [--frames 40] [--view lines|dest|screen]
//
// For each view — the NDJSON line mode (census + counters every frame), the same grouped by
// destination (the socket list and the diagnose rules as well), and the full-screen view on a
// pseudo-terminal (grouped by listener) — it builds a fresh population in a private
// namespace (bench/lib/make-time-wait.mjs, two builders; the first also holds 500 ESTABLISHED
// pairs and 100 CLOSE_WAIT), runs watch for --frames frames under
// /usr/bin/time and prints the CPU seconds it used per second of wall time: the share of one core.
// Node runs with NODE_EXTRA_CA_CERTS unset (it adds ~80 ms to every start here). Loopback only;
// every step is bounded in time; the namespaces are removed at the end.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBuilder } from './lib/start-builder.mjs';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(REPO, 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const TW = opt('--time-wait', 100_000);
// 40 frames cover several re-reads of the socket list (every 10-16 frames at 100k) and still end
// before the first TIME_WAIT sockets expire (60 s after the build; the table shows the end count)
const FRAMES = opt('--frames', 40);
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

if (process.getuid?.() !== 0) {
  console.error('watch-cpu: needs root (ip netns add)');
  process.exit(2);
}

const views = [
  { id: 'lines', label: 'watch --json (pipe: census + counters)', argv: ['watch', '--json'], tty: false },
  {
    id: 'dest',
    label: 'watch --json --by dest (+ socket list, rules)',
    argv: ['watch', '--json', '--by', 'dest'],
    tty: false,
  },
  { id: 'screen', label: 'watch on a terminal (full screen, by listener)', argv: ['watch'], tty: true },
];

const results = [];
// --view lines|dest|screen (repeatable): only those views
const only = args.flatMap((a, i) => (args[i - 1] === '--view' ? [a] : []));
for (const view of views.filter((v) => only.length === 0 || only.includes(v.id))) {
  const ns = `tdwcpu-${process.pid}-${view.id}`;
  spawnSync('ip', ['netns', 'add', ns]);
  spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  const builders = [0, 1].map((slot) =>
    startBuilder({
      ns,
      slot,
      timeWait: TW / 2,
      established: slot === 0 ? 500 : 0,
      closeWait: slot === 0 ? 100 : 0,
      maxSeconds: 150,
      readyWithinS: 120,
      env,
    }),
  );
  try {
    const reports = await Promise.all(builders.map((b) => b.ready));
    const tw = sockstatTw(ns);
    // one short run (start-up and the first full read) and one of FRAMES frames: the difference
    // is what watch costs while it runs
    const short = timed(ns, view, 1);
    const long = timed(ns, view, FRAMES);
    const twEnd = sockstatTw(ns); // TIME_WAIT lasts 60 s: the population must still be there
    const cpu = long.user + long.sys;
    const steady = (cpu - short.user - short.sys) / Math.max(0.1, long.wall - short.wall);
    results.push({ ...view, tw, twEnd, cpu, wall: long.wall, startCpu: short.user + short.sys, steady });
    const every = long.every.length > 0 ? `, groups re-read every ${long.every.join(' then ')} frames` : '';
    console.error(
      `${view.label}: ${tw} TIME_WAIT (${twEnd} at the end; ${reports.length} builders), cpu ${cpu.toFixed(2)} s over ${long.wall.toFixed(1)} s, steady ${(100 * steady).toFixed(1)} %${every}`,
    );
  } finally {
    await Promise.all(builders.map((b) => b.stop()));
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

console.log(
  `\n| view | TIME_WAIT (sockstat, start → end) | start-up CPU (1 frame) | CPU over ${FRAMES} frames | wall | steady share of one core |`,
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${r.tw.toLocaleString('en-US')} → ${r.twEnd.toLocaleString('en-US')} | ${r.startCpu.toFixed(2)} s | ${r.cpu.toFixed(2)} s | ${r.wall.toFixed(1)} s | ${(100 * r.steady).toFixed(1)} % |`,
  );
}
console.log(
  `\nInterval 1 s. Steady share = (CPU of the ${FRAMES}-frame run - CPU of a 1-frame run) / (wall difference).`,
);

function timed(ns, view, frames) {
  const cmd = [process.execPath, CLI, ...view.argv, '--interval', '1s', '--count', String(frames)];
  const inner = view.tty ? ['script', '-qfec', `${cmd.map((a) => `'${a}'`).join(' ')}`, '/dev/null'] : cmd;
  const t = spawnSync('/usr/bin/time', ['-f', '%U %S %e', 'ip', 'netns', 'exec', ns, ...inner], {
    env: { ...env, COLUMNS: '140', LINES: '45' },
    encoding: 'utf8',
    stdio: ['ignore', view.tty ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 64 << 20,
    timeout: (frames + 30) * 1000,
  });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(t.stderr);
  if (!m) throw new Error(`could not read /usr/bin/time: ${t.stderr}`);
  // the screen says how often it re-reads the socket list (the cadence its CPU budget chose)
  const every = [
    ...new Set([...(t.stdout ?? '').matchAll(/groups refresh every (\d+) frames/g)].map((x) => x[1])),
  ];
  return { user: Number(m[1]), sys: Number(m[2]), wall: Number(m[3]), every };
}

function sockstatTw(ns) {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'cat', '/proc/net/sockstat'], { encoding: 'utf8' });
  return Number(/tw (\d+)/.exec(r.stdout)?.[1] ?? 0);
}
