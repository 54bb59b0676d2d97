import { counterRates, type KernelCounters } from '../../core/counters/kernel-counters.js';
import type { DiagnoseInput } from '../../core/diagnose/diagnose-input.js';
import { runRules } from '../../core/diagnose/run-rules.js';
import type { DiagnoseLang } from '../../core/diagnose/texts.js';
import type { NamespaceCensus, Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import type { SysctlAssignment } from '../../core/tune/sysctl-file.js';
import type { NamespaceReading, ServeReading, Stage, StageError } from '../../sinks/http/reading.js';
import { readKernelCounters } from '../../sources/counters/read-counters.js';
import { type NetnsTarget, resolveNetnsArg } from '../../sources/netns/netns-target.js';
import { readSocketOwners } from '../../sources/processes/read-socket-owners.js';
import { DIAGNOSE_SYSCTLS } from '../../sources/snapshot/take-diagnose-input.js';
import { takeSnapshot } from '../../sources/snapshot/take-snapshot.js';
import { SourceError } from '../../sources/source-error.js';
import { listSysctlFiles, readSysctlFiles } from '../../sources/sysctl/read-sysctl-files.js';
import { readSysctls } from '../../sources/sysctl/read-sysctls.js';

/**
 * The reads of `tcpdoctor serve`, once per interval: the census with socket records, kernel
 * counters (rates against the previous reading), sysctls, process owners where a rule needs them,
 * and the diagnosis. Each stage fails on its own: a failure is recorded in `errors` (an error
 * metric), never thrown, so the exporter keeps serving.
 */
export interface ReaderOptions {
  /** `undefined` = this namespace; a pid, a name under /run/netns, or `all`. */
  netns?: string | undefined;
  lang: DiagnoseLang;
  /** Sysctl files or directories for the obsolete-sysctl rule; default: what systemd-sysctl reads. */
  sysctlFiles?: readonly string[] | undefined;
  /** Look up owning processes (/proc/*\/fd) when CLOSE_WAIT or a queued listener exists. */
  owners: boolean;
  /** With `--netns all`: namespaces diagnosed per reading, largest first (bounds the work). */
  maxNamespaces: number;
}

export interface Reader {
  read(): Promise<ServeReading>;
}

/** Sysctls read by entering another namespace (a process spawn) are refreshed this often. */
export const ENTERED_SYSCTL_TTL_MS = 300_000;

export function createReader(opts: ReaderOptions): Reader {
  const previous = new Map<string, Previous>();
  const sysctlCache = new Map<string, { at: number; values: Record<string, string> }>();
  let seq = 0;
  let lastSuccessAt: number | undefined;
  const all = opts.netns === 'all';

  return {
    async read(): Promise<ServeReading> {
      const startedAt = Date.now();
      const errors: StageError[] = [];
      const fail = (stage: Stage, err: unknown, netns?: string) => {
        const e: StageError = { stage, message: messageOf(err) };
        if (netns !== undefined) e.netns = netns;
        if (err instanceof SourceError) e.code = err.code;
        errors.push(e);
      };
      seq++;
      let merged: Snapshot | undefined;
      let parts: Part[] = [];
      try {
        merged = await censusOf(opts.netns);
        parts = all ? splitNamespaces(merged, opts.maxNamespaces) : [singlePart(merged, opts.netns)];
      } catch (err) {
        merged = undefined;
        fail('census', err);
      }
      const namespaces: NamespaceReading[] = [];
      if (merged) {
        lastSuccessAt = startedAt;
        const files = readFiles(opts.sysctlFiles, fail);
        if (parts.some((p) => needsOwners(p.snapshot.sockets ?? []))) attachOwners(parts, fail);
        for (const part of parts) {
          const label = all ? part.label : undefined;
          const key = part.label;
          const snap = part.snapshot;
          try {
            snap.counters = readKernelCounters(part.target);
          } catch (err) {
            fail('counters', err, label);
          }
          try {
            snap.sysctls = cachedSysctls(sysctlCache, key, part.target, startedAt);
          } catch (err) {
            fail('sysctls', err, label);
          }
          if (files.unreadable.length > 0) {
            snap.notes.push(
              `could not read ${files.unreadable.length} sysctl file(s) (needs root): ${files.unreadable.join(', ')}`,
            );
          }
          const prev = previous.get(key);
          if (prev?.counters && snap.counters) {
            const seconds = (startedAt - prev.at) / 1000;
            snap.rates = { seconds, counters: counterRates(prev.counters, snap.counters, seconds) };
          }
          const ns: NamespaceReading = { snapshot: snap };
          if (label !== undefined) ns.label = label;
          try {
            const input = diagnoseInput(snap, prev, files.assignments);
            ns.input = input;
            ns.diagnosis = { lang: opts.lang, ...runRules(input, opts.lang) };
          } catch (err) {
            fail('diagnose', err, label);
          }
          namespaces.push(ns);
        }
        // Only CLOSE_WAIT records are kept for the next reading: the growth check needs no more.
        previous.clear();
        for (const { label, snapshot } of parts) {
          const p: Previous = {
            at: startedAt,
            closeWait: (snapshot.sockets ?? []).filter((r) => r.state === 8),
          };
          if (snapshot.counters) p.counters = snapshot.counters;
          previous.set(label, p);
        }
      }
      const reading: ServeReading = {
        seq,
        startedAt,
        durationMs: Date.now() - startedAt,
        namespaces,
        errors,
      };
      if (merged) reading.status = merged;
      if (lastSuccessAt !== undefined) reading.lastSuccessAt = lastSuccessAt;
      return reading;
    },
  };

  function readFiles(
    paths: readonly string[] | undefined,
    fail: (stage: Stage, err: unknown) => void,
  ): { assignments: SysctlAssignment[]; unreadable: string[] } {
    try {
      const r = paths ? readSysctlFiles(paths) : readSysctlFiles(listSysctlFiles(), true);
      return { assignments: r.assignments, unreadable: r.unreadable };
    } catch (err) {
      fail('sysctl_files', err);
      return { assignments: [], unreadable: [] };
    }
  }

  function attachOwners(parts: Part[], fail: (stage: Stage, err: unknown) => void): void {
    if (!opts.owners) return;
    let owners: ReturnType<typeof readSocketOwners>;
    try {
      owners = readSocketOwners();
    } catch (err) {
      fail('owners', err);
      return;
    }
    for (const { snapshot } of parts) {
      for (const r of snapshot.sockets ?? []) {
        if (!r.inode || !ownerMatters(r)) continue;
        const list = owners.byInode.get(r.inode);
        if (list) r.processes = list;
      }
      if (owners.deniedPids > 0) {
        snapshot.notes.push(
          `owners of sockets in ${owners.deniedPids} process(es) are hidden from this user: run as root to name every process`,
        );
      }
    }
  }
}

// --- internal ---

/** Tries when a namespace's process exits between the listing and the read (`--netns all`). */
const VANISHED_RETRIES = 3;

/**
 * The census with records. With `--netns all` a container that stops between the listing of
 * namespaces and the read of its tables fails the whole census (ESRCH/ENOENT): list again, a
 * bounded number of times, rather than lose an interval on every busy host.
 */
async function censusOf(netns: string | undefined): Promise<Snapshot> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await takeSnapshot({ netns, records: true });
    } catch (err) {
      const vanished = err instanceof SourceError && (err.code === 'ESRCH' || err.code === 'ENOENT');
      if (netns !== 'all' || !vanished || attempt >= VANISHED_RETRIES) throw err;
    }
  }
}

