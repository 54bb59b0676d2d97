/**
 * The sysctl audit: for every tunable of the knowledge base, the current value, the value to have,
 * and a verdict — `ok`, `change`, `harmful` or `not-applicable` — with the reasons. Verdicts stand
 * on their own (sane bounds per kernel version, tcp-facts.md §0 and §3) and follow the workload
 * the diagnose findings show (port exhaustion, listen overflows, a SYN flood, orphans, the
 * TIME_WAIT table). Pure: values, kernel and findings are passed in.
 */
import { isLoopback } from '../diagnose/diagnose-input.js';
import type { EvidenceValue, Finding } from '../diagnose/finding.js';
import { fmt, pct } from '../diagnose/rule.js';
import { SYSCTL_FACTS, type SysctlFact, type SysctlKey, type SysctlScope } from '../explain/facts.js';
import {
  defaultOn,
  ehashOf,
  enumValuesOn,
  existsOn,
  formatPortList,
  type KernelVersion,
  kernelAtLeast,
  maxOn,
  normaliseValue,
  parseKernel,
  parsePortList,
  TUNE_KEYS,
  TUNE_NUMBERS,
} from './sysctl-knowledge.js';
import type { ReasonCode } from './texts.js';

export const VERDICTS = ['harmful', 'change', 'ok', 'not-applicable'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One reason, language-neutral: a text code and its `{placeholders}`. */
export interface Reason {
  code: ReasonCode;
  vars?: Record<string, string | number>;
}

export interface AuditRow {
  /** Short name (`tcp_tw_reuse`). */
  key: SysctlKey;
  /** Full dotted name (`net.ipv4.tcp_tw_reuse`). */
  name: string;
  scope: SysctlScope;
  /** As the namespace shows it, whitespace-normalised; null when absent there. */
  current: string | null;
  /** The default on this kernel where it is a literal or computable; null otherwise. */
  default: string | null;
  /** The value to have; null when not applicable. Equal to `current` when `ok`. */
  recommended: string | null;
  verdict: Verdict;
  reasons: Reason[];
  /** Ids of the diagnose findings that drove the recommendation. */
  findings: string[];
}

export interface AuditInput {
  /** Kernel release (`6.18.44`, `unknown`). */
  kernel: string;
  /** Full name → current value in the namespace; a key absent here does not exist there. */
  values: Readonly<Record<string, string>>;
  /**
   * Whether the namespace is the host's initial one; global knobs exist only there. Undefined:
   * unknown (then a missing global knob is reported as absent, not as global).
   */
  initialNamespace?: boolean;
  /** Diagnose findings of the same namespace (runRules). */
  findings: readonly Finding[];
  /** Ports of the namespace's LISTEN sockets; undefined when the socket list was not read. */
  listenerPorts?: readonly number[];
}

/** Every audited key, in knowledge-base order. */
export function auditSysctls(input: AuditInput): AuditRow[] {
  const kernel = parseKernel(input.kernel);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.values)) values[k] = normaliseValue(v);
  const ctx: Ctx = {
    kernel,
    values,
    ehash: ehashOf(values),
    findings: input.findings,
    listenerPorts: input.listenerPorts ? [...new Set(input.listenerPorts)].sort((a, b) => a - b) : undefined,
  };
  return TUNE_KEYS.map((key) => judgeRow(SYSCTL_FACTS[key], ctx, input.initialNamespace));
}

/** Rows worst first (harmful, change, ok, not applicable), knowledge-base order within a verdict. */
export function sortRows(rows: readonly AuditRow[]): AuditRow[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => VERDICTS.indexOf(a.row.verdict) - VERDICTS.indexOf(b.row.verdict) || a.i - b.i)
    .map((x) => x.row);
}

export function countVerdicts(rows: readonly AuditRow[]): Record<Verdict, number> {
  const out: Record<Verdict, number> = { harmful: 0, change: 0, ok: 0, 'not-applicable': 0 };
  for (const r of rows) out[r.verdict]++;
  return out;
}

/**
 * Judge one value without a workload, as `tune --check` does for a line of a file: the verdict,
 * the value to have and the reasons. Undefined when the value is not one the kernel takes
 * (sysctl-knowledge `invalidValue` reports those).
 */
