import { readFileSync, statSync } from 'node:fs';
import { langFromEnv, parseLang } from '../../core/explain/lang.js';
import { createDashboard } from '../../sinks/dashboard/create-dashboard.js';
import { createApp } from '../../sinks/http/create-app.js';
import { DEFAULT_PORT, type ListenAddress, parseListenAddress } from '../../sinks/http/listen-address.js';
import type { ServeReading, StageError } from '../../sinks/http/reading.js';
import { writeHttpServer } from '../../sinks/http/serve-http.js';
import { ExporterMetrics } from '../../sinks/prometheus/exporter-metrics.js';
import { SourceError, type SourceErrorCode } from '../../sources/source-error.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { parseDuration, parseFlags } from '../options.js';
import { createReader } from './serve-reading.js';

export const HELP = `Usage: tcpdoctor serve [options]

A Prometheus exporter and JSON API, cheap enough to leave on: one snapshot per interval (census,
counters, diagnosis) answers every request; scrapes never read the kernel.

  /               the web dashboard (docs/dashboard.md); its JSON: /api/history, /api/explain
  /metrics        Prometheus metrics (docs/metrics.md)
  /api/status     tcpdoctor status --json   (?by=lport&by=dest&top=N, ?netns=LABEL)
  /api/diagnose   tcpdoctor diagnose --json (?lang=en|zh, ?netns=LABEL)
  /healthz        200 ok while snapshots succeed, 503 otherwise

Options:
  --listen ADDR       IP:PORT to listen on (default 127.0.0.1:${DEFAULT_PORT}); [::1]:PORT for IPv6,
                      :PORT or 0.0.0.0:PORT for every interface
  --interval DUR      time between snapshots (default 15s; 1s to 1h)
  --netns NS          a pid, a name under /run/netns, or "all" (a netns label on every series)
  --top N             listener ports and destinations with their own series (default 10)
  --max-netns N       with --netns all: namespaces with their own series (default 64)
  --token-file FILE   require "Authorization: Bearer <token>" with the token in FILE
                      (or in the TCPDOCTOR_TOKEN environment variable); SIGHUP re-reads FILE
  --insecure-public   listen on a non-loopback address without a token
  --lang en|zh        language of /api/diagnose (default from LC_ALL / LC_MESSAGES / LANG)
  --sysctl-file PATH  sysctl files or directories the diagnosis checks (repeatable)
  --no-owners         never scan /proc/*/fd for the processes holding CLOSE_WAIT or a queue
  -h, --help          this help

A non-loopback address needs a token or --insecure-public: without either serve refuses to start.
SIGTERM or SIGINT stops it gracefully.

Exit codes: 0 stopped by a signal, 2 usage error (a refused public address too), 3 unreadable
token file, 4 permission denied, 5 the live source failed at start.`;

const VERSION = '0.1.0';
/** In-flight requests get this long to finish after SIGTERM. */
const GRACE_MS = 5_000;
/** Tokens shorter than this are refused: `openssl rand -hex 32` makes a good one. */
const MIN_TOKEN_LENGTH = 16;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(args, {
    listen: { type: 'string' },
    interval: { type: 'string' },
    netns: { type: 'string' },
    top: { type: 'string' },
    'max-netns': { type: 'string' },
    'token-file': { type: 'string' },
    'insecure-public': { type: 'boolean' },
    lang: { type: 'string' },
    'sysctl-file': { type: 'string', multiple: true },
    'no-owners': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return EXIT.OK;
  }
  const listen = parseListenAddress(values.listen ?? `127.0.0.1:${DEFAULT_PORT}`);
  if (typeof listen === 'string') throw usageError(listen);
  const intervalMs = parseDuration(values.interval ?? '15', '--interval');
  if (intervalMs < 1000 || intervalMs > 3_600_000) {
    throw usageError(`--interval must be from 1s to 1h, not "${values.interval}"`);
  }
  const top = parseCount(values.top, '--top', 10, 1000);
  const maxNamespaces = parseCount(values['max-netns'], '--max-netns', 64, 10_000);
  const lang = values.lang === undefined ? langFromEnv(ctx.env) : parseLang(values.lang);
  if (!lang) throw usageError(`--lang takes en or zh, not "${values.lang}"`);
  const tokenSource = tokenSourceOf(values['token-file'], ctx.env.TCPDOCTOR_TOKEN);
  let token = tokenSource ? loadToken(tokenSource, ctx) : undefined;
  refusePublicWithoutToken(listen, token !== undefined, values['insecure-public'] === true);

  const reader = createReader({
    netns: values.netns,
    lang,
    sysctlFiles: values['sysctl-file'],
    owners: values['no-owners'] !== true,
    maxNamespaces,
  });
  // The first snapshot before the port opens, and a second one a second later for counter rates,
  // so the first scrape already has every family. A census that fails now is fatal (exit 4/5).
  failOnCensusError(await reader.read());
  await sleep(1000);
  let current = await reader.read();
  failOnCensusError(current);

  const metrics = new ExporterMetrics({
    perNetns: values.netns === 'all',
    top,
    maxNamespaces,
    intervalSeconds: intervalMs / 1000,
    version: VERSION,
    processMetrics: true,
  });
  metrics.update(current);
  const dashboard = createDashboard({ reading: () => current, intervalMs, lang });
  dashboard.observe(current);
  const app = createApp({
    reading: () => current,
    metrics,
    token: () => token,
    lang,
    intervalMs,
    routes: dashboard.routes,
  });
  let server: Awaited<ReturnType<typeof writeHttpServer>>;
  try {
    server = await writeHttpServer(app, listen.host, listen.port);
  } catch (err) {
    throw listenError(err, listen);
  }
  ctx.err(
    `tcpdoctor: serving http://${server.address}/metrics, a snapshot every ${intervalMs / 1000}s` +
      `${values.netns ? ` of --netns ${values.netns}` : ''}${token ? ', bearer token required' : ''}` +
      `; dashboard at http://${server.address}/\n`,
  );

  // One snapshot per interval, start to start; a slow one delays the next, never overlaps it.
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let failing = new Set<string>();
  const schedule = () => {
    if (stopping) return;
    const wait = Math.max(0, current.startedAt + intervalMs - Date.now());
    timer = setTimeout(tick, wait);
  };
  const tick = async () => {
    try {
      const next = await reader.read();
      if (stopping) return;
      current = next;
      metrics.update(current);
      dashboard.observe(current);
      failing = logTransitions(ctx, failing, current.errors);
    } catch (err) {
      ctx.err(`tcpdoctor: internal error in a snapshot, still serving: ${messageOf(err)}\n`);
    }
    schedule();
  };
  schedule();

  const onHup = () => {
    if (tokenSource?.kind !== 'file') return;
    try {
      token = loadToken(tokenSource, ctx);
      ctx.err(`tcpdoctor: re-read the token from ${tokenSource.path}\n`);
    } catch (err) {
      ctx.err(`tcpdoctor: kept the old token: ${messageOf(err)}\n`);
    }
  };
  process.on('SIGHUP', onHup);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      ctx.err(`tcpdoctor: ${signal}: stopping\n`);
      server.close(GRACE_MS).then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  process.off('SIGHUP', onHup);
  return EXIT.OK;
}

