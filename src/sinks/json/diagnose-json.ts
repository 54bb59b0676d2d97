import type { Finding, Skipped } from '../../core/diagnose/finding.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { statusJson } from './status-json.js';

export const DIAGNOSE_SCHEMA = 1;

/** `diagnose --json`: the envelope, the census, findings worst first, skipped rules with reasons. */
export function renderDiagnoseJson(
  snapshot: Snapshot,
  findings: Finding[],
  skipped: Skipped[],
  lang: string,
): string {
  const s = statusJson(snapshot);
  const doc = {
    schema: DIAGNOSE_SCHEMA,
    host: s.host,
    kernel: s.kernel,
    time: s.time,
    source: s.source,
    lang,
    total: s.total,
    states: s.states,
    findings,
    skipped,
    ...(snapshot.rates ? { rates: snapshot.rates } : {}),
    notes: s.notes,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
