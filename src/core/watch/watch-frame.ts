import { type CounterRate, counterRates, type KernelCounters } from '../counters/kernel-counters.js';
import type { DiagnoseInput } from '../diagnose/diagnose-input.js';
import type { Finding } from '../diagnose/finding.js';
import { type Census, combined, createCensus, familyCounts, totalOf } from '../model/census.js';
import type { SocketRecord } from '../model/socket.js';
import { LIFECYCLE_ORDER, stateName } from '../model/tcp-state.js';
import { type GroupKey, groupSockets, portRangeFromSysctls } from '../tally/group-by.js';
import { type History, sparkline } from './history.js';

/** One reading of the kernel, as `watch` takes it every interval. */
export interface WatchSample {
  /** ms since the epoch */
  time: number;
  census: Census;
  records?: readonly SocketRecord[];
  counters?: KernelCounters;
  sysctls?: Readonly<Record<string, string>>;
}

export const WATCH_GROUP_KEYS = ['lport', 'raddr', 'dest', 'process'] as const satisfies readonly GroupKey[];
export type WatchGroupKey = (typeof WATCH_GROUP_KEYS)[number];
export const WATCH_SORTS = ['total', 'change', 'label'] as const;
export type WatchSort = (typeof WATCH_SORTS)[number];

/** The counters that matter on one screen (tcp-facts.md §5). */
export const WATCH_COUNTERS = [
  'Tcp.ActiveOpens',
  'Tcp.PassiveOpens',
  'TcpExt.ListenOverflows',
  'TcpExt.SyncookiesSent',
  'TcpExt.TCPTimeWaitOverflow',
  'Tcp.EstabResets',
  'Tcp.OutRsts',
] as const;

export interface WatchOptions {
  by: WatchGroupKey;
  sort: WatchSort;
  /** Address or port text: only sockets whose local or remote address:port contains it. */
  filter: string;
  top: number;
  sparkWidth: number;
  /** Diagnose on the sample (optional: the caller passes the engine, core stays acyclic). */
  diagnose?: (input: DiagnoseInput) => Finding[];
  kernel: string;
  /** Only these state codes (the --state option); empty: all. */
  states: readonly number[];
  /**
   * Groups of the last socket list, reused while the list is the same one (on a large population
   * the list is re-read only every few frames; grouping 100,000 sockets each frame would cost
   * more than reading them).
   */
  groupCache?: GroupCache;
}

export interface GroupCache {
  records?: readonly SocketRecord[];
  signature?: string;
  groups?: ReturnType<typeof groupSockets>;
}

export interface WatchFrame {
  time: string;
  seconds: number;
  total: number;
  totalPerSecond: number;
  states: Array<{ name: string; count: number; perSecond: number; spark: string }>;
  groups?: { key: WatchGroupKey; rows: Array<{ label: string; total: number; change: number; mix: string }> };
  rates: Array<{ key: string; perSecond: number; delta: number }>;
  findings: Array<{ severity: string; id: string; summary: string }>;
  filter: string;
}

/**
 * The frame of one refresh: per-state counts with change per second and a sparkline, the top
 * groups with their state mix and change, counter rates, and the active findings.
 */
