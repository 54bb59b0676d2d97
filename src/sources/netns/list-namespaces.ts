import { readFileSync } from 'node:fs';
import { containerIdFromCgroup } from '../processes/container-id.js';
import { listNamedNamespaces, type NamespaceInfo, netnsInodeOf, pidsByNetnsInode } from './netns-target.js';

/**
 * Every network namespace on the host (`--netns all`), deduplicated by namespace inode: the
 * reader's own first (labelled `host` when it is PID 1's), then named ones (`ip netns`), then those
 * only processes hold (containers), each labelled with a name, container id or `pid N (comm)`.
 */
export function listNamespaces(): { namespaces: NamespaceInfo[]; notes: string[] } {
  const notes: string[] = [];
  const { pids: byInode, hidden } = pidsByNetnsInode();
  const own = netnsInodeOf('self');
  const init = netnsInodeOf(1);
  const named = new Map(listNamedNamespaces().map((n) => [n.inode, n.name]));
  const out: NamespaceInfo[] = [];
  const seen = new Set<number>();
  if (own !== undefined) {
    out.push({
      target: { kind: 'self' },
      inode: own,
      label: own === init ? 'host' : (named.get(own) ?? 'this namespace'),
    });
    seen.add(own);
  } else {
    out.push({ target: { kind: 'self' }, label: 'this namespace' });
  }
  for (const [inode, name] of named) {
    if (seen.has(inode)) continue;
    seen.add(inode);
    const pid = byInode.get(inode)?.[0];
    out.push({
      target:
        pid === undefined ? { kind: 'path', path: `/run/netns/${name}`, name } : { kind: 'pid', pid, name },
      inode,
      label: name,
    });
  }
  for (const [inode, pids] of byInode) {
    if (seen.has(inode)) continue;
    seen.add(inode);
    const pid = pids[0] as number;
    const containerId = containerIdFromCgroup(readText(`/proc/${pid}/cgroup`));
    const info: NamespaceInfo = {
      target: { kind: 'pid', pid },
      inode,
      label: containerId
        ? `container ${containerId.slice(0, 12)}`
        : `pid ${pid} (${readText(`/proc/${pid}/comm`).trim()})`,
    };
    if (containerId) info.containerId = containerId;
    out.push(info);
  }
  if (hidden > 0) {
    notes.push(
      `the namespace of ${hidden} process(es) could not be read (needs root, or hidden by the kernel): --netns all may miss some`,
    );
  }
  return { namespaces: out, notes };
}

// --- internal ---

function readText(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}
