/**
 * What `tcpdoctor explain NAME` is about: a state in any tool's spelling, or a sysctl by short name,
 * dotted name or /proc/sys path, case-insensitively. Unknown names get the closest known ones.
 */
import {
  normaliseSpelling,
  parseStateName,
  STATES,
  spellingsOf,
  stateInfo,
  type TcpStateCode,
  type TcpStateName,
} from '../model/tcp-state.js';
import { STATE_FACTS, SYSCTL_FACTS, SYSCTL_KEYS, type SysctlKey } from './facts.js';

export type Topic =
  | { readonly kind: 'state'; readonly code: TcpStateCode; readonly name: TcpStateName }
  | { readonly kind: 'sysctl'; readonly key: SysctlKey; readonly name: string };

export function resolveTopic(raw: string): Topic | undefined {
  const code = parseStateName(raw);
  if (code !== undefined) return { kind: 'state', code, name: stateInfo(code).name };
  const key = resolveSysctl(raw);
  if (key !== undefined) return { kind: 'sysctl', key, name: SYSCTL_FACTS[key].name };
  return undefined;
}

/**
 * `tcp_tw_reuse`, `net.ipv4.tcp_tw_reuse`, `net/ipv4/tcp_tw_reuse`, `/proc/sys/net/ipv4/tcp_tw_reuse`,
 * and a line copied from sysctl.conf (`net.ipv4.tcp_tw_reuse = 1`), in any case.
 */
export function resolveSysctl(raw: string): SysctlKey | undefined {
  return SYSCTL_BY_NAME.get(normaliseSysctlName(raw));
}

export function normaliseSysctlName(raw: string): string {
  const beforeValue = raw.split('=')[0] ?? '';
  return beforeValue
    .trim()
    .toLowerCase()
    .replace(/^\/?proc\/sys\//, '')
    .replace(/^\/+/, '')
    .replace(/\//g, '.');
}

export interface CloseMatches {
  /** Canonical state names and full sysctl names, closest first. */
  readonly names: string[];
  /** True when they are plausibly what was meant; false when they are merely the least far. */
  readonly near: boolean;
}

/**
 * The known names closest to `raw` by edit distance over every state spelling and every sysctl name
 * (short, dotted, and without the `tcp_` prefix); a name that contains `raw` counts as near. Up to
 * `limit.near` near names, else the `limit.far` least far ones.
 * `distance` is injected so core does not depend on the CLI's helper (cli/options.ts editDistance).
 */
export function closeMatches(
  raw: string,
  distance: (a: string, b: string) => number,
  limit = { near: 5, far: 3 },
): CloseMatches {
  const stateQuery = normaliseSpelling(raw);
  const sysctlQuery = normaliseSysctlName(raw);
  const scored: Array<{ name: string; d: number }> = [];
  for (const s of STATES) {
    const spellings = [...spellingsOf(s.code), STATE_FACTS[s.name].ssFilter].map(normaliseSpelling);
    scored.push({ name: s.name, d: Math.min(...spellings.map((sp) => score(stateQuery, sp, distance))) });
  }
  for (const key of SYSCTL_KEYS) {
    const full = SYSCTL_FACTS[key].name;
    const forms = [key, full, key.replace(/^tcp_/, '')];
    scored.push({ name: full, d: Math.min(...forms.map((f) => score(sysctlQuery, f, distance))) });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const threshold = Math.max(2, Math.floor(stateQuery.length / 3));
  const near = scored.filter((s) => s.d <= threshold).slice(0, limit.near);
  if (near.length > 0) return { names: near.map((s) => s.name), near: true };
  return { names: scored.slice(0, limit.far).map((s) => s.name), near: false };
}

// --- internal ---

const SYSCTL_BY_NAME: ReadonlyMap<string, SysctlKey> = new Map(
  SYSCTL_KEYS.flatMap((key) => [[key, key] as const, [SYSCTL_FACTS[key].name, key] as const]),
);

/** Edit distance, except that a query of 3+ characters found inside the candidate is 1 away. */
function score(query: string, candidate: string, distance: (a: string, b: string) => number): number {
  if (query.length >= 3 && candidate.includes(query)) return query === candidate ? 0 : 1;
  return distance(query, candidate);
}
