import { counterRates, type KernelCounters } from '../../core/counters/kernel-counters.js';
import { addCensus, createCensus } from '../../core/model/census.js';
import type { NamespaceCensus, Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { readKernelCounters } from '../counters/read-counters.js';
import { takeLiveSnapshot } from '../live-snapshot.js';
import { listNamespaces } from '../netns/list-namespaces.js';
import {
  type NamespaceInfo,
  type NetnsTarget,
  netnsInodeOf,
  resolveNetnsArg,
} from '../netns/netns-target.js';
import type { LiveRequest } from '../proc/read-proc-census.js';
import { readProcCensusEntered } from '../proc/read-proc-census-entered.js';
import { readSocketOwners } from '../processes/read-socket-owners.js';
import { readSysctls } from '../sysctl/read-sysctls.js';
import { readHostInfo } from '../system/host-info.js';

/**
 * A live snapshot with the enrichment a command asked for, each built once: records, process
 * owners, kernel counters sampled over an interval, sysctls, several namespaces. The plain census
 * path (`takeLiveSnapshot`) stays untouched and fast when none is asked for.
 */
export interface SnapshotRequest {
  /** `undefined` = this namespace; a pid, a name under /run/netns, or `all`. */
  netns?: string | undefined;
  records?: boolean;
  owners?: boolean;
  /** Read kernel counters; with intervalMs > 0, twice, to give rates. */
  counters?: boolean;
  intervalMs?: number;
  sysctls?: readonly string[] | undefined;
  /** `--source`: netlink, proc, or auto (netlink with the /proc fallback). */
  source?: LiveRequest['source'];
  /** `--verbose`: where each live reading came from, on stderr. */
  verbose?: LiveRequest['verbose'];
}

export async function takeSnapshot(req: SnapshotRequest): Promise<Snapshot> {
  const targets = resolveTargets(req.netns);
  const single = targets.length === 1 ? (targets[0] as NamespaceInfo) : undefined;
  let first: KernelCounters | undefined;
  const started = Date.now();
  if (single && req.counters && req.intervalMs && req.intervalMs > 0) {
    first = readKernelCounters(single.target);
    await new Promise((r) => setTimeout(r, req.intervalMs));
  }
  const records = req.records === true || req.owners === true;
  const parts = targets.map((t) => ({ info: t, snap: snapshotOf(t, records, req) }));
  const snapshot = merge(parts, targets.length > 1);
  if (single && req.counters) {
    snapshot.counters = readKernelCounters(single.target);
    if (first) {
      const seconds = (Date.now() - started) / 1000;
      snapshot.rates = { seconds, counters: counterRates(first, snapshot.counters, seconds) };
    }
  } else if (req.counters) {
    snapshot.notes.push('kernel counters are per namespace: pick one with --netns PID|NAME to see them');
  }
  if (single && req.sysctls && req.sysctls.length > 0) {
    snapshot.sysctls = Object.fromEntries(readSysctls(single.target, req.sysctls));
  }
  if (req.owners && snapshot.sockets) attachOwners(snapshot.sockets, snapshot.notes);
  return snapshot;
}

// --- internal ---

function resolveTargets(raw: string | undefined): NamespaceInfo[] {
  if (raw === undefined) return [{ target: { kind: 'self' }, label: 'this namespace' }];
  if (raw === 'all') return listNamespaces().namespaces;
  const target = resolveNetnsArg(raw);
  const label =
    target.kind === 'self'
      ? 'this namespace'
      : target.kind === 'pid'
        ? (target.name ?? `pid ${target.pid}`)
        : target.name;
  return [{ target, label }];
}

function snapshotOf(info: NamespaceInfo, records: boolean, req: SnapshotRequest): Snapshot {
  const t: NetnsTarget = info.target;
  if (t.kind === 'path') {
    const host = readHostInfo();
    const reading = readProcCensusEntered(t.path, t.name, records, host);
    const snap: Snapshot = {
      host: host.host,
      kernel: host.kernel,
      time: new Date().toISOString(),
      source: reading.source,
      census: reading.census,
      notes: reading.notes,
    };
    if (info.inode !== undefined) reading.source.netns.inode = info.inode;
    if (reading.sockets) snap.sockets = reading.sockets;
    return snap;
  }
  const snap = takeLiveSnapshot({
    netnsPid: t.kind === 'pid' ? t.pid : undefined,
    records,
    source: req.source,
    verbose: req.verbose,
  });
  if (t.kind === 'pid' && t.name && snap.source.kind !== 'file') snap.source.netns.name = t.name;
  return snap;
}

function merge(parts: Array<{ info: NamespaceInfo; snap: Snapshot }>, several: boolean): Snapshot {
  const head = parts[0]?.snap as Snapshot;
  if (!several) return head;
  const census = createCensus();
  const sockets: SocketRecord[] = [];
  const namespaces: NamespaceCensus[] = [];
  const notes = [...listNamespaces().notes];
  for (const { info, snap } of parts) {
    addCensus(census, snap.census);
    for (const r of snap.sockets ?? []) {
      r.netns = info.label;
      sockets.push(r);
    }
    const ns: NamespaceCensus = { label: info.label, census: snap.census };
    const inode = info.inode ?? (info.target.kind === 'self' ? netnsInodeOf('self') : undefined);
    if (inode !== undefined) ns.inode = inode;
    if (info.target.kind === 'pid') ns.pid = info.target.pid;
    if (info.target.kind !== 'self' && info.target.name) ns.name = info.target.name;
    if (info.containerId) ns.containerId = info.containerId;
    namespaces.push(ns);
    for (const n of snap.notes) notes.push(`${info.label}: ${n}`);
  }
  const merged: Snapshot = { ...head, census, notes, namespaces };
  if (parts.some((p) => p.snap.sockets)) merged.sockets = sockets;
  return merged;
}

/** Attach owners to records by inode; say how many processes could not be looked into. */
function attachOwners(sockets: SocketRecord[], notes: string[]): void {
  const owners = readSocketOwners();
  for (const r of sockets) {
    if (!r.inode) continue;
    const list = owners.byInode.get(r.inode);
    if (list) r.processes = list;
  }
  if (owners.deniedPids > 0) {
    notes.push(
      `owners of sockets in ${owners.deniedPids} process(es) are hidden from this user: run as root to name every process`,
    );
  }
}
