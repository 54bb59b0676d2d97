import { statusHints } from '../../core/diagnose/status-hints.js';
import { type Census, combined, totalOf } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { LIFECYCLE_ORDER, stateName } from '../../core/model/tcp-state.js';
import { COLOUR, PLAIN, percent, renderTable, thousands } from './format.js';

export interface StatusTableOptions {
  colour: boolean;
  /** Show every state, zeros included (default); false hides empty rows. */
  showZeros?: boolean;
}

/** The human census: the eleven states in lifecycle order, IPv4/IPv6 split, share, total, hints. */
export function renderStatusTable(snapshot: Snapshot, census: Census, opts: StatusTableOptions): string {
  const style = opts.colour ? COLOUR : PLAIN;
  const all = combined(census);
  const total = totalOf(all);
  const rows: string[][] = [];
  for (const code of LIFECYCLE_ORDER) {
    const n = all[code] ?? 0;
    if (n === 0 && opts.showZeros === false) continue;
    rows.push([
      stateName(code) ?? String(code),
      thousands(n),
      thousands(census.ipv4[code] ?? 0),
      thousands(census.ipv6[code] ?? 0),
      n === 0 ? '-' : percent(n, total),
    ]);
  }
  const footer = [
    'TOTAL',
    thousands(total),
    thousands(totalOf(census.ipv4)),
    thousands(totalOf(census.ipv6)),
    '',
  ];
  const zeroRows = new Set(rows.flatMap((r, i) => (r[1] === '0' ? [i] : [])));
  const lines = renderTable(
    ['STATE', 'SOCKETS', 'IPV4', 'IPV6', 'SHARE'],
    [...rows, footer],
    ['left', 'right', 'right', 'right', 'right'],
    (row, _col, padded) => {
      if (row === -1 || row === rows.length) return style.bold(padded);
      return zeroRows.has(row) ? style.dim(padded) : padded;
    },
  );
  const out = [describeSource(snapshot), '', ...lines];
  const hints = statusHints(all);
  if (hints.length > 0) out.push('');
  for (const h of hints) out.push(style.warn(`hint: ${h.text}`));
  for (const note of snapshot.notes) out.push(style.dim(`note: ${note}`));
  return `${out.join('\n')}\n`;
}

/** One line: host, kernel, where the numbers come from, when. */
export function describeSource(snapshot: Snapshot): string {
  const src = snapshot.source;
  let from: string;
  if (src.kind === 'file') {
    const names = src.inputs.map((i) => `${i.name} (${i.format})`);
    from = `from ${names.join(', ')}`;
  } else {
    const ns =
      src.netns.pid === undefined
        ? 'this network namespace'
        : `the network namespace of pid ${src.netns.pid}${src.netns.name ? ` (${src.netns.name})` : ''}`;
    from = `live from ${src.kind === 'proc' ? '/proc/net/tcp{,6}' : 'netlink sock_diag'}, ${ns}`;
  }
  // a capture does not say which host or kernel it came from: say only where it was read from
  if (src.kind === 'file') return `${from} · read ${snapshot.time}`;
  return `${snapshot.host} · Linux ${snapshot.kernel} · ${from} · ${snapshot.time}`;
}
