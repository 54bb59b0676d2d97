/**
 * `tune --check`: a lint of sysctl configuration files, per file and line, against one kernel.
 * Reports keys that kernel does not have (removed ones such as tcp_tw_recycle, added ones, typos),
 * values it rejects, harmful values and values to change (the audit's own verdicts, judged without
 * a workload), values overridden by a later file, and the classic TIME_WAIT block with its
 * corrected version. Pure: the files are parsed already; whether a key exists on this machine is
 * asked through `probe`.
 */
import { editDistance } from '../text/edit-distance.js';
import { judgeStandalone } from './audit.js';
import { type ClassicBlock, findClassicBlocks } from './classic-block.js';
import type { SysctlAssignment, SysctlFileIssue } from './sysctl-file.js';
import { sysctlProcPath } from './sysctl-file.js';
import {
  existsOn,
  factByName,
  type InvalidValue,
  invalidValue,
  type KernelVersion,
  normaliseValue,
  parseKernel,
} from './sysctl-knowledge.js';
import type { ReasonCode, TuneTexts } from './texts.js';

export const CHECK_SEVERITIES = ['harmful', 'warning', 'note'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

export type CheckCode = Exclude<keyof TuneTexts['check'], 'invalid'>;

/** One message: a check text, an invalid-value text, or one of the audit's reasons. */
export type CheckMessage =
  | { kind: 'check'; code: CheckCode; vars?: Record<string, string | number> }
  | { kind: 'invalid'; code: InvalidValue['code']; vars?: Record<string, string | number> }
  | { kind: 'reason'; code: ReasonCode; vars?: Record<string, string | number> };

export interface CheckIssue {
  file: string;
  /** 0 for a problem with the whole file (unreadable). */
  line: number;
  key?: string;
  value?: string;
  severity: CheckSeverity;
  /** What is wrong, stable ids (docs/tune.md): `removed-key`, `unknown-key`, `invalid-value`, `harmful-value`, … */
  ids: string[];
  messages: CheckMessage[];
  /** The value to write instead, when there is one. */
  recommended?: string;
}

/** Whether a key's /proc/sys file exists on this machine: `no-parent` when its directory does not either. */
export type KeyProbe = (key: string) => {
  exists: 'yes' | 'no' | 'no-parent' | 'not-here';
  siblings: readonly string[];
};

export interface CheckInput {
  files: readonly string[];
  /** Every assignment in the order the files are applied. */
  assignments: readonly SysctlAssignment[];
  /** Lines that are not `key = value`. */
  syntax: readonly SysctlFileIssue[];
  unreadable: readonly string[];
  /** The kernel the files are meant for (`6.18.44`, or `--kernel 4.19`). */
  kernel: string;
  /** Present only when the files are checked against the running kernel: unknown keys are looked up. */
  probe?: KeyProbe;
}

export interface CheckResult {
  kernel: string;
  files: readonly string[];
  issues: CheckIssue[];
  blocks: ClassicBlock[];
  /** The value each key ends up with, and where it comes from. */
  effective: Array<{ key: string; value: string; file: string; line: number }>;
  counts: Record<CheckSeverity, number>;
}

export function checkSysctlFiles(input: CheckInput): CheckResult {
  const kernel = parseKernel(input.kernel);
  const last = new Map<string, SysctlAssignment>();
  for (const a of input.assignments) last.set(a.key, a);
  const effectiveValues: Record<string, string> = {};
  for (const [k, a] of last) effectiveValues[k] = normaliseValue(a.value);

  const issues: CheckIssue[] = [];
  for (const f of input.unreadable) {
    issues.push({
      file: f,
      line: 0,
      severity: 'warning',
      ids: ['unreadable'],
      messages: [check('unreadable', { file: f })],
    });
  }
  for (const s of input.syntax) {
    issues.push({
      file: s.file,
      line: s.line,
      severity: 'warning',
      ids: ['syntax'],
      messages: [check('syntax')],
    });
  }
  for (const a of input.assignments) {
    const later = last.get(a.key);
    const overriddenBy = later && later !== a ? later : undefined;
    issues.push(...checkAssignment(a, kernel, input, effectiveValues, overriddenBy));
  }
  const blocks = findClassicBlocks(input.assignments);
  for (const b of blocks) {
    issues.push({
      file: b.file,
      line: b.lines[0] ?? 0,
      severity: 'warning',
      ids: ['classic-block'],
      messages: [check('classic')],
    });
  }
  issues.sort(
    (x, y) =>
      input.files.indexOf(x.file) - input.files.indexOf(y.file) || x.line - y.line || rank(x) - rank(y),
  );
  const counts: Record<CheckSeverity, number> = { harmful: 0, warning: 0, note: 0 };
  for (const i of issues) counts[i.severity]++;
  const effective = [...last.values()].map((a) => ({
    key: a.key,
    value: normaliseValue(a.value),
    file: a.file,
    line: a.line,
  }));
  return { kernel: input.kernel, files: input.files, issues, blocks, effective, counts };
}

// --- internal ---

/** Reasons of an `ok` verdict worth a note on a line of a file: what the setting does not do. */
const NOTE_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'fin_timeout.note',
  'syn_backlog.inert',
  'syn_backlog.read',
  'tcp_mem.note',
  'orphan_retries.zero',
  'tw_reuse.noTimestamps',
]);

