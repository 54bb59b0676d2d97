import type { Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import {
  ascii,
  BAD,
  bad,
  badState,
  type CaptureScan,
  COUNTED,
  countRow,
  IGNORED,
  isDigits,
  lineUtf8,
  RECHECK,
  skipBlanks,
  tokenEnd,
  tokenIs,
} from './capture-state.js';
import { parsePidProgram, recordFromEndpoints } from './text-endpoint.js';

/**
 * Linux net-tools `netstat` rows (tcp-facts.md §7):
 *
 *   Proto Recv-Q Send-Q Local Address           Foreign Address         State       [User Inode] [PID/Program name] [Timer]
 *   tcp        2      0 127.0.0.1:18082         0.0.0.0:*               LISTEN      3639/python3
 *
 * The state is the sixth field, not the last: `-p` program names may hold spaces
 * (`1234/nginx: worker`), `-e` adds User and Inode, `-o` adds `off (0.00/0/0)`. `tcp6` rows may
 * hold IPv4 text (a dual-stack socket's IPv4 peers): the family is the proto's. udp/raw rows are
 * other protocols, not bad lines.
 */
export function netstatLinuxLine(buf: Uint8Array, s: number, q: number, e: number, st: CaptureScan): number {
  const t0 = tokenEnd(buf, q, e);
  const len = t0 - q;
  let family: Family;
  if (len >= 3 && buf[q] === 116 && buf[q + 1] === 99 && buf[q + 2] === 112) {
    if (len === 3) family = 4;
    else if (len === 4 && buf[q + 3] === 54) family = 6;
    else return RECHECK;
  } else {
    return isOtherLinuxProto(buf, q, t0) ? IGNORED : RECHECK;
  }
  let p: number;
  let t: number;
  if (st.linuxFixedColumns && q === s && e - s > 69 && fixedColumnsHold(buf, s)) {
    // net-tools' own layout (`%-4s  %6ld %6ld %-23s %-23s %-11s`, the header said so) and both
    // addresses within 23 characters: the state starts at column 68
    p = s + 68;
    t = tokenEnd(buf, p, e);
  } else {
    const r = walkToState(buf, t0, e, st);
    if (r < 0) return BAD;
    p = r;
    t = tokenEnd(buf, p, e);
  }
  if (p === t) return bad(st, 'truncated row: no state');
  const state = st.states.lookup(buf, p, t);
  if (state < 0) return badState(st, buf, p, t);
  if (st.onRecord) {
    const rec = parseNetstatLinuxRecord(lineUtf8(buf, s, e), state);
    if (typeof rec === 'string') return bad(st, rec);
    st.onRecord(rec);
  }
  countRow(st, family, state);
  return COUNTED;
}

/**
 * The start of the state field, walking the fields after Proto: Recv-Q, Send-Q, the two
 * addresses. -1 (with `st.reason`) when the row is not well formed.
 */
function walkToState(buf: Uint8Array, from: number, e: number, st: CaptureScan): number {
  let p = skipBlanks(buf, from, e);
  let t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return fail(st, 'not a netstat row: Recv-Q is not a number');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return fail(st, 'not a netstat row: Send-Q is not a number');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return fail(st, 'truncated row: no local address');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return fail(st, 'truncated row: no foreign address');
  return skipBlanks(buf, t, e);
}

/**
 * net-tools columns, checked without walking the addresses: `tcp ` or `tcp6`, two blanks, the
 * queues right-aligned in 6 columns (`%6ld`: their last digit at columns 11 and 18), then each
 * address starts right after a blank at columns 20 and 44 and the state at 68. An address longer than 23 characters (IPv6 with -W, a resolved
 * name) shifts the columns and fails a check: the row is walked instead.
 */
function fixedColumnsHold(buf: Uint8Array, s: number): boolean {
  const d1 = buf[s + 11] as number;
  const d2 = buf[s + 18] as number;
  return (
    buf[s + 4] === 32 &&
    buf[s + 5] === 32 &&
    buf[s + 12] === 32 &&
    buf[s + 19] === 32 &&
    buf[s + 20] !== 32 &&
    buf[s + 43] === 32 &&
    buf[s + 44] !== 32 &&
    buf[s + 67] === 32 &&
    buf[s + 68] !== 32 &&
    d1 >= 48 &&
    d1 <= 57 &&
    d2 >= 48 &&
    d2 <= 57
  );
}

function fail(st: CaptureScan, reason: string): number {
  st.reason = reason;
  return -1;
}

/**
 * The hot loop for net-tools output in its own columns: counts consecutive rows of buf[p, end)
 * without leaving this function, and returns where it stopped — the first line that is not such
 * a row (a header, udp, a long IPv6 address, a bad line), which the general reader then takes.
 *
 * net-tools prints the state as `%-11s` at column 68, so the field is eleven bytes: it is read as
 * three 32-bit words and matched against the fields already seen (a handful: one per state),
 * and the newline is then at column 79 unless more columns follow (-p, -e, -o).
 */
export function netstatLinuxRun(buf: Uint8Array, p: number, end: number, st: CaptureScan): number {
  const byFamily = st.byFamily;
  const dv = st.dataView(buf);
  const fields = st.linuxStateFields;
  let lines = 0;
  let last = 0; // index of the last matched field
  while (p + 81 <= end) {
    if (buf[p] !== 116 || buf[p + 1] !== 99 || buf[p + 2] !== 112) break;
    const fam = PROTO_SUFFIX[buf[p + 3] as number] as number; // `tcp ` 0, `tcp6` 1
    if (fam < 0 || !fixedColumnsHold(buf, p)) break;
    const w0 = dv.getInt32(p + 68, true);
    const w1 = dv.getInt32(p + 72, true);
    const w2 = dv.getInt32(p + 76, true) & 0xffffff;
    let state = 0;
    if (fields.w0[last] === w0 && fields.w1[last] === w1 && fields.w2[last] === w2) {
      state = fields.code[last] as number;
    } else {
      for (let i = 0; i < fields.n; i++) {
        if (fields.w0[i] === w0 && fields.w1[i] === w1 && fields.w2[i] === w2) {
          state = fields.code[i] as number;
          last = i;
          break;
        }
      }
      if (state === 0) break; // a state field not seen yet: netstatLinuxOddRow learns it
    }
    let nl: number;
    const after = buf[p + 79];
    if (after === 10) nl = p + 79;
    else if (after === 13 && buf[p + 80] === 10) nl = p + 80;
    else if (after === 32) {
      nl = buf.indexOf(10, p + 80); // more columns after the state
      if (nl < 0 || nl >= end) break;
    } else break;
    const counts = byFamily[fam] as Float64Array;
    counts[state] = (counts[state] as number) + 1;
    lines++;
    p = nl + 1;
  }
  st.lineNumber += lines;
  st.rows += lines;
  return p;
}

/**
 * The row netstatLinuxRun stopped at, when it is still a plain net-tools TCP row: one whose
 * state field was not seen yet (learnt here, so the run takes the next ones), or one whose
 * address is longer than its column (IPv6 with -W, a resolved name), walked field by field.
 * Counts it and returns the offset after it; returns `p` for anything else (a header, udp, a
 * bad line, a row cut by the end of the buffer), which the general reader then takes.
 *
 * Kept out of the run on purpose: the run is what V8 optimises first, and the smaller it is the
 * sooner its optimised code is ready (compiling the run with these paths inlined took 12 ms on
 * the background thread, while the first 50,000 rows went through unoptimised code).
 */
export function netstatLinuxOddRow(buf: Uint8Array, p: number, end: number, st: CaptureScan): number {
  if (buf[p] !== 116 || buf[p + 1] !== 99 || buf[p + 2] !== 112) return p;
  const fam = PROTO_SUFFIX[buf[p + 3] as number] as number;
  if (fam < 0) return p;
  const nl = buf.indexOf(10, p);
  if (nl < 0 || nl >= end) return p;
  const e = buf[nl - 1] === 13 ? nl - 1 : nl;
  let state: number;
  if (e - p >= 79 && fixedColumnsHold(buf, p)) {
    const after = buf[p + 79];
    if (p + 79 !== e && after !== 32) return p;
    state = learnStateField(buf, p + 68, st);
  } else {
    // an address longer than its column shifts the row: walk its fields
    let q = p + 4;
    let fieldsOk = true;
    for (let f = 0; f < 4 && fieldsOk; f++) {
      while (q < e && buf[q] === 32) q++;
      const from = q;
      if (f < 2) {
        while (q < e && (buf[q] as number) >= 48 && (buf[q] as number) <= 57) q++;
        fieldsOk = q > from && buf[q] === 32;
      } else {
        while (q < e && buf[q] !== 32) q++;
        fieldsOk = q > from;
      }
    }
    if (!fieldsOk) return p;
    while (q < e && buf[q] === 32) q++;
    let t = q;
    while (t < e && buf[t] !== 32) t++;
    state = st.states.lookup(buf, q, t);
  }
  if (state <= 0) return p;
  const counts = st.byFamily[fam] as Float64Array;
  counts[state] = (counts[state] as number) + 1;
  st.lineNumber++;
  st.rows++;
  return nl + 1;
}

/**
 * A state field not seen yet: a state name, then blanks to the eleventh byte. Remembered (up to
 * 16 fields) and returned as its code; -1 when it is not a state (or the table is full: the
 * general reader takes the row).
 */
function learnStateField(buf: Uint8Array, a: number, st: CaptureScan): number {
  let t = a;
  while (t < a + 11 && buf[t] !== 32) t++;
  for (let i = t; i < a + 11; i++) if (buf[i] !== 32) return -1;
  const code = st.states.lookup(buf, a, t);
  const f = st.linuxStateFields;
  if (code < 0 || f.n === 16) return -1;
  const dv = st.dataView(buf);
  f.w0[f.n] = dv.getInt32(a, true);
  f.w1[f.n] = dv.getInt32(a + 4, true);
  f.w2[f.n] = dv.getInt32(a + 8, true) & 0xffffff;
  f.code[f.n] = code;
  f.n++;
  return code;
}

/**
 * One `netstat` TCP row as a record (slow path). `state` is the already-resolved kernel code.
 * Returns the reason as a string when the row cannot be read.
 */
export function parseNetstatLinuxRecord(line: string, state: number): SocketRecord | string {
  const f = line.trim().split(/\s+/);
  const [proto, recvQ, sendQ, local, foreign] = f;
  if (!proto || !recvQ || !sendQ || !local || !foreign) return 'truncated row';
  const family: Family = proto === 'tcp6' ? 6 : 4;
  const rec = recordFromEndpoints(family, state, local, foreign, ':');
  if (typeof rec === 'string') return rec;
  rec.rxQueue = Number(recvQ);
  rec.txQueue = Number(sendQ);
  // After the state: [User Inode] [PID/Program name] [Timer], each optional.
  let rest = f.slice(6).join(' ');
  const timer = /(?:^|\s)(off|on|keepalive|timewait|probe) \((\d+(?:\.\d+)?)\/(\d+)\/(\d+)\)$/.exec(rest);
  if (timer) {
    rec.timer = TIMER_CODES[timer[1] as keyof typeof TIMER_CODES];
    rec.expiresMs = Math.round(Number(timer[2]) * 1000);
    rec.retransmits = Number(timer[3]);
    rest = rest.slice(0, timer.index).trim();
  }
  const tokens = rest === '' ? [] : rest.split(' ');
  if (tokens.length >= 2 && !/^(\d+\/|-$)/.test(tokens[0] as string) && /^\d+$/.test(tokens[1] as string)) {
    const user = tokens[0] as string;
    if (/^\d+$/.test(user)) rec.uid = Number(user);
    rec.inode = Number(tokens[1]);
    tokens.splice(0, 2);
  }
  if (tokens.length > 0) {
    const owners = parsePidProgram(tokens.join(' '));
    if (owners) rec.processes = owners;
  }
  return rec;
}

// --- internal ---

/** The byte after `tcp`: a blank (IPv4) or `6`; a table, so the hot loop has no branch per family. */
const PROTO_SUFFIX = new Int8Array(256).fill(-1);
PROTO_SUFFIX[32] = 0;
PROTO_SUFFIX[54] = 1;

/** net-tools `tcp_timers[]`: off, on (retransmit), keepalive, timewait, probe (zero window). */
const TIMER_CODES = { off: 0, on: 1, keepalive: 2, timewait: 3, probe: 4 } as const;

const OTHER_PROTOS = ['udp', 'udp6', 'udpl', 'udpl6', 'raw', 'raw6', 'unix', 'sctp', 'sctp6'].map(ascii);

function isOtherLinuxProto(buf: Uint8Array, start: number, end: number): boolean {
  for (const p of OTHER_PROTOS) if (tokenIs(buf, start, end, p)) return true;
  return false;
}
