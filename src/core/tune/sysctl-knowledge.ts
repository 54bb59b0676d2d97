/**
 * What `tune` needs to know beyond explain's facts, built on SYSCTL_FACTS (src/core/explain/facts.ts):
 * which kernels have a key, its default on a given kernel, the values the kernel takes there, and
 * the few numbers the verdicts use. Language-neutral data and pure functions; the verdicts
 * themselves are in audit.ts, the prose in texts.*.ts and explain's glossaries.
 */
import { SYSCTL_FACTS, SYSCTL_KEYS, type SysctlFact, type SysctlKey } from '../explain/facts.js';

/** `[major, minor]`. */
export type KernelVersion = readonly [number, number];

/** `6.18.44-fc` → [6, 18]; `6` → [6, 0]; `6.x` → [6, 0]; undefined when not a Linux release. */
export function parseKernel(release: string): KernelVersion | undefined {
  const m = /^(\d+)(?:\.(\d+|x))?/.exec(release.trim());
  if (!m) return undefined;
  const minor = m[2] === undefined || m[2] === 'x' ? 0 : Number(m[2]);
  return [Number(m[1]), minor];
}

/** Whether `kernel` is at least `version` (`4.12`); undefined when the kernel is unknown. */
export function kernelAtLeast(kernel: KernelVersion | undefined, version: string): boolean | undefined {
  if (!kernel) return undefined;
  const v = parseKernel(version) as KernelVersion;
  return kernel[0] > v[0] || (kernel[0] === v[0] && kernel[1] >= v[1]);
}

/** The keys `tune` audits: every tunable of the knowledge base except read-only ones. */
export const TUNE_KEYS: readonly SysctlKey[] = SYSCTL_KEYS.filter(
  (k) => SYSCTL_FACTS[k].values.kind !== 'read-only',
);

/** Every full name the audit reads: the audited keys plus what the verdicts need to compute defaults. */
export const TUNE_READ_KEYS: readonly string[] = [
  ...TUNE_KEYS.map((k) => SYSCTL_FACTS[k].name),
  'net.ipv4.tcp_ehash_entries',
  'net.ipv4.ip_unprivileged_port_start',
];

/** The fact of a full dotted name (`net.ipv4.tcp_tw_reuse`), or undefined for keys tcpdoctor does not know. */
export function factByName(name: string): SysctlFact | undefined {
  return BY_NAME.get(name);
}

export type Existence =
  | { readonly exists: true }
  | {
      readonly exists: false;
      readonly why: 'removed' | 'not-yet';
      readonly kernel: string;
      readonly approximate: boolean;
    };

/**
 * Whether a key exists on a kernel, by the `added` / `removed` entries of its facts. An unknown
 * kernel is given the benefit of the doubt.
 */
export function existsOn(fact: SysctlFact, kernel: KernelVersion | undefined): Existence {
  for (const v of fact.versions) {
    if (v.change === 'removed' && kernelAtLeast(kernel, v.kernel) === true) {
      return { exists: false, why: 'removed', kernel: v.kernel, approximate: v.approximate };
    }
    if (v.change === 'added' && kernelAtLeast(kernel, v.kernel) === false) {
      return { exists: false, why: 'not-yet', kernel: v.kernel, approximate: v.approximate };
    }
  }
  return { exists: true };
}

/**
 * The default on a kernel as `sysctl` prints it, where it is a literal (`4096`, `32768 60999`);
 * undefined where it is computed at boot (`ehash/2`) or unknown. `ehash` (the established-hash
 * size, when known) resolves the `ehash/2` formula.
 */
export function defaultOn(
  fact: SysctlFact,
  kernel: KernelVersion | undefined,
  ehash?: number,
): string | undefined {
  const d = fact.default;
  if (d.before && kernelAtLeast(kernel, d.before.until) === false) return d.before.value;
  if (d.value === null) return undefined;
  if (/^\d+( \d+)*$/.test(d.value)) return d.value;
  if (d.value === 'ehash/2' && ehash !== undefined) return String(Math.floor(ehash / 2));
  if (d.value === 'max(128, ehash/128)' && ehash !== undefined)
    return String(Math.max(128, Math.floor(ehash / 128)));
  return undefined;
}

