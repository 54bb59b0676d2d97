/**
 * Change sysctls in a network namespace as one transaction (sysctl-transaction.ts): in-process
 * for the caller's own namespace, through `nsenter --net=…` and a small helper for another one,
 * because /proc/sys/net always shows the namespace of the process that opens it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type NetnsTarget, netnsPath } from '../netns/netns-target.js';
import { SourceError } from '../source-error.js';
import { runSysctlTransaction, type TxResult, type TxStep } from './sysctl-transaction.js';

const HELPER = fileURLToPath(new URL('./sysctl-txn-helper.js', import.meta.url));

export function writeSysctls(target: NetnsTarget, steps: readonly TxStep[]): TxResult {
  if (target.kind === 'self') return runSysctlTransaction(steps);
  const r = spawnSync('nsenter', [`--net=${netnsPath(target)}`, '--', process.execPath, HELPER], {
    input: JSON.stringify(steps),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : ((r.stderr || '').trim().split('\n')[0] ?? '');
    if (/Operation not permitted|Permission denied/i.test(why)) {
      throw new SourceError('EACCES', `entering network namespace ${netnsPath(target)} needs root (${why})`);
    }
    throw new SourceError('ELIVE', `cannot change sysctls in network namespace ${netnsPath(target)}: ${why}`);
  }
  return JSON.parse(r.stdout) as TxResult;
}
