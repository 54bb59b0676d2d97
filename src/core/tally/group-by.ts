import { createCounts, type StateCounts, totalOf } from '../model/census.js';
import { formatEndpoint, unmapIPv4 } from '../model/endpoint.js';
import type { ProcessRef, SocketRecord } from '../model/socket.js';

/**
 * Groupings of socket records: who and where. Pure: the records, the listener set, the ephemeral
 * range and the owner attribution come in; tables come out.
 */
export const GROUP_KEYS = ['lport', 'raddr', 'rport', 'dest', 'process', 'netns'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];

export interface Group {
  /** A stable, human label: `:443 (0.0.0.0)`, `10.0.3.7`, `127.0.0.1 → 10.0.3.7:6379`, `nginx (pid 12)`. */
  label: string;
  counts: StateCounts;
  total: number;
  /** lport groups of a listener: its accept queue now, and its backlog where the source knows it. */
  listener?: ListenerFill;
  /** dest groups: local ports of this tuple inside the ephemeral range, against the range's size. */
  ephemeral?: EphemeralUse;
  /** process groups: the pid(s) and container. */
  owner?: ProcessRef;
  /** True for the row that sums everything past --top. */
  other?: boolean;
}

export interface ListenerFill {
  address: string;
  port: number;
  /** Connections waiting for accept() (LISTEN Recv-Q). */
  acceptQueue: number;
  /** sk_max_ack_backlog; undefined on /proc, which does not show it (tcp-facts.md §4). */
  backlog?: number;
}

export interface EphemeralUse {
  /** Sockets of this tuple, in any state, TIME_WAIT included, whose local port is in the range. */
  inUse: number;
  /** Size of ip_local_port_range minus ip_local_reserved_ports. */
  rangeSize: number;
  ratio: number;
}

export interface PortRange {
  low: number;
  high: number;
  /** ip_local_reserved_ports, expanded. */
  reserved?: ReadonlySet<number>;
}

export interface GroupOptions {
  top: number;
  /** For dest groups; the kernel default 32768–60999 when unknown. */
  ephemeral?: PortRange;
  /** Socket inode → owners (process attribution); required for `process`. */
  owners?: ReadonlyMap<number, ProcessRef[]>;
}

export const DEFAULT_PORT_RANGE: PortRange = { low: 32768, high: 60999 };

/** One table per key: top N groups by socket count, then an `other` row when more exist. */
export function groupSockets(records: readonly SocketRecord[], key: GroupKey, opts: GroupOptions): Group[] {
  const listeners = listenerIndex(records);
  const groups = new Map<string, Group>();
  for (const r of records) {
    const g = classify(r, key, listeners, opts);
    if (g === undefined) continue;
    let group = groups.get(g.label);
    if (!group) {
      group = { label: g.label, counts: createCounts(), total: 0 };
      if (g.listener) group.listener = g.listener;
      if (g.owner) group.owner = g.owner;
      groups.set(g.label, group);
    }
    group.counts[r.state] = (group.counts[r.state] ?? 0) + 1;
  }
  const list = [...groups.values()];
  for (const g of list) g.total = totalOf(g.counts) + extraStates(g.counts);
  if (key === 'dest') addEphemeralUse(list, records, listeners, opts.ephemeral ?? DEFAULT_PORT_RANGE);
  list.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  return withOther(list, opts.top);
}

/** Size of a port range after removing reserved ports. */
export function portRangeSize(range: PortRange): number {
  let size = range.high - range.low + 1;
  if (range.reserved) for (const p of range.reserved) if (p >= range.low && p <= range.high) size--;
  return Math.max(0, size);
}

/**
 * The ephemeral range from sysctls (`net.ipv4.ip_local_port_range`, `…ip_local_reserved_ports`);
 * the kernel default 32768–60999 when unknown.
 */
export function portRangeFromSysctls(sysctls: Readonly<Record<string, string>> | undefined): PortRange {
  const m = /^(\d+)\s+(\d+)$/.exec(sysctls?.['net.ipv4.ip_local_port_range'] ?? '');
  const range: PortRange = m ? { low: Number(m[1]), high: Number(m[2]) } : { ...DEFAULT_PORT_RANGE };
  const reserved = sysctls?.['net.ipv4.ip_local_reserved_ports'];
  if (reserved) range.reserved = parseReservedPorts(reserved);
  return range;
}

/** `ip_local_reserved_ports` text (`8080,9000-9010`) → set of ports. */
export function parseReservedPorts(text: string): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(part);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let p = a; p <= Math.min(b, 65535); p++) out.add(p);
  }
  return out;
}

export interface TimeWaitAge {
  /** Counts of TIME_WAIT sockets by remaining lifetime, in 10 s buckets: [0,10), … [50,60+]. */
  buckets: Array<{ fromSeconds: number; toSeconds: number; count: number }>;
  /** TIME_WAIT sockets with a known timer. */
  withTimer: number;
  /** TIME_WAIT lasts a fixed 60 s on Linux: the count over 60 s is the rate this host closes first. */
  closeRatePerSecond: number;
}

/** The remaining-time histogram of TIME_WAIT and the implied active-close rate. */
export function timeWaitAge(records: readonly SocketRecord[]): TimeWaitAge {
  const buckets = [0, 10, 20, 30, 40, 50].map((from) => ({
    fromSeconds: from,
    toSeconds: from + 10,
    count: 0,
  }));
  let tw = 0;
  let withTimer = 0;
  for (const r of records) {
    if (r.state !== 6) continue;
    tw++;
    if (r.expiresMs === undefined) continue;
    withTimer++;
    const i = Math.min(5, Math.max(0, Math.floor(r.expiresMs / 10_000)));
    (buckets[i] as { count: number }).count++;
  }
  return { buckets, withTimer, closeRatePerSecond: tw / 60 };
}

