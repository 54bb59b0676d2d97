import type { Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import {
  bad,
  badState,
  type CaptureScan,
  COUNTED,
  countRow,
  FAMILY_STAR,
  FAMILY_UNKNOWN,
  IGNORED,
  isDigits,
  lineUtf8,
  RECHECK,
  recordFamily,
  SS_STYLE_NEW,
  SS_STYLE_OLD,
  SS_STYLE_UNKNOWN,
  skipBlanks,
  tokenEnd,
} from './capture-state.js';
import { parseSsUsers, recordFromEndpoints } from './text-endpoint.js';

/**
 * iproute2 `ss` rows (tcp-facts.md §7; misc/ss.c):
 *
 *   [Netid] [State] Recv-Q Send-Q Local Address:Port Peer Address:Port [Process] [details…]
 *   ESTAB   0       0      [::ffff:127.0.0.1]:18081 [::ffff:127.0.0.1]:48902 users:(("python3",pid=9615,fd=3))
 *
 * Netid appears when several socket types are listed (`ss -a`: count only `tcp`); State is absent
 * when the filter names one state (`ss -tan state time-wait`). On a narrow terminal ss wraps a
 * socket over several lines, and `-i` puts details on a second line: lines that start with a blank
 * (or with `users:(`, `timer:(`, …) continue the row above.
 *
 * The family comes from the local address: `[v6]`, `*` (an IPv6 dual-stack wildcard since
 * iproute2 4.x, IPv4's 0.0.0.0 before, see FAMILY_STAR), unbracketed v6 in old releases,
 * `127.0.0.53%lo` is IPv4 with a scope.
 */
export function ssLine(buf: Uint8Array, s: number, q: number, e: number, st: CaptureScan): number {
  if (st.ssPendingState !== 0) {
    // the previous row's address was wrapped onto this line
    const state = st.ssPendingState;
    st.ssPendingState = 0;
    if (q > s) {
      countRow(st, ssFamily(buf, q, tokenEnd(buf, q, e), st), state);
      return IGNORED;
    }
    countRow(st, FAMILY_UNKNOWN, state);
  }
  // RECHECK also for continuation lines: the detector tells them from a new header first
  return ssRow(buf, s, q, e, st);
}

/** The row reader, also used by the detector to recognise headerless (`-H`) output. */
export function ssRow(buf: Uint8Array, s: number, q: number, e: number, st: CaptureScan): number {
  let p = q;
  let t = tokenEnd(buf, p, e);
  if (st.ssNetid) {
    if (!(t - p === 3 && buf[p] === 116 && buf[p + 1] === 99 && buf[p + 2] === 112)) {
      return isNetid(buf, p, t) ? IGNORED : RECHECK;
    }
    p = skipBlanks(buf, t, e);
    t = tokenEnd(buf, p, e);
  }
  let state = st.assumeState;
  if (st.ssState) {
    state = st.states.lookup(buf, p, t);
    if (state < 0) {
      // an unknown word followed by two queue sizes is a row with a state ss does not name
      const p1 = skipBlanks(buf, t, e);
      const t1 = tokenEnd(buf, p1, e);
      const p2 = skipBlanks(buf, t1, e);
      if (st.ssNetid || (isDigits(buf, p1, t1) && isDigits(buf, p2, tokenEnd(buf, p2, e)))) {
        return badState(st, buf, p, t);
      }
      return RECHECK;
    }
    p = skipBlanks(buf, t, e);
    t = tokenEnd(buf, p, e);
  }
  if (!isDigits(buf, p, t)) return st.ssState ? bad(st, 'not an ss row: Recv-Q is not a number') : RECHECK;
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return bad(st, 'not an ss row: Send-Q is not a number');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (state === 0) {
    // no State column and no --assume-state: a socket we cannot place (reported per input)
    if (p === t) return RECHECK;
    if (st.statelessRows++ === 0) st.firstStatelessLine = st.lineNumber;
    return IGNORED;
  }
  if (!st.ssState) st.assumedRows++;
  if (p === t) {
    st.ssPendingState = state; // narrow layout: the address is on the next line
    return COUNTED;
  }
  const family = ssFamily(buf, p, t, st);
  if (st.onRecord) {
    const rec = parseSsRecord(lineUtf8(buf, s, e), st.ssNetid, st.ssState, state, recordFamily(st, family));
    if (typeof rec === 'string') return bad(st, rec);
    st.onRecord(rec);
  }
  countRow(st, family, state);
  return COUNTED;
}

/**
 * The hot loop for `ss -tan` rows (State first, no Netid) in the columns ssOddRow learnt: counts
 * consecutive rows whose local address is `[v6]` or a plain dotted quad, and returns where it
 * stopped — the first other line (a new layout, a state not met yet, a wildcard `*`, a host name,
 * a header, a continuation), which ssOddRow or the general reader then takes.
 *
 * ss pads each column of a render batch to one width, so a row is checked at fixed offsets: the
 * state field (the state and its blanks up to Recv-Q) as three masked 32-bit words against the
 * fields met so far, a digit where Recv-Q and Send-Q start, the port colon of the local address;
 * then the bytes before that colon tell the family: `]` IPv6, a dotted quad after a blank IPv4.
 * Kept small on purpose, as netstatLinuxRun: V8 optimises a small loop sooner.
 */
export function ssRun(buf: Uint8Array, p: number, end: number, st: CaptureScan): number {
  const cols = st.ssColumns;
  const colon = cols.colon;
  if (colon === 0) return p;
  const recv = cols.recv;
  const send = cols.send;
  const m0 = cols.m0;
  const m1 = cols.m1;
  const m2 = cols.m2;
  const n = cols.n;
  const w0 = cols.w0;
  const w1 = cols.w1;
  const w2 = cols.w2;
  const codes = cols.code;
  const v4 = st.byFamily[0] as Float64Array;
  const v6 = st.byFamily[1] as Float64Array;
  const dv = st.dataView(buf);
  let lines = 0;
  let newStyle = false;
  while (p + colon < end) {
    const a = dv.getInt32(p, true) & m0;
    const b = dv.getInt32(p + 4, true) & m1;
    const c = dv.getInt32(p + 8, true) & m2;
    let i = 0;
    while (i < n && (w0[i] !== a || w1[i] !== b || w2[i] !== c)) i++;
    if (i === n) break;
    const state = codes[i] as number;
    if (i > 0) {
      // move the field one place up: the common states end first in the list
      w0[i] = w0[i - 1] as number;
      w1[i] = w1[i - 1] as number;
      w2[i] = w2[i - 1] as number;
      codes[i] = codes[i - 1] as number;
      w0[i - 1] = a;
      w1[i - 1] = b;
      w2[i - 1] = c;
      codes[i - 1] = state;
    }
    if (recv > 12 && !blanks(buf, p + 12, p + recv)) break;
    const r = buf[p + recv] as number;
    const s = buf[p + send] as number;
    if (r < 48 || r > 57 || s < 48 || s > 57 || buf[p + send - 1] !== 32 || buf[p + colon] !== 58) break;
    // the first newline after Recv-Q's first digit must lie after the colon (the bytes before
    // that digit are the state field, already matched)
    const nl = buf.indexOf(10, p + recv);
    if (nl <= p + colon || nl >= end) break;
    const k0 = p + colon - 1;
    if (buf[k0] === 93) {
      newStyle = true;
      v6[state] = (v6[state] as number) + 1;
    } else {
      let k = k0;
      let dots = 0;
      for (;;) {
        const d = buf[k] as number;
        if (d === 46) dots++;
        else if (d < 48 || d > 57) break;
        k--;
      }
      if (dots !== 3 || k === k0 || k <= p + send || buf[k] !== 32) break;
      if (buf[k + 1] === 48 && buf[k + 2] === 46 && buf[k + 3] === 48) newStyle = true; // 0.0.0.0, as ssFamily
      v4[state] = (v4[state] as number) + 1;
    }
    lines++;
    p = nl + 1;
  }
  // `[v6]` and `0.0.0.0` are printed only by releases where `*` means IPv6 (FAMILY_STAR)
  if (newStyle && st.ssStyle === SS_STYLE_UNKNOWN) st.ssStyle = SS_STYLE_NEW;
  st.lineNumber += lines;
  st.rows += lines;
  return p;
}

/**
 * The row ssRun stopped at, when it is still a plain `ss -tan` row (a state, two queue sizes, a
 * `[v6]:` or dotted-quad local address): walked field by field, counted, and its columns and
 * state field learnt so that ssRun takes the next rows. Returns the offset after it, or `p` for
 * anything else (a wildcard, a host name, a header, a row cut by the end of the buffer), which the
 * general reader then takes. Kept out of ssRun, as netstatLinuxOddRow is out of netstatLinuxRun.
 */
export function ssOddRow(buf: Uint8Array, p: number, end: number, st: CaptureScan): number {
  const nl = buf.indexOf(10, p);
  if (nl < 0 || nl >= end) return p;
  const e = nl;
  let t = p;
  while (t < e && buf[t] !== 32) t++;
  const state = st.states.lookup(buf, p, t);
  if (state < 0) return p;
  // Recv-Q, Send-Q (blanks then digits, twice), then the local address
  let q = t;
  while (q < e && buf[q] === 32) q++;
  const d1 = q;
  while (q < e && isDigit(buf[q] as number)) q++;
  if (q === d1 || buf[q] !== 32) return p;
  while (q < e && buf[q] === 32) q++;
  const d2 = q;
  while (q < e && isDigit(buf[q] as number)) q++;
  if (q === d2 || buf[q] !== 32) return p;
  while (q < e && buf[q] === 32) q++;
  // `[` is IPv6; otherwise a dotted quad up to the port's `:` is IPv4; anything else: general reader
  const c = buf[q] as number;
  let i = q;
  let six: number;
  let newStyle = false;
  if (c === 91) {
    while (i < e && buf[i] !== 93) i++;
    i++;
    if (i >= e || buf[i] !== 58) return p; // `[…]%iface:` and the like: the general reader
    six = 1;
    newStyle = true;
  } else {
    let dots = 0;
    for (; i < e; i++) {
      const b = buf[i] as number;
      if (b === 46) dots++;
      else if (b < 48 || b > 57) break;
    }
    if (i >= e || buf[i] !== 58 || dots !== 3 || i === q) return p;
    six = 0;
    newStyle = c === 48 && buf[q + 1] === 46 && buf[q + 2] === 48; // 0.0.0.0, as ssFamily
  }
  learnSsColumns(buf, p, t, d1 - p, d2 - p, i - p, state, st);
  const counts = st.byFamily[six] as Float64Array;
  counts[state] = (counts[state] as number) + 1;
  if (newStyle && st.ssStyle === SS_STYLE_UNKNOWN) st.ssStyle = SS_STYLE_NEW;
  st.lineNumber++;
  st.rows++;
  return nl + 1;
}

/** Columns of a walked row, and its state field when ssRun can match it (see SsColumns). */
function learnSsColumns(
  buf: Uint8Array,
  p: number,
  t: number,
  recv: number,
  send: number,
  colon: number,
  state: number,
  st: CaptureScan,
): void {
  const cols = st.ssColumns;
  if (colon < 12) {
    cols.colon = 0;
    return;
  }
  if (cols.recv !== recv || cols.colon === 0) {
    cols.recv = recv;
    cols.m0 = wordMask(recv, 0);
    cols.m1 = wordMask(recv, 4);
    cols.m2 = wordMask(recv, 8);
    cols.n = 0;
  }
  cols.send = send;
  cols.colon = colon;
  if (t - p > 12 || cols.n === 16) return; // BOUND-INACTIVE: its rows take this path
  const dv = st.dataView(buf);
  const a = dv.getInt32(p, true) & cols.m0;
  const b = dv.getInt32(p + 4, true) & cols.m1;
  const c = dv.getInt32(p + 8, true) & cols.m2;
  for (let i = 0; i < cols.n; i++) {
    if (cols.w0[i] === a && cols.w1[i] === b && cols.w2[i] === c) return;
  }
  cols.w0[cols.n] = a;
  cols.w1[cols.n] = b;
  cols.w2[cols.n] = c;
  cols.code[cols.n] = state;
  cols.n++;
}

/** The bytes of the little-endian word at `at` that lie before offset `recv`. */
function wordMask(recv: number, at: number): number {
  if (recv >= at + 4) return -1;
  if (recv <= at) return 0;
  return (1 << ((recv - at) * 8)) - 1;
}

function blanks(buf: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (buf[i] !== 32) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The family of an ss local address token buf[p, t): 4, 6, FAMILY_STAR or FAMILY_UNKNOWN (a host
 * name, `ss -r`). Notes which address style (old or new iproute2) the capture shows.
 */
export function ssFamily(buf: Uint8Array, p: number, t: number, st: CaptureScan): number {
  const c = buf[p] as number;
  if (c === 91 /* [ */) {
    if (st.ssStyle === SS_STYLE_UNKNOWN) st.ssStyle = SS_STYLE_NEW;
    return 6;
  }
  if (c === 42 /* * */ && (t - p === 1 || buf[p + 1] === 58 || buf[p + 1] === 37)) return FAMILY_STAR;
  // the address ends at the port separator, the last ':' (or at a %iface scope)
  let end = t - 1;
  while (end > p && buf[end] !== 58) end--;
  if (end === p) end = t; // no port at all
  let colons = 0;
  let dots = 0;
  let other = false;
  for (let i = p; i < end; i++) {
    const b = buf[i] as number;
    if (b === 58) colons++;
    else if (b === 46) dots++;
    else if (b === 37)
      break; // %iface scope: the address is complete
    else if (b < 48 || b > 57) other = true;
  }
  if (colons >= 1) {
    // unbracketed IPv6 (`:::22`, `::1:25`, `::ffff:10.0.0.1:80`): iproute2 before 4.x
    if (st.ssStyle === SS_STYLE_UNKNOWN) st.ssStyle = SS_STYLE_OLD;
    return 6;
  }
  if (!other && dots === 3) {
    // 0.0.0.0 is printed by releases that print `*` only for IPv6
    if (st.ssStyle === SS_STYLE_UNKNOWN && buf[p] === 48 && buf[p + 1] === 46 && buf[p + 2] === 48) {
      st.ssStyle = SS_STYLE_NEW;
    }
    return 4;
  }
  return FAMILY_UNKNOWN;
}

/** One ss row as a record (slow path). */
export function parseSsRecord(
  line: string,
  hasNetid: boolean,
  hasState: boolean,
  state: number,
  family: Family,
): SocketRecord | string {
  const f = line.trim().split(/\s+/);
  let i = (hasNetid ? 1 : 0) + (hasState ? 1 : 0);
  const recvQ = Number(f[i++]);
  const sendQ = Number(f[i++]);
  const rec = recordFromEndpoints(family, state, f[i] ?? '', f[i + 1] ?? '', ':');
  i += 2;
  if (typeof rec === 'string') return rec;
  rec.rxQueue = recvQ;
  // LISTEN: Recv-Q is the accept queue, Send-Q the backlog (idiag_wqueue); else unACKed bytes.
  if (state === 10) rec.backlog = sendQ;
  else rec.txQueue = sendQ;
  const rest = f.slice(i).join(' ');
  const owners = parseSsUsers(rest);
  if (owners) rec.processes = owners;
  const ino = /(?:^|\s)ino:(\d+)/.exec(rest);
  if (ino) rec.inode = Number(ino[1]);
  const uid = /(?:^|\s)uid:(\d+)/.exec(rest);
  if (uid) rec.uid = Number(uid[1]);
  else if (ino) rec.uid = 0; // ss -e prints uid only when it is not 0
  const timer = /timer:\((\w+),([^,)]*),(\d+)\)/.exec(rest);
  if (timer) {
    const code = SS_TIMERS[timer[1] as string];
    if (code !== undefined) rec.timer = code;
    const ms = ssTimerMs(timer[2] as string);
    if (ms !== undefined) rec.expiresMs = ms;
    rec.retransmits = Number(timer[3]);
  }
  return rec;
}

/**
 * ss `print_ms_timer`: `2min`, `58sec`, `208ms`, and for 1–9 s with milliseconds `1.208ms`, which
 * means 1.208 s (iproute2 before 6.11; later releases print `1.208sec`).
 */
export function ssTimerMs(text: string): number | undefined {
  const m = /^(?:(\d+)min)?(?:(\d+)(?:sec|\.(\d{3})(?:ms|sec)))?(?:(\d+)ms)?$/.exec(text);
  if (!m || text === '') return undefined;
  return Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1000 + Number(m[3] ?? 0) + Number(m[4] ?? 0);
}

/** `users:((`, `timer:(`, `ino:`, `skmem:(`, `Process`: ss details printed on a line of their own. */
export function isSsDetail(buf: Uint8Array, q: number, e: number): boolean {
  let i = q;
  while (i < e && (((buf[i] as number) >= 97 && (buf[i] as number) <= 122) || buf[i] === 95)) i++;
  if (i > q && buf[i] === 58 /* : */) return true;
  const t = tokenEnd(buf, q, e);
  return t - q === 7 && String.fromCharCode(...buf.subarray(q, t)) === 'Process';
}

// --- internal ---

/** ss `timer:(NAME,…)`: on (retransmit), keepalive, timewait, persist (zero window probe). */
const SS_TIMERS: Record<string, number> = { off: 0, on: 1, keepalive: 2, timewait: 3, persist: 4 };

/** Netids other than tcp (ss.c: udp, raw, u_str, u_dgr, u_seq, nl, p_raw, p_dgr, mptcp, …). */
function isNetid(buf: Uint8Array, p: number, t: number): boolean {
  const len = t - p;
  if (len < 2 || len > 6) return false;
  for (let i = p; i < t; i++) {
    const c = buf[i] as number;
    if (!((c >= 97 && c <= 122) || c === 95 || c === 63 || (c >= 48 && c <= 57))) return false;
  }
  return true;
}