/**
 * The size of the established hash, which several defaults are computed from: `tcp_ehash_entries`
 * (≈6.1; negative inside a child namespace sharing the host's table), else twice an untouched
 * `tcp_max_orphans`. Undefined when neither is readable.
 */
export function ehashOf(values: Readonly<Record<string, string>>): number | undefined {
  const entries = intOf(values['net.ipv4.tcp_ehash_entries']);
  if (entries !== undefined && isHashSize(Math.abs(entries))) return Math.abs(entries);
  const orphans = intOf(values['net.ipv4.tcp_max_orphans']);
  // tcp_max_orphans defaults to ehash/2 (tcp-facts §3); a power of two suggests it is untouched
  if (orphans !== undefined && isHashSize(orphans * 2)) return orphans * 2;
  return undefined;
}

export type InvalidValue =
  | { readonly code: 'not-integer' }
  | { readonly code: 'not-documented'; readonly expected: string }
  | { readonly code: 'below-min'; readonly min: number }
  | { readonly code: 'above-max'; readonly max: number }
  | { readonly code: 'count'; readonly count: number }
  | { readonly code: 'range-order' }
  | { readonly code: 'ports' }
  | { readonly code: 'read-only' };

/**
 * Whether a value is one the kernel takes for this key on this kernel, from the facts' value
 * kinds and limits. Returns undefined when it is fine. Limits the kernel computes at run time
 * (HZ-dependent maxima such as tcp_keepalive_time's INT_MAX/HZ) are not known here: the kernel
 * itself rejects those, and `tune --apply` rolls back.
 */
export function invalidValue(
  fact: SysctlFact,
  raw: string,
  kernel: KernelVersion | undefined,
): InvalidValue | undefined {
  const value = normaliseValue(raw);
  const spec = fact.values;
  switch (spec.kind) {
    case 'read-only':
      return { code: 'read-only' };
    case 'bool':
      if (!INT.test(value)) return { code: 'not-integer' };
      return value === '0' || value === '1' ? undefined : { code: 'not-documented', expected: '0, 1' };
    case 'enum': {
      if (!INT.test(value)) return { code: 'not-integer' };
      const allowed = enumValuesOn(fact, kernel);
      return allowed.includes(Number(value))
        ? undefined
        : { code: 'not-documented', expected: allowed.join(', ') };
    }
    case 'int': {
      if (!INT.test(value)) return { code: 'not-integer' };
      const n = Number(value);
      const min = spec.min;
      const max = spec.max;
      if (min !== undefined && n < min) return { code: 'below-min', min };
      if (max !== undefined && n > max) return { code: 'above-max', max };
      return undefined;
    }
    case 'ints': {
      const parts = value === '' ? [] : value.split(' ');
      if (parts.length !== spec.count) return { code: 'count', count: spec.count };
      if (!parts.every((p) => INT.test(p))) return { code: 'not-integer' };
      if (fact.key === 'ip_local_port_range') {
        const [low, high] = parts.map(Number) as [number, number];
        if (low < 1 || high > 65535) return { code: 'ports' };
        if (low > high) return { code: 'range-order' };
      }
      return undefined;
    }
    case 'ports':
      return parsePortList(value) === undefined ? { code: 'ports' } : undefined;
  }
}

/** The values an enum takes on a kernel: tcp_tw_reuse was a plain switch before its loopback mode. */
export function enumValuesOn(fact: SysctlFact, kernel: KernelVersion | undefined): readonly number[] {
  if (fact.values.kind !== 'enum') return [];
  const change = fact.versions.find((v) => v.change === 'values' && v.detail?.includes('→'));
  if (fact.key === 'tcp_tw_reuse' && change && kernelAtLeast(kernel, change.kernel) === false) return [0, 1];
  return fact.values.values;
}

/** somaxconn fits a 16-bit field before its `values` change (becb74f0acca). */
export function maxOn(fact: SysctlFact, kernel: KernelVersion | undefined): number | undefined {
  if (fact.key !== 'somaxconn') return undefined;
  const change = fact.versions.find((v) => v.change === 'values');
  return change && kernelAtLeast(kernel, change.kernel) === false ? SIXTEEN_BIT_MAX : undefined;
}

