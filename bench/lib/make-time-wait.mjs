#!/usr/bin/env node
// make-time-wait.mjs - build and hold a TCP socket population on loopback, for bench/census.mjs.
// Run it inside a private network namespace (ip netns exec NS node make-time-wait.mjs ...).
//
//   --time-wait N     client-side TIME_WAIT sockets                         (default 10000)
//   --established M   ESTABLISHED pairs held open (2M sockets)               (default 1000)
//   --close-wait K    CLOSE_WAIT sockets held, and their K FIN_WAIT2 peers   (default 200)
//   --v6 PCT          share of each population on [::1]                      (default 10)
//   --max-seconds S   the process ends by itself after S seconds             (default 180)
//   --setup-timeout S give up building after S seconds                       (default 120)
//   --slot K          builder K of several in one namespace (0-3): its TIME_WAIT servers are
//                     127.77.K.x and [::1]:24200+50K+x, so several builders share the work
//
// Prints `READY {json}` once built (fillStartedAt: TIME_WAIT sockets expire 60 s after it), holds
// everything until stdin closes or --max-seconds pass, then resets the held sockets (no TIME_WAIT
// of its own left behind) and exits. Loopback only; every loop is bounded by its count and time.
//
// Why the TIME_WAIT clients bind explicit source ports: with the default tcp_tw_reuse=2 a new
// loopback connect() may take over a TIME_WAIT 4-tuple older than 1 s, which would silently shrink
// the population. Ports 10000-23999 lie below the ephemeral range (32768-60999) and every
// (destination, source port) pair is used once, so no 4-tuple comes round again within 60 s.
import { readFileSync } from 'node:fs';
import net from 'node:net';

const opts = parseArgs(process.argv.slice(2));
const SRC_LO = 10000;
const SRC_HI = 23999;
const V4_TW_PORT = 24100; // servers 127.77.SLOT.D:24100
const V6_TW_PORT = 24200; // servers [::1]:24200+50*SLOT+D
const EST_PORT = 24400; // 127.78.0.1 / [::1]:24400
const CW_PORT = 24500; // 127.79.0.1 / [::1]:24500
const CONCURRENCY = 256;

const held = [];
const servers = [];
const counters = { v4: 0, v6: 0 };
const serverClosed = { count: 0 };
let finished = false;

setTimeout(() => finish(3, 'max-seconds reached'), opts.maxSeconds * 1000).unref();
process.on('SIGTERM', () => finish(143, 'SIGTERM'));
process.on('SIGINT', () => finish(130, 'SIGINT'));

try {
  await main();
} catch (err) {
  console.error(`make-time-wait: ${err instanceof Error ? err.message : String(err)}`);
  finish(1, 'error');
}

