import { combined, totalOf } from '../model/census.js';
import type { SocketRecord } from '../model/socket.js';
import { type Group, groupSockets, portRangeFromSysctls } from '../tally/group-by.js';
import { type DiagnoseInput, rateOf } from './diagnose-input.js';
import { type Finding, type Skipped, severityRank, sortFindings } from './finding.js';
import type { Rule, RuleContext, TextVars } from './rule.js';
import { fmt, pct } from './rule.js';
import { closeWaitLeak } from './rules/close-wait-leak.js';
import { listenOverflow } from './rules/listen-overflow.js';
import { obsoleteSysctl } from './rules/obsolete-sysctl.js';
import { orphans } from './rules/orphans.js';
import { portExhaustion } from './rules/port-exhaustion.js';
import { synBacklog } from './rules/syn-backlog.js';
import { synFlood } from './rules/syn-flood.js';
import { timeWaitServerSide } from './rules/time-wait-server-side.js';
import { twBucketOverflow } from './rules/tw-bucket-overflow.js';
import { type DiagnoseLang, diagnoseTexts } from './texts.js';
import { THRESHOLDS } from './thresholds.js';

/** Every rule, in the order ties are shown. */
export const RULES: readonly Rule[] = [
  portExhaustion,
  twBucketOverflow,
  closeWaitLeak,
  synFlood,
  synBacklog,
  listenOverflow,
  orphans,
  timeWaitServerSide,
  obsoleteSysctl,
];

export interface Diagnosis {
  findings: Finding[];
  skipped: Skipped[];
}

/** Run every rule; findings worst first. `healthy` stands in when nothing is warning or worse. */
export function runRules(
  input: DiagnoseInput,
  lang: DiagnoseLang,
  rules: readonly Rule[] = RULES,
): Diagnosis {
  const ctx = ruleContext(lang);
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  for (const rule of rules) {
    const out = rule.run(input, ctx);
    if (out === undefined) continue;
    if ('skipped' in out) skipped.push({ rule: rule.id, reason: out.skipped });
    else findings.push(out);
  }
  if (!findings.some((f) => severityRank(f.severity) >= severityRank('warning'))) {
    findings.unshift(healthy(input, ctx));
  }
  return { findings: sortFindings(findings), skipped };
}

export function ruleContext(lang: DiagnoseLang): RuleContext {
  const texts = diagnoseTexts(lang);
  const made = new WeakMap<readonly SocketRecord[], Map<string, readonly Group[]>>();
  return {
    th: THRESHOLDS,
    t: (key: string, vars?: TextVars) => fill(texts[key] ?? diagnoseTexts('en')[key] ?? key, vars),
    groups(records, key, ephemeral) {
      let byKey = made.get(records);
      if (!byKey) {
        byKey = new Map();
        made.set(records, byKey);
      }
      // the range only shapes `dest` groups (their ephemeral-port use)
      const id =
        key === 'dest' && ephemeral
          ? `dest ${ephemeral.low}-${ephemeral.high} ${[...(ephemeral.reserved ?? [])].join(',')}`
          : key;
      let groups = byKey.get(id);
      if (!groups) {
        groups = groupSockets(records, key, { top: Number.MAX_SAFE_INTEGER, ephemeral });
        byKey.set(id, groups);
      }
      return groups;
    },
  };
}

/** `{name}` placeholders; unknown names stay as they are so a missing value shows. */
export function fill(template: string, vars: TextVars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

// --- internal ---

function healthy(input: DiagnoseInput, ctx: RuleContext): Finding {
  const { t } = ctx;
  const all = combined(input.census);
  const vars: Record<string, string | number> = {
    total: fmt(totalOf(all)),
    tw: fmt(all[6] ?? 0),
    cw: fmt(all[8] ?? 0),
    synRecv: fmt(all[3] ?? 0),
  };
  const parts = [t('healthy.summary', vars)];
  const evidence: Finding['evidence'] = {
    sockets: totalOf(all),
    timeWait: all[6] ?? 0,
    closeWait: all[8] ?? 0,
    synRecv: all[3] ?? 0,
    instances: [],
  };
  if (input.records) {
    const range = portRangeFromSysctls(input.sysctls);
    const worst = ctx.groups(input.records, 'dest', range)[0];
    const ratio = worst?.ephemeral?.ratio ?? 0;
    evidence.worstEphemeralUse = Number(ratio.toFixed(4));
    parts.push(t('healthy.ports', { pct: pct(ratio) }));
  }
  const ov = rateOf(input, 'TcpExt.ListenOverflows');
  if (ov) {
    evidence.listenOverflows = ov.delta;
    parts.push(
      t('healthy.overflows', { overflows: fmt(ov.delta), seconds: (input.rates?.seconds ?? 0).toFixed(1) }),
    );
  }
  return {
    id: 'healthy',
    severity: 'info',
    title: t('healthy.title'),
    summary: parts.join(t('healthy.join')),
    evidence,
    advice: [],
    references: [],
  };
}
