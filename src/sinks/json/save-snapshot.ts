import { renameSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Snapshot } from '../../core/model/snapshot.js';
import { statusJson } from './status-json.js';

/** Marks a saved snapshot so `--input` recognises it. */
export const SNAPSHOT_KIND = 'tcpdoctor-snapshot';

/**
 * `status --save FILE`: the status JSON plus every socket record, gzip when the name ends in .gz.
 * Written to a temporary file then renamed, so a reader never sees half a snapshot.
 */
export function saveSnapshot(path: string, snapshot: Snapshot): void {
  const doc = { ...statusJson(snapshot), kind: SNAPSHOT_KIND, sockets: snapshot.sockets ?? [] };
  const text = `${JSON.stringify(doc)}\n`;
  const body = path.endsWith('.gz') ? gzipSync(text) : Buffer.from(text);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, body);
  renameSync(tmp, path);
}