function checkAssignment(
  a: SysctlAssignment,
  kernel: KernelVersion | undefined,
  input: CheckInput,
  effective: Readonly<Record<string, string>>,
  overriddenBy: SysctlAssignment | undefined,
): CheckIssue[] {
  const out: CheckIssue[] = [];
  const at = { file: a.file, line: a.line, key: a.key, value: a.value };
  const path = sysctlProcPath(a.key);
  const target = input.kernel;
  const fact = factByName(a.key);
  if (!fact) {
    if (a.key.includes('*') || !input.probe) return out;
    const p = input.probe(a.key);
    if (p.exists === 'yes') return out;
    if (p.exists === 'no-parent' || p.exists === 'not-here') {
      const code = p.exists === 'no-parent' ? 'absent' : 'absentNamespace';
      out.push({ ...at, severity: 'note', ids: ['absent-key'], messages: [check(code, { path })] });
      return out;
    }
    const messages: CheckMessage[] = [check(a.ignoreErrors ? 'unknownIgnored' : 'unknown', { path })];
    const near = closest(a.key, p.siblings);
    if (near) messages.push(check('unknownSuggest', { name: near }));
    out.push({ ...at, severity: a.ignoreErrors ? 'note' : 'warning', ids: ['unknown-key'], messages });
    return out;
  }

  const messages: CheckMessage[] = [];
  let severity: CheckSeverity | undefined;
  const raise = (s: CheckSeverity) => {
    if (severity === undefined || CHECK_SEVERITIES.indexOf(s) < CHECK_SEVERITIES.indexOf(severity))
      severity = s;
  };
  const ids: string[] = [];
  let recommended: string | undefined;

  const e = existsOn(fact, kernel);
  if (!e.exists) {
    const v = `${e.approximate ? '≈' : ''}${e.kernel}`;
    const code =
      e.why === 'removed'
        ? a.ignoreErrors
          ? 'removedIgnored'
          : 'removed'
        : a.ignoreErrors
          ? 'notYetIgnored'
          : 'notYet';
    messages.push(check(code, { kernel: v, target, path }));
    raise(a.ignoreErrors ? 'note' : 'warning');
    ids.push(e.why === 'removed' ? 'removed-key' : 'key-not-yet');
  }

  // A key the kernel does not have takes no value: only a harmful intent (tcp_tw_recycle=1) counts.
  const invalid = e.exists ? invalidValue(fact, a.value, kernel) : undefined;
  const hard = invalid !== undefined && invalid.code !== 'not-documented';
  if (hard) {
    messages.push({ kind: 'invalid', code: invalid.code, vars: { value: a.value, ...invalidVars(invalid) } });
    raise('warning');
    ids.push('invalid-value');
  }
  const j =
    hard || (!e.exists && e.why === 'not-yet')
      ? undefined
      : judgeStandalone(fact, a.value, kernel, effective);
  const counts = j !== undefined && (e.exists || j.verdict === 'harmful');
  if (j && counts && (j.verdict === 'harmful' || j.verdict === 'change')) {
    // a value overridden later does no harm by itself: the later line is judged on its own
    raise(j.verdict === 'harmful' && !overriddenBy ? 'harmful' : 'warning');
    for (const r of j.reasons) messages.push(reason(r));
    if (e.exists && j.recommended !== normaliseValue(a.value)) recommended = j.recommended;
    ids.push(j.verdict === 'harmful' ? 'harmful-value' : 'change-value');
  } else if (j && counts) {
    for (const r of j.reasons.filter((x) => NOTE_REASONS.has(x.code))) messages.push(reason(r));
    if (messages.length > 0) {
      raise('note');
      ids.push('note');
    }
    if (invalid) {
      messages.push({
        kind: 'invalid',
        code: invalid.code,
        vars: { value: a.value, ...invalidVars(invalid) },
      });
      raise('warning');
      ids.push('undocumented-value');
    }
  }

  if (overriddenBy) {
    const where = `${overriddenBy.file}:${overriddenBy.line}`;
    const same = normaliseValue(overriddenBy.value) === normaliseValue(a.value);
    messages.push(
      check(same ? 'duplicate' : 'overridden', { where, value: normaliseValue(overriddenBy.value) }),
    );
    raise('note');
    ids.push(same ? 'duplicate' : 'overridden');
  }
  if (severity !== undefined && messages.length > 0) {
    out.push({ ...at, severity, ids, messages, ...(recommended !== undefined ? { recommended } : {}) });
  }
  return out;
}

function reason(r: { code: ReasonCode; vars?: Record<string, string | number> }): CheckMessage {
  return r.vars ? { kind: 'reason', code: r.code, vars: r.vars } : { kind: 'reason', code: r.code };
}

function check(code: CheckCode, vars?: Record<string, string | number>): CheckMessage {
  return vars ? { kind: 'check', code, vars } : { kind: 'check', code };
}

function invalidVars(v: InvalidValue): Record<string, string | number> {
  switch (v.code) {
    case 'not-documented':
      return { expected: v.expected };
    case 'below-min':
      return { min: v.min };
    case 'above-max':
      return { max: v.max };
    case 'count':
      return { count: v.count };
    default:
      return {};
  }
}

function rank(i: CheckIssue): number {
  return CHECK_SEVERITIES.indexOf(i.severity);
}

/** A sibling within two edits of the last component (`tcp_tw_resue` → `tcp_tw_reuse`). */
function closest(key: string, siblings: readonly string[]): string | undefined {
  const dot = key.lastIndexOf('.');
  const prefix = key.slice(0, dot + 1);
  const leaf = key.slice(dot + 1);
  let best: { name: string; d: number } | undefined;
  for (const s of siblings) {
    const d = editDistance(leaf, s);
    if (d <= 2 && (!best || d < best.d)) best = { name: `${prefix}${s}`, d };
  }
  return best?.name;
}
