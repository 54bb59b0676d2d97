import { existsSync, readdirSync } from 'node:fs';
import { sysctlProcPath } from '../../core/tune/sysctl-file.js';
import type { NetnsTarget } from '../netns/netns-target.js';
import { readFilesInNetns } from '../netns/read-in-netns.js';

/** `net.ipv4.tcp_tw_reuse` → `/proc/sys/net/ipv4/tcp_tw_reuse`. */
export function sysctlPath(key: string): string {
  return sysctlProcPath(key);
}

/**
 * Current values of sysctls in a namespace, whitespace-normalised (`32768 60999`). Keys absent
 * there (removed knobs such as tcp_tw_recycle, global knobs inside a child namespace) are absent
 * from the result: callers treat them as not applicable, not as errors.
 */
export function readSysctls(target: NetnsTarget, keys: readonly string[]): Map<string, string> {
  const files = readFilesInNetns(target, keys.map(sysctlPath));
  const out = new Map<string, string>();
  for (const key of keys) {
    const text = files.get(sysctlPath(key));
    if (text !== undefined) out.set(key, text.trim().split(/\s+/).join(' '));
  }
  return out;
}

/**
 * Whether a sysctl exists on this machine, for `tune --check`: `yes`; `no` with the names beside
 * it (a typo, or a key this kernel does not have); `no-parent` when its directory is missing too
 * (a module not loaded, an interface absent); `not-here` for a missing net.* key in a child
 * namespace, where the host's global knobs are not visible (tcp-facts.md §3).
 */
export function probeSysctlKey(key: string): {
  exists: 'yes' | 'no' | 'no-parent' | 'not-here';
  siblings: string[];
} {
  const path = sysctlProcPath(key);
  if (existsSync(path)) return { exists: 'yes', siblings: [] };
  if (key.startsWith('net.') && !existsSync('/proc/sys/net/core/netdev_max_backlog')) {
    return { exists: 'not-here', siblings: [] };
  }
  const parent = path.slice(0, path.lastIndexOf('/'));
  try {
    return { exists: 'no', siblings: readdirSync(parent) };
  } catch {
    return { exists: 'no-parent', siblings: [] };
  }
}
