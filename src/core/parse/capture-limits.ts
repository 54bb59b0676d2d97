import { stateName } from '../model/tcp-state.js';
import {
  type CaptureScan,
  F_BSD_NO_ALL,
  F_LINUX_NO_SERVERS,
  F_LINUX_ONLY_SERVERS,
  F_LINUX_UNTITLED,
  F_NETSTAT_P_UNPRIV,
  F_PROC_V4_TABLE,
  F_PROC_V6_TABLE,
  F_SS_WITH_STATE,
  F_WINDOWS_ROWS,
  MODE_LINUX,
  MODE_PROC,
  MODE_SS,
  MODE_WINDOWS,
} from './capture-state.js';

/**
 * What a saved capture cannot show, in plain words, from the titles and headers it printed and
 * the states it holds (tcp-facts.md §0.6 and §7): `netstat -n` without `-a` omits listeners,
 * `ss -t` without `-a` hides LISTEN, TIME-WAIT, SYN-RECV and CLOSE, a /proc dump may hold one of
 * the two tables. Said once per input; an empty list means nothing is known to be missing.
 */
export interface CaptureLimits {
  cannotShow: string[];
}

/** How the rows whose family waited for the end were placed (scan-capture.ts). */
export interface ResolvedFamilies {
  /** ss rows on the `*` wildcard. */
  stars: number;
  /** True when nothing in the capture told which iproute2 generation printed `*`. */
  starsGuessed: boolean;
  starFamily: 4 | 6;
  /** Rows with host names instead of addresses, counted as IPv4. */
  unknown: number;
}

export function describeLimits(st: CaptureScan, families: ResolvedFamilies): CaptureLimits {
  const out: string[] = [];
  const only = (mode: number) => st.modesSeen.length === 1 && st.modesSeen[0] === mode;
  const n = (code: number) => (st.census.ipv4[code] ?? 0) + (st.census.ipv6[code] ?? 0);
  const f = st.flags;
  if (f & F_LINUX_NO_SERVERS) {
    out.push('LISTEN sockets: netstat without -a ("w/o servers") lists no listeners');
  }
  if (f & F_LINUX_ONLY_SERVERS) {
    out.push('connections: netstat -l ("only servers") lists listening sockets only');
  }
  if (f & F_BSD_NO_ALL) {
    out.push('LISTEN sockets: netstat without -a lists no listeners');
  }
  if (only(MODE_LINUX) && f & F_LINUX_UNTITLED && n(10) === 0 && st.rows > 0) {
    out.push(
      'LISTEN sockets, if the capture was taken without -a: none are listed (the title line is missing)',
    );
  }
  if (only(MODE_SS) && f & F_SS_WITH_STATE && st.rows > 0 && n(10) + n(6) + n(3) + n(7) === 0) {
    out.push(
      'LISTEN, TIME-WAIT, SYN-RECV and CLOSE sockets, if the capture was ss -t without -a: none are listed, and ss hides them by default',
    );
  }
  if (only(MODE_WINDOWS) && f & F_WINDOWS_ROWS && n(10) === 0) {
    out.push('LISTENING sockets, if the capture was taken without -a: none are listed');
  }
  if (st.assumedRows > 0) {
    out.push(
      `the state of each socket: the capture has no State column; ${st.assumedRows} were counted as ${stateName(st.assumeState) ?? st.assumeState} (--assume-state)`,
    );
  }
  if (st.modesSeen.includes(MODE_PROC)) {
    const v4 = (f & F_PROC_V4_TABLE) !== 0;
    const v6 = (f & F_PROC_V6_TABLE) !== 0;
    if (v4 && !v6) out.push('IPv6 sockets: the capture holds /proc/net/tcp but not /proc/net/tcp6');
    if (v6 && !v4) out.push('IPv4 sockets: the capture holds /proc/net/tcp6 but not /proc/net/tcp');
  }
  if (f & F_NETSTAT_P_UNPRIV) {
    out.push("owners of other users' sockets: netstat -p ran without root");
  }
  if (families.unknown > 0) {
    out.push(`the address family of ${families.unknown} sockets shown by host name: counted as IPv4`);
  }
  if (families.starsGuessed) {
    out.push(
      `the address family of ${families.stars} sockets on the wildcard "*": counted as IPv6 (ss since iproute2 4.x; older releases meant IPv4)`,
    );
  }
  return { cannotShow: out };
}
