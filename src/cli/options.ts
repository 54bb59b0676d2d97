import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Family } from '../core/model/endpoint.js';
import {
  normaliseSpelling,
  parseStateName,
  STATES,
  spellingsOf,
  type TcpStateCode,
} from '../core/model/tcp-state.js';
import { editDistance } from '../core/text/edit-distance.js';
import { usageError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs with usage errors as CliError (exit 2) and a one-line message. */
export function parseFlags<T extends Options>(
  args: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw usageError(`${msg?.replace(/^Unknown option/, 'unknown option')} (see --help)`);
  }
}

/** `4`, `6`, `ipv4`, `ipv6`, `inet`, `inet6`. */
export function parseFamily(raw: string | undefined): Family | undefined {
  if (raw === undefined) return undefined;
  const v = raw.toLowerCase();
  if (v === '4' || v === 'ipv4' || v === 'inet') return 4;
  if (v === '6' || v === 'ipv6' || v === 'inet6') return 6;
  throw usageError(`--family takes 4 or 6, not "${raw}"`);
}

/** Any tool's spelling of a state; unknown names list the closest known ones. */
export function parseStates(raw: readonly string[] | undefined): TcpStateCode[] | undefined {
  if (!raw || raw.length === 0) return undefined;
  const out: TcpStateCode[] = [];
  for (const item of raw.flatMap((r) => r.split(','))) {
    const code = parseStateName(item);
    if (code === undefined) {
      throw usageError(`unknown TCP state "${item}"; did you mean ${closeStates(item).join(', ')}?`);
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

/**
 * `--netns`: a pid, a name under /run/netns (as `ip netns` lists them), or `all` where the
 * command reads several namespaces. A malformed value is a usage error (exit 2); a well-formed
 * name that does not exist is the live source's error (exit 5).
 */
export function parseNetns(raw: string | undefined, allowAll: boolean): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'all') {
    if (allowAll) return raw;
    throw usageError('this command reads one namespace at a time: --netns PID or NAME, not "all"');
  }
  if (/^[1-9]\d{0,9}$/.test(raw) || (/^[A-Za-z0-9_.-]{1,255}$/.test(raw) && raw !== '.' && raw !== '..'))
    return raw;
  throw usageError(
    `--netns takes a pid, a name under /run/netns${allowAll ? ' or "all"' : ''}, not "${raw}"`,
  );
}

/**
 * Durations per conventions.md: bare seconds or units — `1`, `0.5`, `500ms`, `15s`, `2m`.
 * Returns milliseconds.
 */
export function parseDuration(raw: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(raw.trim());
  if (!m) throw usageError(`${flag} takes a duration like 1, 0.5, 500ms, 15s or 2m, not "${raw}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return n * factor;
}

// --- internal ---

/** The three canonical names closest to `raw` by edit distance over every spelling. */
function closeStates(raw: string): string[] {
  const target = normaliseSpelling(raw);
  const scored = STATES.map((s) => ({
    name: s.name,
    d: Math.min(...spellingsOf(s.code).map((sp) => editDistance(target, normaliseSpelling(sp)))),
  }));
  scored.sort((a, b) => a.d - b.d);
  return scored.slice(0, 3).map((s) => s.name);
}
