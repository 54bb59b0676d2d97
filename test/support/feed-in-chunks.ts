import type { CaptureScan } from '../../src/core/parse/capture-state.js';
import { scanCapture } from '../../src/core/parse/scan-capture.js';

/**
 * Feed a capture to the scanner the way the file reader does: in chunks cut at `cuts` (any
 * offsets, taken modulo the length and sorted), the unfinished last line carried over to the
 * next chunk, then the rest as the final piece.
 */
export function feedInChunks(buf: Uint8Array, cuts: number[], st: CaptureScan): void {
  let pending: Uint8Array = new Uint8Array(0);
  let prev = 0;
  for (const cut of [...cuts.map((c) => c % (buf.length + 1)).sort((a, b) => a - b), buf.length]) {
    const chunk = buf.subarray(prev, Math.max(prev, cut));
    prev = Math.max(prev, cut);
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    const used = scanCapture(joined, 0, joined.length, st, false);
    pending = joined.slice(used);
  }
  scanCapture(pending, 0, pending.length, st, true);
}
