import { addCensus, combined, createCensus } from '../../core/model/census.js';
import type { InputInfo, Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { TCP_BOUND_INACTIVE } from '../../core/model/tcp-state.js';
import type { CaptureFormat } from '../../core/parse/capture-format.js';
import type { SourceError } from '../source-error.js';
import { type CaptureReading, readCapture } from './read-capture.js';

export interface FileSnapshotRequest {
  /** Paths; `-` is standard input. */
  inputs: string[];
  format?: CaptureFormat | undefined;
  assumeState?: number | undefined;
  records?: boolean | undefined;
  /** Standard input is read because it is a pipe or a file, not because `--input -` asked. */
  implicitStdin?: boolean | undefined;
  /** See CaptureRequest.onWaiting. */
  onWaiting?: (() => void) | undefined;
}

export interface FileSnapshot {
  /** The census of everything read; undefined when no input could be read at all. */
  snapshot: Snapshot | undefined;
  readings: CaptureReading[];
  /** One per input that failed, completely or part-way (in input order). */
  errors: SourceError[];
  /** Implicit standard input held nothing: the caller takes the live census instead. */
  emptyStdin: boolean;
}

/**
 * The census of saved captures: every input read in turn (a failed one does not stop the
 * others), their counts added up (e.g. /proc/net/tcp and tcp6 saved apart), each described in
 * `source.inputs`. A capture does not say which host or kernel it came from: `host` and
 * `kernel` are `unknown`, and `time` is when it was read.
 */
export async function takeFileSnapshot(req: FileSnapshotRequest): Promise<FileSnapshot> {
  const readings: CaptureReading[] = [];
  const errors: SourceError[] = [];
  for (const input of req.inputs) {
    let reading: CaptureReading;
    try {
      reading = await readCapture({
        input,
        format: req.format,
        assumeState: req.assumeState,
        records: req.records,
        implicit: req.implicitStdin === true && input === '-',
        onWaiting: req.onWaiting,
      });
    } catch (err) {
      errors.push(err as SourceError);
      continue;
    }
    if (reading.empty) return { snapshot: undefined, readings, errors, emptyStdin: true };
    readings.push(reading);
    if (reading.error) errors.push(reading.error);
  }
  const used = readings.filter((r) => r.info.format !== 'unknown' || (r.info.rows ?? 0) > 0);
  if (used.length === 0) return { snapshot: undefined, readings, errors, emptyStdin: false };

  const census = createCensus();
  const sockets: SocketRecord[] | undefined = req.records ? [] : undefined;
  const notes: string[] = [];
  for (const r of used) {
    addCensus(census, r.census);
    if (sockets && r.sockets) for (const s of r.sockets) sockets.push(s);
    notes.push(...notesFor(r.info, r));
  }
  const bound = combined(census)[TCP_BOUND_INACTIVE] ?? 0;
  if (bound > 0) {
    notes.push(
      `${bound} sockets in the BOUND state (Windows netstat -q: bound, neither listening nor connected) are counted under "other", outside the eleven states`,
    );
  }
  const snapshot: Snapshot = {
    host: 'unknown',
    kernel: 'unknown',
    time: new Date().toISOString(),
    source: { kind: 'file', inputs: used.map((r) => r.info) },
    census,
    notes,
  };
  if (sockets) snapshot.sockets = sockets;
  return { snapshot, readings, errors, emptyStdin: false };
}

// --- internal ---

function notesFor(info: InputInfo, r: CaptureReading): string[] {
  const out = info.cannotShow.map((c) => `${info.name} cannot show ${c}`);
  if (info.linesSkipped > 0) {
    const first = r.issues.first[0];
    out.push(
      `${info.name}: ${info.linesSkipped} of ${info.linesRead} lines could not be read and were not counted${first ? ` (first: line ${first.lineNumber}, ${first.reason})` : ''}`,
    );
  }
  if (r.error) out.push(`${info.name} was not read completely: ${r.error.message}`);
  return out;
}
