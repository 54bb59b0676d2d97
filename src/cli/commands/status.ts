import { combined, filterCensus } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { GROUP_KEYS, type GroupKey } from '../../core/tally/group-by.js';
import { renderStatusJson, type StatusExtras } from '../../sinks/json/status-json.js';
import { renderStatusTable } from '../../sinks/terminal/status-table.js';
import { renderAwk } from '../../sinks/text/awk.js';
import { takeLiveSnapshot } from '../../sources/live-snapshot.js';
import { usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseDuration, parseFamily, parseFlags, parseNetns, parseStates } from '../options.js';
import { OFFLINE_FLAGS, OFFLINE_HELP, readOffline } from './status-offline.js';

export const HELP = `Usage: tcpdoctor [status] [options]

Count every TCP socket by state: the eleven states in lifecycle order, IPv4/IPv6 split, share.

Options:
  --json              the census as JSON (docs/json.md)
  --awk               "STATE count" lines, like netstat -n | awk '/^tcp/ {++S[$NF]} …'
  --family 4|6        only IPv4 or only IPv6
  --state NAME        only this state (repeatable; any tool's spelling: time-wait, ESTAB, SYN_RCVD)
  --by KEY            group by lport (listener), raddr, rport, dest (local IP → remote IP:port),
                      process, netns; repeatable, one table each
  --top N             groups shown per table (default 10), the rest summed in an "other" row
  --interval DUR      sample the kernel counters twice, DUR apart, and show rates (1, 500ms, 5s)
  --counters          show the kernel counters (sockstat; with --interval, rates)
  --netns NS          a pid (its network namespace), a name under /run/netns, or "all"
  --save FILE         write the snapshot with every socket as JSON (gzip if FILE ends in .gz)
${OFFLINE_HELP}
  --live              the live census (default)
  --source SRC        auto (default: netlink sock_diag, else /proc), netlink or proc (forced)
  -v, --verbose       say on stderr which source was read, how, and why not netlink
  --no-color          no colour, even on a terminal (NO_COLOR is honoured too)
  -h, --help          this help

Exit codes: 0 ok, 2 usage error, 3 input error, 4 permission denied, 5 the live source failed.`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(args, {
    json: { type: 'boolean' },
    awk: { type: 'boolean' },
    family: { type: 'string' },
    state: { type: 'string', multiple: true },
    by: { type: 'string', multiple: true },
    top: { type: 'string' },
    interval: { type: 'string' },
    counters: { type: 'boolean' },
    netns: { type: 'string' },
    save: { type: 'string' },
    live: { type: 'boolean' },
    ...OFFLINE_FLAGS,
    source: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return 0;
  }
  if (values.json && values.awk) throw usageError('--json and --awk cannot be combined');
  const family = parseFamily(values.family);
  const source = values.source ?? 'auto';
  if (source !== 'auto' && source !== 'proc' && source !== 'netlink') {
    throw usageError(`--source takes auto, netlink or proc, not "${source}"`);
  }
  const verbose = values.verbose ? (line: string) => ctx.err(`tcpdoctor: ${line}\n`) : undefined;
  const states = parseStates(values.state);
  const by = parseGroupKeys(values.by);
  const netns = parseNetns(values.netns, true);
  const top = parseTop(values.top);
  const intervalMs = values.interval === undefined ? 0 : parseDuration(values.interval, '--interval');
  const enriched =
    by.length > 0 ||
    values.save !== undefined ||
    values.counters === true ||
    values.interval !== undefined ||
    (netns !== undefined && !/^\d+$/.test(netns));

  let snapshot: Snapshot;
  let extras: StatusExtras = {};
  const offline = await readOffline(values, ctx, by.length > 0 || values.save !== undefined);
  if (offline && !offline.snapshot) return offline.exitCode;
  if (offline?.snapshot) {
    // a saved capture (--input, or a pipe on stdin): the census, and its records for --by/--save
    snapshot = offline.snapshot;
    if (by.length > 0) {
      const { groupSnapshot } = await import('./status-groups.js');
      extras = groupSnapshot(snapshot, by, top, { family, states });
    }
    if (values.save !== undefined) {
      const { saveSnapshot } = await import('../../sinks/json/save-snapshot.js');
      saveSnapshot(values.save, snapshot);
    }
  } else if (!enriched) {
    // The fast path: one pass, counts only, nothing else loaded.
    snapshot = takeLiveSnapshot({
      netnsPid: netns === undefined ? undefined : Number(netns),
      source,
      verbose,
    });
  } else {
    const { takeSnapshot } = await import('../../sources/snapshot/take-snapshot.js');
    snapshot = await takeSnapshot({
      netns,
      source,
      verbose,
      records: by.length > 0 || values.save !== undefined,
      owners: by.includes('process') || values.save !== undefined,
      counters: values.counters === true || values.interval !== undefined || values.save !== undefined,
      intervalMs,
      sysctls: by.includes('dest')
        ? ['net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports']
        : undefined,
    });
    const { groupSnapshot } = await import('./status-groups.js');
    extras = groupSnapshot(snapshot, by, top, { family, states });
    if (values.save !== undefined) {
      const { saveSnapshot } = await import('../../sinks/json/save-snapshot.js');
      saveSnapshot(values.save, snapshot);
    }
  }
  const census = filterCensus(snapshot.census, { family, states });

  if (values.json) ctx.out(renderStatusJson(snapshot, census, extras));
  else if (values.awk) ctx.out(renderAwk(combined(census)));
  else {
    const colour = colourWanted(ctx, values['no-color']);
    ctx.out(renderStatusTable(snapshot, census, { colour }));
    if (enriched) {
      const { renderExtras } = await import('./status-groups.js');
      ctx.out(renderExtras(snapshot, extras, colour));
    }
    const { statusFindingsLine } = await import('./status-findings.js');
    ctx.out(`\n${statusFindingsLine(snapshot)}`);
  }
  return offline?.exitCode ?? 0;
}

// --- internal ---

const ALIASES: Record<string, GroupKey> = {
  listener: 'lport',
  peer: 'raddr',
  destination: 'dest',
  proc: 'process',
  pid: 'process',
};

function parseGroupKeys(raw: string[] | undefined): GroupKey[] {
  const out: GroupKey[] = [];
  for (const item of (raw ?? []).flatMap((r) => r.split(','))) {
    const key = item.trim().toLowerCase();
    const k = (GROUP_KEYS as readonly string[]).includes(key) ? (key as GroupKey) : ALIASES[key];
    if (!k) throw usageError(`--by takes ${GROUP_KEYS.join(', ')}, not "${item}"`);
    if (!out.includes(k)) out.push(k);
  }
  return out;
}

function parseTop(raw: string | undefined): number {
  if (raw === undefined) return 10;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1)
    throw usageError(`--top takes a whole number ≥ 1, not "${raw}"`);
  return Number(raw);
}
