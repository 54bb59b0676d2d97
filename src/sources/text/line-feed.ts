import type { CaptureScan } from '../../core/parse/capture-state.js';
import { scanCapture, skipOverlongLine } from '../../core/parse/scan-capture.js';

/**
 * Feeds bytes to a capture scan through one reused buffer: complete lines are scanned in place,
 * the unfinished last line moves to the front, so memory stays at the buffer's size whatever the
 * input's. A line longer than the buffer is counted as one bad line and skipped to its newline.
 */
export class LineFeed {
  /** Bytes in `buf` not yet scanned (the start of an unfinished line). */
  have = 0;
  private discarding = false;

  constructor(
    readonly buf: Buffer,
    private readonly scan: CaptureScan,
  ) {}

  /** Room for a direct read: write into buf[have, buf.length), then `commit(n)`. */
  get free(): number {
    return this.buf.length - this.have;
  }

  commit(n: number): void {
    this.have += n;
    this.drain(false);
  }

  /** Copy a chunk in (decompressed or transcoded data), scanning as the buffer fills. */
  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(this.free, chunk.length - off);
      this.buf.set(chunk.subarray(off, off + n), this.have);
      off += n;
      this.commit(n);
    }
  }

  /** The input ended: scan the last line even without a newline. */
  end(): void {
    this.drain(true);
  }

  private drain(final: boolean): void {
    if (this.discarding) {
      const nl = this.buf.indexOf(10, 0);
      if (nl < 0 || nl >= this.have) {
        this.have = 0;
        return;
      }
      this.buf.copyWithin(0, nl + 1, this.have);
      this.have -= nl + 1;
      this.discarding = false;
    }
    const used = scanCapture(this.buf, 0, this.have, this.scan, final);
    if (used > 0) {
      this.buf.copyWithin(0, used, this.have);
      this.have -= used;
    }
    if (!final && this.have === this.buf.length) {
      skipOverlongLine(this.scan, this.buf.subarray(0, 120), this.buf.length);
      this.discarding = true;
      this.have = 0;
    }
  }
}
