import { CAPTURE_FORMATS, type CaptureFormat } from './capture-format.js';
import { type CaptureLimits, describeLimits, type ResolvedFamilies } from './capture-limits.js';
import {
  ascii,
  BAD,
  CaptureScan,
  type CaptureScanOptions,
  COUNTED,
  countRow,
  enterMode,
  F_BSD_NO_ALL,
  F_BSD_STATELESS,
  F_LINUX_NO_SERVERS,
  F_LINUX_ONLY_SERVERS,
  F_LINUX_TITLED,
  F_LINUX_UNTITLED,
  F_NETSTAT_P_UNPRIV,
  F_PROC_V4_TABLE,
  F_PROC_V6_TABLE,
  F_SS_PROCESS_HEADER,
  F_SS_STATELESS,
  F_SS_WITH_STATE,
  FAMILY_UNKNOWN,
  flushPendingRecord,
  IGNORED,
  includes,
  isDigits,
  logIssue,
  MODE_BSD,
  MODE_LINUX,
  MODE_NONE,
  MODE_PROC,
  MODE_SKIP,
  MODE_SS,
  MODE_WINDOWS,
  RECHECK,
  SS_STYLE_OLD,
  SS_STYLE_UNKNOWN,
  skipBlanks,
  startsWith,
  tokenEnd,
  tokenIs,
} from './capture-state.js';
import { isBsdOnlyProto, netstatBsdLine } from './netstat-bsd.js';
import { netstatLinuxLine, netstatLinuxOddRow, netstatLinuxRun } from './netstat-linux.js';
import { isWindowsProto, netstatWindowsLine } from './netstat-windows.js';
import { lineText } from './parse-issue.js';
import { scanProcNetTcpLine } from './proc-net-tcp.js';
import { isSsDetail, ssLine, ssOddRow, ssRun } from './ss.js';

/**
 * The census of a saved capture, any tool, any OS: Linux `netstat` and `ss`, BSD/macOS and
 * Windows `netstat`, `/proc/net/tcp{,6}` dumps, several of them concatenated. The format is
 * detected per section, from titles and column headers where the tool prints them and from the
 * shape of a row where it does not (`ss -H`, `netstat -tn | grep`); `format` forces one.
 *
 * Streaming and byte-level: `scanCapture` takes the complete lines of a buffer and returns how far
 * it got, so a reader can refill one reused buffer; nothing is allocated per line unless records
 * are asked for. Never throws on input: unreadable lines are counted in `issues` with their
 * number and reason.
 */
export function createCaptureScan(opts: CaptureScanOptions = {}): CaptureScan {
  return new CaptureScan(opts);
}

/**
 * Scans the complete lines of buf[start, end). Returns the offset of the first byte not consumed
 * (the start of a line with no newline yet), unless `final` says the input ends at `end`.
 */
export function scanCapture(
  buf: Uint8Array,
  start: number,
  end: number,
  st: CaptureScan,
  final = false,
): number {
  let p = start;
  while (p < end) {
    if (st.onRecord === undefined && st.ssPendingState === 0) {
      // the common shapes, counted in a tight loop until a line of another kind; after a line the
      // loop refused, the next few go to the general reader without trying it again
      if (st.runCooldown > 0) st.runCooldown--;
      else if (st.mode === MODE_LINUX && st.linuxFixedColumns) {
        const from = p;
        p = netstatLinuxRun(buf, p, end, st);
        if (p >= end) break;
        const q = netstatLinuxOddRow(buf, p, end, st);
        if (q > p) {
          p = q;
          continue;
        }
        if (p === from) st.runCooldown = 16;
      } else if (st.mode === MODE_SS && st.ssState && !st.ssNetid) {
        const from = p;
        p = ssRun(buf, p, end, st);
        if (p >= end) break;
        const q = ssOddRow(buf, p, end, st);
        if (q > p) {
          p = q;
          continue;
        }
        if (p === from) st.runCooldown = 16;
      }
    }
    let nl = buf.indexOf(10, p);
    if (nl < 0 || nl >= end) {
      if (!final) break;
      nl = end;
    }
    st.lineNumber++;
    scanLine(buf, p, nl, st);
    p = nl + 1;
  }
  return Math.min(p, end);
}

