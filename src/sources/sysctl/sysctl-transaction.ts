/**
 * Change sysctls of the network namespace this process lives in, all or nothing: before each
 * write the current value must still be the one the plan was made from, each write is read back,
 * and on the first failure every value already written is restored (newest first) and read back.
 * /proc/sys/net shows the namespace of the process that opens it, so this runs in-process for the
 * caller's own namespace and inside `nsenter --net=…` (sysctl-txn-helper.ts) for another one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sysctlProcPath } from '../../core/tune/sysctl-file.js';
import { normaliseValue, sameValue } from '../../core/tune/sysctl-knowledge.js';

export interface TxStep {
  /** Full dotted name. */
  name: string;
  /** The value the plan was made from; the step fails with `moved` if the kernel shows another. */
  expected: string;
  value: string;
}

export type TxFailureKind = 'rejected' | 'denied' | 'absent' | 'mismatch' | 'moved' | 'error';

export interface TxFailure {
  name: string;
  value: string;
  kind: TxFailureKind;
  /** errno name (`EINVAL`) or a short description. */
  error: string;
  /** `mismatch`: what the kernel read back. `moved`: what it showed before the write. */
  readBack?: string;
  /** `moved`: the value the plan was made from. */
  expected?: string;
}

export type TxResult =
  | { ok: true; changed: Array<{ name: string; from: string; to: string }> }
  | {
      ok: false;
      failure: TxFailure;
      /** Names restored to their previous value, read back. */
      restored: string[];
      /** Names that could not be restored: they hold another value than before. */
      notRestored: Array<{ name: string; value: string; error: string }>;
    };

/** How the transaction touches the kernel; tests pass a fake to fail any step. */
export interface SysctlIo {
  read(name: string): string;
  write(name: string, value: string): void;
}

export const PROC_SYS_IO: SysctlIo = {
  read: (name) => readFileSync(sysctlProcPath(name), 'latin1'),
  // One write(2) holding the whole value and a newline, as `sysctl -w` does: an empty port list
  // must be written as "\n" to clear ip_local_reserved_ports.
  write: (name, value) => writeFileSync(sysctlProcPath(name), `${normaliseValue(value)}\n`),
};

export function runSysctlTransaction(steps: readonly TxStep[], io: SysctlIo = PROC_SYS_IO): TxResult {
  const done: Array<{ name: string; from: string; to: string }> = [];
  for (const step of steps) {
    let before: string;
    try {
      before = normaliseValue(io.read(step.name));
    } catch (err) {
      return fail(done, { name: step.name, value: step.value, ...failureOf(err) }, io);
    }
    if (!sameValue(step.name, before, step.expected)) {
      return fail(
        done,
        {
          name: step.name,
          value: step.value,
          kind: 'moved',
          error: 'changed meanwhile',
          readBack: before,
          expected: step.expected,
        },
        io,
      );
    }
    try {
      io.write(step.name, step.value);
    } catch (err) {
      return fail(done, { name: step.name, value: step.value, ...failureOf(err) }, io);
    }
    // From here the value may have changed: it is restored with the others if anything fails.
    done.push({ name: step.name, from: before, to: step.value });
    let after: string;
    try {
      after = normaliseValue(io.read(step.name));
    } catch (err) {
      return fail(done, { name: step.name, value: step.value, ...failureOf(err) }, io);
    }
    if (!sameValue(step.name, after, step.value)) {
      return fail(
        done,
        { name: step.name, value: step.value, kind: 'mismatch', error: 'read back differs', readBack: after },
        io,
      );
    }
  }
  return { ok: true, changed: done.map((d) => ({ ...d, to: normaliseValue(d.to) })) };
}

// --- internal ---

function fail(done: Array<{ name: string; from: string }>, failure: TxFailure, io: SysctlIo): TxResult {
  const restored: string[] = [];
  const notRestored: Array<{ name: string; value: string; error: string }> = [];
  for (const d of [...done].reverse()) {
    try {
      io.write(d.name, d.from);
      const now = normaliseValue(io.read(d.name));
      if (sameValue(d.name, now, d.from)) restored.push(d.name);
      else notRestored.push({ name: d.name, value: d.from, error: `reads back ${now}` });
    } catch (err) {
      notRestored.push({ name: d.name, value: d.from, error: failureOf(err).error });
    }
  }
  return { ok: false, failure, restored, notRestored };
}

function failureOf(err: unknown): { kind: TxFailureKind; error: string } {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EINVAL' || code === 'ERANGE' || code === 'EIO') return { kind: 'rejected', error: code };
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { kind: 'denied', error: code };
  if (code === 'ENOENT') return { kind: 'absent', error: code };
  return { kind: 'error', error: code ?? (err instanceof Error ? err.message : String(err)) };
}
