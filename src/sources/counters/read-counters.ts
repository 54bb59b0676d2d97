import {
  type KernelCounters,
  parseCounterPairs,
  parseSockstat,
} from '../../core/counters/kernel-counters.js';
import type { NetnsTarget } from '../netns/netns-target.js';
import { readFilesInNetns } from '../netns/read-in-netns.js';

const FILES = ['/proc/net/snmp', '/proc/net/netstat', '/proc/net/sockstat', '/proc/net/sockstat6'] as const;

/**
 * /proc/net/{snmp,netstat,sockstat,sockstat6} of a namespace. Note the scope traps: sockstat
 * `orphan`, `alloc` and `mem` are host-wide even inside a container; `tw` includes orphaned
 * FIN_WAIT2 (tcp-facts.md §5).
 */
export function readKernelCounters(target: NetnsTarget): KernelCounters {
  const files = readFilesInNetns(target, FILES);
  return {
    snmp: parseCounterPairs(files.get('/proc/net/snmp') ?? ''),
    netstat: parseCounterPairs(files.get('/proc/net/netstat') ?? ''),
    sockstat: parseSockstat(files.get('/proc/net/sockstat') ?? '', files.get('/proc/net/sockstat6') ?? ''),
  };
}
