import type { Snapshot } from '../../core/model/snapshot.js';
import { parseStateName, STATE_NAMES } from '../../core/model/tcp-state.js';
import { CAPTURE_FORMATS, type CaptureFormat, parseCaptureFormat } from '../../core/parse/capture-format.js';
import type { SourceError } from '../../sources/source-error.js';
import { stdinKind } from '../../sources/text/stdin-kind.js';
import { EXIT, usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';

/**
 * `status` on saved captures: `--input FILE` (repeatable, `-` for stdin), or standard input read
 * implicitly when it is a pipe or a file that yields bytes (conventions.md); `--live` forces the
 * live census. Bad lines are reported on stderr (file:line: reason), not fatal; an input that
 * cannot be read at all is exit 3 (4 when permission is denied), after the census of the others.
 */
export const OFFLINE_FLAGS = {
  input: { type: 'string', multiple: true, short: 'i' },
  format: { type: 'string' },
  'assume-state': { type: 'string' },
} as const;

export const OFFLINE_HELP = `  -i, --input FILE    count a saved capture instead of the live kernel: netstat (Linux, BSD,
                      macOS, Windows), ss or /proc/net/tcp{,6} text; gzip and UTF-16 are read
                      as they are; repeatable (the counts add up); - is standard input, which
                      is also read without --input when it is a pipe or a file (docs/offline.md)
  --format NAME       auto (default, per section), netstat-linux, ss, netstat-bsd,
                      netstat-windows or proc
  --assume-state S    the state of every row of a capture without a State column
                      (ss -tan state time-wait)`;

/** The flags `readOffline` looks at; the live-only ones make implicit stdin stay unread. */
export interface OfflineValues {
  input?: string[] | undefined;
  format?: string | undefined;
  'assume-state'?: string | undefined;
  live?: boolean | undefined;
  netns?: string | undefined;
  interval?: string | undefined;
  counters?: boolean | undefined;
  source?: string | undefined;
}

export interface OfflineResult {
  /** Undefined when no input could be read: print nothing more, exit with `exitCode`. */
  snapshot: Snapshot | undefined;
  /** 0, or the code of the first input that failed (3 input error, 4 permission denied). */
  exitCode: number;
}

/**
 * Decide between offline input and the live census, and read the input. Returns undefined for
 * the live census. Problems are printed on stderr here, one line each.
 */
export async function readOffline(
  values: OfflineValues,
  ctx: CliContext,
  records: boolean,
): Promise<OfflineResult | undefined> {
  const explicit = values.input ?? [];
  const liveOnly = (['netns', 'interval', 'counters', 'source'] as const).filter(
    (k) => values[k] !== undefined,
  );
  if (explicit.length > 0) {
    if (values.live) throw usageError('--live and --input cannot be combined');
    if (liveOnly.length > 0) {
      throw usageError(`--${liveOnly[0]} applies to the live census, not to --input`);
    }
    if (explicit.filter((i) => i === '-').length > 1) throw usageError('--input - (stdin) can be given once');
  }
  const format = parseFormat(values.format);
  const assumeState = parseAssumeState(values['assume-state']);
  let implicitStdin = false;
  if (explicit.length === 0) {
    const kind = stdinKind();
    implicitStdin = !values.live && liveOnly.length === 0 && (kind === 'fifo' || kind === 'file');
    if (!implicitStdin) {
      if (values.format !== undefined || values['assume-state'] !== undefined) {
        const flag = values.format !== undefined ? '--format' : '--assume-state';
        throw usageError(`${flag} needs a capture to read: --input FILE, or pipe one in`);
      }
      return undefined;
    }
  }

  // A snapshot tcpdoctor saved (`status --save`, or `status --json` output) reads back whole.
  const files = implicitStdin ? [] : explicit.filter((i) => i !== '-');
  const { isSavedSnapshotFile, readSavedSnapshot } = await import(
    '../../sources/snapshot/read-saved-snapshot.js'
  );
  const saved = files.filter((f) => isSavedSnapshotFile(f));
  if (saved.length > 0) {
    if (saved.length !== explicit.length || saved.length > 1) {
      throw usageError('a saved tcpdoctor snapshot is read alone: give it as the only --input');
    }
    return { snapshot: readSavedSnapshot(saved[0] as string), exitCode: EXIT.OK };
  }

  const { takeFileSnapshot } = await import('../../sources/text/file-snapshot.js');
  const result = await takeFileSnapshot({
    inputs: implicitStdin ? ['-'] : explicit,
    format,
    assumeState,
    records,
    implicitStdin,
    onWaiting: () =>
      ctx.err(
        'tcpdoctor: waiting for a capture on standard input (a pipe); for the live census use --live, or ssh -n\n',
      ),
  });
  if (result.emptyStdin) return undefined; // `: | tcpdoctor`, an empty file on stdin: live census
  for (const r of result.readings) reportSkipped(r.info.name, r.issues, r.info.linesRead, ctx);
  for (const err of result.errors) ctx.err(`tcpdoctor: ${err.message}\n`);
  const exitCode = result.errors.length > 0 ? exitCodeOf(result.errors[0] as SourceError) : EXIT.OK;
  return { snapshot: result.snapshot, exitCode };
}

// --- internal ---

const SHOWN = 5;

/** `tcpdoctor: FILE: 3 of 1,204 lines not counted:` then `FILE:LINE: reason`, like a compiler. */
function reportSkipped(
  name: string,
  issues: { count: number; first: ReadonlyArray<{ lineNumber: number; reason: string }> },
  linesRead: number,
  ctx: CliContext,
): void {
  if (issues.count === 0) return;
  const n = (x: number) => x.toLocaleString('en-US');
  ctx.err(
    `tcpdoctor: ${name}: ${n(issues.count)} of ${n(linesRead)} lines could not be read (not counted):\n`,
  );
  for (const i of issues.first.slice(0, SHOWN)) ctx.err(`tcpdoctor: ${name}:${i.lineNumber}: ${i.reason}\n`);
  if (issues.count > SHOWN) ctx.err(`tcpdoctor: ${name}: … and ${n(issues.count - SHOWN)} more\n`);
}

function parseFormat(raw: string | undefined): CaptureFormat | undefined {
  if (raw === undefined) return undefined;
  const f = parseCaptureFormat(raw);
  if (f === undefined) {
    throw usageError(`--format takes auto, ${CAPTURE_FORMATS.join(', ')}, not "${raw}"`);
  }
  return f === 'auto' ? undefined : f;
}

function parseAssumeState(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const code = parseStateName(raw);
  if (code === undefined) {
    throw usageError(
      `--assume-state takes a TCP state (${STATE_NAMES.join(', ')} or any tool's spelling), not "${raw}"`,
    );
  }
  return code;
}

function exitCodeOf(err: SourceError): number {
  return err.code === 'EACCES' ? EXIT.PERMISSION : EXIT.INPUT;
}
