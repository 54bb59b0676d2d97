import type { StateCounts } from '../model/census.js';
import { LIFECYCLE_ORDER, stateName, type TcpStateName } from '../model/tcp-state.js';
import type { Group } from './group-by.js';

export interface StateDelta {
  state: TcpStateName;
  before: number;
  after: number;
  delta: number;
}

/** Per-state before/after/delta, lifecycle order, every state. */
export function diffCounts(before: StateCounts, after: StateCounts): StateDelta[] {
  return LIFECYCLE_ORDER.map((code) => {
    const b = before[code] ?? 0;
    const a = after[code] ?? 0;
    return { state: stateName(code) as TcpStateName, before: b, after: a, delta: a - b };
  });
}

export interface GroupDelta {
  label: string;
  before: number;
  after: number;
  delta: number;
  /** States whose count changed, with their deltas. */
  states: Partial<Record<TcpStateName, number>>;
}

/**
 * Groups matched by label: what appeared, grew, shrank or vanished. Sorted by the size of the
 * change, largest first; the `other` rows are left out (their members differ between the sides).
 */
export function diffGroups(before: readonly Group[], after: readonly Group[]): GroupDelta[] {
  const b = new Map(before.filter((g) => !g.other).map((g) => [g.label, g]));
  const a = new Map(after.filter((g) => !g.other).map((g) => [g.label, g]));
  const labels = new Set([...b.keys(), ...a.keys()]);
  const out: GroupDelta[] = [];
  for (const label of labels) {
    const gb = b.get(label);
    const ga = a.get(label);
    const states: Partial<Record<TcpStateName, number>> = {};
    for (const code of LIFECYCLE_ORDER) {
      const d = (ga?.counts[code] ?? 0) - (gb?.counts[code] ?? 0);
      if (d !== 0) states[stateName(code) as TcpStateName] = d;
    }
    const before = gb?.total ?? 0;
    const after = ga?.total ?? 0;
    if (before === after && Object.keys(states).length === 0) continue;
    out.push({ label, before, after, delta: after - before, states });
  }
  out.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.label.localeCompare(y.label));
  return out;
}
