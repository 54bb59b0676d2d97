// start-builder.mjs - one make-time-wait.mjs builder process inside a network namespace, for the
// benchmarks that need a socket population (bench/census.mjs, bench/watch-cpu.mjs).
//
// Resolves `ready` with the builder's READY report (make-time-wait.mjs: fillStartedAt, …); `stop`
// closes its stdin (it resets its held sockets and exits) and kills it after 10 s if it has not.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const GEN = join(dirname(fileURLToPath(import.meta.url)), 'make-time-wait.mjs');

/**
 * @param {{ ns: string, slot: number, timeWait: number, established?: number, closeWait?: number,
 *   v6?: number, maxSeconds: number, readyWithinS: number, pin?: boolean, env?: NodeJS.ProcessEnv }} o
 *   `pin` runs builder `slot` on CPU `slot` (modulo the CPU count); `v6` defaults to the builder's own.
 */
export function startBuilder(o) {
  const args = [
    'netns',
    'exec',
    o.ns,
    ...(o.pin ? ['taskset', '-c', String(o.slot % cpus().length)] : []),
    process.execPath,
    GEN,
    '--slot',
    String(o.slot),
    '--time-wait',
    String(o.timeWait),
    '--established',
    String(o.established ?? 0),
    '--close-wait',
    String(o.closeWait ?? 0),
    ...(o.v6 === undefined ? [] : ['--v6', String(o.v6)]),
    '--max-seconds',
    String(o.maxSeconds),
  ];
  const child = spawn('ip', args, { stdio: ['pipe', 'pipe', 'inherit'], env: o.env ?? process.env });
  const exited = new Promise((r) => child.once('exit', r));
  const ready = new Promise((resolveReport, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the population was not ready within ${o.readyWithinS} s`)),
      o.readyWithinS * 1000,
    );
    createInterface({ input: child.stdout }).on('line', (l) => {
      if (l.startsWith('READY ')) {
        clearTimeout(timer);
        resolveReport(JSON.parse(l.slice(6)));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the population builder exited with ${code} before READY`));
    });
  });
  return {
    child,
    ready,
    async stop() {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
