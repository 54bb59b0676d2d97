/** The `explain --json` document (docs/json.md, "explain"). Pure: host, kernel and time are passed in. */
import { STATE_NAMES } from '../model/tcp-state.js';
import type { ExplainEntry } from './explain-entry.js';
import { SYSCTL_FACTS, SYSCTL_KEYS } from './facts.js';
import type { Lang } from './glossary.js';

/** Version of the `explain --json` shape. Bump on any incompatible change. */
export const EXPLAIN_SCHEMA = 1;

export interface ExplainJson {
  schema: number;
  host: string;
  kernel: string;
  time: string;
  source: { kind: 'knowledge-base' };
  lang: Lang;
  /** The entries asked for, in order; all eleven states (lifecycle order) when no name was given. */
  entries: ExplainEntry[];
  /** Every name `explain` knows: canonical state names and full sysctl names. */
  topics: { states: string[]; sysctls: string[] };
}

export interface ExplainMeta {
  host: string;
  kernel: string;
  /** ISO 8601 */
  time: string;
}

export function explainJson(meta: ExplainMeta, lang: Lang, entries: ExplainEntry[]): ExplainJson {
  return {
    schema: EXPLAIN_SCHEMA,
    host: meta.host,
    kernel: meta.kernel,
    time: meta.time,
    source: { kind: 'knowledge-base' },
    lang,
    entries,
    topics: { states: [...STATE_NAMES], sysctls: SYSCTL_KEYS.map((k) => SYSCTL_FACTS[k].name) },
  };
}

export function renderExplainJson(meta: ExplainMeta, lang: Lang, entries: ExplainEntry[]): string {
  return `${JSON.stringify(explainJson(meta, lang, entries), null, 2)}\n`;
}
