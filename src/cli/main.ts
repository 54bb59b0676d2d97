#!/usr/bin/env node
import { SourceError } from '../sources/source-error.js';
import { CliError, EXIT } from './cli-error.js';
import type { CliContext } from './context.js';
import { isTerminal, writeStdout } from './stdio.js';

/**
 * The only place that reads process.argv, sets the exit code or exits. Subcommands are loaded
 * lazily so that `tcpdoctor --json` loads only the census path.
 */
interface CommandModule {
  run(args: string[], ctx: CliContext): Promise<number>;
}

const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  status: { summary: 'count TCP sockets by state (the default)', load: () => import('./commands/status.js') },
  explain: { summary: 'what a TCP state or sysctl means', load: () => import('./commands/explain.js') },
  watch: {
    summary: 'a live view of TCP states, like top for connections',
    load: () => import('./commands/watch.js'),
  },
  diagnose: {
    summary: 'find what is wrong and what to do, with numbers',
    load: () => import('./commands/diagnose.js'),
  },
  diff: {
    summary: 'what changed between two snapshots (files or live)',
    load: () => import('./commands/diff.js'),
  },
  serve: { summary: 'a Prometheus exporter and JSON API', load: () => import('./commands/serve.js') },
  tune: { summary: 'audit TCP sysctls, lint files, change safely', load: () => import('./commands/tune.js') },
};

const VERSION = '0.1.0';

function globalHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: tcpdoctor [command] [options]

What every TCP connection on this host is doing, why, and what to change.

Commands:
${lines.join('\n')}

tcpdoctor with no command is tcpdoctor status. tcpdoctor COMMAND --help tells more.
Exit codes: 0 ok, 1 a finding of warning or worse, 2 usage error, 3 input error,
4 permission denied, 5 the live source failed.
`;
}

async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    ctx.out(globalHelp());
    return EXIT.OK;
  }
  if (first === '--version' || first === '-V') {
    ctx.out(`tcpdoctor ${VERSION}\n`);
    return EXIT.OK;
  }
  let name = 'status';
  let args = argv;
  if (first !== undefined && !first.startsWith('-')) {
    name = first;
    args = argv.slice(1);
  }
  const command = COMMANDS[name];
  if (!command) {
    throw new CliError(
      `unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (see --help)`,
    );
  }
  const mod = await command.load();
  return mod.run(args, ctx);
}

function exitCodeOf(err: SourceError): number {
  switch (err.code) {
    case 'EACCES':
      return EXIT.PERMISSION;
    case 'EINPUT':
      return EXIT.INPUT;
    default:
      return EXIT.LIVE;
  }
}

// Output goes out with write(2), not through process.stdout (stdio.ts); a closed pipe
// (`tcpdoctor | head`) ends the process quietly with status 0. The terminal tests are asked only
// by commands that need them (table colours, watch's screen).
const ctx: CliContext = {
  env: process.env,
  out: writeStdout,
  err: (text) => {
    process.stderr.write(text);
  },
  get stdoutIsTTY() {
    return isTerminal(1);
  },
  get stderrIsTTY() {
    return isTerminal(2);
  },
};

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      ctx.err(`tcpdoctor: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else if (err instanceof SourceError) {
      ctx.err(`tcpdoctor: ${err.message}\n`);
      process.exitCode = exitCodeOf(err);
    } else {
      const msg = err instanceof Error ? err.message : String(err);
      ctx.err(`tcpdoctor: internal error: ${msg}\n`);
      if (process.env.TCPDOCTOR_DEBUG && err instanceof Error) ctx.err(`${err.stack}\n`);
      process.exitCode = EXIT.INTERNAL;
    }
  },
);
