import { type Census, combined, type StateMap, toStateMap, totalOf } from '../../core/model/census.js';
import type { Snapshot, SourceInfo } from '../../core/model/snapshot.js';
import { STATE_SLOTS, TCP_BOUND_INACTIVE } from '../../core/model/tcp-state.js';

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
}

export function statusJson(snapshot: Snapshot, census: Census = snapshot.census): StatusJson {
  const all = combined(census);
  return {
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
}

export function renderStatusJson(snapshot: Snapshot, census?: Census): string {
  return `${JSON.stringify(statusJson(snapshot, census), null, 2)}\n`;
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
