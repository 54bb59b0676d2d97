/**
 * What `tune` reads of a network namespace before judging it: the tunables' current values, the
 * namespace's identity (inode, a label, whether it is the host's initial one) and the boot id.
 */
import { readFileSync, statSync } from 'node:fs';
import { TUNE_READ_KEYS } from '../../core/tune/sysctl-knowledge.js';
import { type NetnsTarget, netnsInodeOf, resolveNetnsArg } from '../netns/netns-target.js';
import { readHostInfo } from '../system/host-info.js';
import { readSysctls } from './read-sysctls.js';

export interface TuneNamespace {
  target: NetnsTarget;
  /** Identity of the namespace, the key of its backups; undefined when it cannot be read. */
  inode: number | undefined;
  /** `host`, the name under /run/netns, or `pid N`. */
  label: string;
  /**
   * The host's initial namespace: global knobs (net.core.netdev_max_backlog, tcp_max_orphans,
   * tcp_mem) are registered only there, so their presence tells (tcp-facts.md §3, conventions.md).
   */
  initial: boolean;
}

export interface TuneState {
  host: string;
  kernel: string;
  bootId: string | null;
  namespace: TuneNamespace;
  /** Full name → value, whitespace-normalised; a key absent here does not exist in the namespace. */
  values: Record<string, string>;
}

export function resolveTuneTarget(netns: string | undefined): NetnsTarget {
  return netns === undefined ? { kind: 'self' } : resolveNetnsArg(netns);
}

export function readTuneState(target: NetnsTarget, extraKeys: readonly string[] = []): TuneState {
  const host = readHostInfo();
  const keys = [...new Set([...TUNE_READ_KEYS, ...extraKeys])];
  const values = Object.fromEntries(readSysctls(target, keys));
  const initial = values['net.core.netdev_max_backlog'] !== undefined;
  const inode = inodeOf(target);
  const label =
    target.kind === 'self'
      ? initial
        ? 'host'
        : 'this namespace'
      : target.kind === 'pid'
        ? (target.name ?? `pid ${target.pid}`)
        : target.name;
  return {
    host: host.host,
    kernel: host.kernel,
    bootId: readBootId(),
    namespace: { target, inode, label, initial },
    values,
  };
}

// --- internal ---

function inodeOf(target: NetnsTarget): number | undefined {
  if (target.kind === 'self') return netnsInodeOf('self');
  if (target.kind === 'pid') return netnsInodeOf(target.pid);
  try {
    return statSync(target.path).ino;
  } catch {
    return undefined;
  }
}

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
  } catch {
    return null;
  }
}
