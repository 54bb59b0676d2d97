import { type Census, familyCounts } from '../model/census.js';
import { decodeProcAddress, type Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import { type IssueLog, lineText } from './parse-issue.js';

/**
 * A byte-level scanner for /proc/net/tcp and /proc/net/tcp6 text (tcp-facts.md §4). It counts
 * sockets per family and state without building a string or an object per socket; records are
 * materialised only when `onRecord` is set. Header lines (`  sl  local_address …`) may appear
 * anywhere, so several tables concatenated in one stream (tcp then tcp6) scan as one.
 */
export interface ProcScanState {
  census: Census;
  issues: IssueLog;
  /** Lines consumed so far (1-based line number of the last line seen). */
  lineNumber: number;
  /** Socket rows counted. */
  rows: number;
  /** Header lines seen. */
  headers: number;
  /** Byte order of the host that produced the text: x86 and arm64 are little-endian. */
  littleEndian: boolean;
  /** USER_HZ of that host, to turn `tm->when` ticks into milliseconds (100 on x86/arm64). */
  clkTck: number;
  onRecord?: ((record: SocketRecord) => void) | undefined;
}

/**
 * Scans the complete lines of buf[start, end). Returns the offset of the first byte not consumed:
 * the start of a line with no newline yet, unless `final` says the input ends at `end`.
 */
export function scanProcNetTcp(
  buf: Uint8Array,
  start: number,
  end: number,
  st: ProcScanState,
  final = false,
): number {
  let p = start;
  while (p < end) {
    let nl = buf.indexOf(10, p);
    if (nl < 0 || nl >= end) {
      if (!final) break;
      nl = end;
    }
    st.lineNumber++;
    const reason = scanProcNetTcpLine(buf, p, nl, st);
    if (reason !== undefined) st.issues.add(st.lineNumber, lineText(buf, p, nl), reason);
    p = nl + 1;
  }
  return Math.min(p, end);
}

/**
 * Parse one /proc/net/tcp{,6} socket line into a record. Slow path (strings): used only when a
 * grouping or a test asks for records.
 */
export function parseProcNetTcpLine(
  line: string,
  littleEndian: boolean,
  clkTck = 100,
): SocketRecord | string {
  const f = line.trim().split(/\s+/);
  if (f.length < 10) return 'too few fields for a /proc/net/tcp line';
  const [, local, remote, st, queues, timer, retr, uid, , inode] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const l = splitEndpoint(local, littleEndian);
  const r = splitEndpoint(remote, littleEndian);
  if (!l || !r) return 'bad address (want hex ADDR:PORT)';
  if (l.family !== r.family) return 'local and remote addresses of different families';
  const [tx, rx] = queues.split(':');
  const [tr, when] = timer.split(':');
  const state = Number.parseInt(st, 16);
  if (!/^[0-9A-Fa-f]{2}$/.test(st) || state < 1 || state > 15) return `bad state field "${st}"`;
  const hexNum = (s: string | undefined) => (s && /^[0-9A-Fa-f]+$/.test(s) ? Number.parseInt(s, 16) : NaN);
  const rec: SocketRecord = {
    family: l.family,
    state,
    localAddress: l.address,
    localPort: l.port,
    remoteAddress: r.address,
    remotePort: r.port,
    txQueue: hexNum(tx),
    rxQueue: hexNum(rx),
    timer: hexNum(tr),
    expiresMs: Math.round((hexNum(when) * 1000) / clkTck),
    retransmits: hexNum(retr),
    uid: Number(uid),
    inode: Number(inode),
  };
  for (const k of ['txQueue', 'rxQueue', 'timer', 'expiresMs', 'retransmits', 'uid', 'inode'] as const) {
    if (!Number.isFinite(rec[k])) return `bad numeric field ${k}`;
  }
  return rec;
}

/**
 * Count one line of buf[start, end) (no newline). Returns an issue reason, or undefined when the
 * line counted or is a header. The dispatcher for saved captures (scan-capture.ts) calls it line
 * by line inside a /proc section.
 */
export function scanProcNetTcpLine(
  buf: Uint8Array,
  start: number,
  end: number,
  st: ProcScanState,
): string | undefined {
  let q = start;
  while (q < end && (buf[q] === SPACE || buf[q] === TAB)) q++;
  if (q >= end || (q + 1 === end && buf[q] === 13)) return undefined; // blank line
  if (buf[q] === 115 /* s */ && buf[q + 1] === 108 /* l */) {
    st.headers++;
    return undefined;
  }
  // "sl" row number: decimal digits then ':'
  const digits = q;
  while (q < end && (buf[q] as number) >= 48 && (buf[q] as number) <= 57) q++;
  if (q === digits || buf[q] !== COLON) return 'not a /proc/net/tcp line (no "N:" row number)';
  q++;
  while (q < end && buf[q] === SPACE) q++;
  const localStart = q;
  while (q < end && buf[q] !== SPACE) q++;
  const localLen = q - localStart;
  while (q < end && buf[q] === SPACE) q++;
  const remoteStart = q;
  while (q < end && buf[q] !== SPACE) q++;
  const remoteLen = q - remoteStart;
  let family: Family;
  if (localLen === 13) family = 4;
  else if (localLen === 37) family = 6;
  else return 'bad local address (want 8 or 32 hex digits and a port)';
  if (remoteLen !== localLen || buf[localStart + localLen - 5] !== COLON || buf[q - 5] !== COLON) {
    return 'bad address field';
  }
  while (q < end && buf[q] === SPACE) q++;
  const h1 = HEX[buf[q] as number] as number;
  const h2 = HEX[buf[q + 1] as number] as number;
  if (h1 < 0 || h2 < 0 || q + 2 > end || (q + 2 < end && buf[q + 2] !== SPACE)) return 'bad state field';
  const state = (h1 << 4) | h2;
  if (state === 0 || state > 15) return `unknown state code 0x${state.toString(16)}`;
  if (st.onRecord) {
    const rec = parseProcNetTcpLine(lineText(buf, start, end), st.littleEndian, st.clkTck);
    if (typeof rec === 'string') return rec;
    st.onRecord(rec);
  }
  const counts = familyCounts(st.census, family);
  counts[state] = (counts[state] as number) + 1;
  st.rows++;
  return undefined;
}

// --- internal ---

const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[65 + c] = 10 + c;
  HEX[97 + c] = 10 + c;
}

const SPACE = 32;
const TAB = 9;
const COLON = 58;

function splitEndpoint(
  token: string,
  littleEndian: boolean,
): { family: Family; address: string; port: number } | undefined {
  const colon = token.indexOf(':');
  if (colon !== 8 && colon !== 32) return undefined;
  const address = decodeProcAddress(token.slice(0, colon), littleEndian);
  const portHex = token.slice(colon + 1);
  if (address === undefined || !/^[0-9A-Fa-f]{4}$/.test(portHex)) return undefined;
  return { family: colon === 8 ? 4 : 6, address, port: Number.parseInt(portHex, 16) };
}