/** Whitespace-normalised, as `sysctl` compares (`32768\t60999\n` → `32768 60999`). */
export function normaliseValue(raw: string): string {
  return raw.trim().split(/\s+/).join(' ');
}

/**
 * Whether two values mean the same to the kernel: whitespace and leading zeros do not matter,
 * and a port list is a set (`8080,22` reads back as `22,8080`).
 */
export function sameValue(name: string, a: string, b: string): boolean {
  const x = normaliseValue(a);
  const y = normaliseValue(b);
  if (x === y) return true;
  if (factByName(name)?.values.kind === 'ports') {
    const px = parsePortList(x);
    const py = parsePortList(y);
    return px !== undefined && py !== undefined && px.length === py.length && px.every((p, i) => p === py[i]);
  }
  const tx = x.split(' ');
  const ty = y.split(' ');
  return (
    tx.length === ty.length &&
    tx.every((t, i) => INT.test(t) && INT.test(ty[i] ?? '') && Number(t) === Number(ty[i]))
  );
}

/** `22,8080,9000-9002` → sorted unique ports; `''` → []; undefined when malformed. */
export function parsePortList(text: string): number[] | undefined {
  const t = text.trim();
  if (t === '') return [];
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a > b || b > 65535) return undefined;
    for (let p = a; p <= b; p++) out.add(p);
  }
  return [...out].sort((x, y) => x - y);
}

/** Sorted ports → the kernel's own spelling, ranges collapsed: [22, 8080, 9000, 9001, 9002] → `22,8080,9000-9002`. */
export function formatPortList(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i] as number;
    let end = start;
    while (sorted[i + 1] === end + 1) {
      end++;
      i++;
    }
    parts.push(start === end ? String(start) : `${start}-${end}`);
    i++;
  }
  return parts.join(',');
}

/**
 * The numbers the verdicts use, each with the reason it is what it is (tcp-facts.md section).
 * `docs/tune.md` prints this table.
 */
export const TUNE_NUMBERS = {
  /** The somaxconn every current kernel defaults to (§3: 4096 since 5.4); lower values are capped backlogs. */
  somaxconnFloor: 4096,
  /** ip_local_port_range when widened (§2 fixes, §3): even start, odd end — the kernel prefers different parity. */
  widePortRange: [1024, 65535] as const,
  /** The narrowest ip_local_port_range that is not narrower than the kernel default 32768–60999 (§2: 28,232). */
  defaultPortRangeSize: 28_232,
  /** Listeners inside the ephemeral range below this port were put there by widening it (§3 default start). */
  defaultPortRangeLow: 32_768,
  /** tcp_synack_retries under a SYN flood (§3: 2–3); 3 drops a half-open request after about 15 s instead of 63 s. */
  synackRetriesUnderFlood: 3,
  /** tcp_orphan_retries with many orphans (§3: 1–3 on busy web servers; 0 means 8). */
  orphanRetries: 3,
  /** tcp_fin_timeout with many orphaned FIN_WAIT2 (§3: 15–30). */
  finTimeoutWithOrphans: 30,
  /** tcp_max_tw_buckets below this, when its default cannot be computed, was lowered (diagnose's threshold). */
  twBucketsLowered: 32_768,
  /** somaxconn, tcp_max_tw_buckets, tcp_max_orphans: how far a raise goes when the workload asks for more. */
  raiseFactor: 2,
} as const;

/** 2^16 - 1: the largest backlog a 16-bit field holds. */
export const SIXTEEN_BIT_MAX = 65_535;

// --- internal ---

const INT = /^-?\d+$/;

const BY_NAME = new Map<string, SysctlFact>(SYSCTL_KEYS.map((k) => [SYSCTL_FACTS[k].name, SYSCTL_FACTS[k]]));

/** A plausible established-hash size: a power of two, at least 1024 buckets. */
function isHashSize(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 1024 && Number.isInteger(Math.log2(n));
}

function intOf(v: string | undefined): number | undefined {
  return v !== undefined && INT.test(v.trim()) ? Number(v.trim()) : undefined;
}
