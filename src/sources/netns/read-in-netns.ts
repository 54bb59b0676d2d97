import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SourceError } from '../source-error.js';
import { type NetnsTarget, netnsPath, procNetDir } from './netns-target.js';

/**
 * Read text files as seen from inside a namespace. /proc/<pid>/net/* can be read directly;
 * /proc/sys/* always shows the reader's own namespace, so for another namespace the files are
 * read by one `nsenter --net=… cat` (root). Returns path → text; a missing file is absent.
 */
export function readFilesInNetns(target: NetnsTarget, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const direct =
    target.kind === 'self' || (target.kind === 'pid' && paths.every((p) => p.startsWith('/proc/net/')));
  if (direct) {
    const dir = procNetDir(target) as string;
    for (const p of paths) {
      const real = p.startsWith('/proc/net/') ? `${dir}/${p.slice('/proc/net/'.length)}` : p;
      try {
        out.set(p, readFileSync(real, 'latin1'));
      } catch {
        // absent on this kernel or in this namespace (global knobs in a child namespace)
      }
    }
    return out;
  }
  // One process for all files: print each file between markers so a missing one stays absent.
  const script = 'for f; do printf "\\n@@tcpdoctor@@ %s\\n" "$f"; cat "$f" 2>/dev/null; done';
  const r = spawnSync('nsenter', [`--net=${netnsPath(target)}`, '--', 'sh', '-c', script, 'sh', ...paths], {
    encoding: 'latin1',
    maxBuffer: 64 << 20,
    timeout: 10_000,
  });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || '').trim().split('\n')[0];
    if (/Operation not permitted|Permission denied/i.test(why ?? '')) {
      throw new SourceError('EACCES', `entering network namespace ${netnsPath(target)} needs root (${why})`);
    }
    throw new SourceError('ELIVE', `cannot enter network namespace ${netnsPath(target)}: ${why}`);
  }
  const parts = r.stdout.split('\n@@tcpdoctor@@ ');
  for (const part of parts.slice(1)) {
    const nl = part.indexOf('\n');
    const path = part.slice(0, nl);
    const body = part.slice(nl + 1);
    if (body.length > 0) out.set(path, body);
  }
  return out;
}
