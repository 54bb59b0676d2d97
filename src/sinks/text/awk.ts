import type { StateCounts } from '../../core/model/census.js';
import { LIFECYCLE_ORDER, stateName } from '../../core/model/tcp-state.js';

/**
 * The classic one-liner's output: `STATE count`, one line per state present, canonical (Linux
 * netstat) spelling — a drop-in for scripts that parsed
 * `netstat -n | awk '/^tcp/ {++S[$NF]} END {for(a in S) print a, S[a]}'`. Lifecycle order instead
 * of awk's hash order.
 */
export function renderAwk(counts: StateCounts): string {
  let out = '';
  for (const code of LIFECYCLE_ORDER) {
    const n = counts[code] ?? 0;
    if (n > 0) out += `${stateName(code)} ${n}\n`;
  }
  return out;
}
