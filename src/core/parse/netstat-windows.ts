import type { Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import {
  bad,
  badState,
  type CaptureScan,
  COUNTED,
  countRow,
  F_WINDOWS_ROWS,
  FAMILY_UNKNOWN,
  flushPendingRecord,
  IGNORED,
  lineUtf8,
  RECHECK,
  recordFamily,
  skipBlanks,
  tokenEnd,
} from './capture-state.js';
import { recordFromEndpoints } from './text-endpoint.js';

/**
 * Windows `netstat -an`, `-ano`, `-aonb` rows (tcp-facts.md §7):
 *
 *     Proto  Local Address          Foreign Address        State           PID
 *     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       672
 *     RpcSs
 *    [svchost.exe]
 *     TCP    [::1]:41317            [::]:0                 LISTENING       1112
 *    Can not obtain ownership information
 *
 * The state is the fourth field; UDP rows have none. `-b` follows a row with the service and
 * `[executable]` lines, or a sentence when ownership is unknown: not bad lines. States may be
 * localised (`ABHÖREN`, `HERGESTELLT`, `WARTEND`); `BOUND` (netstat -q) is a bound socket that
 * neither listens nor connects. IPv6 is bracketed.
 */
export function netstatWindowsLine(
  buf: Uint8Array,
  s: number,
  q: number,
  e: number,
  st: CaptureScan,
): number {
  let p = q;
  let t = tokenEnd(buf, p, e);
  const kind = windowsProto(buf, p, t);
  if (kind === OTHER_PROTO) return IGNORED;
  if (kind === NOT_PROTO) return windowsOwnerLine(buf, q, e, st) ? IGNORED : RECHECK;
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return bad(st, 'truncated row: no local address');
  let family = kind === 6 ? 6 : addressFamily(buf, p, t);
  p = skipBlanks(buf, t, e);
  const foreignStart = p;
  t = tokenEnd(buf, p, e);
  if (p === t) return bad(st, 'truncated row: no foreign address');
  if (family === FAMILY_UNKNOWN) family = addressFamily(buf, foreignStart, t);
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return bad(st, 'truncated row: no state');
  const state = st.states.lookup(buf, p, t);
  if (state < 0) return badState(st, buf, p, t);
  st.flags |= F_WINDOWS_ROWS;
  if (st.onRecord) {
    const rec = parseNetstatWindowsRecord(lineUtf8(buf, s, e), state, recordFamily(st, family));
    if (typeof rec === 'string') return bad(st, rec);
    flushPendingRecord(st);
    st.pendingRecord = rec; // emitted at the next row, so that a `-b` `[exe]` line can name it
  }
  countRow(st, family, state);
  return COUNTED;
}

/**
 * `-b` lines after a row: `[svchost.exe]`, a bare service name (`RpcSs`), `Can not obtain
 * ownership information` (or its translation), `-- unknown component(s) --`. An `[exe]` names the
 * owner of the record waiting in `pendingRecord`.
 */
export function windowsOwnerLine(buf: Uint8Array, q: number, e: number, st: CaptureScan): boolean {
  if (buf[q] === 91 /* [ */ && buf[e - 1] === 93 /* ] */) {
    const rec = st.pendingRecord;
    if (rec && st.onRecord) {
      const exe = lineUtf8(buf, q + 1, e - 1);
      const pid = rec.processes?.[0]?.pid;
      if (pid !== undefined) rec.processes = [{ pid, command: exe }];
    }
    return true;
  }
  return false;
}

/** One row as a record (slow path); the PID column (`-o`) names the owner. */
export function parseNetstatWindowsRecord(
  line: string,
  state: number,
  family: Family,
): SocketRecord | string {
  const f = line.trim().split(/\s+/);
  const [, local, foreign, , pid] = f;
  const rec = recordFromEndpoints(family, state, local ?? '', foreign ?? '', ':');
  if (typeof rec === 'string') return rec;
  // TIME_WAIT rows carry PID 0 (no owner).
  if (pid !== undefined && /^\d+$/.test(pid) && pid !== '0')
    rec.processes = [{ pid: Number(pid), command: '' }];
  return rec;
}

/** True for `TCP`/`UDP`/`TCPv6`/`UDPv6`: a Windows row's first field. */
export function isWindowsProto(buf: Uint8Array, p: number, t: number): boolean {
  return windowsProto(buf, p, t) !== NOT_PROTO;
}

// --- internal ---

const NOT_PROTO = -2;
const OTHER_PROTO = -1;

function windowsProto(buf: Uint8Array, p: number, t: number): number {
  const len = t - p;
  if (len !== 3 && len !== 5) return NOT_PROTO;
  const a = buf[p];
  const b = buf[p + 1];
  const c = buf[p + 2];
  const v6 = len === 5 && buf[p + 3] === 118 /* v */ && buf[p + 4] === 54; /* 6 */
  if (len === 5 && !v6) return NOT_PROTO;
  if (a === 84 && b === 67 && c === 80) return v6 ? 6 : 0; // TCP
  if (a === 85 && b === 68 && c === 80) return OTHER_PROTO; // UDP
  return NOT_PROTO;
}

/** `[…]` is IPv6, a dotted quad is IPv4, a name (netstat without -n) is unknown. */
function addressFamily(buf: Uint8Array, p: number, t: number): number {
  if (buf[p] === 91 /* [ */) return 6;
  let dots = 0;
  for (let i = p; i < t; i++) {
    const c = buf[i] as number;
    if (c === 58 /* : */) break;
    if (c === 46) dots++;
    else if (c < 48 || c > 57) return FAMILY_UNKNOWN;
  }
  return dots === 3 ? 4 : FAMILY_UNKNOWN;
}