export function judgeStandalone(
  fact: SysctlFact,
  value: string,
  kernel: KernelVersion | undefined,
  values: Readonly<Record<string, string>> = {},
): Judgement {
  const ctx: Ctx = { kernel, values: { ...values, [fact.name]: normaliseValue(value) }, findings: [] };
  ctx.ehash = ehashOf(ctx.values);
  return judgeValue(fact, normaliseValue(value), ctx);
}

export interface Judgement {
  verdict: Exclude<Verdict, 'not-applicable'>;
  recommended: string;
  reasons: Reason[];
  findings: string[];
}

// --- internal ---

interface Ctx {
  kernel: KernelVersion | undefined;
  values: Record<string, string>;
  ehash?: number | undefined;
  findings: readonly Finding[];
  listenerPorts?: number[] | undefined;
  /** Set by the ip_local_port_range judge when it recommends another range. */
  newRange?: { low: number; high: number; findings: string[] };
}

function judgeRow(fact: SysctlFact, ctx: Ctx, initialNamespace: boolean | undefined): AuditRow {
  const current = ctx.values[fact.name];
  const def = defaultOn(fact, ctx.kernel, ctx.ehash) ?? null;
  const base = { key: fact.key, name: fact.name, scope: fact.scope, default: def };
  if (current === undefined) {
    return {
      ...base,
      current: null,
      recommended: null,
      verdict: 'not-applicable',
      reasons: [absent(fact, ctx, initialNamespace)],
      findings: [],
    };
  }
  const j = judgeValue(fact, current, ctx);
  return {
    ...base,
    current,
    recommended: j.recommended,
    verdict: j.verdict,
    reasons: j.reasons,
    findings: j.findings,
  };
}

function absent(fact: SysctlFact, ctx: Ctx, initialNamespace: boolean | undefined): Reason {
  const e = existsOn(fact, ctx.kernel);
  if (!e.exists) {
    return {
      code: e.why === 'removed' ? 'na.removed' : 'na.notYet',
      vars: { kernel: version(e.kernel, e.approximate) },
    };
  }
  if (fact.scope === 'global' && initialNamespace === false) return { code: 'na.global' };
  return { code: 'na.absent' };
}

function judgeValue(fact: SysctlFact, v: string, ctx: Ctx): Judgement {
  const j = (JUDGES[fact.key] ?? judgeDefault)(fact, v, ctx);
  // The facts' harmful values are harmful wherever they are found, whatever the judge said, and
  // never what tune recommends (tcp_tw_recycle=1 above all).
  if (fact.harmful.includes(v)) j.verdict = 'harmful';
  if (fact.harmful.includes(j.recommended)) {
    const def = defaultOn(fact, ctx.kernel, ctx.ehash);
    j.recommended = def !== undefined && !fact.harmful.includes(def) ? def : (SAFE_FALLBACK[fact.key] ?? '');
  }
  return j;
}

type Judge = (fact: SysctlFact, v: string, ctx: Ctx) => Judgement;

/** What to recommend instead of a harmful value when the default is not a literal. */
const SAFE_FALLBACK: Partial<Record<SysctlKey, string>> = {
  tcp_tw_recycle: '0',
  tcp_max_tw_buckets: String(TUNE_NUMBERS.twBucketsLowered),
};

const ok = (v: string, ...reasons: Reason[]): Judgement => ({
  verdict: 'ok',
  recommended: v,
  reasons,
  findings: [],
});

function change(recommended: string, reasons: Reason[], findings: string[] = []): Judgement {
  return { verdict: 'change', recommended, reasons, findings };
}

function harmful(recommended: string, reasons: Reason[], findings: string[] = []): Judgement {
  return { verdict: 'harmful', recommended, reasons, findings };
}

/** ok, saying whether it is the default. */
function judgeDefault(fact: SysctlFact, v: string, ctx: Ctx): Judgement {
  return ok(v, statusReason(fact, v, ctx));
}

function statusReason(fact: SysctlFact, v: string, ctx: Ctx): Reason {
  const def = defaultOn(fact, ctx.kernel, ctx.ehash);
  if (def === undefined) return { code: 'ok.set' };
  if (def === v) return { code: 'ok.default' };
  return { code: 'ok.changed', vars: { default: def } };
}

