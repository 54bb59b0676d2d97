import type { CounterRate } from '../../core/counters/kernel-counters.js';
import { combined, totalOf } from '../../core/model/census.js';
import type { NamespaceCensus, Snapshot } from '../../core/model/snapshot.js';
import { PLAIN, renderTable, type Style, thousands } from './format.js';
import { stateMix } from './groups-table.js';

/** Counter rates over the sampling interval; only counters that moved, unless none did. */
export function renderRates(
  rates: { seconds: number; counters: CounterRate[] },
  style: Style = PLAIN,
): string {
  const moved = rates.counters.filter((c) => c.delta > 0);
  const title = `${style.bold('Kernel counters')} over ${rates.seconds.toFixed(1)} s`;
  if (moved.length === 0) return `${title}: none of the TCP counters tcpdoctor watches moved\n`;
  const lines = renderTable(
    ['COUNTER', 'INCREASE', 'PER SECOND', 'TOTAL'],
    moved.map((c) => [c.key, thousands(c.delta), c.perSecond.toFixed(1), thousands(c.value)]),
    ['left', 'right', 'right', 'right'],
    (row, _c, padded) => (row === -1 ? style.bold(padded) : padded),
  );
  return `${title}\n${lines.join('\n')}\n`;
}

/** sockstat of the namespace, with its scope traps spelled out. */
export function renderSockstat(snapshot: Snapshot, style: Style = PLAIN): string {
  const s = snapshot.counters?.sockstat;
  if (!s || s.tw === undefined) return '';
  return `${style.bold('sockstat')}: tw ${thousands(s.tw)} (TIME_WAIT + orphaned FIN_WAIT2) · inuse ${thousands(s.inuse ?? 0)} · orphan ${thousands(s.orphan ?? 0)} (host-wide) · alloc ${thousands(s.alloc ?? 0)} (host-wide)\n`;
}

/** One row per namespace (`--netns all`). */
export function renderNamespaces(namespaces: readonly NamespaceCensus[], style: Style = PLAIN): string {
  const rows = namespaces.map((ns) => {
    const all = combined(ns.census);
    return [
      ns.label,
      ns.inode === undefined ? '?' : String(ns.inode),
      ns.pid === undefined ? '' : String(ns.pid),
      thousands(totalOf(all)),
      stateMix(all),
    ];
  });
  const lines = renderTable(
    ['NAMESPACE', 'INODE', 'PID', 'SOCKETS', 'STATES'],
    rows,
    ['left', 'right', 'right', 'right', 'left'],
    (row, _c, padded) => (row === -1 ? style.bold(padded) : padded),
  );
  return `${style.bold('By network namespace')}\n${lines.join('\n')}\n`;
}
