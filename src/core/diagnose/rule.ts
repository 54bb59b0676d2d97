import { thousands } from '../text/thousands.js';
import type { DiagnoseInput } from './diagnose-input.js';
import type { Finding } from './finding.js';
import type { Thresholds } from './thresholds.js';

export type TextVars = Readonly<Record<string, string | number>>;

export interface RuleContext {
  /** The text for `ruleId.key` in the reader's language, `{name}` placeholders filled. */
  t(key: string, vars?: TextVars): string;
  th: Thresholds;
}

/** A rule finds at most one finding; it skips, with a reason, when its data is missing. */
export type RuleOutcome = Finding | { skipped: string } | undefined;

export interface Rule {
  id: string;
  run(input: DiagnoseInput, ctx: RuleContext): RuleOutcome;
}

/** Numbers in text: thousands separators, ratios as percentages. */
export function fmt(n: number): string {
  return thousands(n);
}

export function pct(ratio: number): string {
  return `${(100 * ratio).toFixed(ratio >= 0.995 || ratio < 0.1 ? 1 : 0)} %`;
}