const JUDGES: Partial<Record<SysctlKey, Judge>> = {
  tcp_tw_recycle(_fact, v, ctx) {
    if (v === '0') return ok(v, { code: 'tw_recycle.off' });
    const reasons: Reason[] = [{ code: 'tw_recycle.harmful' }];
    if (kernelAtLeast(ctx.kernel, '4.10')) reasons.push({ code: 'tw_recycle.harmful410' });
    return harmful('0', reasons);
  },

  tcp_tw_reuse(fact, v, ctx) {
    const allowed = enumValuesOn(fact, ctx.kernel);
    const def = defaultOn(fact, ctx.kernel) ?? '0';
    const n = int(v);
    const notes: Reason[] = [];
    if (int(ctx.values['net.ipv4.tcp_timestamps']) === 0 && n !== 0)
      notes.push({ code: 'tw_reuse.noTimestamps' });
    if (n === undefined || n < 0)
      return change(def, [{ code: 'value.notDocumented', vars: { values: allowed.join(', ') } }]);
    if (!allowed.includes(2) && n >= 2) return change('1', [{ code: 'tw_reuse.old2' }, ...notes]);
    const ports = portExhaustion(ctx);
    if (ports) {
      if (n === 1) return ok(v, { code: 'tw_reuse.onAlready', vars: ports.vars }, ...notes);
      if (n === 2 && allowed.includes(2) && ports.loopbackOnly) {
        return ok(v, { code: 'tw_reuse.loopbackCovers', vars: ports.vars }, ...notes);
      }
      return change(
        '1',
        [{ code: 'tw_reuse.portExhaustion', vars: ports.vars }, ...notes],
        ['port-exhaustion'],
      );
    }
    if (!allowed.includes(n))
      return change(def, [{ code: 'value.notDocumented', vars: { values: allowed.join(', ') } }]);
    if (finding(ctx, 'time-wait-server-side')) notes.push({ code: 'tw_reuse.serverSide' });
    if (n === 2) return ok(v, { code: 'tw_reuse.loopback' }, ...notes);
    if (n === 1) return ok(v, { code: 'tw_reuse.on' }, ...notes);
    return ok(v, statusReason(fact, v, ctx), ...notes);
  },

  tcp_fin_timeout(fact, v, ctx) {
    const n = int(v);
    const o = orphanStates(ctx);
    const target = TUNE_NUMBERS.finTimeoutWithOrphans;
    if (o && n !== undefined && n > target && o.finWait2 > 0 && o.finWait2 >= o.others) {
      return change(
        String(target),
        [{ code: 'fin_timeout.orphans', vars: { count: fmt(o.finWait2), recommended: target } }],
        ['orphans'],
      );
    }
    return ok(v, statusReason(fact, v, ctx), { code: 'fin_timeout.note' });
  },

  tcp_max_tw_buckets(fact, v, ctx) {
    const n = int(v);
    const def = defaultOn(fact, ctx.kernel, ctx.ehash);
    const floor = def === undefined ? TUNE_NUMBERS.twBucketsLowered : Number(def);
    const f = finding(ctx, 'tw-bucket-overflow');
    const overflows = num(f?.evidence.timeWaitOverflowIncrease) ?? 0;
    // with the hash size unknown (a file, a kernel before ≈6.1) the floor is a threshold, not the default
    const lowReason: Reason =
      def === undefined
        ? { code: 'tw_buckets.belowFloor', vars: { floor: String(floor) } }
        : { code: 'tw_buckets.lowered', vars: { default: def } };
    if (n === undefined) return change(String(floor), [{ code: 'value.notInteger' }]);
    if (n <= 0) return harmful(String(floor), [{ code: 'tw_buckets.zero' }]);
    const lowered = n < floor;
    if (lowered && overflows > 0) {
      return harmful(
        String(Math.max(floor, n * TUNE_NUMBERS.raiseFactor)),
        [lowReason, { code: 'tw_buckets.overflowing', vars: { overflow: fmt(overflows) } }],
        ['tw-bucket-overflow'],
      );
    }
    if (lowered) return change(String(floor), [lowReason]);
    if (f) {
      const code = overflows > 0 ? 'tw_buckets.overflowing' : 'tw_buckets.nearLimit';
      return change(
        String(n * TUNE_NUMBERS.raiseFactor),
        [{ code, vars: { overflow: fmt(overflows), pct: pct(num(f.evidence.ratio) ?? 0) } }],
        ['tw-bucket-overflow'],
      );
    }
    return ok(v, statusReason(fact, v, ctx));
  },

  tcp_syncookies(fact, v, ctx) {
    const flood = finding(ctx, 'syn-flood');
    const ids = flood ? ['syn-flood'] : [];
    if (v === '0') {
      return harmful(
        '1',
        [{ code: 'syncookies.off' }, ...(flood ? [{ code: 'syncookies.flood' } as Reason] : [])],
        ids,
      );
    }
    if (v === '2') return change('1', [{ code: 'syncookies.always' }]);
    if (v !== '1') return change('1', [{ code: 'value.notDocumented', vars: { values: '0, 1, 2' } }]);
    return ok(v, statusReason(fact, v, ctx), ...(flood ? [{ code: 'syncookies.flood' } as Reason] : []));
  },

  tcp_max_syn_backlog(fact, v, ctx) {
    const cookiesOff = int(ctx.values['net.ipv4.tcp_syncookies']) === 0;
    return ok(v, statusReason(fact, v, ctx), { code: cookiesOff ? 'syn_backlog.read' : 'syn_backlog.inert' });
  },

  somaxconn(fact, v, ctx) {
    const n = int(v);
    const floor = TUNE_NUMBERS.somaxconnFloor;
    const max = maxOn(fact, ctx.kernel);
    const cap = (x: number) => String(max === undefined ? x : Math.min(max, x));
    if (n === undefined) return change(String(floor), [{ code: 'value.notInteger' }]);
    if (max !== undefined && n > max)
      return harmful(String(max), [{ code: 'somaxconn.too16bit', vars: { max: String(max) } }]);
    if (n <= 0) return harmful(String(floor), [{ code: 'somaxconn.zero' }]);
    const overflow = finding(ctx, 'listen-overflow');
    const synBacklog = finding(ctx, 'syn-backlog');
    const notes: Reason[] = [];
    if (overflow) {
      const instances = list(overflow.evidence.instances);
      const capped = instances.find((i) => num(i.backlog) !== undefined && (num(i.backlog) as number) >= n);
      const known = instances.find((i) => num(i.backlog) !== undefined);
      if (capped) {
        const listener = str(capped.listener) ?? '?';
        return change(
          cap(Math.max(floor, n * TUNE_NUMBERS.raiseFactor)),
          [{ code: 'somaxconn.overflow', vars: { listener, somaxconn: String(n) } }],
          ['listen-overflow'],
        );
      }
      if (known)
        notes.push({
          code: 'somaxconn.appBacklog',
          vars: { listener: str(known.listener) ?? '?', backlog: fmt(num(known.backlog) ?? 0) },
        });
      else notes.push({ code: 'somaxconn.backlogUnknown', vars: { somaxconn: String(n) } });
    }
    if (synBacklog) {
      return change(
        cap(Math.max(floor, n * TUNE_NUMBERS.raiseFactor)),
        [{ code: 'somaxconn.synBacklog', vars: { somaxconn: String(n) } }, ...notes],
        ['syn-backlog'],
      );
    }
    if (n < floor) {
      const code = kernelAtLeast(ctx.kernel, '5.4') === false ? 'somaxconn.old128' : 'somaxconn.belowDefault';
      return change(
        cap(floor),
        [{ code, vars: { current: String(n), default: String(floor) } }, ...notes],
        overflow ? ['listen-overflow'] : [],
      );
    }
    return ok(v, statusReason(fact, v, ctx), ...notes);
  },

  ip_local_port_range(fact, v, ctx) {
    const def = defaultOn(fact, ctx.kernel) ?? '32768 60999';
    const m = /^(\d+) (\d+)$/.exec(v);
    if (!m || Number(m[1]) > Number(m[2]))
      return change(def, [{ code: 'value.notDocumented', vars: { values: '"low high"' } }]);
    const low = Number(m[1]);
    const high = Number(m[2]);
    const size = high - low + 1;
    const [defLow, defHigh] = def.split(' ').map(Number) as [number, number];
    const defSize = defHigh - defLow + 1;
    const ports = portExhaustion(ctx);
    if (ports) {
      const wideLow = wideRangeLow(ctx);
      const wideHigh = TUNE_NUMBERS.widePortRange[1];
      if (wideLow < low || wideHigh > high) {
        const newLow = Math.min(low, wideLow);
        const newHigh = Math.max(high, wideHigh);
        ctx.newRange = { low: newLow, high: newHigh, findings: ['port-exhaustion'] };
        const vars = {
          ...ports.vars,
          size: fmt(size),
          newSize: fmt(newHigh - newLow + 1),
          recommended: `${newLow} ${newHigh}`,
        };
        return change(`${newLow} ${newHigh}`, [{ code: 'port_range.widen', vars }], ['port-exhaustion']);
      }
      return ok(v, { code: 'port_range.wide', vars: ports.vars });
    }
    if (size < Math.min(defSize, TUNE_NUMBERS.defaultPortRangeSize)) {
      ctx.newRange = { low: Math.min(low, defLow), high: Math.max(high, defHigh), findings: [] };
      return change(def, [
        { code: 'port_range.narrow', vars: { size: fmt(size), defaultSize: fmt(defSize) } },
      ]);
    }
    return ok(v, statusReason(fact, v, ctx));
  },

  ip_local_reserved_ports(_fact, v, ctx) {
    const reserved = parsePortList(v);
    if (reserved === undefined) return ok(v, { code: 'ok.set' });
    const listeners = ctx.listenerPorts;
    const range = currentRange(ctx);
    const target = ctx.newRange ?? (range ? { ...range, findings: [] as string[] } : undefined);
    if (!target) return ok(v, reserved.length === 0 ? { code: 'ok.default' } : { code: 'ok.set' });
    if (!listeners) {
      if (ctx.newRange) return ok(v, { code: 'reserved.listenersUnknown' });
      return ok(v, reserved.length === 0 ? { code: 'ok.default' } : { code: 'ok.set' });
    }
    // Widening (or restoring) the range: every listener inside the new range. Otherwise: listeners
    // inside the current range below its default start, put there by an earlier widening.
    const upper = ctx.newRange ? target.high : Math.min(target.high, TUNE_NUMBERS.defaultPortRangeLow - 1);
    const missing = listeners.filter((p) => p >= target.low && p <= upper && !reserved.includes(p));
    if (missing.length === 0)
      return ok(v, reserved.length === 0 ? { code: 'ok.default' } : { code: 'ok.set' });
    const recommended = formatPortList([...reserved, ...missing]);
    const code = ctx.newRange ? 'reserved.listeners' : 'reserved.unprotected';
    return change(
      recommended,
      [{ code, vars: { ports: formatPortList(missing) } }],
      ctx.newRange?.findings ?? [],
    );
  },

  tcp_timestamps(fact, v, ctx) {
    if (v === '0') return harmful('1', [{ code: 'timestamps.off' }]);
    if (v !== '1' && v !== '2')
      return change('1', [{ code: 'value.notDocumented', vars: { values: '0, 1, 2' } }]);
    return ok(v, statusReason(fact, v, ctx));
  },

  tcp_max_orphans(fact, v, ctx) {
    const n = int(v);
    if (n === undefined) return ok(v, { code: 'ok.set' });
    const def = defaultOn(fact, ctx.kernel, ctx.ehash);
    if (n <= 0) {
      const floor = def ?? String(TUNE_NUMBERS.twBucketsLowered);
      return change(floor, [{ code: 'max_orphans.lowered', vars: { default: def ?? 'ehash/2' } }]);
    }
    const f = finding(ctx, 'orphans');
    const aborts = num(f?.evidence.abortOnMemory) ?? 0;
    const ratio = num(f?.evidence.ratio) ?? 0;
    if (f && (aborts > 0 || f.severity !== 'info')) {
      const target = Math.max(def === undefined ? 0 : Number(def), n * TUNE_NUMBERS.raiseFactor);
      return change(
        String(target),
        [{ code: 'max_orphans.raise', vars: { aborts: fmt(aborts), pct: pct(ratio) } }],
        ['orphans'],
      );
    }
    if (def !== undefined && n < Number(def))
      return change(def, [{ code: 'max_orphans.lowered', vars: { default: def } }]);
    return ok(v, statusReason(fact, v, ctx));
  },

  tcp_orphan_retries(fact, v, ctx) {
    const n = int(v);
    const o = orphanStates(ctx);
    const target = TUNE_NUMBERS.orphanRetries;
    if (o && o.others > 0 && n !== undefined && (n === 0 || n > target)) {
      return change(
        String(target),
        [{ code: 'orphan_retries.orphans', vars: { count: fmt(o.others), recommended: target } }],
        ['orphans'],
      );
    }
    return ok(v, statusReason(fact, v, ctx), ...(n === 0 ? [{ code: 'orphan_retries.zero' } as Reason] : []));
  },

  tcp_synack_retries(fact, v, ctx) {
    const n = int(v);
    const target = TUNE_NUMBERS.synackRetriesUnderFlood;
    if (finding(ctx, 'syn-flood') && n !== undefined && n > target) {
      return change(String(target), [{ code: 'synack.flood', vars: { recommended: target } }], ['syn-flood']);
    }
    return ok(v, statusReason(fact, v, ctx));
  },

  tcp_keepalive_time: judgeKeepalive,
  tcp_keepalive_intvl: judgeKeepalive,
  tcp_keepalive_probes: judgeKeepalive,

  tcp_abort_on_overflow(_fact, v, ctx) {
    if (v === '0') return ok(v, { code: 'ok.default' });
    if (finding(ctx, 'listen-overflow')) {
      return harmful(
        '0',
        [{ code: 'abort_on_overflow.on' }, { code: 'abort_on_overflow.overflowing' }],
        ['listen-overflow'],
      );
    }
    return change('0', [{ code: 'abort_on_overflow.on' }]);
  },

  tcp_mem(_fact, v) {
    return ok(v, { code: 'tcp_mem.note' });
  },

  netdev_max_backlog(fact, v, ctx) {
    const n = int(v);
    const def = defaultOn(fact, ctx.kernel) ?? '1000';
    if (n !== undefined && n < Number(def))
      return change(def, [{ code: 'netdev_backlog.lowered', vars: { default: def } }]);
    return ok(v, statusReason(fact, v, ctx));
  },
};

