import type { DiagnoseInput } from '../../core/diagnose/diagnose-input.js';
import { severityRank } from '../../core/diagnose/finding.js';
import { runRules } from '../../core/diagnose/run-rules.js';
import { langFromEnv, parseLang } from '../../core/explain/lang.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { renderDiagnoseJson } from '../../sinks/json/diagnose-json.js';
import { renderDiagnoseText } from '../../sinks/terminal/diagnose-text.js';
import { takeDiagnoseInput } from '../../sources/snapshot/take-diagnose-input.js';
import { readSysctlFiles } from '../../sources/sysctl/read-sysctl-files.js';
import { EXIT, usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseDuration, parseFlags, parseNetns } from '../options.js';
import { readOffline } from './status-offline.js';

export const HELP = `Usage: tcpdoctor diagnose [options]

Find what is wrong, why, and what to do: port exhaustion, TIME_WAIT on servers, the TIME_WAIT
table limit, CLOSE_WAIT leaks, SYN floods vs overload, listen overflows, orphans, and obsolete
sysctls — with this host's numbers as evidence. Worst findings first.

Options:
  --interval DUR      read sockets and counters twice, DUR apart, for rates and growth
                      (default 1s; 0 = one pass, rules that need rates are skipped)
  --netns NS          a pid, a name under /run/netns
  -i, --input FILE    diagnose a saved capture or snapshot instead of the live kernel (repeatable;
                      - for stdin; a pipe on stdin is read too): the rules its data supports run,
                      the others are listed as not checked, with the reason
  --format NAME       force the capture format (see tcpdoctor status --help)
  --live              the live kernel even when stdin is a pipe
  --sysctl-file PATH  sysctl files or directories to check (repeatable; default: the files
                      systemd-sysctl reads, /etc/sysctl.d … /etc/sysctl.conf)
  --lang en|zh        language (default from LC_ALL / LC_MESSAGES / LANG)
  --json              findings as JSON (docs/json.md)
  --no-color          no colour
  -h, --help          this help

Exit codes: 0 nothing worse than info, 1 a warning or critical finding, 2 usage error,
3 input error, 4 permission denied, 5 the live source failed.`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(args, {
    interval: { type: 'string' },
    netns: { type: 'string' },
    'sysctl-file': { type: 'string', multiple: true },
    input: { type: 'string', multiple: true, short: 'i' },
    format: { type: 'string' },
    live: { type: 'boolean' },
    lang: { type: 'string' },
    json: { type: 'boolean' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return EXIT.OK;
  }
  const lang = values.lang === undefined ? langFromEnv(ctx.env) : parseLang(values.lang);
  if (!lang) throw usageError(`--lang takes en or zh, not "${values.lang}"`);
  const netns = parseNetns(values.netns, false);
  const intervalMs = values.interval === undefined ? 1000 : parseDuration(values.interval, '--interval');

  const offline = await readOffline(
    {
      input: values.input,
      format: values.format,
      live: values.live,
      netns: values.netns,
      interval: values.interval,
    },
    ctx,
    true,
  );
  if (offline && !offline.snapshot) return offline.exitCode;
  let snapshot: Snapshot;
  let input: DiagnoseInput;
  if (offline?.snapshot) {
    // a capture: the rules its data supports run, the others are listed as skipped with why
    snapshot = offline.snapshot;
    input = { census: snapshot.census, kernel: snapshot.kernel };
    if (snapshot.sockets) input.records = snapshot.sockets;
    if (snapshot.counters) input.counters = snapshot.counters;
    if (snapshot.rates) input.rates = snapshot.rates;
    if (snapshot.sysctls) input.sysctls = snapshot.sysctls;
    if (values['sysctl-file']) input.sysctlFiles = readSysctlFiles(values['sysctl-file']).assignments;
  } else {
    ({ snapshot, input } = await takeDiagnoseInput({
      netns,
      intervalMs,
      sysctlFiles: values['sysctl-file'],
    }));
  }
  const { findings, skipped } = runRules(input, lang);
  if (values.json) ctx.out(renderDiagnoseJson(snapshot, findings, skipped, lang));
  else ctx.out(renderDiagnoseText(snapshot, findings, skipped, lang, colourWanted(ctx, values['no-color'])));
  return findings.some((f) => severityRank(f.severity) >= severityRank('warning')) ? EXIT.FINDING : EXIT.OK;
}
