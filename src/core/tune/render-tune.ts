/**
 * Human output of `tune`: the audit table, the lint of files (compiler-style `file:line:` lines
 * that CI annotates), the diff before a change. Pure strings; widths and colour come in through
 * `Layout` (the CLI passes sinks/terminal/format.ts) so Chinese labels stay aligned.
 */
import type { Finding } from '../diagnose/finding.js';
import { type AuditRow, countVerdicts, type Reason, sortRows } from './audit.js';
import type { CheckMessage, CheckResult } from './check-sysctl-files.js';
import { correctedClassicBlock } from './classic-block.js';
import type { PlanStep } from './plan.js';
import { type TuneTexts, t } from './texts.js';

export interface Layout {
  /** Columns a string takes on a terminal. */
  width(s: string): number;
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
}

export interface NamespaceView {
  label: string;
  inode: number | undefined;
  initial: boolean;
  /** The namespace tcpdoctor runs in (no --netns). */
  self: boolean;
}

export function namespaceText(ns: NamespaceView, texts: TuneTexts): string {
  if (ns.inode === undefined) return t(texts.audit.nsUnknown, { label: ns.label });
  if (ns.initial) return t(texts.audit.nsHost, { inode: ns.inode });
  if (ns.self) return t(texts.audit.nsSelf, { inode: ns.inode });
  return t(texts.audit.nsOther, { label: ns.label, inode: ns.inode });
}

export function reasonText(r: Reason, texts: TuneTexts): string {
  return t(texts.reasons[r.code], r.vars);
}

/** The reasons of a row or step, one sentence after the other. */
export function whyText(reasons: readonly Reason[], texts: TuneTexts): string {
  return reasons.map((r) => reasonText(r, texts)).join(' ');
}

export function messageText(m: CheckMessage, texts: TuneTexts): string {
  if (m.kind === 'reason') return t(texts.reasons[m.code], m.vars);
  if (m.kind === 'invalid') return t(texts.check.invalid[m.code], m.vars);
  return t(texts.check[m.code], m.vars);
}

/** How a value shows in a table: an empty value (no reserved ports) as `""`, an absent one as `-`. */
export function valueText(v: string | null): string {
  if (v === null) return '-';
  return v === '' ? '""' : v;
}

export interface AuditView {
  kernel: string;
  ns: NamespaceView;
  rows: readonly AuditRow[];
  /** Diagnose findings other than `healthy`, worst first. */
  findings: readonly Finding[];
  notes: readonly string[];
}

export function renderAuditText(view: AuditView, texts: TuneTexts, layout: Layout): string {
  const rows = sortRows(view.rows);
  const c = texts.audit.columns;
  const header = [c.name, c.current, c.recommended, c.verdict, c.why];
  const cells = rows.map((r) => [
    r.name,
    valueText(r.current),
    r.verdict === 'change' || r.verdict === 'harmful' ? valueText(r.recommended) : '',
    texts.verdicts[r.verdict],
    whyText(r.reasons, texts),
  ]);
  const widths = header.map((h, i) =>
    Math.max(layout.width(h), ...cells.map((row) => layout.width(row[i] ?? ''))),
  );
  const pad = (s: string, i: number) => s + ' '.repeat(Math.max(0, (widths[i] ?? 0) - layout.width(s)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : pad(cell, i)))
      .join('  ')
      .trimEnd();
  const out = [
    layout.bold(t(texts.audit.title, { ns: namespaceText(view.ns, texts), kernel: view.kernel })),
    '',
    layout.bold(line(header)),
  ];
  rows.forEach((r, i) => {
    const text = line(cells[i] ?? []);
    if (r.verdict === 'harmful') out.push(layout.warn(text));
    else if (r.verdict === 'change') out.push(layout.bold(text));
    else if (r.verdict === 'not-applicable') out.push(layout.dim(text));
    else out.push(text);
  });
  const n = countVerdicts(view.rows);
  out.push(
    '',
    t(texts.audit.summary, { harmful: n.harmful, change: n.change, ok: n.ok, na: n['not-applicable'] }),
  );
  const shaping = view.findings.filter((f) => view.rows.some((r) => r.findings.includes(f.id)));
  out.push(
    shaping.length > 0
      ? t(texts.audit.findings, {
          list: shaping.map((f) => `${f.id} (${f.severity}): ${f.summary}`).join(' '),
        })
      : texts.audit.noFindings,
  );
  for (const note of view.notes) out.push(layout.dim(note));
  if (n.harmful + n.change > 0) out.push(layout.dim(texts.audit.next));
  return `${out.join('\n')}\n`;
}

/** `file:line: severity: key = value: message` lines, corrected blocks, then the summary. */
export function renderCheckText(result: CheckResult, texts: TuneTexts, layout: Layout): string {
  const out: string[] = [];
  for (const issue of result.issues) {
    const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
    const severity = texts.severities[issue.severity];
    const label =
      issue.severity === 'harmful'
        ? layout.warn(severity)
        : issue.severity === 'warning'
          ? layout.bold(severity)
          : severity;
    const subject =
      issue.key !== undefined && !issue.ids.includes('classic-block')
        ? `${issue.key} = ${issue.value ?? ''}: `
        : '';
    const advice =
      issue.recommended !== undefined ? ` (→ ${issue.key} = ${valueText(issue.recommended)})` : '';
    out.push(
      `${where}: ${label}: ${subject}${issue.messages.map((m) => messageText(m, texts)).join(' ')}${advice}`,
    );
    if (issue.ids.includes('classic-block')) {
      const block = result.blocks.find((b) => b.file === issue.file && b.lines[0] === issue.line);
      if (block) for (const l of correctedClassicBlock(block, texts)) out.push(`    ${l}`);
    }
  }
  if (out.length > 0) out.push('');
  out.push(
    t(texts.check.summary, {
      files: result.files.length,
      kernel: result.kernel,
      harmful: result.counts.harmful,
      warning: result.counts.warning,
      note: result.counts.note,
    }),
  );
  if (result.counts.harmful > 0) out.push(texts.check.exitHarmful);
  return `${out.join('\n')}\n`;
}

/** The diff shown before `--apply` or `--rollback` changes anything, under `header`. */
export function renderPlanText(
  steps: readonly PlanStep[],
  header: string,
  texts: TuneTexts,
  layout: Layout,
): string {
  if (steps.length === 0) return `${texts.apply.nothing}\n`;
  const cells = steps.map((s) => [
    s.name,
    `${valueText(s.from)} → ${valueText(s.to)}`,
    s.verdict === 'set' ? '--set' : s.verdict === 'restore' ? '' : texts.verdicts[s.verdict],
    whyText(s.reasons, texts),
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => layout.width(c[i] ?? ''))));
  const lines = cells.map((c) =>
    `  ${c
      .map((cell, i) =>
        i < 3 ? cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - layout.width(cell))) : cell,
      )
      .join('  ')}`.trimEnd(),
  );
  return `${layout.bold(header)}\n${lines.join('\n')}\n`;
}
