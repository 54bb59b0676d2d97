import type { CounterRate, KernelCounters } from '../../core/counters/kernel-counters.js';
import { type Census, combined, type StateMap, toStateMap, totalOf } from '../../core/model/census.js';
import type { Snapshot, SourceInfo } from '../../core/model/snapshot.js';
import { LIFECYCLE_ORDER, STATE_SLOTS, stateName, TCP_BOUND_INACTIVE } from '../../core/model/tcp-state.js';
import type { Group, GroupKey, TimeWaitAge } from '../../core/tally/group-by.js';

/** Version of the `status --json` shape (docs/json.md). Bump on any incompatible change. */
export const STATUS_SCHEMA = 1;

export interface StatusJson {
  schema: number;
  host: string;
  kernel: string;
  time: string;
  source: SourceInfo;
  total: number;
  states: StateMap;
  families: { ipv4: StateMap; ipv6: StateMap };
  /** Sockets in states outside the eleven (e.g. BOUND_INACTIVE), by name; empty when none. */
  other: Record<string, number>;
  notes: string[];
  /** `--by KEY`: one list per key, largest first, the `other` row last. */
  groups?: Partial<Record<GroupKey, GroupJson[]>>;
  timeWait?: TimeWaitAge;
  counters?: KernelCounters;
  rates?: { seconds: number; counters: CounterRate[] };
  sysctls?: Record<string, string>;
  namespaces?: Array<{
    label: string;
    inode?: number;
    pid?: number;
    name?: string;
    containerId?: string;
    total: number;
    states: StateMap;
  }>;
}

export interface GroupJson {
  label: string;
  total: number;
  /** Non-zero states only. */
  states: Partial<StateMap>;
  listener?: Group['listener'];
  ephemeral?: Group['ephemeral'];
  owner?: Group['owner'];
  other?: true;
}

export interface StatusExtras {
  groups?: Partial<Record<GroupKey, Group[]>>;
  timeWait?: TimeWaitAge;
}

export function groupJson(g: Group): GroupJson {
  const states: Partial<StateMap> = {};
  for (const code of LIFECYCLE_ORDER) {
    const n = g.counts[code] ?? 0;
    if (n > 0) states[stateName(code) as keyof StateMap] = n;
  }
  const out: GroupJson = { label: g.label, total: g.total, states };
  if (g.listener) out.listener = g.listener;
  if (g.ephemeral) out.ephemeral = g.ephemeral;
  if (g.owner) out.owner = g.owner;
  if (g.other) out.other = true;
  return out;
}

export function statusJson(
  snapshot: Snapshot,
  census: Census = snapshot.census,
  extras: StatusExtras = {},
): StatusJson {
  const all = combined(census);
  const out: StatusJson = {
    schema: STATUS_SCHEMA,
    host: snapshot.host,
    kernel: snapshot.kernel,
    time: snapshot.time,
    source: snapshot.source,
    total: totalOf(all),
    states: toStateMap(all),
    families: { ipv4: toStateMap(census.ipv4), ipv6: toStateMap(census.ipv6) },
    other: otherStates(all),
    notes: snapshot.notes,
  };
  if (extras.groups) {
    out.groups = Object.fromEntries(
      Object.entries(extras.groups).map(([k, list]) => [k, (list ?? []).map(groupJson)]),
    ) as StatusJson['groups'];
  }
  if (extras.timeWait) out.timeWait = extras.timeWait;
  if (snapshot.counters) out.counters = snapshot.counters;
  if (snapshot.rates) out.rates = snapshot.rates;
  if (snapshot.sysctls) out.sysctls = snapshot.sysctls;
  if (snapshot.namespaces) {
    out.namespaces = snapshot.namespaces.map(({ census: c, ...rest }) => {
      const sum = combined(c);
      return { ...rest, total: totalOf(sum), states: toStateMap(sum) };
    });
  }
  return out;
}

export function renderStatusJson(snapshot: Snapshot, census?: Census, extras?: StatusExtras): string {
  return `${JSON.stringify(statusJson(snapshot, census, extras), null, 2)}\n`;
}

// --- internal ---

function otherStates(all: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  for (let code = 0; code < STATE_SLOTS; code++) {
    if (code >= 1 && code <= 11) continue;
    const n = all[code] ?? 0;
    if (n > 0) out[code === TCP_BOUND_INACTIVE ? 'BOUND_INACTIVE' : `STATE_${code}`] = n;
  }
  return out;
}
