import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { ProcessRef } from '../../core/model/socket.js';
import { containerIdFromCgroup } from './container-id.js';

/**
 * Socket inode → the processes holding it, from /proc/<pid>/fd/* links `socket:[N]`
 * (tcp-facts.md §8). Built once per snapshot: the cost is O(all fds on the host). One inode can
 * have several owners (fork, fd passing, prefork workers).
 */
export interface SocketOwners {
  byInode: Map<number, ProcessRef[]>;
  /** Processes whose fd table this user may not read (root needed). */
  deniedPids: number;
  scannedPids: number;
}

export function readSocketOwners(): SocketOwners {
  const byInode = new Map<number, ProcessRef[]>();
  let deniedPids = 0;
  let scannedPids = 0;
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') deniedPids++;
      continue; // ENOENT: the process exited meanwhile
    }
    scannedPids++;
    let command: string | undefined;
    let container: string | undefined | null = null;
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!link.startsWith('socket:[')) continue;
      const inode = Number(link.slice(8, -1));
      command ??= readText(`/proc/${pid}/comm`).trim() || '?';
      if (container === null) container = containerIdFromCgroup(readText(`/proc/${pid}/cgroup`));
      const ref: ProcessRef = { pid, command, fd: Number(fd) };
      if (container) ref.container = container;
      const list = byInode.get(inode);
      if (list) list.push(ref);
      else byInode.set(inode, [ref]);
    }
  }
  return { byInode, deniedPids, scannedPids };
}

// --- internal ---

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