export function buildFrame(
  prev: WatchSample | undefined,
  cur: WatchSample,
  history: History,
  previousGroups: Map<string, number>,
  opts: WatchOptions,
): WatchFrame {
  const filtered = opts.filter && cur.records ? filterRecords(cur.records, opts.filter) : cur.records;
  const census = opts.filter && filtered ? censusOf(filtered) : cur.census;
  const prevCensus =
    prev && opts.filter && prev.records ? censusOf(filterRecords(prev.records, opts.filter)) : prev?.census;
  const seconds = prev ? Math.max(0.001, (cur.time - prev.time) / 1000) : 0;
  const all = combined(census);
  const before = prevCensus ? combined(prevCensus) : undefined;
  const codes =
    opts.states.length > 0 ? LIFECYCLE_ORDER.filter((c) => opts.states.includes(c)) : LIFECYCLE_ORDER;
  const states = codes.map((code) => {
    const name = stateName(code) as string;
    const count = all[code] ?? 0;
    history.push(name, count);
    return {
      name,
      count,
      perSecond: before && seconds > 0 ? (count - (before[code] ?? 0)) / seconds : 0,
      spark: sparkline(history.values(name), opts.sparkWidth),
    };
  });
  const total = states.reduce((n, s) => n + s.count, 0);
  const prevTotal = before ? codes.reduce((n, c) => n + (before[c] ?? 0), 0) : total;
  const frame: WatchFrame = {
    time: new Date(cur.time).toISOString(),
    seconds,
    total,
    totalPerSecond: seconds > 0 ? (total - prevTotal) / seconds : 0,
    states,
    rates: [],
    findings: [],
    filter: opts.filter,
  };
  if (filtered) {
    const signature = `${opts.by}|${opts.filter}|${opts.states.join(',')}`;
    const cache = opts.groupCache;
    const reuse = cache?.records === cur.records && cache?.signature === signature && cache.groups;
    const groups =
      reuse ||
      groupSockets(
        opts.states.length > 0 ? filtered.filter((r) => opts.states.includes(r.state)) : filtered,
        opts.by,
        { top: Number.MAX_SAFE_INTEGER, ephemeral: portRangeFromSysctls(cur.sysctls) },
      );
    if (cache) {
      cache.records = cur.records;
      cache.signature = signature;
      cache.groups = groups;
    }
    const rows = groups.map((g) => ({
      label: g.label,
      total: g.total,
      change: g.total - (previousGroups.get(`${opts.by}|${g.label}`) ?? g.total),
      mix: mixOf(g.counts),
    }));
    previousGroups.clear();
    for (const g of groups) previousGroups.set(`${opts.by}|${g.label}`, g.total);
    rows.sort(sorter(opts.sort));
    frame.groups = { key: opts.by, rows: rows.slice(0, opts.top) };
  }
  let rates: CounterRate[] | undefined;
  if (prev?.counters && cur.counters) {
    rates = counterRates(prev.counters, cur.counters, seconds);
    frame.rates = WATCH_COUNTERS.flatMap((key) => {
      const r = rates?.find((x) => x.key === key);
      return r ? [{ key, perSecond: r.perSecond, delta: r.delta }] : [];
    });
  }
  if (opts.diagnose) {
    const input: DiagnoseInput = { census: cur.census, kernel: opts.kernel };
    if (cur.records) input.records = cur.records;
    if (cur.counters) input.counters = cur.counters;
    if (cur.sysctls) input.sysctls = cur.sysctls;
    if (rates) input.rates = { seconds, counters: rates };
    frame.findings = opts
      .diagnose(input)
      .filter((f) => f.severity !== 'info')
      .map((f) => ({ severity: f.severity, id: f.id, summary: f.summary }));
  }
  return frame;
}

/** Sockets whose local or remote `address:port` contains `text` (an address, a port, or both). */
export function filterRecords(records: readonly SocketRecord[], text: string): SocketRecord[] {
  const t = text.trim();
  if (t === '') return [...records];
  const port = /^:?(\d{1,5})$/.exec(t);
  return records.filter((r) => {
    if (port) return r.localPort === Number(port[1]) || r.remotePort === Number(port[1]);
    return `${r.localAddress}:${r.localPort}`.includes(t) || `${r.remoteAddress}:${r.remotePort}`.includes(t);
  });
}

export function censusOf(records: readonly SocketRecord[]): Census {
  const c = createCensus();
  for (const r of records) {
    const counts = familyCounts(c, r.family);
    counts[r.state] = (counts[r.state] ?? 0) + 1;
  }
  return c;
}

export function totalSockets(census: Census): number {
  return totalOf(combined(census));
}

// --- internal ---

function mixOf(counts: Float64Array): string {
  const parts: string[] = [];
  for (const code of LIFECYCLE_ORDER) {
    const n = counts[code] ?? 0;
    if (n > 0) parts.push(`${stateName(code)} ${n}`);
  }
  return parts.join(' · ');
}

function sorter(sort: WatchSort) {
  return (
    a: { label: string; total: number; change: number },
    b: { label: string; total: number; change: number },
  ) => {
    if (sort === 'label') return a.label.localeCompare(b.label);
    if (sort === 'change') return Math.abs(b.change) - Math.abs(a.change) || b.total - a.total;
    return b.total - a.total || a.label.localeCompare(b.label);
  };
}