interface Previous {
  at: number;
  counters?: KernelCounters;
  closeWait: SocketRecord[];
}

interface Part {
  /** Cache key and, with --netns all, the netns label. */
  label: string;
  target: NetnsTarget;
  snapshot: Snapshot;
}

/** One namespace: its snapshot is the merged one, with notes of its own (owners, sysctl files). */
function singlePart(merged: Snapshot, raw: string | undefined): Part {
  const target: NetnsTarget = raw === undefined ? { kind: 'self' } : resolveNetnsArg(raw);
  return { label: raw ?? '', target, snapshot: { ...merged, notes: [...merged.notes] } };
}

/** `--netns all`: one part per namespace, its records split out, largest namespaces first. */
function splitNamespaces(merged: Snapshot, max: number): Part[] {
  const byLabel = new Map<string, SocketRecord[]>();
  for (const r of merged.sockets ?? []) {
    const label = r.netns ?? '';
    const list = byLabel.get(label);
    if (list) list.push(r);
    else byLabel.set(label, [r]);
  }
  const list = [...(merged.namespaces ?? [])];
  list.sort((a, b) => (byLabel.get(b.label)?.length ?? 0) - (byLabel.get(a.label)?.length ?? 0));
  return list.slice(0, max).map((ns) => {
    const snapshot: Snapshot = {
      host: merged.host,
      kernel: merged.kernel,
      time: merged.time,
      source: sourceOf(merged, ns),
      census: ns.census,
      sockets: byLabel.get(ns.label) ?? [],
      notes: [],
    };
    return { label: ns.label, target: targetOf(ns), snapshot };
  });
}