/**
 * A small capture with a row of every shape each reader takes (both families, several states,
 * the rows that leave the fast loops). Scanning it once before a large input gives V8 type
 * feedback for every branch, so the optimised loops are not thrown away part-way through the
 * input when an IPv6 row first appears (a deopt and a re-compile cost 20-50 ms on a busy host).
 */
export const WARM_UP_CAPTURE = [
  'Active Internet connections (servers and established)',
  'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ',
  ...[
    ['tcp ', '10.0.0.1:80', '10.0.0.2:5000', 'ESTABLISHED'],
    ['tcp ', '10.0.0.1:80', '10.0.0.2:5001', 'TIME_WAIT'],
    ['tcp ', '10.0.0.1:80', '10.0.0.2:5002', 'TIME_WAIT'],
    ['tcp6', '::1:443', '::1:5003', 'ESTABLISHED'],
    ['tcp6', '::1:443', '::1:5004', 'CLOSE_WAIT'],
    ['tcp ', '10.0.0.1:80', '10.0.0.2:5005', 'ESTABLISHED'],
    ['tcp6', '2001:db8:0:1::10:443', '2001:db8:aaaa:bbbb::1:5006', 'FIN_WAIT2'],
  ].map(
    ([p, l, f, s]) =>
      `${p}       0      0 ${(l as string).padEnd(23)} ${(f as string).padEnd(23)} ${(s as string).padEnd(11)}`,
  ),
  'udp        0      0 0.0.0.0:68              0.0.0.0:*',
  'State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process',
  'ESTAB      0      0               10.0.0.1:22             10.0.0.2:5000',
  'TIME-WAIT  0      0               10.0.0.1:22             10.0.0.2:5001',
  'TIME-WAIT  0      0               10.0.0.1:22             10.0.0.2:5002',
  'ESTAB      0      0                  [::1]:443               [::1]:5003',
  'LISTEN     0      4096             0.0.0.0:80              0.0.0.0:*',
  'LISTEN     0      4096                   *:8080                  *:*',
  'ESTAB      0      0               10.0.0.1:22             10.0.0.2:5004 users:(("sshd",pid=1,fd=3))',
  '',
].join('\n');

/** Scan WARM_UP_CAPTURE once per process (the reader passes it as the same kind of buffer). */
export function warmUpScanners(sample: Uint8Array): void {
  if (warmedUp) return;
  warmedUp = true;
  for (let i = 0; i < 3; i++) scanCapture(sample, 0, sample.length, new CaptureScan(), true);
}

let warmedUp = false;

/** What a finished scan found, besides the census (which `finishCaptureScan` completes). */
export interface CaptureSummary {
  /** Formats in the order their sections appeared; empty when nothing was recognised. */
  formats: CaptureFormat[];
  linesRead: number;
  /** Lines that could not be read (`issues.count`), stateless rows included. */
  linesSkipped: number;
  /** Headers, titles, blank lines, other protocols and sections. */
  linesIgnored: number;
  /** TCP sockets counted. */
  rows: number;
  /** Rows without a State column that no `assumeState` placed (e.g. `ss -tan state time-wait`). */
  statelessRows: number;
  firstStatelessLine: number;
  /** The first line that fitted no format, when nothing was recognised (for the error message). */
  firstUnrecognised: { lineNumber: number; text: string } | undefined;
  limits: CaptureLimits;
}

/** Ends the scan: wrapped rows, ss wildcards and host names get their family; limits are named. */
export function finishCaptureScan(st: CaptureScan): CaptureSummary {
  flushPendingRecord(st);
  if (st.ssPendingState !== 0) {
    countRow(st, FAMILY_UNKNOWN, st.ssPendingState);
    st.ssPendingState = 0;
  }
  const starred = resolveFamilies(st);
  const limits = describeLimits(st, starred);
  return {
    formats: st.modesSeen.map((m) => CAPTURE_FORMATS[m - 1] as CaptureFormat),
    linesRead: st.lineNumber,
    linesSkipped: st.issues.count + (st.assumeState === 0 ? st.statelessRows : 0),
    linesIgnored: st.ignoredLines,
    rows: st.rows,
    statelessRows: st.assumeState === 0 ? st.statelessRows : 0,
    firstStatelessLine: st.firstStatelessLine,
    firstUnrecognised:
      st.modesSeen.length === 0 && st.firstPreamble !== undefined
        ? { lineNumber: st.firstPreambleLine, text: st.firstPreamble }
        : undefined,
    limits,
  };
}

