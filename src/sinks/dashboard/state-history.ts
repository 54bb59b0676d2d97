import { combined } from '../../core/model/census.js';
import { STATE_NAMES } from '../../core/model/tcp-state.js';
import type { ServeReading } from '../http/reading.js';

/**
 * The dashboard's memory: per-state counts of every reading `tcpdoctor serve` took, for a bounded
 * window, so the chart has a past the moment a page opens. Bounded twice: by age (`windowMs`) and
 * by count (`MAX_HISTORY_POINTS`, which wins at short intervals). A reading whose census failed is
 * kept as a gap (`counts: null`), so the chart shows the hole instead of joining across it.
 */
export interface HistoryPoint {
  /** The reading's `seq`. */
  seq: number;
  /** When the reading started, ms since the epoch. */
  t: number;
  /** Both families summed, in kernel order (STATE_NAMES); null when the census failed. */
  counts: number[] | null;
}

/** One hour at the default 15 s interval is 240 points; at 1 s the cap keeps one hour too. */
export const DEFAULT_HISTORY_WINDOW_MS = 3_600_000;
export const MAX_HISTORY_POINTS = 3_600;

export class StateHistory {
  private readonly points: HistoryPoint[] = [];
  readonly capacity: number;

  constructor(
    readonly windowMs: number,
    intervalMs: number,
  ) {
    this.capacity = Math.min(MAX_HISTORY_POINTS, Math.ceil(windowMs / Math.max(1, intervalMs)) + 1);
  }

  /** Record a reading once; an older or repeated `seq` is ignored. */
  observe(reading: ServeReading): void {
    const last = this.points[this.points.length - 1];
    if (last && reading.seq <= last.seq) return;
    const counts = reading.status ? countsOf(reading) : null;
    this.points.push({ seq: reading.seq, t: reading.startedAt, counts });
    const oldest = reading.startedAt - this.windowMs;
    let drop = Math.max(0, this.points.length - this.capacity);
    while (drop < this.points.length && (this.points[drop] as HistoryPoint).t < oldest) drop++;
    if (drop > 0) this.points.splice(0, drop);
  }

  /** Points newer than `afterSeq` (all of them without it), oldest first. */
  since(afterSeq?: number): HistoryPoint[] {
    if (afterSeq === undefined) return [...this.points];
    return this.points.filter((p) => p.seq > afterSeq);
  }

  get size(): number {
    return this.points.length;
  }

  get newestSeq(): number | undefined {
    return this.points[this.points.length - 1]?.seq;
  }
}

// --- internal ---

function countsOf(reading: ServeReading): number[] {
  const all = combined((reading.status as NonNullable<ServeReading['status']>).census);
  // codes 1..11 in kernel order, the order of STATE_NAMES
  return STATE_NAMES.map((_, i) => all[i + 1] ?? 0);
}
