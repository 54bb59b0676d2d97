import { readdirSync, readlinkSync, statSync } from 'node:fs';
import { SourceError } from '../source-error.js';

/**
 * Which network namespace to read. `self` is the reader's own; `pid` reads /proc/<pid>/net/…
 * directly (no privilege needed for the tables); `path` is a namespace file such as
 * /run/netns/NAME with no process known inside, read by entering it (`nsenter --net=PATH`, root).
 */
export type NetnsTarget =
  | { kind: 'self' }
  | { kind: 'pid'; pid: number; name?: string }
  | { kind: 'path'; path: string; name: string };

export interface NamespaceInfo {
  target: NetnsTarget;
  /** Namespace inode, the identity used to deduplicate (`net:[N]`). */
  inode?: number;
  /** A human label: `host`, the `ip netns` name, a container id, or `pid N (comm)`. */
  label: string;
  /** Container id from the cgroup path of the representative pid, where one is recognised. */
  containerId?: string;
}

export const NETNS_DIR = '/run/netns';

/**
 * `--netns PID`, `--netns NAME` (a name under /run/netns, as `ip netns` lists them). For a name,
 * prefer a pid living in that namespace so the tables are read without entering it.
 */
export function resolveNetnsArg(raw: string): NetnsTarget {
  if (/^[1-9]\d{0,9}$/.test(raw)) return { kind: 'pid', pid: Number(raw) };
  if (!/^[A-Za-z0-9_.-]+$/.test(raw) || raw === '.' || raw === '..') {
    throw new SourceError('ENOENT', `--netns takes a pid, a name under ${NETNS_DIR} or "all", not "${raw}"`);
  }
  const path = `${NETNS_DIR}/${raw}`;
  let inode: number;
  try {
    inode = statSync(path).ino;
  } catch {
    const known = listNamedNamespaces().map((n) => n.name);
    throw new SourceError(
      'ENOENT',
      `no network namespace named "${raw}" in ${NETNS_DIR}${known.length ? ` (known: ${known.join(', ')})` : ''}`,
    );
  }
  const pid = pidsByNetnsInode().pids.get(inode)?.[0];
  return pid === undefined ? { kind: 'path', path, name: raw } : { kind: 'pid', pid, name: raw };
}

/** The directory holding this namespace's net/ files, or undefined when it must be entered. */
export function procNetDir(target: NetnsTarget): string | undefined {
  if (target.kind === 'self') return '/proc/net';
  if (target.kind === 'pid') return `/proc/${target.pid}/net`;
  return undefined;
}

/** The namespace file of a target, for nsenter --net=… */
export function netnsPath(target: NetnsTarget): string {
  if (target.kind === 'self') return '/proc/self/ns/net';
  if (target.kind === 'pid') return `/proc/${target.pid}/ns/net`;
  return target.path;
}

/** Names under /run/netns with their inodes. */
export function listNamedNamespaces(): Array<{ name: string; inode: number }> {
  let names: string[];
  try {
    names = readdirSync(NETNS_DIR);
  } catch {
    return [];
  }
  const out: Array<{ name: string; inode: number }> = [];
  for (const name of names) {
    try {
      out.push({ name, inode: statSync(`${NETNS_DIR}/${name}`).ino });
    } catch {
      // a stale entry: skip it
    }
  }
  return out;
}

/**
 * Namespace inode → pids in it (ascending), and how many processes' links could not be read
 * (other users' processes without root, or processes the kernel hides even from root).
 */
export function pidsByNetnsInode(): { pids: Map<number, number[]>; hidden: number } {
  const map = new Map<number, number[]>();
  let hidden = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const inode = netnsInodeOf(Number(entry));
    if (inode === undefined) {
      hidden++;
      continue;
    }
    const list = map.get(inode);
    if (list) list.push(Number(entry));
    else map.set(inode, [Number(entry)]);
  }
  for (const list of map.values()) list.sort((a, b) => a - b);
  return { pids: map, hidden };
}

export function netnsInodeOf(pid: number | 'self'): number | undefined {
  try {
    const m = /^net:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/ns/net`));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
