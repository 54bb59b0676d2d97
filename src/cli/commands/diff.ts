import { combined, totalOf } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { diffCounts, diffGroups, type GroupDelta } from '../../core/tally/diff.js';
import { GROUP_KEYS, type GroupKey } from '../../core/tally/group-by.js';
import { COLOUR, PLAIN, renderTable, type Style, thousands } from '../../sinks/terminal/format.js';
import { GROUP_TITLES } from '../../sinks/terminal/groups-table.js';
import { describeSource } from '../../sinks/terminal/status-table.js';
import { usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseFlags } from '../options.js';
import { groupSnapshot } from './status-groups.js';

export const HELP = `Usage: tcpdoctor diff BEFORE AFTER [options]

What changed between two snapshots, per state and per group. BEFORE and AFTER are files written by
"tcpdoctor status --save FILE" (or its --json output), or the word "live" for the census now.

Options:
  --by KEY      also compare groups: lport, raddr, rport, dest, process, netns (repeatable;
                needs snapshots saved with --save, which keep every socket)
  --top N       group changes shown per key (default 10)
  --json        the comparison as JSON (docs/json.md)
  --no-color    no colour
  -h, --help    this help`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      by: { type: 'string', multiple: true },
      top: { type: 'string' },
      json: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return 0;
  }
  if (positionals.length !== 2) throw usageError('diff takes two snapshots: BEFORE AFTER (a file or "live")');
  const by = (values.by ?? [])
    .flatMap((b) => b.split(','))
    .map((b) => {
      if (!(GROUP_KEYS as readonly string[]).includes(b))
        throw usageError(`--by takes ${GROUP_KEYS.join(', ')}, not "${b}"`);
      return b as GroupKey;
    });
  const top = values.top === undefined ? 10 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    throw usageError(`--top takes a whole number ≥ 1, not "${values.top}"`);

  const [before, after] = await Promise.all(positionals.map((p) => load(p as string, by)));
  const b = before as Snapshot;
  const a = after as Snapshot;
  const states = diffCounts(combined(b.census), combined(a.census));
  const groups: Partial<Record<GroupKey, GroupDelta[]>> = {};
  const missing: string[] = [];
  for (const key of by) {
    if (!b.sockets || !a.sockets) {
      missing.push(key);
      continue;
    }
    const gb = groupSnapshot(b, [key], Number.MAX_SAFE_INTEGER, {}).groups?.[key] ?? [];
    const ga = groupSnapshot(a, [key], Number.MAX_SAFE_INTEGER, {}).groups?.[key] ?? [];
    groups[key] = diffGroups(gb, ga).slice(0, top);
  }
  const notes = missing.length
    ? [`--by ${missing.join(', ')}: a side has no socket list (save it with "tcpdoctor status --save FILE")`]
    : [];

  if (values.json) {
    const total = { before: totalOf(combined(b.census)), after: totalOf(combined(a.census)), delta: 0 };
    total.delta = total.after - total.before;
    ctx.out(
      `${JSON.stringify(
        {
          schema: 1,
          host: a.host,
          kernel: a.kernel,
          time: new Date().toISOString(),
          source: a.source,
          before: { host: b.host, time: b.time, source: b.source },
          after: { host: a.host, time: a.time, source: a.source },
          total,
          states: Object.fromEntries(
            states.map((s) => [s.state, { before: s.before, after: s.after, delta: s.delta }]),
          ),
          groups,
          notes,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const style = colourWanted(ctx, values['no-color']) ? COLOUR : PLAIN;
  const out: string[] = [`before: ${describeSource(b)}`, `after:  ${describeSource(a)}`, ''];
  const rows = states.map((s) => [s.state, thousands(s.before), thousands(s.after), signed(s.delta)]);
  const tb = totalOf(combined(b.census));
  const ta = totalOf(combined(a.census));
  rows.push(['TOTAL', thousands(tb), thousands(ta), signed(ta - tb)]);
  out.push(
    ...renderTable(
      ['STATE', 'BEFORE', 'AFTER', 'CHANGE'],
      rows,
      ['left', 'right', 'right', 'right'],
      deco(style, rows.length - 1),
    ),
  );
  for (const [key, list] of Object.entries(groups)) {
    out.push('', style.bold(`${GROUP_TITLES[key as GroupKey]}: what changed`));
    if (!list || list.length === 0) {
      out.push('(no change)');
      continue;
    }
    const grows = list.map((g) => [
      g.label,
      thousands(g.before),
      thousands(g.after),
      signed(g.delta),
      mix(g.states),
    ]);
    out.push(
      ...renderTable(
        ['GROUP', 'BEFORE', 'AFTER', 'CHANGE', 'BY STATE'],
        grows,
        ['left', 'right', 'right', 'right', 'left'],
        deco(style, -2),
      ),
    );
  }
  for (const n of notes) out.push('', style.dim(`note: ${n}`));
  ctx.out(`${out.join('\n')}\n`);
  return 0;
}

// --- internal ---

async function load(spec: string, by: readonly GroupKey[]): Promise<Snapshot> {
  if (spec === 'live') {
    const { takeSnapshot } = await import('../../sources/snapshot/take-snapshot.js');
    return takeSnapshot({
      records: by.length > 0,
      owners: by.includes('process'),
      sysctls: by.includes('dest')
        ? ['net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports']
        : undefined,
    });
  }
  const { readSavedSnapshot } = await import('../../sources/snapshot/read-saved-snapshot.js');
  return readSavedSnapshot(spec);
}

function signed(n: number): string {
  if (n === 0) return '0';
  return `${n > 0 ? '+' : '-'}${thousands(Math.abs(n))}`;
}

function mix(states: Partial<Record<string, number>>): string {
  return Object.entries(states)
    .map(([s, d]) => `${s} ${signed(d ?? 0)}`)
    .join(' · ');
}

function deco(style: Style, totalRow: number) {
  return (row: number, _c: number, padded: string) =>
    row === -1 || row === totalRow ? style.bold(padded) : padded;
}
