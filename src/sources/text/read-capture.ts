import { once } from 'node:events';
import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { Census } from '../../core/model/census.js';
import type { InputInfo } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import type { CaptureFormat } from '../../core/parse/capture-format.js';
import type { CaptureScan } from '../../core/parse/capture-state.js';
import type { IssueLog } from '../../core/parse/parse-issue.js';
import {
  type CaptureSummary,
  createCaptureScan,
  finishCaptureScan,
  WARM_UP_CAPTURE,
  warmUpScanners,
} from '../../core/parse/scan-capture.js';
import { SourceError } from '../source-error.js';
import { LineFeed } from './line-feed.js';
import { type Sniffed, sniffInput } from './sniff-input.js';

export interface CaptureRequest {
  /** A path, or `-` for standard input. */
  input: string;
  /** Read every section as this format instead of detecting it. */
  format?: CaptureFormat | undefined;
  /** Kernel state code for rows of a capture without a State column. */
  assumeState?: number | undefined;
  /** Materialise one record per socket (slow path, for groupings). */
  records?: boolean | undefined;
  /** Standard input read without `--input -`: zero bytes is not an error but "no input". */
  implicit?: boolean | undefined;
  /**
   * Called once when implicit standard input has sent nothing for 2 s (`ssh host tcpdoctor`
   * from a terminal gives it a pipe that never closes): the caller says what is awaited.
   */
  onWaiting?: (() => void) | undefined;
}

export interface CaptureReading {
  /** `source.inputs[]` entry. */
  info: InputInfo;
  census: Census;
  issues: IssueLog;
  sockets?: SocketRecord[];
  /** Standard input was read implicitly and held nothing: the caller takes the live census. */
  empty: boolean;
  /** Why the input could not be read completely, or at all; `census` holds what was read. */
  error?: SourceError;
}

/**
 * Read one saved capture — a file or standard input, plain, gzip-compressed or UTF-16 — and
 * return its census. Streams through one reused 1 MiB buffer (LINE_LIMIT), read 64 KiB at a time:
 * memory does not grow with the input. Throws SourceError only when the input cannot be opened; everything after that is in
 * `error`, with whatever was counted before it.
 */
export async function readCapture(req: CaptureRequest): Promise<CaptureReading> {
  const name = req.input === '-' ? 'stdin' : req.input;
  const fd = openInput(req.input, name);
  const sockets: SocketRecord[] | undefined = req.records ? [] : undefined;
  const scan = createCaptureScan({
    format: req.format,
    assumeState: req.assumeState,
    onRecord: sockets ? (r) => sockets.push(r) : undefined,
  });
  buffer ??= Buffer.allocUnsafe(LINE_LIMIT);
  warmUpScanners(Buffer.from(WARM_UP_CAPTURE, 'latin1'));
  const feed = new LineFeed(buffer, scan);
  let sniffed: Sniffed = { kind: 'text', bom: 0 };
  let error: SourceError | undefined;
  let bytes = 0;
  try {
    if (req.implicit && req.onWaiting) bytes = await firstBytes(fd, feed.buf, name, req.onWaiting);
    bytes += fill(fd, feed.buf, bytes, SNIFF_BYTES - bytes, name);
    if (bytes > 0) {
      sniffed = sniffInput(feed.buf.subarray(0, bytes));
      if (sniffed.kind === 'unreadable') throw inputError(`${name} is ${sniffed.reason}`);
      if (sniffed.kind === 'text') {
        feed.buf.copyWithin(0, sniffed.bom, bytes);
        feed.commit(bytes - sniffed.bom);
        readPlain(fd, feed, name);
      } else {
        const head = Buffer.from(feed.buf.subarray(0, bytes));
        await readDecoded(fd, head, sniffed, feed, name);
      }
      feed.end();
    }
  } catch (err) {
    if (err instanceof TruncatedGzip) {
      error = inputError(
        `${name} is a truncated gzip file: the compressed data ends early; the ${scan.lineNumber} lines before the cut were counted`,
      );
    } else {
      error = err instanceof SourceError ? err : inputError(`cannot read ${name}: ${messageOf(err)}`);
    }
  } finally {
    if (fd !== 0) closeSync(fd);
  }
  const summary = finishCaptureScan(scan);
  const info = describeInput(name, req.input === '-' ? undefined : req.input, sniffed, summary, scan);
  const reading: CaptureReading = { info, census: scan.census, issues: scan.issues, empty: false };
  if (sockets) reading.sockets = sockets;
  if (error) {
    reading.error = error;
    return reading;
  }
  if (bytes === 0) {
    if (req.implicit) reading.empty = true;
    else reading.error = inputError(`${name} is empty`);
    return reading;
  }
  const problem = checkRecognised(name, summary, scan);
  if (problem) reading.error = problem;
  return reading;
}

// --- internal ---