// --- internal ---

type TokenSource = { kind: 'file'; path: string } | { kind: 'env'; value: string };

function tokenSourceOf(file: string | undefined, env: string | undefined): TokenSource | undefined {
  if (file !== undefined && env !== undefined && env !== '') {
    throw usageError('both --token-file and TCPDOCTOR_TOKEN are set: give the token one way');
  }
  if (file !== undefined) return { kind: 'file', path: file };
  if (env !== undefined && env !== '') return { kind: 'env', value: env };
  return undefined;
}

function loadToken(source: TokenSource, ctx: CliContext): string {
  let raw: string;
  let where: string;
  if (source.kind === 'env') {
    raw = source.value;
    where = 'TCPDOCTOR_TOKEN';
  } else {
    where = source.path;
    try {
      raw = readFileSync(source.path, 'utf8');
      if ((statSync(source.path).mode & 0o077) !== 0) {
        ctx.err(`tcpdoctor: warning: ${source.path} is readable by other users; chmod 600 it\n`);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(
        `cannot read the token file ${source.path}: ${code ?? messageOf(err)}`,
        code === 'EACCES' || code === 'EPERM' ? EXIT.PERMISSION : EXIT.INPUT,
      );
    }
  }
  const token = raw.trim();
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw usageError(`the token in ${where} must be one word of printable ASCII (openssl rand -hex 32)`);
  }
  if (token.length < MIN_TOKEN_LENGTH) {
    throw usageError(
      `the token in ${where} is shorter than ${MIN_TOKEN_LENGTH} characters (openssl rand -hex 32)`,
    );
  }
  return token;
}

function refusePublicWithoutToken(listen: ListenAddress, hasToken: boolean, insecure: boolean): void {
  if (listen.loopback || hasToken || insecure) return;
  throw usageError(
    `refusing to listen on ${listen.host}:${listen.port} without a token: use --token-file FILE or TCPDOCTOR_TOKEN, or --insecure-public`,
  );
}

function failOnCensusError(reading: ServeReading): void {
  const e = reading.errors.find((x) => x.stage === 'census');
  if (!e) return;
  throw new SourceError((e.code as SourceErrorCode | undefined) ?? 'ELIVE', e.message);
}

function listenError(err: unknown, listen: ListenAddress): CliError {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${listen.host}:${listen.port}`;
  if (code === 'EACCES') return new CliError(`cannot listen on ${where}: permission denied`, EXIT.PERMISSION);
  if (code === 'EADDRINUSE') return usageError(`cannot listen on ${where}: the address is in use`);
  if (code === 'EADDRNOTAVAIL') return usageError(`cannot listen on ${where}: no such address on this host`);
  return usageError(`cannot listen on ${where}: ${messageOf(err)}`);
}

/** Log a stage when it starts failing and when it recovers, not at every interval. */
function logTransitions(ctx: CliContext, before: Set<string>, errors: readonly StageError[]): Set<string> {
  const now = new Map(errors.map((e) => [`${e.stage}${e.netns ? ` (${e.netns})` : ''}`, e.message]));
  for (const [key, msg] of now)
    if (!before.has(key)) ctx.err(`tcpdoctor: ${key} failed, still serving: ${msg}\n`);
  for (const key of before) if (!now.has(key)) ctx.err(`tcpdoctor: ${key} recovered\n`);
  return new Set(now.keys());
}

function parseCount(raw: string | undefined, flag: string, dflt: number, max: number): number {
  if (raw === undefined) return dflt;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw usageError(`${flag} takes a whole number from 1 to ${max}, not "${raw}"`);
  }
  return Number(raw);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
