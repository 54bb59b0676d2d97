#!/usr/bin/env node
// time-commands.mjs - whole-process timings of a list of commands, for bench/census.mjs.
// Runs inside the measured network namespace, so the commands start there directly (no
// `ip netns exec` in the timed path).
//
//   node time-commands.mjs SPEC.json   ->  results JSON on stdout
//
// SPEC: { methods: [{ id, argv, parse: "json" | "lines" | "none" }], runs, warmup,
//         deadline (epoch ms or null), env }
// Rounds are interleaved (every method once per round, the starting method rotating), so a
// population that drifts or a noisy neighbour affects every method alike. A round is not started
// when it would end after `deadline` (TIME_WAIT sockets begin to expire); the runs done are
// reported. Every output is parsed; the first and the last are kept, to check that every method
// saw the same population.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { countsFromOutput, summarise } from './stats.mjs';

const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8'));
const results = Object.fromEntries(
  spec.methods.map((m) => [m.id, { samples: [], failures: 0, firstSeen: null, lastSeen: null, error: null }]),
);
const rounds = spec.warmup + spec.runs;
let measured = 0;
let cutShort = false;
let lastRoundMs = 0;

for (let round = 0; round < rounds; round++) {
  if (spec.deadline && measured >= 1 && Date.now() + lastRoundMs * 1.2 > spec.deadline) {
    cutShort = true;
    break;
  }
  const warm = round < spec.warmup;
  const t0 = Date.now();
  const n = spec.methods.length;
  for (let k = 0; k < n; k++) {
    const m = spec.methods[(round + k) % n];
    const r = results[m.id];
    const start = process.hrtime.bigint();
    const out = spawnSync(m.argv[0], m.argv.slice(1), {
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 << 20,
      timeout: 60_000,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (out.status !== 0 || out.error) {
      r.failures++;
      r.error ??= (out.error?.message ?? out.stderr.toString().trim().split('\n')[0]) || `exit ${out.status}`;
      continue;
    }
    if (!warm) r.samples.push(ms);
    if (m.parse !== 'none') {
      // What the method counted: the first and the last round show how far the population drifted.
      const seen = countsFromOutput(out.stdout.toString(), m.parse);
      r.firstSeen ??= seen;
      r.lastSeen = seen;
    }
  }
  if (!warm) measured++;
  lastRoundMs = Date.now() - t0;
}

const out = { measuredRounds: measured, cutShort, methods: {} };
for (const m of spec.methods) {
  const r = results[m.id];
  out.methods[m.id] = {
    ...summarise(r.samples),
    samples: r.samples.map((x) => Math.round(x * 100) / 100),
    failures: r.failures,
    error: r.error,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
  };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
