#!/usr/bin/env node
// scrape-fill.mjs - fill the current network namespace with client-side TIME_WAIT sockets on
// loopback, for bench/scrape.mjs. Run it inside a namespace the bench created:
//
//   ip netns exec NS node bench/scrape-fill.mjs --time-wait 100000 [--v6 10] [--net 7]
//
// Listeners on 127.66.NET.1..D:24100 (and [::1]:24200..) accept; clients bind 127.0.0.1 / ::1 to an
// explicit source port from 10000-23999 (below the ephemeral range, so no kernel-chosen port and
// no tcp_tw_reuse recycling), connect and close first: TIME_WAIT on the client side. Each 4-tuple is
// used once per 60 s (destinations x source ports >= 2 x N). With --maintain 1 it keeps creating
// what expires (about N/60 a second), so the population holds at N past the 60 s a TIME_WAIT lives.
// Every loop is bounded by its count or the rate of expiry, the fill by --setup-timeout; it prints
// "READY {json}" and holds until stdin ends or --hold seconds pass.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';

const opts = {
  timeWait: 100_000,
  v6: 10,
  net: 1 + (process.pid % 250),
  hold: 120,
  setupTimeout: 60,
  concurrency: 256,
  /** Run the listeners in a second process pinned to this CPU (the fill is CPU-bound). */
  serverCpu: -1,
  role: 'all',
  /** 1: keep topping up what expires after READY (the population holds at N until the end). */
  maintain: false,
};
for (let i = 2; i < process.argv.length; i += 2) {
  const [k, v] = [process.argv[i], Number(process.argv[i + 1])];
  if (k === '--role') {
    opts.role = process.argv[i + 1] === 'server' ? 'server' : 'all';
    continue;
  }
  if (!Number.isFinite(v)) fail(`bad value for ${k}`);
  if (k === '--time-wait') opts.timeWait = Math.min(200_000, Math.floor(v));
  else if (k === '--v6') opts.v6 = Math.min(100, v);
  else if (k === '--net') opts.net = Math.floor(v) % 256;
  else if (k === '--hold') opts.hold = Math.min(600, v);
  else if (k === '--setup-timeout') opts.setupTimeout = Math.min(300, v);
  else if (k === '--server-cpu') opts.serverCpu = Math.floor(v);
  else if (k === '--maintain') opts.maintain = v === 1;
  else fail(`unknown option ${k}`);
}

const SRC_LO = 10_000;
const SRC_HI = 23_999;
const PORT = 24_100;
const nSrc = SRC_HI - SRC_LO + 1;
const n6 = Math.round((opts.timeWait * opts.v6) / 100);
const n4 = opts.timeWait - n6;
const dests4 = Array.from({ length: Math.ceil((2 * n4) / nSrc) }, (_, i) => ({
  host: `127.66.${opts.net}.${i + 1}`,
  port: PORT,
  src: '127.0.0.1',
}));
const dests6 = Array.from({ length: n6 > 0 ? Math.ceil((2 * n6) / nSrc) : 0 }, (_, i) => ({
  host: '::1',
  port: PORT + 100 + i,
  src: '::1',
}));

const servers = [];
let serverChild;
if (opts.serverCpu >= 0 && opts.role === 'all') {
  const args = process.argv
    .slice(2)
    .filter((a, i, all) => a !== '--server-cpu' && all[i - 1] !== '--server-cpu');
  serverChild = spawn(
    'taskset',
    ['-c', String(opts.serverCpu), process.execPath, process.argv[1], ...args, '--role', 'server'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('the listener process did not start')), 20_000);
    createInterface({ input: serverChild.stdout }).on('line', (l) => {
      if (l === 'LISTENING') {
        clearTimeout(t);
        resolve();
      }
    });
    serverChild.once('exit', (code) => reject(new Error(`the listener process exited ${code}`)));
  });
}
for (const d of serverChild ? [] : [...dests4, ...dests6]) {
  const srv = net.createServer((s) => {
    s.on('error', () => {});
    s.resume(); // allowHalfOpen false: the server closes after the client's FIN
  });
  await new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ host: d.host, port: d.port, backlog: 4096, exclusive: true }, resolve);
  });
  servers.push(srv);
}

