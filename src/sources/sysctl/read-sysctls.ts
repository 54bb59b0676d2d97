import type { NetnsTarget } from '../netns/netns-target.js';
import { readFilesInNetns } from '../netns/read-in-netns.js';

/** `net.ipv4.tcp_tw_reuse` → `/proc/sys/net/ipv4/tcp_tw_reuse`. */
export function sysctlPath(key: string): string {
  return `/proc/sys/${key.replace(/\./g, '/')}`;
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
