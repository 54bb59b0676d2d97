import type { EvidenceValue, Finding, Skipped } from '../../core/diagnose/finding.js';
import { DIAGNOSE_UI, type DiagnoseLang } from '../../core/diagnose/texts.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { COLOUR, PLAIN, type Style, thousands } from './format.js';
import { describeSource } from './status-table.js';

/** Findings worst first: severity, title and id, the summary, evidence, numbered advice. */
export function renderDiagnoseText(
  snapshot: Snapshot,
  findings: readonly Finding[],
  skipped: readonly Skipped[],
  lang: DiagnoseLang,
  colour: boolean,
): string {
  const style = colour ? COLOUR : PLAIN;
  const ui = DIAGNOSE_UI[lang];
  const out: string[] = [describeSource(snapshot), ''];
  for (const f of findings) {
    out.push(`${badge(f, style)}  ${style.bold(f.title)}  ${style.dim(`[${f.id}]`)}`);
    out.push(`  ${f.summary}`);
    const ev = evidenceLines(f.evidence);
    if (ev.length > 0 && f.id !== 'healthy') {
      out.push(`  ${style.dim(`${ui.evidence}:`)}`);
      for (const l of ev) out.push(`    ${l}`);
    }
    if (f.advice.length > 0) {
      out.push(`  ${style.dim(`${ui.advice}:`)}`);
      f.advice.forEach((a, i) => {
        out.push(`    ${i + 1}. ${a}`);
      });
    }
    out.push('');
  }
  if (skipped.length > 0) {
    out.push(style.dim(`${ui.skipped}:`));
    for (const s of skipped) out.push(style.dim(`  ${s.rule}: ${s.reason}`));
  }
  for (const n of snapshot.notes) out.push(style.dim(`note: ${n}`));
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/** One line for the status table: the worst findings by id, or none from what was read. */
export function renderFindingsLine(findings: readonly Finding[], withSockets: boolean): string {
  const bad = findings.filter((f) => f.severity !== 'info');
  if (bad.length === 0) {
    return `findings: none from ${withSockets ? 'these sockets' : 'the census alone'}; tcpdoctor diagnose looks deeper`;
  }
  return `findings: ${bad.map((f) => `${f.severity} ${f.id}`).join(', ')} (tcpdoctor diagnose explains)`;
}

// --- internal ---

function badge(f: Finding, style: Style): string {
  const label = f.severity.toUpperCase().padEnd(8);
  return f.severity === 'info' ? style.dim(label) : style.warn(style.bold(label));
}

function evidenceLines(evidence: Finding['evidence']): string[] {
  const { instances, ...scalars } = evidence;
  const lines: string[] = [];
  const head = Object.entries(scalars)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${value(v)}`);
  if (head.length > 0) lines.push(head.join(' · '));
  for (const inst of instances) lines.push(`- ${value(inst)}`);
  return lines;
}

function value(v: EvidenceValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? thousands(v) : String(v);
  if (v === null) return '-';
  if (Array.isArray(v)) return v.map(value).join(', ');
  if (typeof v === 'object') {
    return Object.entries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => `${k} ${value(x)}`)
      .join(' · ');
  }
  return String(v);
}