function judgeKeepalive(fact: SysctlFact, v: string, ctx: Ctx): Judgement {
  const leak = finding(ctx, 'close-wait-leak');
  return ok(v, statusReason(fact, v, ctx), ...(leak ? [{ code: 'keepalive.notCloseWait' } as Reason] : []));
}

/** The port-exhaustion finding as text variables, and whether every hot destination is loopback. */
function portExhaustion(ctx: Ctx): { vars: Record<string, string>; loopbackOnly: boolean } | undefined {
  const f = finding(ctx, 'port-exhaustion');
  if (!f) return undefined;
  const instances = list(f.evidence.instances);
  const first = instances[0];
  const tuple = str(first?.tuple) ?? '';
  const dest = tuple.split(' → ')[1] ?? tuple;
  const remotes = instances
    .map((i) => (str(i.tuple) ?? '').split(' → ')[1] ?? '')
    .map((d) => d.replace(/^\[|\]?:\d+$/g, ''));
  return {
    vars: { dest, pct: pct(num(first?.ratio) ?? 0) },
    loopbackOnly: remotes.length > 0 && remotes.every((r) => isLoopback(r)),
  };
}

/** Orphans of the namespace by kind, from the orphans finding: FIN_WAIT2 vs the retransmitting ones. */
function orphanStates(ctx: Ctx): { finWait2: number; others: number } | undefined {
  const f = finding(ctx, 'orphans');
  if (!f) return undefined;
  const e = f.evidence;
  return {
    finWait2: num(e.FIN_WAIT2) ?? 0,
    others: (num(e.FIN_WAIT1) ?? 0) + (num(e.LAST_ACK) ?? 0) + (num(e.CLOSING) ?? 0),
  };
}

/** The first port of a widened range: 1024, or ip_unprivileged_port_start (the kernel's floor), kept even. */
function wideRangeLow(ctx: Ctx): number {
  const unprivileged = int(ctx.values['net.ipv4.ip_unprivileged_port_start']) ?? 1024;
  const low = Math.max(TUNE_NUMBERS.widePortRange[0], unprivileged);
  return low % 2 === 0 ? low : low + 1;
}

function currentRange(ctx: Ctx): { low: number; high: number } | undefined {
  const m = /^(\d+) (\d+)$/.exec(ctx.values['net.ipv4.ip_local_port_range'] ?? '');
  return m ? { low: Number(m[1]), high: Number(m[2]) } : undefined;
}

function finding(ctx: Ctx, id: string): Finding | undefined {
  return ctx.findings.find((f) => f.id === id);
}

function version(kernel: string, approximate: boolean): string {
  return `${approximate ? '≈' : ''}${kernel}`;
}

function int(v: string | undefined): number | undefined {
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

function num(v: EvidenceValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function str(v: EvidenceValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: EvidenceValue | undefined): Array<Record<string, EvidenceValue>> {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (x): x is Record<string, EvidenceValue> => x !== null && typeof x === 'object' && !Array.isArray(x),
  );
}