/**
 * One read buffer for every input of the process: the census path allocates it once. Reads are
 * small on purpose: 64 KiB read and scanned while it is still in the CPU's cache. On the 2-vCPU
 * test VM a 4 MiB read buffer made reading 80 MB from the page cache cost 62 ms, 64 KiB reads
 * 18 ms, and the scan that follows finds the bytes in cache (docs/benchmarks.md, "Offline dumps").
 * A line may be up to LINE_LIMIT (the buffer) long; a longer one is one bad line, skipped.
 */
const READ_BYTES = 64 << 10;
const LINE_LIMIT = 1 << 20;
const SNIFF_BYTES = 8192;
let buffer: Buffer | undefined;

function openInput(input: string, name: string): number {
  if (input === '-') return 0;
  let fd: number;
  try {
    fd = openSync(input, 'r');
  } catch (err) {
    throw openError(err, name);
  }
  try {
    if (fstatSync(fd).isDirectory()) throw inputError(`${name} is a directory, not a capture file`);
  } catch (err) {
    closeSync(fd);
    throw err instanceof SourceError ? err : openError(err, name);
  }
  return fd;
}

function openError(err: unknown, name: string): SourceError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return inputError(`${name}: no such file`);
  if (code === 'EACCES' || code === 'EPERM')
    return new SourceError('EACCES', `permission denied reading ${name}`);
  return inputError(`cannot open ${name}: ${messageOf(err)}`);
}

function inputError(message: string): SourceError {
  return new SourceError('EINPUT', message);
}

