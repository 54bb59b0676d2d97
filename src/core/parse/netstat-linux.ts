import type { Family } from '../model/endpoint.js';
import type { SocketRecord } from '../model/socket.js';
import {
  ascii,
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
import { parsePidProgram, splitTextEndpoint } from './text-endpoint.js';

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
  let p = skipBlanks(buf, t0, e);
  let t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return bad(st, 'not a netstat row: Recv-Q is not a number');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return bad(st, 'not a netstat row: Send-Q is not a number');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return bad(st, 'truncated row: no local address');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (p === t) return bad(st, 'truncated row: no foreign address');
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
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
 * One `netstat` TCP row as a record (slow path). `state` is the already-resolved kernel code.
 * Returns the reason as a string when the row cannot be read.
 */
export function parseNetstatLinuxRecord(line: string, state: number): SocketRecord | string {
  const f = line.trim().split(/\s+/);
  const [proto, recvQ, sendQ, local, foreign] = f;
  if (!proto || !recvQ || !sendQ || !local || !foreign) return 'truncated row';
  const family: Family = proto === 'tcp6' ? 6 : 4;
  const l = splitTextEndpoint(local, ':', family);
  const r = splitTextEndpoint(foreign, ':', family);
  if (!l || !r) return 'bad address (want ADDRESS:PORT)';
  const rec: SocketRecord = {
    family,
    state,
    localAddress: l.address,
    localPort: l.port,
    remoteAddress: r.address,
    remotePort: r.port,
    rxQueue: Number(recvQ),
    txQueue: Number(sendQ),
  };
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

/** net-tools `tcp_timers[]`: off, on (retransmit), keepalive, timewait, probe (zero window). */
const TIMER_CODES = { off: 0, on: 1, keepalive: 2, timewait: 3, probe: 4 } as const;

const OTHER_PROTOS = ['udp', 'udp6', 'udpl', 'udpl6', 'raw', 'raw6', 'unix', 'sctp', 'sctp6'].map(ascii);

function isOtherLinuxProto(buf: Uint8Array, start: number, end: number): boolean {
  for (const p of OTHER_PROTOS) if (tokenIs(buf, start, end, p)) return true;
  return false;
}
