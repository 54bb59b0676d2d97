import type { Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import {
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
} from './capture-state.js';
import { recordFromEndpoints } from './text-endpoint.js';

/**
 * BSD and macOS `netstat -an` rows (tcp-facts.md §7; FreeBSD and Apple network_cmds inet.c):
 *
 *   [Socket|Tcpcb [Flowhash]] Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)  [rxbytes txbytes …] [Log ID]
 *   tcp4       0      0  192.168.1.5.55362      93.184.216.34.443      ESTABLISHED
 *
 * Address and port are joined by a dot; `*.*` is the wildcard. Proto says the family: `tcp4`,
 * `tcp6`, `tcp46` (a dual-stack IPv6 socket), plain `tcp` (OpenBSD/NetBSD IPv4), `toe4`/`toe6`
 * (FreeBSD TCP offload). `-A` puts a control-block address (and on macOS a flow hash) before
 * Proto; `-b`, `-v`, FreeBSD `-P` add columns after the state, which stays the fifth field after
 * Proto. FreeBSD marks a T/TCP hidden state by gluing `*` to the state.
 */
export function netstatBsdLine(buf: Uint8Array, _s: number, q: number, e: number, st: CaptureScan): number {
  let p = q;
  let t = tokenEnd(buf, p, e);
  let proto = bsdProto(buf, p, t);
  // -A: up to two hex columns (Socket/Tcpcb, Flowhash) before Proto
  for (let i = 0; i < 2 && proto === NOT_PROTO && isHex(buf, p, t, i === 0 ? 4 : 1); i++) {
    p = skipBlanks(buf, t, e);
    t = tokenEnd(buf, p, e);
    proto = bsdProto(buf, p, t);
  }
  if (proto === OTHER_PROTO) return IGNORED;
  if (proto === NOT_PROTO) return RECHECK;
  const protoStart = p;
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return bad(st, 'not a netstat row: Recv-Q is not a number');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return bad(st, 'not a netstat row: Send-Q is not a number');
  p = skipBlanks(buf, t, e);
  const localStart = p;
  t = tokenEnd(buf, p, e);
  const localEnd = t;
  if (p === t) return bad(st, 'truncated row: no local address');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return bad(st, 'truncated row: no foreign address');
  let state = st.assumeState;
  if (!st.bsdStateless) {
    p = skipBlanks(buf, t, e);
    t = tokenEnd(buf, p, e);
    if (p === t) return bad(st, 'truncated row: no state');
    if (buf[t - 1] === 42 /* * */ && t - p > 1) t--; // FreeBSD: `SYN_SENT*` (TF_NEEDSYN/TF_NEEDFIN)
    state = st.states.lookup(buf, p, t);
    if (state < 0) return badState(st, buf, p, t);
  } else if (state === 0) {
    if (st.statelessRows++ === 0) st.firstStatelessLine = st.lineNumber;
    return IGNORED;
  } else {
    st.assumedRows++;
  }
  let family: number = proto;
  if (proto === PLAIN_TCP) {
    family = 4;
    for (let i = localStart; i < localEnd; i++) if (buf[i] === 58 /* : */) family = 6;
  }
  if (st.onRecord) {
    const rec = parseNetstatBsdRecord(lineUtf8(buf, protoStart, e), state, family as Family);
    if (typeof rec === 'string') return bad(st, rec);
    st.onRecord(rec);
  }
  countRow(st, family, state);
  return COUNTED;
}

/** True when the token is a BSD Internet proto (tcp4, udp46, icm6…), TCP or not. */
export function isBsdProto(buf: Uint8Array, p: number, t: number): boolean {
  return bsdProto(buf, p, t) !== NOT_PROTO;
}

/** True when the token is a BSD-only TCP proto (`tcp4`, `tcp46`, `toe4`…), never Linux's. */
export function isBsdOnlyProto(buf: Uint8Array, p: number, t: number): boolean {
  const len = t - p;
  if (len < 4 || len > 5) return false;
  const tok = String.fromCharCode(...buf.subarray(p, t));
  return /^(tcp4|tcp46|udp4|udp46|toe4|toe6|toe46|icm4|icm6|rip6|div4|div6)$/.test(tok);
}

/** One row as a record, starting at the Proto column (slow path). */
export function parseNetstatBsdRecord(line: string, state: number, family: Family): SocketRecord | string {
  const f = line.trim().split(/\s+/);
  const [, recvQ, sendQ, local, foreign] = f;
  const rec = recordFromEndpoints(family, state, local ?? '', foreign ?? '', '.');
  if (typeof rec === 'string') return rec;
  rec.rxQueue = Number(recvQ);
  rec.txQueue = Number(sendQ);
  return rec;
}

// --- internal ---

const NOT_PROTO = -2;
const OTHER_PROTO = -1;
const PLAIN_TCP = 0;

/** 4 or 6 for a TCP proto token, PLAIN_TCP for `tcp`, OTHER_PROTO for udp/icmp/raw…, else NOT_PROTO. */
function bsdProto(buf: Uint8Array, p: number, t: number): number {
  const len = t - p;
  if (len < 3 || len > 6) return NOT_PROTO;
  const a = buf[p] as number;
  const b = buf[p + 1] as number;
  const c = buf[p + 2] as number;
  if ((a === 116 && b === 99 && c === 112) || (a === 116 && b === 111 && c === 101)) {
    // tcp… or toe…
    if (len === 3) return a === 116 && b === 99 ? PLAIN_TCP : NOT_PROTO;
    const d = buf[p + 3] as number;
    if (len === 4 && d === 52) return 4;
    if (len === 4 && d === 54) return 6;
    if (len === 5 && d === 52 && buf[p + 4] === 54) return 6;
    return NOT_PROTO;
  }
  const tok = String.fromCharCode(a, b, c);
  if (tok === 'udp' || tok === 'icm' || tok === 'rip' || tok === 'raw' || tok === 'div' || tok === 'igm') {
    return len <= 5 ? OTHER_PROTO : NOT_PROTO;
  }
  return NOT_PROTO;
}

/** A `%16lx` control-block address (4+ digits) or a `%8x` flow hash (may be a lone `0`). */
function isHex(buf: Uint8Array, p: number, t: number, minLen: number): boolean {
  if (t - p < minLen || t - p > 16) return false;
  for (let i = p; i < t; i++) {
    const c = buf[i] as number;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}
