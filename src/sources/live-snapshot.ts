import type { Snapshot } from '../core/model/snapshot.js';
import { type LiveRequest, readProcCensus } from './proc/read-proc-census.js';
import { readHostInfo } from './system/host-info.js';

/** A census of the live kernel tables, with host, kernel, time and provenance. */
export function takeLiveSnapshot(req: LiveRequest): Snapshot {
  const host = readHostInfo();
  const time = new Date().toISOString();
  const reading = readProcCensus(req, host);
  const notes = [...reading.notes];
  if (reading.issues.count > 0) {
    const first = reading.issues.first[0];
    notes.push(
      `${reading.issues.count} unreadable line(s) in the kernel's tables${first ? ` (first: line ${first.lineNumber}, ${first.reason})` : ''}`,
    );
  }
  const snapshot: Snapshot = {
    host: host.host,
    kernel: host.kernel,
    time,
    source: reading.source,
    census: reading.census,
    notes,
  };
  if (reading.sockets) snapshot.sockets = reading.sockets;
  return snapshot;
}