/**
 * A line longer than the reader's buffer: counted as one bad line and not read. `head` is its
 * beginning, for the message.
 */
export function skipOverlongLine(st: CaptureScan, head: Uint8Array, limitBytes: number): void {
  st.lineNumber++;
  logIssue(st, head, 0, Math.min(head.length, 120), `line longer than ${limitBytes} bytes (not read)`);
}

// --- internal ---

/**
 * Moves rows whose family waited for the end into the census: ss `*` wildcards by the address
 * style the capture showed (or its header: the `Process` column came with iproute2 releases that
 * print `*` for IPv6 only), host names as IPv4. Returns how the wildcards were placed.
 */
function resolveFamilies(st: CaptureScan): ResolvedFamilies {
  let stars = 0;
  let unknown = 0;
  for (let i = 0; i < st.starCounts.length; i++) {
    stars += st.starCounts[i] as number;
    unknown += st.unknownFamily[i] as number;
  }
  let family: 4 | 6 = 6;
  let guessed = false;
  if (st.ssStyle === SS_STYLE_OLD) family = 4;
  else if (st.ssStyle === SS_STYLE_UNKNOWN) guessed = (st.flags & F_SS_PROCESS_HEADER) === 0;
  const into = family === 6 ? st.census.ipv6 : st.census.ipv4;
  for (let i = 0; i < st.starCounts.length; i++) {
    into[i] = (into[i] as number) + (st.starCounts[i] as number);
    st.census.ipv4[i] = (st.census.ipv4[i] as number) + (st.unknownFamily[i] as number);
    st.starCounts[i] = 0;
    st.unknownFamily[i] = 0;
  }
  return { stars, starsGuessed: guessed && stars > 0, starFamily: family, unknown };
}

function scanLine(buf: Uint8Array, s: number, e: number, st: CaptureScan): void {
  if (e > s && buf[e - 1] === 13) e--; // CRLF
  const q = skipBlanks(buf, s, e);
  if (q === e) {
    if (st.ssPendingState !== 0) {
      countRow(st, FAMILY_UNKNOWN, st.ssPendingState);
      st.ssPendingState = 0;
    }
    st.ignoredLines++;
    return;
  }
  let r = readInMode(buf, s, q, e, st, st.mode);
  if (r === RECHECK) r = detect(buf, s, q, e, st);
  if (r === COUNTED) return;
  if (r === IGNORED) st.ignoredLines++;
  else logIssue(st, buf, s, e, st.reason);
}

function readInMode(buf: Uint8Array, s: number, q: number, e: number, st: CaptureScan, mode: number): number {
  switch (mode) {
    case MODE_LINUX:
      return netstatLinuxLine(buf, s, q, e, st);
    case MODE_SS:
      return ssLine(buf, s, q, e, st);
    case MODE_BSD:
      return netstatBsdLine(buf, s, q, e, st);
    case MODE_WINDOWS:
      return netstatWindowsLine(buf, s, q, e, st);
    case MODE_PROC:
      return procLine(buf, s, q, e, st);
    default:
      return RECHECK;
  }
}

/** A line of a /proc/net/tcp{,6} table: `   0: 0100007F:46A2 00000000:0000 0A …`. */
function procLine(buf: Uint8Array, s: number, q: number, e: number, st: CaptureScan): number {
  const c = buf[q] as number;
  if (c < 48 || c > 57) return RECHECK; // headers and other formats
  const before = st.proc.rows;
  st.proc.lineNumber = st.lineNumber;
  const reason = scanProcNetTcpLine(buf, s, e, st.proc);
  if (reason !== undefined) {
    st.reason = reason;
    return BAD;
  }
  if (st.proc.rows === before) return IGNORED;
  st.rows++;
  return COUNTED;
}

