/**
 * The TCP states as data: kernel number, /proc hex, canonical name and every other tool's spelling.
 *
 * Sources: include/net/tcp_states.h (numbering), net-tools netstat.c `tcp_state[]` (canonical
 * spelling), iproute2 misc/ss.c `sstate_name[]`, BSD netinet/tcp_fsm.h `tcpstates[]`, Windows
 * MIB_TCP_STATE as printed by netstat.exe. See docs/tcp-facts.md §1.
 */

/** The eleven canonical names, in kernel order (code 1..11). The Linux netstat spelling. */
export const STATE_NAMES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;

export type TcpStateName = (typeof STATE_NAMES)[number];

/** Kernel state code: include/net/tcp_states.h, TCP_ESTABLISHED = 1 … TCP_CLOSING = 11. */
export type TcpStateCode = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11;

/** include/net/tcp_states.h: TCP_NEW_SYN_RECV = 12 (never shown), TCP_BOUND_INACTIVE = 13 (≈6.8). */
export const TCP_NEW_SYN_RECV = 12;
export const TCP_BOUND_INACTIVE = 13;

/** Size of a per-code counter array: codes 0..15 fit in the 4-bit field the kernel uses. */
export const STATE_SLOTS = 16;

export interface TcpStateInfo {
  readonly code: TcpStateCode;
  readonly name: TcpStateName;
  /** Two hex digits as in the `st` column of /proc/net/tcp. */
  readonly hex: string;
  readonly rfc: string;
  readonly ss: string;
  readonly bsd: string;
  readonly windows: string;
}

/** One row per state; the table in docs/tcp-facts.md §1, as data. */
export const STATES: readonly TcpStateInfo[] = [
  {
    code: 1,
    name: 'ESTABLISHED',
    hex: '01',
    rfc: 'ESTABLISHED',
    ss: 'ESTAB',
    bsd: 'ESTABLISHED',
    windows: 'ESTABLISHED',
  },
  {
    code: 2,
    name: 'SYN_SENT',
    hex: '02',
    rfc: 'SYN-SENT',
    ss: 'SYN-SENT',
    bsd: 'SYN_SENT',
    windows: 'SYN_SENT',
  },
  {
    code: 3,
    name: 'SYN_RECV',
    hex: '03',
    rfc: 'SYN-RECEIVED',
    ss: 'SYN-RECV',
    bsd: 'SYN_RCVD',
    windows: 'SYN_RECEIVED',
  },
  {
    code: 4,
    name: 'FIN_WAIT1',
    hex: '04',
    rfc: 'FIN-WAIT-1',
    ss: 'FIN-WAIT-1',
    bsd: 'FIN_WAIT_1',
    windows: 'FIN_WAIT_1',
  },
  {
    code: 5,
    name: 'FIN_WAIT2',
    hex: '05',
    rfc: 'FIN-WAIT-2',
    ss: 'FIN-WAIT-2',
    bsd: 'FIN_WAIT_2',
    windows: 'FIN_WAIT_2',
  },
  {
    code: 6,
    name: 'TIME_WAIT',
    hex: '06',
    rfc: 'TIME-WAIT',
    ss: 'TIME-WAIT',
    bsd: 'TIME_WAIT',
    windows: 'TIME_WAIT',
  },
  { code: 7, name: 'CLOSE', hex: '07', rfc: 'CLOSED', ss: 'UNCONN', bsd: 'CLOSED', windows: 'CLOSED' },
  {
    code: 8,
    name: 'CLOSE_WAIT',
    hex: '08',
    rfc: 'CLOSE-WAIT',
    ss: 'CLOSE-WAIT',
    bsd: 'CLOSE_WAIT',
    windows: 'CLOSE_WAIT',
  },
  {
    code: 9,
    name: 'LAST_ACK',
    hex: '09',
    rfc: 'LAST-ACK',
    ss: 'LAST-ACK',
    bsd: 'LAST_ACK',
    windows: 'LAST_ACK',
  },
  { code: 10, name: 'LISTEN', hex: '0A', rfc: 'LISTEN', ss: 'LISTEN', bsd: 'LISTEN', windows: 'LISTENING' },
  { code: 11, name: 'CLOSING', hex: '0B', rfc: 'CLOSING', ss: 'CLOSING', bsd: 'CLOSING', windows: 'CLOSING' },
];