/** The first read of implicit stdin, asynchronous so that a silence of 2 s can be pointed out. */
async function firstBytes(fd: number, buf: Buffer, name: string, onWaiting: () => void): Promise<number> {
  const timer = setTimeout(onWaiting, 2000);
  try {
    return await readAsync(fd, buf, 0, SNIFF_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return 0; // the synchronous reads wait it out
    throw inputError(`cannot read ${name}: ${messageOf(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Read until `want` bytes or the end of input; returns the bytes read. */
function fill(fd: number, buf: Buffer, at: number, want: number, name: string): number {
  let got = 0;
  while (got < want) {
    const n = readSome(fd, buf, at + got, want - got, name);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Plain text: read straight into the line buffer, no copy, 64 KiB at a time (see READ_BYTES). */
function readPlain(fd: number, feed: LineFeed, name: string): void {
  for (;;) {
    const n = readSome(fd, feed.buf, feed.have, Math.min(READ_BYTES, feed.free), name);
    if (n === 0) return;
    feed.commit(n);
  }
}

function readAsync(
  fd: number,
  buf: Buffer,
  at: number,
  len: number,
  position: number | null = null,
): Promise<number> {
  return new Promise((done, fail) => {
    read(fd, buf, at, len, position, (err, n) => (err ? fail(err) : done(n)));
  });
}

/**
 * gzip (possibly of UTF-16 text) and UTF-16: decode in a stream, then feed. Only the compressed
 * input is read through fresh chunks, which zlib holds while it works.
 */
async function readDecoded(
  fd: number,
  head: Buffer,
  sniffed: Sniffed,
  feed: LineFeed,
  name: string,
): Promise<void> {
  async function* raw(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1 << 20);
      const n = readSome(fd, chunk, 0, chunk.length, name);
      if (n === 0) return;
      yield chunk.subarray(0, n);
    }
  }
  if (sniffed.kind !== 'gzip') {
    const text = new TextSink(feed, name);
    text.choose(sniffed);
    for await (const chunk of raw()) text.write(chunk);
    text.end();
    return;
  }
  const text = new TextSink(feed, name);
  const { createGunzip } = await import('node:zlib'); // loaded only for gzip input
  try {
    // 'data' events, not async iteration: on a cut stream every byte inflated before the cut is
    // scanned before the error arrives
    await new Promise<void>((done, fail) => {
      const gz = createGunzip();
      gz.on('data', (chunk: Buffer) => {
        try {
          text.write(chunk);
        } catch (err) {
          gz.destroy(err as Error);
        }
      });
      gz.on('end', done);
      gz.on('error', fail);
      (async () => {
        for await (const chunk of raw()) {
          if (!gz.write(chunk)) await once(gz, 'drain');
        }
        gz.end();
      })().catch((err: unknown) => gz.destroy(err as Error));
    });
  } catch (err) {
    if (err instanceof SourceError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(messageOf(err))) {
      text.end(); // count the complete lines inflated before the cut (the cut line is dropped)
      throw new TruncatedGzip();
    }
    throw inputError(`${name} is not valid gzip data (${messageOf(err)})`);
  }
  text.end();
}

class TruncatedGzip extends Error {}

/** Decoded bytes: sniffed once more (a gzip may hold UTF-16 or a binary), then fed as UTF-8. */
class TextSink {
  private mode: 'sniff' | 'text' | 'utf16le' | 'utf16be' = 'sniff';
  private head: Buffer[] = [];
  private headBytes = 0;
  private decoder: TextDecoder | undefined;

  constructor(
    private readonly feed: LineFeed,
    private readonly name: string,
  ) {}

  choose(s: Sniffed): void {
    if (s.kind === 'unreadable') throw inputError(`${this.name} holds ${s.reason}`);
    if (s.kind === 'gzip') throw inputError(`${this.name} is compressed twice (gzip inside gzip)`);
    this.mode = s.kind;
    if (s.kind !== 'text') this.decoder = new TextDecoder(s.kind === 'utf16le' ? 'utf-16le' : 'utf-16be');
  }

  write(chunk: Buffer): void {
    if (this.mode === 'sniff') {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes < SNIFF_BYTES) return;
      this.flushHead();
      return;
    }
    if (this.mode === 'text') this.feed.push(chunk);
    else this.feed.push(Buffer.from((this.decoder as TextDecoder).decode(chunk, { stream: true }), 'utf8'));
  }

  end(): void {
    if (this.mode === 'sniff') this.flushHead();
    if (this.decoder) this.feed.push(Buffer.from(this.decoder.decode(), 'utf8'));
  }

  private flushHead(): void {
    const all = Buffer.concat(this.head);
    this.head = [];
    if (all.length === 0) {
      this.mode = 'text';
      return;
    }
    const s = sniffInput(all);
    this.choose(s);
    this.write(s.kind === 'text' ? all.subarray(s.bom) : all);
  }
}

/** readSync that waits out EAGAIN (a non-blocking pipe) instead of spinning. */
function readSome(fd: number, buf: Buffer, at: number, len: number, name: string): number {
  for (;;) {
    try {
      return readSync(fd, buf, at, len, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(SLEEPER, 0, 0, 2);
        continue;
      }
      if (code === 'EOF') return 0;
      if (code === 'EISDIR') throw inputError(`${name} is a directory, not a capture file`);
      throw inputError(`cannot read ${name}: ${messageOf(err)}`);
    }
  }
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));

function describeInput(
  name: string,
  path: string | undefined,
  sniffed: Sniffed,
  summary: CaptureSummary,
  scan: CaptureScan,
): InputInfo {
  const info: InputInfo = {
    name,
    format: summary.formats.length > 0 ? summary.formats.join('+') : 'unknown',
    linesRead: summary.linesRead,
    linesSkipped: summary.linesSkipped,
    cannotShow: summary.limits.cannotShow,
    rows: summary.rows,
  };
  if (sniffed.kind === 'gzip') info.compression = 'gzip';
  if (sniffed.kind === 'utf16le' || sniffed.kind === 'utf16be')
    info.encoding = sniffed.kind === 'utf16le' ? 'utf-16le' : 'utf-16be';
  if (scan.issues.first.length > 0) {
    info.skipped = scan.issues.first.slice(0, 5).map((i) => ({ lineNumber: i.lineNumber, reason: i.reason }));
  }
  if (path !== undefined) {
    try {
      info.modified = fstatSyncPath(path);
    } catch {
      // the file went away after reading: no time to report
    }
  }
  return info;
}

function fstatSyncPath(path: string): string {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).mtime.toISOString();
  } finally {
    closeSync(fd);
  }
}

/** Input read but not a census: nothing recognised, or rows whose state the capture does not say. */
function checkRecognised(name: string, summary: CaptureSummary, scan: CaptureScan): SourceError | undefined {
  if (summary.statelessRows > 0) {
    return inputError(
      `${name}: ${summary.statelessRows} sockets have no State column (ss with a single state filter such as \`ss -tan state time-wait\`, line ${summary.firstStatelessLine}): pass --assume-state NAME to count them`,
    );
  }
  if (summary.formats.length > 0) return undefined;
  const first = summary.firstUnrecognised;
  if (!first) {
    if (scan.otherSections > 0) {
      return inputError(`${name} holds no TCP socket table, only other sections (UNIX domain sockets, udp…)`);
    }
    return inputError(`${name} holds only blank lines`);
  }
  const hint = recogniseOther(first.text);
  return inputError(
    `${name}: not a netstat, ss or /proc/net/tcp capture${hint ? ` (${hint})` : ''}; line ${first.lineNumber}: "${first.text.trim().slice(0, 60)}"`,
  );
}

/** Outputs people paste that are not socket lists, with the capture that would work. */
function recogniseOther(line: string): string | undefined {
  const t = line.trim();
  if (/^Total:\s*\d+/.test(t) || /^TCP:\s+\d+\s+\(estab/.test(t)) {
    return 'this looks like `ss -s`, a summary: capture `ss -tan` instead';
  }
  if (/^(Ip|Icmp|Tcp|Udp|IpExt|TcpExt):$/.test(t)) {
    return 'this looks like `netstat -s` statistics: capture `netstat -tan` or `ss -tan` instead';
  }
  if (/^Kernel IP routing table/.test(t) || /^Routing tables/.test(t)) {
    return 'this looks like a routing table (netstat -r)';
  }
  if (/^Kernel Interface table/.test(t) || /^Name\s+Mtu\s/.test(t) || /^Iface\s+MTU/.test(t)) {
    return 'this looks like an interface table (netstat -i)';
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
