import { severityRank } from '../../core/diagnose/finding.js';
import { runRules } from '../../core/diagnose/run-rules.js';
import { langFromEnv, parseLang } from '../../core/explain/lang.js';
import { renderDiagnoseJson } from '../../sinks/json/diagnose-json.js';
import { renderDiagnoseText } from '../../sinks/terminal/diagnose-text.js';
import { takeDiagnoseInput } from '../../sources/snapshot/take-diagnose-input.js';
import { EXIT, usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseDuration, parseFlags, parseNetns } from '../options.js';

export const HELP = `Usage: tcpdoctor diagnose [options]

Find what is wrong, why, and what to do: port exhaustion, TIME_WAIT on servers, the TIME_WAIT
table limit, CLOSE_WAIT leaks, SYN floods vs overload, listen overflows, orphans, and obsolete
sysctls — with this host's numbers as evidence. Worst findings first.

Options:
  --interval DUR      read sockets and counters twice, DUR apart, for rates and growth
                      (default 1s; 0 = one pass, rules that need rates are skipped)
  --netns NS          a pid, a name under /run/netns
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

  const { snapshot, input } = await takeDiagnoseInput({
    netns,
    intervalMs,
    sysctlFiles: values['sysctl-file'],
  });
  const { findings, skipped } = runRules(input, lang);
  if (values.json) ctx.out(renderDiagnoseJson(snapshot, findings, skipped, lang));
  else ctx.out(renderDiagnoseText(snapshot, findings, skipped, lang, colourWanted(ctx, values['no-color'])));
  return findings.some((f) => severityRank(f.severity) >= severityRank('warning')) ? EXIT.FINDING : EXIT.OK;
}
