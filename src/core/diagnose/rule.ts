import type { SocketRecord } from '../model/socket.js';
import type { Group, GroupKey, PortRange } from '../tally/group-by.js';
import { thousands } from '../text/thousands.js';
import type { DiagnoseInput } from './diagnose-input.js';
import type { Finding } from './finding.js';
import type { Thresholds } from './thresholds.js';

export type TextVars = Readonly<Record<string, string | number>>;

export interface RuleContext {
  /** The text for `ruleId.key` in the reader's language, `{name}` placeholders filled. */
  t(key: string, vars?: TextVars): string;
  th: Thresholds;
  /**
   * Every group of `records` by `key`, largest first (`groupSockets` without a top), made once per
   * context and shared by the rules that ask for the same one: at 100,000 sockets one grouping
   * costs tens of milliseconds, and port exhaustion, the healthy summary, SYN flood and
   * server-side TIME_WAIT ask for two. Read-only: filter or copy before sorting.
   */
  groups(records: readonly SocketRecord[], key: GroupKey, ephemeral?: PortRange): readonly Group[];
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