function targetOf(ns: NamespaceCensus): NetnsTarget {
  if (ns.pid !== undefined)
    return ns.name === undefined ? { kind: 'pid', pid: ns.pid } : { kind: 'pid', pid: ns.pid, name: ns.name };
  if (ns.name !== undefined) return { kind: 'path', path: `/run/netns/${ns.name}`, name: ns.name };
  return { kind: 'self' };
}

function sourceOf(merged: Snapshot, ns: NamespaceCensus): Snapshot['source'] {
  if (merged.source.kind === 'file') return merged.source;
  const netns: { pid?: number; inode?: number; name?: string } = {};
  if (ns.pid !== undefined) netns.pid = ns.pid;
  if (ns.inode !== undefined) netns.inode = ns.inode;
  if (ns.name !== undefined) netns.name = ns.name;
  return { ...merged.source, netns };
}

/** Sysctls of the reader's own namespace are read every time; entering another one is cached. */
function cachedSysctls(
  cache: Map<string, { at: number; values: Record<string, string> }>,
  key: string,
  target: NetnsTarget,
  now: number,
): Record<string, string> {
  const hit = cache.get(key);
  if (target.kind !== 'self' && hit && now - hit.at < ENTERED_SYSCTL_TTL_MS) return hit.values;
  const values = Object.fromEntries(readSysctls(target, DIAGNOSE_SYSCTLS));
  cache.set(key, { at: now, values });
  return values;
}

/** The rules use owners only for CLOSE_WAIT sockets and for listeners with a queue. */
function ownerMatters(r: SocketRecord): boolean {
  return r.state === 8 || (r.state === 10 && (r.rxQueue ?? 0) > 0);
}

function needsOwners(records: readonly SocketRecord[]): boolean {
  return records.some(ownerMatters);
}

function diagnoseInput(
  snap: Snapshot,
  prev: Previous | undefined,
  sysctlFiles: readonly SysctlAssignment[],
): DiagnoseInput {
  const input: DiagnoseInput = { census: snap.census, kernel: snap.kernel, sysctlFiles };
  if (snap.sockets) input.records = snap.sockets;
  if (snap.counters) input.counters = snap.counters;
  if (snap.sysctls) input.sysctls = snap.sysctls;
  if (snap.rates) input.rates = snap.rates;
  if (prev) input.previousRecords = prev.closeWait;
  return input;
}

function messageOf(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}
