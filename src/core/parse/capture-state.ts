import { type Census, createCensus, createCounts, type StateCounts } from '../model/census.js';
import type { Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import { CAPTURE_FORMATS, type CaptureFormat } from './capture-format.js';
import { IssueLog, lineText } from './parse-issue.js';
import type { ProcScanState } from './proc-net-tcp.js';
import { StateTokenTable } from './state-token.js';

/**
 * The state of one streaming scan over a saved capture: the census so far, the current section's
 * format and layout, and the evidence collected for "what this capture cannot show". Shared by
 * the per-format line readers (netstat-linux.ts, ss.ts, netstat-bsd.ts, netstat-windows.ts) and
 * the dispatcher (scan-capture.ts). One object per input; nothing here allocates per line.
 */

// Section modes: a format's index in CAPTURE_FORMATS + 1, or one of the two others.
export const MODE_NONE = 0;
export const MODE_LINUX = 1;
export const MODE_SS = 2;
export const MODE_BSD = 3;
export const MODE_WINDOWS = 4;
export const MODE_PROC = 5;
/** A section of the same tool that holds no TCP sockets (UNIX domain, kernel control, udp table…). */
export const MODE_SKIP = 6;

// What a line reader says about a line.
export const COUNTED = 0;
export const IGNORED = 1;
/** Not a line of the current section: ask the detector (a new header, another format, noise). */
export const RECHECK = 2;
/** A line of this section that could not be read; the reason is in `scan.reason`. */
export const BAD = 3;

// Families beyond 4 and 6, resolved when the input ends.
/** ss `*`: an IPv6 dual-stack wildcard in iproute2 ≥ 4.x, IPv4's 0.0.0.0 in older releases. */
export const FAMILY_STAR = 7;
/** A host name instead of an address (ss -r, Windows without -n): counted as IPv4, and said so. */
export const FAMILY_UNKNOWN = 8;

// Evidence flags, for limits.ts.
export const F_LINUX_NO_SERVERS = 1 << 0;
export const F_LINUX_ONLY_SERVERS = 1 << 1;
export const F_LINUX_UNTITLED = 1 << 2;
export const F_BSD_NO_ALL = 1 << 3;
export const F_NETSTAT_P_UNPRIV = 1 << 4;
export const F_PROC_V4_TABLE = 1 << 5;
export const F_PROC_V6_TABLE = 1 << 6;
export const F_SS_PROCESS_HEADER = 1 << 7;
export const F_SS_WITH_STATE = 1 << 8;
export const F_LINUX_TITLED = 1 << 9;
export const F_WINDOWS_ROWS = 1 << 10;
export const F_BSD_STATELESS = 1 << 11;
export const F_SS_STATELESS = 1 << 12;

// ss address styles (FAMILY_STAR).
export const SS_STYLE_UNKNOWN = 0;
/** iproute2 before 4.x: IPv6 unbracketed (`:::22`), `*` is IPv4's 0.0.0.0. */
export const SS_STYLE_OLD = 1;
/** Bracketed IPv6, `0.0.0.0` for IPv4, `*` only for a dual-stack IPv6 wildcard. */
export const SS_STYLE_NEW = 2;

export interface CaptureScanOptions {
  /** Read every line as this format instead of detecting it per section. */
  format?: CaptureFormat | undefined;
  /** The state of rows in a capture without a State column (`ss -tan state time-wait`). */
  assumeState?: number | undefined;
  /** Materialise a record per counted socket (slow path: strings per line). */
  onRecord?: ((record: SocketRecord) => void) | undefined;
  /** Byte order of the host that wrote a /proc dump (x86 and arm64: little-endian). */
  littleEndian?: boolean | undefined;
  /** USER_HZ of that host, for /proc timers. */
  clkTck?: number | undefined;
  /** How many bad lines to keep with their text (all are counted). */
  keepIssues?: number | undefined;
}

/** Padded state fields of net-tools rows seen so far, as 32-bit words (netstatLinuxRun). */
export class StateFields {
  n = 0;
  readonly w0 = new Int32Array(16);
  readonly w1 = new Int32Array(16);
  readonly w2 = new Int32Array(16);
  readonly code = new Int8Array(16);
}

/**
 * ss rows in aligned columns (ss.ts's fast loop): where the last walked row had its Recv-Q, its
 * Send-Q and its local address's port colon, as offsets from the line start (ss pads every column
 * of a render batch to one width), and the padded state fields met in that layout: the bytes
 * before Recv-Q (the state and its blanks), at most twelve of them, as three masked 32-bit words.
 */
export class SsColumns {
  /** 0 while no row was walked, or its columns cannot be read as words (colon before byte 12). */
  colon = 0;
  recv = 0;
  send = 0;
  /** Masks of the three words: the bytes before `recv`. */
  m0 = 0;
  m1 = 0;
  m2 = 0;
  n = 0;
  readonly w0 = new Int32Array(16);
  readonly w1 = new Int32Array(16);
  readonly w2 = new Int32Array(16);
  readonly code = new Int8Array(16);
}

export class CaptureScan {
  readonly census: Census = createCensus();
  readonly issues: IssueLog;
  /** 1-based number of the last line seen. */
  lineNumber = 0;
  /** TCP sockets counted (the /proc reader's rows included). */
  rows = 0;
  /** Lines neither counted nor bad: headers, titles, blank lines, other protocols, other sections. */
  ignoredLines = 0;
  /** Unrecognised lines before the first section (a shell prompt, prose in a ticket). */
  preambleLines = 0;
  firstPreamble: string | undefined;
  firstPreambleLine = 0;
  mode = MODE_NONE;
  /** Sections of other kinds skipped (UNIX domain sockets, udp tables, kernel control…). */
  otherSections = 0;
  readonly forcedMode: number;
  readonly assumeState: number;
  readonly onRecord: ((record: SocketRecord) => void) | undefined;
  readonly states = new StateTokenTable();
  readonly proc: ProcScanState;
  // layout of the current section
  ssNetid = false;
  ssState = true;
  bsdStateless = false;
  /** The section's header is net-tools' own, State at column 68: rows may be read by column. */
  linuxFixedColumns = false;
  /** netstat-linux.ts's fast loop: the padded state fields it has met, as 32-bit words. */
  readonly linuxStateFields = new StateFields();
  /** ss.ts's fast loop: the columns of the rows and the padded state fields it has met. */
  readonly ssColumns = new SsColumns();
  /** Lines left before the fast loops are tried again (scan-capture.ts). */
  runCooldown = 0;
  /** The census by family index (0 IPv4, 1 IPv6), for the fast loops. */
  readonly byFamily: Float64Array[];
  /** A DataView of the buffer being scanned, made once per buffer. */
  private view: DataView | undefined;
  private viewOf: Uint8Array | undefined;
  // evidence
  readonly modesSeen: number[] = [];
  flags = 0;
  ssStyle = SS_STYLE_UNKNOWN;
  readonly starCounts: StateCounts = createCounts();
  readonly unknownFamily: StateCounts = createCounts();
  /** Rows of a capture without a State column, when no state was assumed: not counted. */
  statelessRows = 0;
  firstStatelessLine = 0;
  /** Rows without a State column counted as `assumeState`. */
  assumedRows = 0;
  /** ss narrow layout: the state of a row whose address was wrapped onto the next line. */
  ssPendingState = 0;
  /** Windows `-b`: the last row's record, waiting for its `[exe]` line. */
  pendingRecord: SocketRecord | undefined;
  /** Why the last BAD line was bad. */
  reason = '';

  constructor(opts: CaptureScanOptions = {}) {
    this.byFamily = [this.census.ipv4, this.census.ipv6];
    this.issues = new IssueLog(opts.keepIssues ?? 20);
    this.forcedMode = opts.format === undefined ? MODE_NONE : CAPTURE_FORMATS.indexOf(opts.format) + 1;
    this.assumeState = opts.assumeState ?? 0;
    this.onRecord = opts.onRecord;
    this.proc = {
      census: this.census,
      issues: this.issues,
      lineNumber: 0,
      rows: 0,
      headers: 0,
      littleEndian: opts.littleEndian ?? true,
      clkTck: opts.clkTck ?? 100,
      onRecord: opts.onRecord,
    };
    if (this.forcedMode !== MODE_NONE) enterMode(this, this.forcedMode);
  }

  dataView(buf: Uint8Array): DataView {
    if (this.viewOf !== buf || this.view === undefined) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    return this.view;
  }
}

/** Switch the current section's format; remembers the order formats appeared in. */
export function enterMode(st: CaptureScan, mode: number): void {
  flushPendingRecord(st);
  if (mode === MODE_SKIP && st.mode !== MODE_SKIP) st.otherSections++;
  st.mode = mode;
  st.ssPendingState = 0;
  st.linuxFixedColumns = false;
  if (mode !== MODE_SKIP && mode !== MODE_NONE && !st.modesSeen.includes(mode)) st.modesSeen.push(mode);
}

/** Count one socket. `family` is 4, 6, FAMILY_STAR or FAMILY_UNKNOWN. */
export function countRow(st: CaptureScan, family: number, state: number): void {
  if (family === 6) st.census.ipv6[state] = (st.census.ipv6[state] as number) + 1;
  else if (family === 4) st.census.ipv4[state] = (st.census.ipv4[state] as number) + 1;
  else if (family === FAMILY_STAR) st.starCounts[state] = (st.starCounts[state] as number) + 1;
  else st.unknownFamily[state] = (st.unknownFamily[state] as number) + 1;
  st.rows++;
}

/** Log a bad line; the text is built only while the log still keeps lines. */
export function logIssue(st: CaptureScan, buf: Uint8Array, start: number, end: number, reason: string): void {
  if (st.issues.first.length < st.issues.keep)
    st.issues.add(st.lineNumber, lineText(buf, start, end), reason);
  else st.issues.count++;
}

/** A BAD outcome with its reason. */
export function bad(st: CaptureScan, reason: string): number {
  st.reason = reason;
  return BAD;
}

/** A BAD outcome for a token that is no TCP state; the token is quoted only while lines are kept. */
export function badState(st: CaptureScan, buf: Uint8Array, start: number, end: number): number {
  st.reason = 'unknown state';
  if (st.issues.first.length < st.issues.keep) {
    let token = '';
    for (let i = start; i < Math.min(end, start + 40); i++) token += String.fromCharCode(buf[i] as number);
    st.reason = `unknown state "${token}"`;
  }
  return BAD;
}

export function flushPendingRecord(st: CaptureScan): void {
  if (st.pendingRecord && st.onRecord) st.onRecord(st.pendingRecord);
  st.pendingRecord = undefined;
}

/** The family a record gets for a count family (STAR and UNKNOWN: best guess, as counted). */
export function recordFamily(st: CaptureScan, family: number): Family {
  if (family === 6) return 6;
  if (family === FAMILY_STAR) return st.ssStyle === SS_STYLE_OLD ? 4 : 6;
  return 4;
}

// --- byte helpers (no allocation) ---

export const SPACE = 32;
export const TAB = 9;

export function skipBlanks(buf: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = buf[p] as number;
    if (c !== SPACE && c !== TAB) break;
    p++;
  }
  return p;
}