/**
 * The order a human reads the states in: the opening handshake, the data phase, the active close,
 * the passive close, then CLOSE. Tables and `--awk` output follow it.
 */
export const LIFECYCLE_ORDER: readonly TcpStateCode[] = [10, 2, 3, 1, 4, 5, 11, 6, 8, 9, 7];

export function stateName(code: number): TcpStateName | undefined {
  return STATE_NAMES[code - 1];
}

export function stateInfo(code: TcpStateCode): TcpStateInfo {
  // STATES is indexed by code - 1 and covers every TcpStateCode.
  return STATES[code - 1] as TcpStateInfo;
}

/**
 * Resolve any tool's spelling of a state to its kernel code, case-insensitively: canonical
 * (`TIME_WAIT`), RFC (`TIME-WAIT`), ss (`ESTAB`, `time-wait` as an ss filter, `syn-rcv`), BSD
 * (`SYN_RCVD`, `FIN_WAIT_1`), Windows (`LISTENING`, `SYN_RECEIVED`), German Windows
 * (`ABHÖREN`, `HERGESTELLT`, `WARTEND`, …) and the /proc hex (`06`, `0A`).
 */
export function parseStateName(raw: string): TcpStateCode | undefined {
  return SPELLINGS.get(normaliseSpelling(raw));
}

/** Every spelling `parseStateName` accepts for a state, canonical first, de-duplicated. */
export function spellingsOf(code: TcpStateCode): string[] {
  const info = stateInfo(code);
  const out = new Set<string>([info.name, info.rfc, info.ss, info.bsd, info.windows]);
  return [...out];
}

/** Normalise a spelling: upper case, `-` and spaces as `_`, digits glued (`FIN_WAIT_1` = `FIN_WAIT1`). */
export function normaliseSpelling(raw: string): string {
  return raw
    .trim()
    .toUpperCase()
    .replace(/[-\s]+/g, '_')
    .replace(/_(\d)$/, '$1');
}

// --- internal ---

/**
 * Extra spellings not in the table: ss filter names (ss.8), the ss `UNCONN`/`UNKNOWN`, German
 * Windows states (tcp-facts.md §7, as the systeminformation npm package maps them), including the
 * OEM-code-page mangling of ABHÖREN.
 */
const EXTRA_SPELLINGS: ReadonlyArray<readonly [string, TcpStateCode]> = [
  ['SYN_RCV', 3],
  ['SYN_RECEIVED', 3],
  ['LISTENING', 10],
  ['CLOSED', 7],
  ['ESTAB', 1],
  ['HERGESTELLT', 1],
  ['ABHÖREN', 10],
  ['ABH™REN', 10],
  ['ABHOREN', 10],
  ['ABHOEREN', 10],
  ['WARTEND', 6],
  ['SCHLIESSEN_WARTEN', 8],
  ['SYN_GESENDET', 2],
  ['SYN_EMPFANGEN', 3],
  ['FIN_WARTEN1', 4],
  ['FIN_WARTEN2', 5],
  ['SCHLIESSEND', 11],
  ['LETZTE_BEST', 9],
  ['GESCHLOSSEN', 7],
];

const SPELLINGS: ReadonlyMap<string, TcpStateCode> = (() => {
  const m = new Map<string, TcpStateCode>();
  for (const s of STATES) {
    for (const spelling of [s.name, s.rfc, s.ss, s.bsd, s.windows, s.hex]) {
      m.set(normaliseSpelling(spelling), s.code);
    }
  }
  for (const [spelling, code] of EXTRA_SPELLINGS) m.set(normaliseSpelling(spelling), code);
  return m;
})();
