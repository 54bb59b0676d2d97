/**
 * What a diagnosis says: one finding per rule, its instances (tuples, pids, listeners) inside
 * `evidence`, numbered advice, and references into tcp-facts.md. Pure data.
 */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type EvidenceValue =
  | number
  | string
  | boolean
  | null
  | EvidenceValue[]
  | { [k: string]: EvidenceValue };

export interface Finding {
  id: string;
  severity: Severity;
  title: string;
  /** One sentence with the number that matters. */
  summary: string;
  evidence: { [k: string]: EvidenceValue; instances: EvidenceValue[] };
  /** What to do, best first. */
  advice: string[];
  references: string[];
}

export interface Skipped {
  rule: string;
  reason: string;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Worst first; ties keep rule order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => severityRank(b.f.severity) - severityRank(a.f.severity) || a.i - b.i)
    .map((x) => x.f);
}
