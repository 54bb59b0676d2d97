/**
 * The sysctl.d drop-in `tune --write` persists: a fixed first line that marks the file as
 * tcpdoctor's (the only kind of file it replaces without --force), where and when it was written,
 * then one commented `key = value` per setting. sysctl.d(5) has no end-of-line comments, so every
 * comment has its own line.
 */
import type { Reason, Verdict } from './audit.js';
import { type NamespaceView, namespaceText, valueText, whyText } from './render-tune.js';
import { formatSysctlLine } from './sysctl-file.js';
import { type TuneTexts, t } from './texts.js';

/** The first line of every file tcpdoctor writes, in every language. */
export const DROPIN_MARKER =
  '# Written by tcpdoctor (tcpdoctor tune --write); it replaces this file on the next run unless this line is removed.';

export const DEFAULT_DROPIN_PATH = '/etc/sysctl.d/90-tcpdoctor.conf';

export interface DropinEntry {
  name: string;
  value: string;
  /** The running value when the file was written. */
  current: string | null;
  /** The audit's verdict of the running value; `applied` for a value tcpdoctor set earlier and keeps. */
  verdict: Exclude<Verdict, 'not-applicable'> | 'applied';
  reasons: Reason[];
  /** For `applied`: when tune --apply set it. */
  appliedAt?: string;
}

export interface DropinMeta {
  host: string;
  kernel: string;
  ns: NamespaceView;
  /** ISO 8601. */
  time: string;
  path: string;
}

export function renderDropin(entries: readonly DropinEntry[], meta: DropinMeta, texts: TuneTexts): string {
  const w = texts.write;
  const lines = [
    DROPIN_MARKER,
    `# ${t(w.fileHeader, { host: meta.host, kernel: meta.kernel, ns: namespaceText(meta.ns, texts), time: meta.time })}`,
    `# ${t(w.fileApply, { path: meta.path })}`,
  ];
  for (const e of entries) {
    lines.push('');
    if (e.verdict === 'applied') {
      lines.push(`# ${valueText(e.current)}: ${t(w.fileApplied, { time: e.appliedAt ?? '?' })}`);
    } else {
      const change =
        e.current === e.value ? valueText(e.value) : `${valueText(e.current)} → ${valueText(e.value)}`;
      lines.push(`# ${change} (${texts.verdicts[e.verdict]}): ${whyText(e.reasons, texts)}`.trimEnd());
    }
    lines.push(formatSysctlLine(e.name, e.value));
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a file's text is one tcpdoctor wrote (its first line is the marker). */
export function isTcpdoctorDropin(text: string): boolean {
  return text.startsWith(DROPIN_MARKER);
}
