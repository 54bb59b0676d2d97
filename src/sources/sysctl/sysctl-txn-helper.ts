/**
 * Run inside another network namespace by `nsenter --net=PATH -- node sysctl-txn-helper.js`:
 * reads the steps as JSON on stdin, runs the transaction against that namespace's /proc/sys and
 * prints the result as JSON on stdout. Nothing else: the caller validated the plan.
 */
import { readFileSync } from 'node:fs';
import { runSysctlTransaction, type TxStep } from './sysctl-transaction.js';

const steps = JSON.parse(readFileSync(0, 'utf8')) as TxStep[];
process.stdout.write(`${JSON.stringify(runSysctlTransaction(steps))}\n`);
