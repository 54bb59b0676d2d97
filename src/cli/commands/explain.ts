import {
  closeMatches,
  type ExplainEntry,
  explainEntry,
  type Lang,
  langFromEnv,
  parseLang,
  renderExplainJson,
  resolveTopic,
  stateEntry,
  type Topic,
} from '../../core/explain/index.js';
import { LIFECYCLE_ORDER } from '../../core/model/tcp-state.js';
import { editDistance } from '../../core/text/edit-distance.js';
import { type RenderOptions, renderEntry, renderGlossary } from '../../sinks/terminal/explain-text.js';
import { COLOUR, PLAIN } from '../../sinks/terminal/format.js';
import { readHostInfo } from '../../sources/system/host-info.js';
import { usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseFlags } from '../options.js';

export const HELP = `Usage: tcpdoctor explain [STATE|SYSCTL ...] [options]

What a TCP state or sysctl means: who is in the state and how it got there, how long it lasts
on Linux, what a pile-up means, how to find the culprit and what to do. Without a name, the
glossary of all eleven states. In English or Simplified Chinese.

Names:
  STATE               any tool's spelling, any case: TIME_WAIT, time-wait, SYN_RCVD, LISTENING, 06
  SYSCTL              short or full name: tcp_tw_reuse, net.ipv4.tcp_fin_timeout, net/core/somaxconn

Options:
  --lang en|zh        language (default: LC_ALL, then LC_MESSAGES, then LANG; zh* means Chinese)
  --json              the structured entries (docs/json.md, "explain")
  --no-color          no colour, even on a terminal (NO_COLOR is honoured too)
  -h, --help          this help

Examples:
  tcpdoctor explain time-wait
  tcpdoctor explain time-wait --lang zh
  tcpdoctor explain net.ipv4.tcp_fin_timeout --json

Exit codes: 0 ok, 2 usage error (an unknown name or option).`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseFlags(
    args,
    {
      lang: { type: 'string' },
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
  const lang = values.lang === undefined ? langFromEnv(ctx.env) : langOption(values.lang);
  const topics = positionals.map(topicOrUsageError);
  const entries: ExplainEntry[] =
    topics.length === 0
      ? LIFECYCLE_ORDER.map((code) => stateEntry(code, lang))
      : topics.map((t) => explainEntry(t, lang));

  if (values.json) {
    const host = readHostInfo();
    const meta = { host: host.host, kernel: host.kernel, time: new Date().toISOString() };
    ctx.out(renderExplainJson(meta, lang, entries));
    return 0;
  }
  const opts: RenderOptions = {
    style: colourWanted(ctx, values['no-color']) ? COLOUR : PLAIN,
    ...(ctx.stdoutIsTTY ? { width: terminalWidth(ctx) } : {}),
  };
  if (topics.length === 0) ctx.out(renderGlossary(lang, opts));
  else ctx.out(entries.map((e) => renderEntry(e, opts)).join('\n'));
  return 0;
}

// --- internal ---

function langOption(raw: string): Lang {
  const lang = parseLang(raw);
  if (lang === undefined) throw usageError(`--lang takes en or zh, not ${JSON.stringify(raw)}`);
  return lang;
}

/** Unknown names: one line with the closest known names (exit 2). */
function topicOrUsageError(raw: string): Topic {
  const topic = resolveTopic(raw);
  if (topic !== undefined) return topic;
  const { names, near } = closeMatches(raw, editDistance);
  const list = names.join(', ');
  const hint = near ? `did you mean ${list}?` : `the closest known names are ${list}`;
  throw usageError(
    `unknown state or sysctl ${JSON.stringify(raw)}; ${hint} (tcpdoctor explain lists the states)`,
  );
}

/** Wrap to the terminal, but not wider than 100 columns: long lines are hard to read. */
function terminalWidth(ctx: CliContext): number {
  const fromEnv = Number(ctx.env.COLUMNS);
  // CliContext has no column count; the command only asks when stdout is a terminal.
  const columns = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : (process.stdout.columns ?? 80);
  return Math.min(columns, 100);
}
