import { type Census, createCounts, type StateCounts, totalOf } from '../../core/model/census.js';
import { formatEndpoint, unmapIPv4 } from '../../core/model/endpoint.js';
import type { NamespaceCensus } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { type PortRange, portRangeSize } from '../../core/tally/group-by.js';

/**
 * The bounded tables behind the per-listener and per-destination metrics. Pure: records in, at
 * most `top` rows (+ one `other` row for listeners) out, whatever the host does.
 */

/** The label value of the row that sums every listener port past the top N. */
export const OTHER_PORT = 'other';
/** The label value of the namespaces past `--max-netns` (parenthesised: no namespace is named so). */
export const OTHER_NETNS = '(other)';

export interface ListenerPortRow {
  /** The port as a string, or `other`. */
  port: string;
  /** Sockets on this listening port by state: the LISTEN sockets, accepted, queued, TIME_WAIT. */
  counts: StateCounts;
  total: number;
  /** Connections waiting for accept(), summed over the port's LISTEN sockets (SO_REUSEPORT: several). */
  acceptQueue: number;
  /** Sum of the LISTEN sockets' backlogs; undefined where the source does not show it (/proc). */
  backlog?: number;
}

/**
 * Sockets per listening port (every address of the port together), top N by total, then `other`.
 * One pass, no string per socket: a connection belongs to the listener on its local port and
 * address, or on a wildcard address (the rule of group-by.ts `lport`, which the tests hold it to).
 */
export function listenerPorts(records: readonly SocketRecord[], top: number): ListenerPortRow[] {
  const listeners = listenerIndex(records);
  const byPort = new Map<number, ListenerPortRow>();
  const backlogUnknown = new Set<number>();
  for (const r of records) {
    if (r.state === 10) {
      const row = rowOf(byPort, r.localPort);
      row.acceptQueue += r.rxQueue ?? 0;
      if (r.backlog === undefined) backlogUnknown.add(r.localPort);
      else row.backlog = (row.backlog ?? 0) + r.backlog;
      row.counts[10] = (row.counts[10] ?? 0) + 1;
    } else if (inbound(r, listeners)) {
      const row = rowOf(byPort, r.localPort);
      row.counts[r.state] = (row.counts[r.state] ?? 0) + 1;
    }
  }
  for (const port of backlogUnknown) delete byPort.get(port)?.backlog;
  const rows = [...byPort.values()];
  for (const row of rows) row.total = totalOf(row.counts);
  rows.sort((a, b) => b.total - a.total || Number(a.port) - Number(b.port));
  if (rows.length <= top) return rows;
  const other: ListenerPortRow = { port: OTHER_PORT, counts: createCounts(), total: 0, acceptQueue: 0 };
  for (const row of rows.slice(top)) {
    for (let i = 0; i < row.counts.length; i++)
      other.counts[i] = (other.counts[i] ?? 0) + (row.counts[i] ?? 0);
    other.total += row.total;
    other.acceptQueue += row.acceptQueue;
  }
  return [...rows.slice(0, top), other];
}

export interface DestinationRow {
  localAddress: string;
  /** `10.0.3.7:6379`, `[2001:db8::1]:443` */
  destination: string;
  /** Sockets toward it, any state, whose local port is in the ephemeral range. */
  inUse: number;
  ratio: number;
}

/**
 * Ephemeral-port use per (local address, destination), the tuple a connect() must find a free
 * local port for (tcp-facts.md §9): the top N by ports in use; destinations using none are left out.
 * The numbers of group-by.ts `dest` groups, in one pass that keys only outbound sockets whose
 * local port is in the range (a host with 100,000 sockets has few such destinations).
 */
export function destinationUse(
  records: readonly SocketRecord[],
  range: PortRange,
  top: number,
): { rangeSize: number; rows: DestinationRow[] } {
  const size = portRangeSize(range);
  const listeners = listenerIndex(records);
  const counts = new Map<string, { r: SocketRecord; n: number }>();
  for (const r of records) {
    if (r.localPort < range.low || r.localPort > range.high || range.reserved?.has(r.localPort)) continue;
    if (r.state === 10 || inbound(r, listeners)) continue;
    const key = `${unmapIPv4(r.localAddress)}|${unmapIPv4(r.remoteAddress)}|${r.remotePort}`;
    const hit = counts.get(key);
    if (hit) hit.n++;
    else counts.set(key, { r, n: 1 });
  }
  const rows: DestinationRow[] = [...counts.values()].map(({ r, n }) => ({
    localAddress: unmapIPv4(r.localAddress),
    destination: formatEndpoint(unmapIPv4(r.remoteAddress), r.remotePort),
    inUse: n,
    ratio: size > 0 ? n / size : 0,
  }));
  rows.sort(
    (a, b) =>
      b.inUse - a.inUse ||
      a.destination.localeCompare(b.destination) ||
      a.localAddress.localeCompare(b.localAddress),
  );
  return { rangeSize: size, rows: rows.slice(0, top) };
}

/** Per-namespace censuses, the largest `max` by socket count, the rest summed as `(other)`. */
export function cappedNamespaces(
  namespaces: readonly NamespaceCensus[],
  max: number,
): Array<{ label: string; census: Census }> {
  const sized = namespaces.map((ns) => ({
    ns,
    total: totalOf(ns.census.ipv4) + totalOf(ns.census.ipv6),
  }));
  sized.sort((a, b) => b.total - a.total || a.ns.label.localeCompare(b.ns.label));
  const out = sized.slice(0, max).map(({ ns }) => ({ label: ns.label, census: ns.census }));
  if (sized.length > max) {
    const census: Census = { ipv4: createCounts(), ipv6: createCounts() };
    for (const { ns } of sized.slice(max)) {
      for (let i = 0; i < census.ipv4.length; i++) {
        census.ipv4[i] = (census.ipv4[i] ?? 0) + (ns.census.ipv4[i] ?? 0);
        census.ipv6[i] = (census.ipv6[i] ?? 0) + (ns.census.ipv6[i] ?? 0);
      }
    }
    out.push({ label: OTHER_NETNS, census });
  }
  return out;
}

// --- internal ---

interface ListenerIndex {
  /** Ports with a LISTEN socket on any address. */
  ports: Set<number>;
  /** Ports with a LISTEN socket on 0.0.0.0 or ::. */
  wildcard: Set<number>;
  /** `address|port` of the other LISTEN sockets. */
  exact: Set<string>;
}

function listenerIndex(records: readonly SocketRecord[]): ListenerIndex {
  const idx: ListenerIndex = { ports: new Set(), wildcard: new Set(), exact: new Set() };
  for (const r of records) {
    if (r.state !== 10) continue;
    idx.ports.add(r.localPort);
    const addr = unmapIPv4(r.localAddress);
    if (addr === '0.0.0.0' || addr === '::') idx.wildcard.add(r.localPort);
    else idx.exact.add(`${addr}|${r.localPort}`);
  }
  return idx;
}

/** Accepted from a listener of this host (a connection to one of its listening ports). */
function inbound(r: SocketRecord, idx: ListenerIndex): boolean {
  if (!idx.ports.has(r.localPort)) return false;
  return idx.wildcard.has(r.localPort) || idx.exact.has(`${unmapIPv4(r.localAddress)}|${r.localPort}`);
}

function rowOf(byPort: Map<number, ListenerPortRow>, port: number): ListenerPortRow {
  let row = byPort.get(port);
  if (!row) {
    row = { port: String(port), counts: createCounts(), total: 0, acceptQueue: 0 };
    byPort.set(port, row);
  }
  return row;
}