const L = {
  active: ascii('Active '),
  internet: ascii('Active Internet connections'),
  connections: ascii('Active Connections'),
  woServers: ascii('(w/o servers)'),
  onlyServers: ascii('(only servers)'),
  serversAndEstablished: ascii('(servers and established)'),
  includingServers: ascii('(including servers)'),
  registered: ascii('Registered kernel control modules'),
  listenQueues: ascii('Current listen queue sizes'),
  proto: ascii('Proto'),
  protoSpace: ascii('Proto '),
  rexmit: ascii('Rexmit'),
  protoId: ascii('Proto/ID'),
  recvQ: ascii('Recv-Q'),
  sendQ: ascii('Send-Q'),
  netid: ascii('Netid'),
  stateWord: ascii('State'),
  stateParen: ascii('(state)'),
  localAddress: ascii('Local Address'),
  address: ascii('Address'),
  process: ascii('Process'),
  sl: ascii('sl'),
  localAddressProc: ascii('local_address'),
  remoteAddressProc: ascii('remote_address'),
  drops: ascii('drops'),
  num: ascii('Num'),
  refCount: ascii('RefCount'),
  notAll: ascii('(Not all processes could be identified'),
  willNot: ascii('will not be shown, you would have to be root'),
  noInfo: ascii('(No info could be read for'),
  some: ascii('Some '),
  mayHaveBeen: ascii('sockets may have been'),
};

/**
 * Titles and column headers of every supported tool, localised Windows titles included
 * (tcp-facts.md §7): German, French, Spanish, Italian, Dutch, Portuguese, Chinese, Japanese,
 * Russian. Others are recognised by their rows.
 */
const WINDOWS_TITLES = [
  'Aktive Verbindungen',
  'Connexions actives',
  'Conexiones activas',
  'Connessioni attive',
  'Actieve verbindingen',
  'Conexões ativas',
  'Conexões Ativas',
  '活动连接',
  'アクティブな接続',
  'Активные подключения',
].map((t) => new TextEncoder().encode(t));

/**
 * Decide what a line is when the current section's reader did not take it: a title or column
 * header (a new section), known noise, the first row of a capture without a header, or a bad
 * line. Returns the line's outcome.
 */