// --- internal ---

interface ListenerIndex {
  /** `addr|port` and `*|port` of every LISTEN socket. */
  byAddrPort: Map<string, SocketRecord>;
  ports: Set<number>;
}

function listenerIndex(records: readonly SocketRecord[]): ListenerIndex {
  const byAddrPort = new Map<string, SocketRecord>();
  const ports = new Set<number>();
  for (const r of records) {
    if (r.state !== 10) continue;
    byAddrPort.set(`${unmapIPv4(r.localAddress)}|${r.localPort}`, r);
    ports.add(r.localPort);
  }
  return { byAddrPort, ports };
}

const WILDCARDS = ['0.0.0.0', '::'];

/** The LISTEN socket a connection was accepted from (exact address, else a wildcard). */
function listenerOf(r: SocketRecord, idx: ListenerIndex): SocketRecord | undefined {
  if (r.state === 10) return r;
  if (!idx.ports.has(r.localPort)) return undefined;
  const exact = idx.byAddrPort.get(`${unmapIPv4(r.localAddress)}|${r.localPort}`);
  if (exact) return exact;
  for (const w of WILDCARDS) {
    const l = idx.byAddrPort.get(`${w}|${r.localPort}`);
    if (l) return l;
  }
  return undefined;
}

interface Classified {
  label: string;
  listener?: ListenerFill;
  owner?: ProcessRef;
}

function classify(
  r: SocketRecord,
  key: GroupKey,
  idx: ListenerIndex,
  opts: GroupOptions,
): Classified | undefined {
  switch (key) {
    case 'lport': {
      const l = listenerOf(r, idx);
      if (!l) return { label: 'outbound (ephemeral local ports)' };
      const fill: ListenerFill = { address: l.localAddress, port: l.localPort, acceptQueue: l.rxQueue ?? 0 };
      if (l.backlog !== undefined) fill.backlog = l.backlog;
      return { label: `${formatEndpoint(l.localAddress, l.localPort)}`, listener: fill };
    }
    case 'raddr':
      return r.state === 10 ? undefined : { label: unmapIPv4(r.remoteAddress) };
    case 'rport':
      return r.state === 10 ? undefined : { label: String(r.remotePort) };
    case 'dest': {
      if (r.state === 10 || listenerOf(r, idx)) return undefined; // inbound: not a destination of ours
      return { label: destLabel(r) };
    }
    case 'process':
      return processOf(r, idx, opts.owners);
    case 'netns':
      return { label: r.netns ?? 'this namespace' };
  }
}

function destLabel(r: SocketRecord): string {
  return `${unmapIPv4(r.localAddress)} → ${formatEndpoint(unmapIPv4(r.remoteAddress), r.remotePort)}`;
}

function processOf(
  r: SocketRecord,
  idx: ListenerIndex,
  owners: ReadonlyMap<number, ProcessRef[]> | undefined,
): Classified {
  const own = r.processes?.[0] ?? (r.inode ? owners?.get(r.inode)?.[0] : undefined);
  if (own) return { label: processLabel(own), owner: own };
  if (r.state === 6) return { label: '(no owner: TIME_WAIT)' };
  // inode 0 on a listener's port: not yet accepted, or dropped by the app; charge the listener's owner
  const l = listenerOf(r, idx);
  const lOwner = l?.processes?.[0] ?? (l?.inode ? owners?.get(l.inode)?.[0] : undefined);
  if (l && l !== r && lOwner)
    return { label: `${processLabel(lOwner)} [not accepted / orphaned]`, owner: lOwner };
  if (r.inode === 0) return { label: '(no owner: orphaned, request or not yet accepted)' };
  return { label: '(owner not visible: needs root, or another PID namespace)' };
}

function processLabel(p: ProcessRef): string {
  return `${p.command} (pid ${p.pid}${p.container ? `, container ${p.container.slice(0, 12)}` : ''})`;
}

function extraStates(counts: StateCounts): number {
  let n = 0;
  for (let i = 12; i < counts.length; i++) n += counts[i] ?? 0;
  return n + (counts[0] ?? 0);
}

function addEphemeralUse(
  groups: Group[],
  records: readonly SocketRecord[],
  idx: ListenerIndex,
  range: PortRange,
): void {
  const size = portRangeSize(range);
  const inUse = new Map<string, number>();
  for (const r of records) {
    if (r.state === 10 || listenerOf(r, idx)) continue;
    if (r.localPort < range.low || r.localPort > range.high || range.reserved?.has(r.localPort)) continue;
    const label = destLabel(r);
    inUse.set(label, (inUse.get(label) ?? 0) + 1);
  }
  for (const g of groups) {
    const n = inUse.get(g.label) ?? 0;
    g.ephemeral = { inUse: n, rangeSize: size, ratio: size > 0 ? n / size : 0 };
  }
}

function withOther(list: Group[], top: number): Group[] {
  if (list.length <= top) return list;
  const head = list.slice(0, top);
  const other: Group = {
    label: `other (${list.length - top} more)`,
    counts: createCounts(),
    total: 0,
    other: true,
  };
  for (const g of list.slice(top)) {
    for (let i = 0; i < g.counts.length; i++) other.counts[i] = (other.counts[i] ?? 0) + (g.counts[i] ?? 0);
    other.total += g.total;
  }
  return [...head, other];
}