if (opts.role === 'server') {
  console.log('LISTENING');
  const quit = () => process.exit(0);
  process.stdin.on('end', quit);
  process.stdin.on('close', quit);
  process.stdin.resume();
  setTimeout(quit, opts.hold * 1000);
} else {
  await fill();
}

async function fill() {
  const started = Date.now();
  let launched = 0;
  let done = 0;
  let errors = 0;
  let inflight = 0;
  let target = opts.timeWait;
  // completions per 100 ms slot: TIME_WAIT lasts 60 s (plus timer-wheel slack) from the close
  const slots = [];
  const alive = (now) => {
    while (slots.length > 0 && slots[0][0] <= now - 60_500) slots.shift();
    let n = 0;
    for (const [, k] of slots) n += k;
    return n;
  };
  // 2 x N tuples, used in turn: a tuple comes round again only after its TIME_WAIT is gone
  const plan = (k) => {
    const i = k % (2 * opts.timeWait);
    const v6 = i >= 2 * n4;
    const j = v6 ? i - 2 * n4 : i;
    const ds = v6 ? dests6 : dests4;
    return { d: ds[j % ds.length], sp: SRC_LO + (Math.floor(j / ds.length) % nSrc) };
  };
  let onDone = () => {};
  const pump = () => {
    while (inflight < opts.concurrency && launched - errors < target) {
      const { d, sp } = plan(launched);
      launched++;
      inflight++;
      const c = net.connect({ host: d.host, port: d.port, localAddress: d.src, localPort: sp });
      c.once('connect', () => c.destroy()); // the client closes first -> TIME_WAIT on its side
      c.once('close', (hadError) => {
        inflight--;
        if (!hadError) {
          done++;
          const now = Date.now();
          const slot = now - (now % 100);
          const last = slots[slots.length - 1];
          if (last && last[0] === slot) last[1]++;
          else slots.push([slot, 1]);
        }
        if (done >= opts.timeWait) onDone();
        pump();
      });
      c.once('error', () => {
        errors++;
        if (errors > 1000 + opts.timeWait / 100) fail('too many connection errors');
      });
    }
  };
  await new Promise((resolve) => {
    const timer = setTimeout(
      () => fail(`fill not done in ${opts.setupTimeout}s: ${done}/${opts.timeWait}`),
      opts.setupTimeout * 1000,
    );
    onDone = () => {
      clearTimeout(timer);
      onDone = () => {};
      resolve();
    };
    pump();
  });
  // A closed client is FIN_WAIT2 until the server's FIN comes back; the servers lag behind under load.
  // Ready when the server sides are gone and sockstat's tw (TIME_WAIT + orphaned FIN_WAIT2) holds N.
  let stat = sockstat();
  for (let i = 0; i < 100 && !(stat.inuse < 50 && stat.tw >= opts.timeWait); i++) {
    await new Promise((r) => setTimeout(r, 200));
    stat = sockstat();
  }
  console.log(
    `READY ${JSON.stringify({ timeWait: opts.timeWait, sockstat: stat, errors, seconds: (Date.now() - started) / 1000 })}`,
  );
  if (opts.maintain) {
    // top up what expires, so the population stays at N for as long as the bench needs it
    setInterval(() => {
      const deficit = opts.timeWait - alive(Date.now()) - inflight;
      if (deficit > 0) {
        target = launched - errors + deficit;
        pump();
      }
    }, 100);
  }

  // Hold until stdin ends or --hold passes.
  const end = () => {
    for (const s of servers) s.close();
    serverChild?.stdin.end();
    serverChild?.kill();
    process.exit(0);
  };
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  process.stdin.resume();
  setTimeout(end, opts.hold * 1000);
}

function sockstat() {
  const m = /TCP: inuse (\d+) orphan (\d+) tw (\d+)/.exec(fs.readFileSync('/proc/net/sockstat', 'latin1'));
  return { inuse: Number(m?.[1]), orphan: Number(m?.[2]), tw: Number(m?.[3]) };
}

function fail(msg) {
  console.error(`scrape-fill: ${msg}`);
  process.exit(2);
}