function detect(buf: Uint8Array, s: number, q: number, e: number, st: CaptureScan): number {
  const t0 = tokenEnd(buf, q, e);
  const forced = st.forcedMode;

  // 1. section titles
  if (startsWith(buf, q, e, L.active)) {
    if (startsWith(buf, q, e, L.internet)) {
      let mode: number;
      let flags = 0;
      if (includes(buf, q, e, L.woServers)) {
        mode = MODE_LINUX;
        flags = F_LINUX_NO_SERVERS | F_LINUX_TITLED;
      } else if (includes(buf, q, e, L.onlyServers)) {
        mode = MODE_LINUX;
        flags = F_LINUX_ONLY_SERVERS | F_LINUX_TITLED;
      } else if (includes(buf, q, e, L.serversAndEstablished)) {
        mode = MODE_LINUX;
        flags = F_LINUX_TITLED;
      } else if (includes(buf, q, e, L.includingServers)) {
        mode = MODE_BSD;
      } else {
        mode = MODE_BSD; // BSD/macOS print no parenthesis without -a
        flags = F_BSD_NO_ALL;
      }
      if (forced !== MODE_NONE) mode = forced;
      st.flags |= flags;
      enterMode(st, mode);
      st.bsdStateless = false;
      return IGNORED;
    }
    if (startsWith(buf, q, e, L.connections)) {
      enterMode(st, forced !== MODE_NONE ? forced : MODE_WINDOWS);
      return IGNORED;
    }
    enterMode(st, MODE_SKIP); // UNIX domain, Multipath, kernel event/control, Bluetooth, IPX…
    return IGNORED;
  }
  if (startsWith(buf, q, e, L.registered) || startsWith(buf, q, e, L.listenQueues)) {
    enterMode(st, MODE_SKIP);
    return IGNORED;
  }
  for (const title of WINDOWS_TITLES) {
    if (startsWith(buf, q, e, title)) {
      enterMode(st, forced !== MODE_NONE ? forced : MODE_WINDOWS);
      return IGNORED;
    }
  }

  // 2. headers that open a section even after a skipped one: ss, /proc
  const ssHeader =
    ((tokenIs(buf, q, t0, L.netid) || tokenIs(buf, q, t0, L.stateWord)) && includes(buf, t0, e, L.recvQ)) ||
    (tokenIs(buf, q, t0, L.recvQ) && includes(buf, t0, e, L.sendQ) && includes(buf, t0, e, L.address));
  if (ssHeader && (forced === MODE_NONE || forced === MODE_SS)) {
    enterMode(st, MODE_SS);
    st.ssNetid = tokenIs(buf, q, t0, L.netid);
    const p1 = skipBlanks(buf, t0, e);
    st.ssState = tokenIs(buf, q, t0, L.stateWord) || tokenIs(buf, p1, tokenEnd(buf, p1, e), L.stateWord);
    st.flags |= st.ssState ? F_SS_WITH_STATE : F_SS_STATELESS;
    if (includes(buf, t0, e, L.process)) st.flags |= F_SS_PROCESS_HEADER;
    return IGNORED;
  }
  if (tokenIs(buf, q, t0, L.sl) && includes(buf, t0, e, L.localAddressProc)) {
    if (includes(buf, t0, e, L.drops)) {
      enterMode(st, MODE_SKIP); // /proc/net/udp, raw, udplite: same header plus `ref pointer drops`
    } else {
      enterMode(st, forced !== MODE_NONE ? forced : MODE_PROC);
      st.flags |= includes(buf, t0, e, L.remoteAddressProc) ? F_PROC_V6_TABLE : F_PROC_V4_TABLE;
      st.proc.headers++;
    }
    return IGNORED;
  }
  if (tokenIs(buf, q, t0, L.num) && includes(buf, t0, e, L.refCount)) {
    enterMode(st, MODE_SKIP); // /proc/net/unix
    return IGNORED;
  }

  // 3. noise any tool may print
  if (
    startsWith(buf, q, e, L.notAll) ||
    startsWith(buf, q, e, L.willNot) ||
    startsWith(buf, q, e, L.noInfo)
  ) {
    st.flags |= F_NETSTAT_P_UNPRIV; // net-tools -p without root, on stderr (captured with 2>&1)
    return IGNORED;
  }
  if (startsWith(buf, q, e, L.some) && includes(buf, q, e, L.mayHaveBeen)) return IGNORED; // BSD

  if (st.mode === MODE_SKIP) {
    // a new capture without a header after a skipped section (netstat -an, then ss -tanH): only
    // rows that cannot belong to a UNIX, kernel-control or Multipath section end the skip
    const mode = forced === MODE_NONE && q === s ? rowShape(buf, q, e, t0, st) : MODE_NONE;
    const tcpFirst = buf[q] === 116 || buf[q] === 84; // tcp…, toe…, TCP
    if (mode === MODE_SS || (mode !== MODE_NONE && mode !== MODE_PROC && tcpFirst)) {
      enterMode(st, mode);
      const r = readInMode(buf, s, q, e, st, mode);
      if (r !== RECHECK) return r;
    }
    return IGNORED;
  }

  // 4. netstat column headers: Linux `State`, BSD `(state)`, Windows (localised words, no Recv-Q)
  if (tokenIs(buf, q, t0, L.protoId)) {
    enterMode(st, MODE_SKIP); // macOS Multipath section
    return IGNORED;
  }
  const netstatHeader =
    includes(buf, q, e, L.recvQ) && includes(buf, q, e, L.localAddress) && includes(buf, q, e, L.protoSpace);
  if (netstatHeader) {
    // Linux `State`, BSD `(state)`; -A puts Socket/Tcpcb (and Flowhash) before Proto
    let mode: number;
    if (includes(buf, q, e, L.stateParen)) mode = MODE_BSD;
    else if (includes(buf, q, e, L.stateWord)) mode = MODE_LINUX;
    else {
      mode = MODE_BSD; // FreeBSD -T/-x/-R print no state
      st.flags |= F_BSD_STATELESS;
    }
    if (forced !== MODE_NONE) mode = forced;
    if (mode !== st.mode) enterMode(st, mode);
    st.bsdStateless = mode === MODE_BSD && !includes(buf, q, e, L.stateParen);
    // net-tools prints `Proto Recv-Q Send-Q Local Address` + padding to `State` at column 68
    st.linuxFixedColumns =
      mode === MODE_LINUX &&
      q === s &&
      tokenIs(buf, q, t0, L.proto) &&
      startsWith(buf, s + 68, e, L.stateWord);
    return IGNORED;
  }
  if (tokenIs(buf, q, t0, L.proto) && includes(buf, t0, e, L.rexmit)) {
    enterMode(st, MODE_SKIP); // FreeBSD -T: retransmit counters instead of queues and state
    return IGNORED;
  }
  if (tokenIs(buf, q, t0, L.proto) && !includes(buf, t0, e, L.recvQ)) {
    // Windows: `Proto  Local Address  Foreign Address  State  PID`, or its translation
    if (forced === MODE_NONE || forced === MODE_WINDOWS) {
      if (st.mode !== MODE_WINDOWS) enterMode(st, MODE_WINDOWS);
      return IGNORED;
    }
  }

  // ss continues a row on indented lines (narrow terminal, -i); an indented line never starts a
  // new format mid-capture either (a damaged row must not switch the section's layout), except
  // Windows and /proc rows, which their tools always indent
  if (st.mode === MODE_SS && (q > s || isSsDetail(buf, q, e))) return IGNORED;

  // 5. the first row of a section without a header
  if (forced === MODE_NONE) {
    const layout = [st.ssNetid, st.ssState, st.flags] as const;
    const mode = rowShape(buf, q, e, t0, st);
    const indentedOk = mode === MODE_WINDOWS || mode === MODE_PROC || st.mode === MODE_NONE;
    // inside ss output only a header changes the layout: a row without the Netid column of the
    // rows around it is a damaged line, not a new capture
    if (mode !== MODE_NONE && ((q > s && !indentedOk) || (mode === MODE_SS && st.mode === MODE_SS))) {
      [st.ssNetid, st.ssState, st.flags] = layout; // not taken: the section keeps its layout
    } else if (mode !== MODE_NONE) {
      if (mode === MODE_LINUX && (st.flags & F_LINUX_TITLED) === 0) st.flags |= F_LINUX_UNTITLED;
      enterMode(st, mode);
      const r = readInMode(buf, s, q, e, st, mode);
      if (r !== RECHECK) return r;
    }
  }

  // 6. what is left
  if (st.mode === MODE_WINDOWS) return IGNORED; // -b owner lines, localised headers
  if (st.mode === MODE_NONE) {
    // before any section: a prompt, prose from a ticket; reported only if nothing is recognised
    if (st.preambleLines++ === 0) {
      st.firstPreamble = lineText(buf, q, Math.min(e, q + 100));
      st.firstPreambleLine = st.lineNumber;
    }
    return IGNORED;
  }
  st.reason = `not a line of ${FORMAT_WORDS[st.mode] ?? 'this capture'}`;
  return BAD;
}

