/**
 * What `tune --apply` and `tune --write` change: the audit's `change` and `harmful` rows, narrowed
 * by `--only`, plus explicit `--set KEY=VALUE`, in an order that is safe at every step.
 */

import type { SysctlKey } from '../explain/facts.js';
import type { AuditRow, Reason, Verdict } from './audit.js';
import { sameValue } from './sysctl-knowledge.js';

export interface PlanStep {
  /** Full dotted name. */
  name: string;
  key: SysctlKey;
  /** The value now (what the transaction expects to find). */
  from: string;
  to: string;
  /**
   * The audit's verdict of the current value; `set` for a `--set` the audit did not ask for;
   * `restore` for a value `--rollback` puts back.
   */
  verdict: Exclude<Verdict, 'ok' | 'not-applicable'> | 'set' | 'restore';
  reasons: Reason[];
}

export interface PlanOptions {
  /** Full names to keep; all when undefined. */
  only?: readonly string[] | undefined;
  /** Explicit values, already validated, replacing the audit's for the same key. */
  set?: ReadonlyArray<{ name: string; key: SysctlKey; from: string; to: string; reasons: Reason[] }>;
}

export function planChanges(rows: readonly AuditRow[], opts: PlanOptions = {}): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const r of rows) {
    if ((r.verdict !== 'change' && r.verdict !== 'harmful') || r.current === null || r.recommended === null)
      continue;
    if (opts.only && !opts.only.includes(r.name)) continue;
    steps.push({
      name: r.name,
      key: r.key,
      from: r.current,
      to: r.recommended,
      verdict: r.verdict,
      reasons: r.reasons,
    });
  }
  for (const s of opts.set ?? []) {
    const i = steps.findIndex((x) => x.name === s.name);
    const step: PlanStep = {
      name: s.name,
      key: s.key,
      from: s.from,
      to: s.to,
      verdict: 'set',
      reasons: s.reasons,
    };
    if (i >= 0) steps[i] = { ...step, verdict: steps[i]?.verdict ?? 'set' };
    else steps.push(step);
  }
  return orderSteps(steps.filter((s) => !sameValue(s.name, s.from, s.to)));
}

/**
 * Reserve ports before widening the range over them, so that at no moment a listener's port is
 * free for an outgoing connection to take; everything else keeps the audit's order.
 */
export function orderSteps<T extends { name: string }>(steps: readonly T[]): T[] {
  const out = [...steps];
  const range = out.findIndex((s) => s.name === 'net.ipv4.ip_local_port_range');
  const reserved = out.findIndex((s) => s.name === 'net.ipv4.ip_local_reserved_ports');
  if (range >= 0 && reserved > range) {
    const [r] = out.splice(reserved, 1);
    if (r) out.splice(range, 0, r);
  }
  return out;
}
