/**
 * `tune --json` documents (docs/json.md, "tune"): the envelope every command shares, then the
 * audit, the check, or the outcome of --apply / --rollback / --write. Text fields are in `lang`;
 * codes (`verdict`, `reasons[].code`, `ids`) are stable and language-neutral.
 */
import type { Finding } from '../diagnose/finding.js';
import type { AuditRow } from './audit.js';
import { countVerdicts } from './audit.js';
import type { CheckResult } from './check-sysctl-files.js';
import { correctedClassicBlock } from './classic-block.js';
import type { PlanStep } from './plan.js';
import { messageText, type NamespaceView, whyText } from './render-tune.js';
import type { TuneTexts } from './texts.js';

export const TUNE_SCHEMA = 1;

export interface Envelope {
  host: string;
  kernel: string;
  time: string;
  source: unknown;
}

export function auditJson(
  env: Envelope,
  lang: string,
  ns: NamespaceView,
  rows: readonly AuditRow[],
  findings: readonly Finding[],
  notes: readonly string[],
  texts: TuneTexts,
): Record<string, unknown> {
  const n = countVerdicts(rows);
  return {
    schema: TUNE_SCHEMA,
    ...env,
    lang,
    mode: 'audit',
    namespace: nsJson(ns),
    sysctls: rows.map((r) => rowJson(r, texts)),
    summary: { harmful: n.harmful, change: n.change, ok: n.ok, notApplicable: n['not-applicable'] },
    findings: findings.map((f) => ({ id: f.id, severity: f.severity, title: f.title, summary: f.summary })),
    notes: [...notes],
  };
}

export function checkJson(
  env: Envelope,
  lang: string,
  result: CheckResult,
  texts: TuneTexts,
): Record<string, unknown> {
  return {
    schema: TUNE_SCHEMA,
    ...env,
    lang,
    mode: 'check',
    targetKernel: result.kernel,
    files: [...result.files],
    issues: result.issues.map((i) => ({
      file: i.file,
      line: i.line,
      ...(i.key !== undefined ? { key: i.key, value: i.value ?? '' } : {}),
      severity: i.severity,
      ids: i.ids,
      message: i.messages.map((m) => messageText(m, texts)).join(' '),
      ...(i.recommended !== undefined ? { recommended: i.recommended } : {}),
    })),
    blocks: result.blocks.map((b) => ({
      name: 'classic-time-wait',
      file: b.file,
      lines: b.lines,
      keys: b.keys,
      corrected: correctedClassicBlock(b, texts),
    })),
    effective: result.effective,
    summary: { ...result.counts },
  };
}

export type ChangeStatus = 'applied' | 'restored' | 'nothing' | 'failed' | 'written';

export function changeJson(
  env: Envelope,
  lang: string,
  mode: 'apply' | 'rollback',
  ns: NamespaceView,
  steps: readonly PlanStep[],
  outcome: Record<string, unknown> & { status: ChangeStatus },
  texts: TuneTexts,
): Record<string, unknown> {
  return {
    schema: TUNE_SCHEMA,
    ...env,
    lang,
    mode,
    namespace: nsJson(ns),
    changes: steps.map((s) => ({
      name: s.name,
      from: s.from,
      to: s.to,
      verdict: s.verdict,
      why: whyText(s.reasons, texts),
    })),
    ...outcome,
  };
}

// --- internal ---

function nsJson(ns: NamespaceView): Record<string, unknown> {
  return { label: ns.label, inode: ns.inode ?? null, initial: ns.initial, self: ns.self };
}

function rowJson(r: AuditRow, texts: TuneTexts): Record<string, unknown> {
  return {
    name: r.name,
    key: r.key,
    scope: r.scope,
    current: r.current,
    default: r.default,
    recommended: r.recommended,
    verdict: r.verdict,
    why: whyText(r.reasons, texts),
    reasons: r.reasons.map((x) => (x.vars ? { code: x.code, vars: x.vars } : { code: x.code })),
    findings: r.findings,
  };
}
