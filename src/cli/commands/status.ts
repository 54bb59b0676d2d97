import { combined, filterCensus } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { renderStatusJson } from '../../sinks/json/status-json.js';
import { renderStatusTable } from '../../sinks/terminal/status-table.js';
import { renderAwk } from '../../sinks/text/awk.js';
import { takeLiveSnapshot } from '../../sources/live-snapshot.js';
import { usageError } from '../cli-error.js';
import { type CliContext, useColour } from '../context.js';
import { parseFamily, parseFlags, parsePid, parseStates } from '../options.js';

export const HELP = `Usage: tcpdoctor [status] [options]

Count every TCP socket by state: the eleven states in lifecycle order, IPv4/IPv6 split, share.

Options:
  --json              the census as JSON (docs/json.md)
  --awk               "STATE count" lines, like netstat -n | awk '/^tcp/ {++S[$NF]} …'
  --family 4|6        only IPv4 or only IPv6
  --state NAME        only this state (repeatable; any tool's spelling: time-wait, ESTAB, SYN_RCVD)
  --netns PID         read the network namespace of process PID (/proc/PID/net/tcp{,6})
  --live              the live census (default)
  --no-color          no colour, even on a terminal (NO_COLOR is honoured too)
  -h, --help          this help

Exit codes: 0 ok, 2 usage error, 3 input error, 4 permission denied, 5 the live source failed.`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(args, {
    json: { type: 'boolean' },
    awk: { type: 'boolean' },
    family: { type: 'string' },
    state: { type: 'string', multiple: true },
    netns: { type: 'string' },
    live: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return 0;
  }
  if (values.json && values.awk) throw usageError('--json and --awk cannot be combined');
  const family = parseFamily(values.family);
  const states = parseStates(values.state);
  const netnsPid = parsePid(values.netns, '--netns');

  const snapshot: Snapshot = takeLiveSnapshot({ netnsPid });
  const census = filterCensus(snapshot.census, { family, states });

  if (values.json) ctx.out(renderStatusJson(snapshot, census));
  else if (values.awk) ctx.out(renderAwk(combined(census)));
  else ctx.out(renderStatusTable(snapshot, census, { colour: useColour(ctx, values['no-color']) }));
  return 0;
}