const FORMAT_WORDS: Record<number, string> = {
  [MODE_LINUX]: 'Linux netstat output',
  [MODE_SS]: 'ss output',
  [MODE_BSD]: 'BSD/macOS netstat output',
  [MODE_WINDOWS]: 'Windows netstat output',
  [MODE_PROC]: 'a /proc/net/tcp table',
};

/**
 * The format a header-less row belongs to, or MODE_NONE: `/proc` (`N: HEX:HEX`), Linux netstat
 * (`tcp 0 0 ADDR:PORT`), BSD (`tcp4 0 0 ADDR.PORT`, `-A` hex first), Windows (`TCP ADDR:PORT`),
 * ss (`STATE Q Q ADDR:PORT`, `tcp STATE Q Q …`, or without a state column `Q Q ADDR:PORT ADDR:PORT`).
 * Sets the section layout for ss.
 */
function rowShape(buf: Uint8Array, q: number, e: number, t0: number, st: CaptureScan): number {
  // /proc: "   0: 0100007F:46A2 …"
  if (isDigits(buf, q, t0 - 1) && buf[t0 - 1] === 58) {
    const p1 = skipBlanks(buf, t0, e);
    const t1 = tokenEnd(buf, p1, e);
    if ((t1 - p1 === 13 || t1 - p1 === 37) && buf[t1 - 5] === 58) return MODE_PROC;
  }
  const p1 = skipBlanks(buf, t0, e);
  const t1 = tokenEnd(buf, p1, e);
  const p2 = skipBlanks(buf, t1, e);
  const t2 = tokenEnd(buf, p2, e);
  const p3 = skipBlanks(buf, t2, e);
  const t3 = tokenEnd(buf, p3, e);
  if (isWindowsProto(buf, q, t0) && hasByte(buf, p1, t1, 58)) return MODE_WINDOWS;
  if (isBsdOnlyProto(buf, q, t0) && isDigits(buf, p1, t1)) return MODE_BSD;
  const c0 = buf[q] as number;
  if ((c0 === 116 || c0 === 117 || c0 === 114) && isDigits(buf, p1, t1) && isDigits(buf, p2, t2) && t3 > p3) {
    // tcp/tcp6/udp/raw…: the port separator of the local address tells Linux (:) from BSD (.)
    let colon = -1;
    let dot = -1;
    for (let i = p3; i < t3; i++) {
      if (buf[i] === 58) colon = i;
      else if (buf[i] === 46) dot = i;
    }
    if (colon > dot) return MODE_LINUX;
    if (dot > colon) return MODE_BSD;
    return MODE_NONE;
  }
  // BSD -A: a control-block address, maybe a flow hash, then the proto
  if (isHexWord(buf, q, t0) && (isBsdOnlyProto(buf, p1, t1) || isBsdOnlyProto(buf, p2, t2))) return MODE_BSD;
  // ss
  const saveNetid = st.ssNetid;
  const saveState = st.ssState;
  for (const [netid, state] of SS_LAYOUTS) {
    st.ssNetid = netid;
    st.ssState = state;
    if (looksLikeSsRow(buf, q, e, st)) {
      st.flags |= state ? F_SS_WITH_STATE : F_SS_STATELESS;
      return MODE_SS;
    }
  }
  st.ssNetid = saveNetid;
  st.ssState = saveState;
  return MODE_NONE;
}