async function main() {
  const buckets = readNumber('/proc/sys/net/ipv4/tcp_max_tw_buckets');
  const before = sockstat();
  // Orphaned FIN_WAIT2 count against the same limit; keep a margin for the other sockets.
  if (buckets > 0 && opts.timeWait + before.tw > buckets - 1000) {
    throw new Error(
      `${opts.timeWait} TIME_WAIT + ${before.tw} present exceed net.ipv4.tcp_max_tw_buckets=${buckets} minus a margin`,
    );
  }
  const split = (n) => {
    const v6 = Math.round((n * opts.v6) / 100);
    return [n - v6, v6];
  };
  const [tw4, tw6] = split(opts.timeWait);
  const [es4, es6] = split(opts.established);
  const [cw4, cw6] = split(opts.closeWait);
  const nSrc = SRC_HI - SRC_LO + 1;
  const dests = (n) => (n === 0 ? 0 : Math.ceil(n / nSrc) + 1);
  const d4 = dests(tw4);
  const d6 = dests(tw6);
  if (d4 > 250 || d6 > 50) throw new Error('too many TIME_WAIT sockets for the source-port range');

  // Listeners: TIME_WAIT servers end their side after the client's FIN (allowHalfOpen false).
  const twServer = (s) => {
    s.on('error', () => {});
    s.once('close', () => serverClosed.count++);
    s.resume();
  };
  const estServer = (s) => {
    s.on('error', () => {});
    s.resume();
    held.push(s);
  };
  const cwServer = (s) => {
    // allowHalfOpen: the client's FIN arrives and this side never closes: CLOSE_WAIT.
    s.on('error', () => {});
    s.resume();
    held.push(s);
  };
  const tw4Dests = Array.from({ length: d4 }, (_, i) => ({
    host: `127.77.${opts.slot}.${i + 1}`,
    port: V4_TW_PORT,
  }));
  const tw6Dests = Array.from({ length: d6 }, (_, i) => ({
    host: '::1',
    port: V6_TW_PORT + 50 * opts.slot + i,
  }));
  await Promise.all([
    ...tw4Dests.map((d) => listen(d, twServer, false)),
    ...tw6Dests.map((d) => listen(d, twServer, false)),
    es4 > 0 ? listen({ host: '127.78.0.1', port: EST_PORT }, estServer, false) : null,
    es6 > 0 ? listen({ host: '::1', port: EST_PORT }, estServer, false) : null,
    cw4 > 0 ? listen({ host: '127.79.0.1', port: CW_PORT }, cwServer, true) : null,
    cw6 > 0 ? listen({ host: '::1', port: CW_PORT }, cwServer, true) : null,
  ]);

  const deadline = Date.now() + opts.setupTimeout * 1000;
  // Held populations first: they last; TIME_WAIT last: it expires 60 s after creation.
  const errors = { count: 0 };
  await runPool(es4, (i) => holdPair('127.78.0.1', i), errors, deadline);
  await runPool(es6, (i) => holdPair('::1', i), errors, deadline);
  await runPool(cw4, () => halfClose('127.79.0.1'), errors, deadline);
  await runPool(cw6, () => halfClose('::1'), errors, deadline);
  const fillStartedAt = Date.now();
  const total = tw4 + tw6;
  await runPool(
    total,
    (k) => {
      // Interleave the families by share; tuple j of a family: destination j mod D, port j div D.
      const v6 = Math.floor(((k + 1) * tw6) / total) > Math.floor((k * tw6) / total);
      const j = v6 ? counters.v6++ : counters.v4++;
      const ds = v6 ? tw6Dests : tw4Dests;
      const d = ds[j % ds.length];
      const src = v6 ? '::1' : '127.0.0.1';
      return timeWait(d, src, SRC_LO + Math.floor(j / ds.length));
    },
    errors,
    deadline,
  );
  // The servers accept and close behind the clients: wait until every server side is gone, so
  // that no CLOSE_WAIT/LAST_ACK leftovers are counted, then let the last ACKs settle.
  const twErrors = errors.count;
  const settleBy = Date.now() + 30_000;
  while (serverClosed.count < total - twErrors && Date.now() < settleBy) await sleep(50);
  await sleep(300);
  const after = sockstat();
  const report = {
    pid: process.pid,
    requested: {
      timeWait: opts.timeWait,
      established: opts.established,
      closeWait: opts.closeWait,
      v6: opts.v6,
    },
    fillStartedAt,
    fillSeconds: (Date.now() - fillStartedAt) / 1000,
    errors: errors.count,
    sockstat: after,
    tcpMaxTwBuckets: buckets,
  };
  process.stdout.write(`READY ${JSON.stringify(report)}\n`);
  process.stdin.on('end', () => finish(0, 'stdin closed'));
  process.stdin.resume();
}

// --- internal ---

