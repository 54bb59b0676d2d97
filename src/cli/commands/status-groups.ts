import type { Family } from '../../core/model/endpoint.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { type GroupKey, groupSockets, portRangeFromSysctls, timeWaitAge } from '../../core/tally/group-by.js';
import type { StatusExtras } from '../../sinks/json/status-json.js';
import { renderNamespaces, renderRates, renderSockstat } from '../../sinks/terminal/counters-table.js';
import { COLOUR, PLAIN } from '../../sinks/terminal/format.js';
import { renderGroupsTable, renderTimeWaitAge } from '../../sinks/terminal/groups-table.js';

/** The `--by` tables of a snapshot (records filtered like the census), and the TIME_WAIT ages. */
export function groupSnapshot(
  snapshot: Snapshot,
  by: readonly GroupKey[],
  top: number,
  filter: { family?: Family | undefined; states?: readonly number[] | undefined },
): StatusExtras {
  const records = (snapshot.sockets ?? []).filter(
    (r: SocketRecord) =>
      (filter.family === undefined || r.family === filter.family) &&
      (!filter.states || filter.states.length === 0 || filter.states.includes(r.state) || r.state === 10),
  );
  const extras: StatusExtras = {};
  if (by.length === 0) return extras;
  const ephemeral = portRangeFromSysctls(snapshot.sysctls);
  extras.groups = {};
  for (const key of by) {
    const groups = groupSockets(records, key, { top, ephemeral });
    // a state filter keeps listeners only to attribute connections to them; drop their own rows
    extras.groups[key] =
      filter.states && !filter.states.includes(10) ? groups.filter((g) => stripListen(g)) : groups;
  }
  extras.timeWait = timeWaitAge(records);
  return extras;
}

export function renderExtras(snapshot: Snapshot, extras: StatusExtras, colour: boolean): string {
  const style = colour ? COLOUR : PLAIN;
  const parts: string[] = [];
  if (snapshot.namespaces) parts.push(renderNamespaces(snapshot.namespaces, style));
  for (const [key, groups] of Object.entries(extras.groups ?? {})) {
    parts.push(renderGroupsTable(key as GroupKey, groups ?? [], style));
  }
  if (extras.timeWait) {
    const age = renderTimeWaitAge(extras.timeWait, style);
    if (age) parts.push(age);
  }
  const sockstat = renderSockstat(snapshot, style);
  if (sockstat) parts.push(sockstat);
  if (snapshot.rates) parts.push(renderRates(snapshot.rates, style));
  return parts.length > 0 ? `\n${parts.join('\n')}` : '';
}

// --- internal ---

function stripListen(g: { counts: Float64Array; total: number }): boolean {
  const listen = g.counts[10] ?? 0;
  g.counts[10] = 0;
  g.total -= listen;
  return g.total > 0;
}
