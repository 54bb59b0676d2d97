import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { type Census, createCensus } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { parseStateName, STATE_NAMES } from '../../core/model/tcp-state.js';
import { SourceError } from '../source-error.js';

/**
 * Read back a snapshot written by `status --save` (or the output of `status --json`, which has
 * the census but no sockets). Gzip is recognised by its magic bytes, whatever the name.
 */
export function readSavedSnapshot(path: string): Snapshot {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw new SourceError('EACCES', `permission denied reading ${path}`);
    throw new SourceError(
      'EINPUT',
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : String(err)}`,
    );
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new SourceError('EINPUT', `${path}: truncated or corrupt gzip`);
    }
  }
  return parseSavedSnapshot(bytes.toString('utf8'), path);
}

/**
 * Whether a file holds tcpdoctor JSON (a saved snapshot or `status --json` output), gzip or not.
 * Reads only the first 4 KiB (of the decompressed stream for gzip).
 */
export function isSavedSnapshotFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    let text: string;
    if (head[0] === 0x1f && head[1] === 0x8b) {
      // the first block of a gzip member inflates on its own; a partial stream is enough here
      const inflated = inflatePrefix(head.subarray(0, n));
      if (inflated === undefined) return false;
      text = inflated;
    } else text = head.subarray(0, n).toString('utf8');
    return looksLikeSnapshotJson(text);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether a text looks like tcpdoctor JSON (status --json or a saved snapshot). */
export function looksLikeSnapshotJson(head: string): boolean {
  return /^\s*\{/.test(head) && /"schema"\s*:/.test(head) && /"(states|kind)"\s*:/.test(head);
}

export function parseSavedSnapshot(text: string, name: string): Snapshot {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new SourceError('EINPUT', `${name}: not valid JSON (${(err as Error).message})`);
  }
  const d = doc as Partial<SavedDoc>;
  if (typeof d !== 'object' || d === null || typeof d.schema !== 'number' || !d.families) {
    throw new SourceError('EINPUT', `${name}: not a tcpdoctor snapshot (no "schema" and "families")`);
  }
  const census: Census = createCensus();
  fill(census.ipv4, d.families.ipv4);
  fill(census.ipv6, d.families.ipv6);
  const snapshot: Snapshot = {
    host: String(d.host ?? 'unknown'),
    kernel: String(d.kernel ?? 'unknown'),
    time: String(d.time ?? ''),
    source: d.source ?? { kind: 'file', inputs: [] },
    census,
    notes: Array.isArray(d.notes) ? d.notes.map(String) : [],
  };
  if (Array.isArray(d.sockets)) snapshot.sockets = d.sockets;
  if (d.counters) snapshot.counters = d.counters;
  if (d.rates) snapshot.rates = d.rates;
  if (d.sysctls) snapshot.sysctls = d.sysctls;
  return snapshot;
}

// --- internal ---

interface SavedDoc {
  schema: number;
  host: string;
  kernel: string;
  time: string;
  source: Snapshot['source'];
  families: { ipv4?: Record<string, number>; ipv6?: Record<string, number> };
  notes: unknown[];
  sockets: SocketRecord[];
  counters: Snapshot['counters'];
  rates: Snapshot['rates'];
  sysctls: Snapshot['sysctls'];
}

function fill(counts: Float64Array, map: Record<string, number> | undefined): void {
  if (!map) return;
  for (const name of STATE_NAMES) {
    const code = parseStateName(name) as number;
    const n = map[name];
    if (typeof n === 'number' && Number.isFinite(n)) counts[code] = n;
  }
}

function inflatePrefix(bytes: Buffer): string | undefined {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    return undefined;
  }
}