const SS_LAYOUTS: ReadonlyArray<readonly [boolean, boolean]> = [
  [false, true],
  [true, true],
  [false, false],
  [true, false],
];

/** A dry run of the ss row reader: a state (or netid and state) and two queue sizes, then addresses. */
function looksLikeSsRow(buf: Uint8Array, q: number, e: number, st: CaptureScan): boolean {
  let p = q;
  let t = tokenEnd(buf, p, e);
  if (st.ssNetid) {
    if (t - p < 2 || t - p > 6 || (buf[p] as number) < 97 || (buf[p] as number) > 122) return false;
    p = skipBlanks(buf, t, e);
    t = tokenEnd(buf, p, e);
  }
  if (st.ssState) {
    if (st.states.lookup(buf, p, t) < 0) return false;
    p = skipBlanks(buf, t, e);
    t = tokenEnd(buf, p, e);
  }
  if (!isDigits(buf, p, t)) return false;
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!isDigits(buf, p, t)) return false;
  p = skipBlanks(buf, t, e);
  t = tokenEnd(buf, p, e);
  if (!hasByte(buf, p, t, 58) && !(st.ssState && p === t)) return false;
  if (!st.ssState) {
    // no state column: both addresses must be there (`0 0 10.0.0.1:22 10.0.0.9:5000`)
    const p4 = skipBlanks(buf, t, e);
    if (!hasByte(buf, p4, tokenEnd(buf, p4, e), 58)) return false;
  }
  return true;
}

function hasByte(buf: Uint8Array, p: number, t: number, byte: number): boolean {
  for (let i = p; i < t; i++) if (buf[i] === byte) return true;
  return false;
}

function isHexWord(buf: Uint8Array, p: number, t: number): boolean {
  if (t - p < 6 || t - p > 16) return false;
  for (let i = p; i < t; i++) {
    const c = buf[i] as number;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