/** Run `count` tasks, CONCURRENCY at a time; failures are counted, too many abort. */
async function runPool(count, start, errors, deadline) {
  let next = 0;
  const budget = 100 + Math.floor(count / 100);
  const worker = async () => {
    while (next < count) {
      if (finished) return;
      if (Date.now() > deadline) throw new Error(`setup took longer than ${opts.setupTimeout} s`);
      const i = next++;
      try {
        await start(i);
      } catch (err) {
        errors.count++;
        if (errors.count === 1) console.error(`make-time-wait: connection error: ${err.code ?? err.message}`);
        if (errors.count > budget) throw new Error(`too many connection errors (${errors.count})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
}

function listen(addr, onConn, allowHalfOpen) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer({ allowHalfOpen }, onConn);
    srv.once('error', (e) => reject(new Error(`listen ${addr.host}:${addr.port}: ${e.code ?? e.message}`)));
    srv.listen({ host: addr.host, port: addr.port, backlog: 4096, exclusive: true }, () => resolve(srv));
    servers.push(srv);
  });
}

/** Client closes first: its socket ends in TIME_WAIT once the server's FIN is ACKed. */
function timeWait(dest, localAddress, localPort) {
  return new Promise((resolve, reject) => {
    const c = net.connect({ host: dest.host, port: dest.port, localAddress, localPort });
    c.once('connect', () => {
      c.destroy();
      resolve();
    });
    c.once('error', reject);
  });
}

function holdPair(host) {
  return new Promise((resolve, reject) => {
    const c = net.connect({ host, port: EST_PORT });
    c.once('connect', () => {
      c.on('error', () => {});
      c.resume();
      held.push(c);
      resolve();
    });
    c.once('error', reject);
  });
}

/** The client half-closes and keeps its fd (FIN_WAIT2); the server never closes (CLOSE_WAIT). */
function halfClose(host) {
  return new Promise((resolve, reject) => {
    const c = net.connect({ host, port: CW_PORT, allowHalfOpen: true });
    c.once('connect', () => {
      c.on('error', () => {});
      c.resume();
      held.push(c);
      c.end();
      resolve();
    });
    c.once('error', reject);
  });
}

function finish(code, why) {
  if (finished) return;
  finished = true;
  // RST the held sockets so that tearing down leaves no TIME_WAIT behind.
  for (const s of held) {
    try {
      s.resetAndDestroy();
    } catch {
      s.destroy();
    }
  }
  for (const srv of servers) srv.close();
  if (code !== 0) console.error(`make-time-wait: exiting (${why})`);
  setTimeout(() => process.exit(code), 100).unref();
}

function sockstat() {
  const text = readText('/proc/net/sockstat');
  const m = /TCP: inuse (\d+) orphan (\d+) tw (\d+) alloc (\d+)/.exec(text);
  const m6 = /TCP6: inuse (\d+)/.exec(readText('/proc/net/sockstat6'));
  return m
    ? { inuse: +m[1], orphan: +m[2], tw: +m[3], alloc: +m[4], inuse6: m6 ? +m6[1] : 0 }
    : { inuse: 0, orphan: 0, tw: 0, alloc: 0, inuse6: 0 };
}

function readText(path) {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

function readNumber(path) {
  const n = Number.parseInt(readText(path), 10);
  return Number.isFinite(n) ? n : 0;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function parseArgs(argv) {
  const o = {
    timeWait: 10000,
    established: 1000,
    closeWait: 200,
    v6: 10,
    maxSeconds: 180,
    setupTimeout: 120,
    slot: 0,
  };
  const keys = {
    '--time-wait': ['timeWait', 0, 1_000_000],
    '--established': ['established', 0, 6000],
    '--close-wait': ['closeWait', 0, 3000],
    '--v6': ['v6', 0, 100],
    '--max-seconds': ['maxSeconds', 1, 3600],
    '--setup-timeout': ['setupTimeout', 1, 3600],
    '--slot': ['slot', 0, 3],
  };
  for (let i = 0; i < argv.length; i++) {
    const spec = keys[argv[i]];
    const v = Number(argv[i + 1]);
    if (!spec || !Number.isFinite(v) || v < spec[1] || v > spec[2]) {
      console.error(`make-time-wait: bad argument ${argv[i]} ${argv[i + 1] ?? ''}`);
      process.exit(2);
    }
    o[spec[0]] = v;
    i++;
  }
  return o;
}
