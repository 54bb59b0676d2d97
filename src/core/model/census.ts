import type { Family } from './endpoint.js';
import { LIFECYCLE_ORDER, STATE_NAMES, STATE_SLOTS, type TcpStateName } from './tcp-state.js';

/**
 * Per-state counts, indexed by kernel state code (0..15). A typed array so the census over a
 * million sockets allocates nothing per socket.
 */
export type StateCounts = Float64Array;

/** Counts per address family. Codes outside 1..11 (e.g. BOUND_INACTIVE) stay in their slots. */
export interface Census {
  ipv4: StateCounts;
  ipv6: StateCounts;
}

export function createCounts(): StateCounts {
  return new Float64Array(STATE_SLOTS);
}

export function createCensus(): Census {
  return { ipv4: createCounts(), ipv6: createCounts() };
}

export function familyCounts(census: Census, family: Family): StateCounts {
  return family === 4 ? census.ipv4 : census.ipv6;
}

/** Adds `from` into `into`, slot by slot. */
export function addCensus(into: Census, from: Census): Census {
  for (let i = 0; i < STATE_SLOTS; i++) {
    into.ipv4[i] = (into.ipv4[i] ?? 0) + (from.ipv4[i] ?? 0);
    into.ipv6[i] = (into.ipv6[i] ?? 0) + (from.ipv6[i] ?? 0);
  }
  return into;
}

/** The eleven canonical names mapped to counts, zeros included, in kernel order. */
export type StateMap = Record<TcpStateName, number>;

export function toStateMap(counts: StateCounts): StateMap {
  const out = {} as StateMap;
  STATE_NAMES.forEach((name, i) => {
    out[name] = counts[i + 1] ?? 0;
  });
  return out;
}

/** Sum of both families, one slot per code. */
export function combined(census: Census): StateCounts {
  const out = createCounts();
  for (let i = 0; i < STATE_SLOTS; i++) out[i] = (census.ipv4[i] ?? 0) + (census.ipv6[i] ?? 0);
  return out;
}

/** Sum of the eleven canonical states (codes 1..11). */
export function totalOf(counts: StateCounts): number {
  let n = 0;
  for (const code of LIFECYCLE_ORDER) n += counts[code] ?? 0;
  return n;
}

/**
 * Keep only the given state codes and families (the `--state` and `--family` filters). Returns a
 * new census; the input is not changed.
 */
export function filterCensus(
  census: Census,
  filter: { states?: readonly number[] | undefined; family?: Family | undefined },
): Census {
  const out = createCensus();
  for (const fam of [4, 6] as const) {
    if (filter.family !== undefined && filter.family !== fam) continue;
    const src = familyCounts(census, fam);
    const dst = familyCounts(out, fam);
    for (let i = 0; i < STATE_SLOTS; i++) {
      if (filter.states && filter.states.length > 0 && !filter.states.includes(i)) continue;
      dst[i] = src[i] ?? 0;
    }
  }
  return out;
}
