import { LIFECYCLE_ORDER, stateName } from '../../core/model/tcp-state.js';
import type { EphemeralUse, Group, GroupKey, ListenerFill, TimeWaitAge } from '../../core/tally/group-by.js';
import { PLAIN, percent, renderTable, type Style, thousands } from './format.js';

export const GROUP_TITLES: Record<GroupKey, string> = {
  lport: 'By listener (local port)',
  raddr: 'By peer address',
  rport: 'By peer port',
  dest: 'By destination (local IP → remote IP:port)',
  process: 'By process',
  netns: 'By network namespace',
};

/** A grouping as an aligned table: label, total, the state mix, and the key's extra column. */
export function renderGroupsTable(key: GroupKey, groups: readonly Group[], style: Style = PLAIN): string {
  if (groups.length === 0) return `${style.bold(GROUP_TITLES[key])}\n(no sockets)\n`;
  const extraHeader = key === 'lport' ? 'ACCEPT QUEUE' : key === 'dest' ? 'EPHEMERAL PORTS' : undefined;
  const header = ['GROUP', 'SOCKETS', 'STATES', ...(extraHeader ? [extraHeader] : [])];
  const rows = groups.map((g) => [
    g.label,
    thousands(g.total),
    stateMix(g.counts),
    ...(key === 'lport' ? [fillText(g.listener)] : key === 'dest' ? [ephemeralText(g.ephemeral)] : []),
  ]);
  const align = ['left', 'right', 'left', 'right'] as const;
  const lines = renderTable(header, rows, align.slice(0, header.length), (row, _c, padded) =>
    row === -1 ? style.bold(padded) : groups[row]?.other ? style.dim(padded) : padded,
  );
  return `${style.bold(GROUP_TITLES[key])}\n${lines.join('\n')}\n`;
}

/** `TIME_WAIT 5 · ESTABLISHED 2`, lifecycle order, non-zero states only. */
export function stateMix(counts: Float64Array): string {
  const parts: string[] = [];
  for (const code of LIFECYCLE_ORDER) {
    const n = counts[code] ?? 0;
    if (n > 0) parts.push(`${stateName(code)} ${thousands(n)}`);
  }
  return parts.join(' · ');
}

export function renderTimeWaitAge(age: TimeWaitAge, style: Style = PLAIN): string {
  const total = age.buckets.reduce((n, b) => n + b.count, 0);
  if (total === 0) return '';
  const max = Math.max(...age.buckets.map((b) => b.count));
  const lines = age.buckets.map((b) => {
    const bar = '#'.repeat(max === 0 ? 0 : Math.round((20 * b.count) / max));
    return `  ${String(b.fromSeconds).padStart(2)}–${String(b.toSeconds).padEnd(2)} s  ${thousands(b.count).padStart(9)}  ${bar}`;
  });
  return `${style.bold('TIME_WAIT by remaining lifetime')} (Linux keeps each for 60 s: this host closes first about ${rate(age.closeRatePerSecond)} connections/s)\n${lines.join('\n')}\n`;
}

// --- internal ---

function fillText(l: ListenerFill | undefined): string {
  if (!l) return '';
  if (l.backlog === undefined) return `${thousands(l.acceptQueue)} / backlog unknown on /proc`;
  return `${thousands(l.acceptQueue)} / ${thousands(l.backlog)}${l.acceptQueue > l.backlog ? ' FULL' : ''}`;
}

function ephemeralText(e: EphemeralUse | undefined): string {
  if (!e) return '';
  return `${thousands(e.inUse)} of ${thousands(e.rangeSize)} (${percent(e.inUse, e.rangeSize)})`;
}

function rate(perSecond: number): string {
  return perSecond >= 10 ? thousands(perSecond) : perSecond.toFixed(1);
}