export function tokenEnd(buf: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = buf[p] as number;
    if (c === SPACE || c === TAB) break;
    p++;
  }
  return p;
}

/** True when buf[start, end) is one or more ASCII digits. */
export function isDigits(buf: Uint8Array, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** True when the bytes at `p` are `lit` (exact, case-sensitive). */
export function startsWith(buf: Uint8Array, p: number, end: number, lit: Uint8Array): boolean {
  if (end - p < lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (buf[p + i] !== lit[i]) return false;
  return true;
}

/** True when the token buf[start, end) is exactly `lit`. */
export function tokenIs(buf: Uint8Array, start: number, end: number, lit: Uint8Array): boolean {
  return end - start === lit.length && startsWith(buf, start, end, lit);
}

/** True when `lit` occurs anywhere in buf[start, end). */
export function includes(buf: Uint8Array, start: number, end: number, lit: Uint8Array): boolean {
  const first = lit[0];
  for (let p = start; p + lit.length <= end; p++) {
    if (buf[p] === first && startsWith(buf, p, end, lit)) return true;
  }
  return false;
}

export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** UTF-8 text of a line (slow path: records), without a trailing CR. */
export function lineUtf8(buf: Uint8Array, start: number, end: number): string {
  let e = end;
  if (e > start && buf[e - 1] === 13) e--;
  return UTF8.decode(buf.subarray(start, e));
}

const UTF8 = new TextDecoder('utf-8');
