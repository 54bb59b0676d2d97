/**
 * From the exporter's JSON (/api/status, /api/diagnose, /api/history) to what the page shows:
 * pure functions, no DOM, so every number on the page is unit-tested here. The shapes below are the
 * subset of docs/json.md the page reads.
 */
import type { EvidenceValue, Severity } from '../../../core/diagnose/finding.js';
import { humanizeKey, type Lang, visible } from './format.js';
import { EVIDENCE_KEYS } from './i18n.js';
import { LIFECYCLE, STATE_NAMES, type StateName } from './states.js';

export type StateMap = Record<StateName, number>;

export interface GroupJson {
  label: string;
  total: number;
  states: Partial<StateMap>;
  listener?: { address: string; port: number; acceptQueue: number; backlog?: number };
  ephemeral?: { inUse: number; rangeSize: number; ratio: number };
  other?: true;
}

export interface StatusJson {
  host: string;
  kernel: string;
  time: string;
  source: { kind: string; netns?: { pid?: number; inode?: number; name?: string } };
  total: number;
  states: StateMap;
  other: Record<string, number>;
  notes: string[];
  groups?: { lport?: GroupJson[]; dest?: GroupJson[]; raddr?: GroupJson[] };
  sysctls?: Record<string, string>;
  namespaces?: Array<{ label: string; total: number; states: StateMap }>;
}

// Types only: erased from the compiled module, so the browser loads nothing from src/core.
export type { EvidenceValue, Severity } from '../../../core/diagnose/finding.js';

export interface FindingJson {
  id: string;
  severity: Severity;
  title: string;
  summary: string;
  evidence: { [k: string]: EvidenceValue };
  advice: string[];
  references: string[];
}

export interface DiagnoseJson {
  time: string;
  lang: string;
  findings: FindingJson[];
  skipped: Array<{ rule: string; reason: string }>;
}

export interface StageErrorJson {
  stage: string;
  netns?: string;
  message: string;
  code?: string;
}

export interface HistoryPointJson {
  seq: number;
  t: number;
  counts: number[] | null;
}

export interface HistoryJson {
  schema: number;
  /** Changes when the exporter restarts (its seq numbers start again). */
  instance: string;
  intervalMs: number;
  windowMs: number;
  lang: Lang;
  /** The exporter's clock when it answered (ages are computed on its clock, not the browser's). */
  now: number;
  seq: number;
  startedAt: number;
  durationMs: number;
  lastSuccessAt: number | null;
  errors: StageErrorJson[];
  /** Only with `--netns all`: each namespace's findings (server language). */
  namespaces?: Array<{ label: string; findings: Array<{ id: string; severity: Severity; title: string }> }>;
  /** The rules the diagnosis runs (for "checked by N rules"). */
  rules: number;
  states: string[];
  /** True when `points` is the whole window (no `after`, or the exporter restarted). */
  full: boolean;
  points: HistoryPointJson[];
}

/** Port-exhaustion thresholds of core/diagnose/thresholds.ts (a test keeps them equal). */
export const PORT_LEVELS = { warning: 0.5, critical: 0.8 } as const;

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'info'];

// --- history ---

/** Keep the points of the window: append new ones (or replace on `full`), drop older than the window. */
export function mergeHistory(
  current: readonly HistoryPointJson[],
  incoming: HistoryJson,
  maxPoints = 3_600,
): HistoryPointJson[] {
  const base = incoming.full ? [] : current.filter((p) => p.seq < (incoming.points[0]?.seq ?? Infinity));
  const merged = [...base, ...incoming.points];
  const newest = merged[merged.length - 1]?.t ?? 0;
  const kept = merged.filter((p) => p.t >= newest - incoming.windowMs);
  return kept.slice(Math.max(0, kept.length - maxPoints));
}

/** uPlot's columns: time in seconds, then one series per state of `order` (null = a failed snapshot). */
export function chartColumns(
  points: readonly HistoryPointJson[],
  order: readonly StateName[],
  log = false,
): [number[], ...Array<Array<number | null>>] {
  const xs = points.map((p) => p.t / 1000);
  const series = order.map((name) => {
    const i = STATE_NAMES.indexOf(name);
    return points.map((p) => {
      const v = p.counts ? (p.counts[i] ?? 0) : null;
      // a log scale has no zero: leave those points out rather than draw them at 1
      return log && v === 0 ? null : v;
    });
  });
  return [xs, ...series];
}

export interface SeriesRange {
  state: StateName;
  min: number;
  max: number;
  now: number | null;
}

/** Min, max and latest count per state over the points; states never above zero are left out. */
export function seriesRanges(points: readonly HistoryPointJson[]): SeriesRange[] {
  const out: SeriesRange[] = [];
  for (const state of LIFECYCLE) {
    const i = STATE_NAMES.indexOf(state);
    let min = Infinity;
    let max = -Infinity;
    let now: number | null = null;
    for (const p of points) {
      if (!p.counts) continue;
      const v = p.counts[i] ?? 0;
      if (v < min) min = v;
      if (v > max) max = v;
      now = v;
    }
    if (max > 0) out.push({ state, min, max, now });
  }
  return out;
}

// --- states ---

export interface StateTile {
  state: StateName;
  count: number;
  /** Change against the snapshot about a minute earlier (or the oldest one kept). */
  change?: { delta: number; spanMs: number };
}

/** The eleven states in reading order, each with its count and its change over about a minute. */
export function stateTiles(
  states: StateMap,
  points: readonly HistoryPointJson[],
  nowT: number,
  spanMs = 60_000,
): StateTile[] {
  const past = pointNear(points, nowT - spanMs, nowT);
  return LIFECYCLE.map((state) => {
    const tile: StateTile = { state, count: states[state] ?? 0 };
    if (past?.counts) {
      const before = past.counts[STATE_NAMES.indexOf(state)] ?? 0;
      tile.change = { delta: tile.count - before, spanMs: nowT - past.t };
    }
    return tile;
  });
}

/** The oldest successful point at or after `target`, older than `nowT` (so a change spans real time). */
function pointNear(
  points: readonly HistoryPointJson[],
  target: number,
  nowT: number,
): HistoryPointJson | undefined {
  let best: HistoryPointJson | undefined;
  for (const p of points) {
    if (!p.counts || p.t >= nowT) continue;
    if (p.t >= target) return best && target - best.t < p.t - target ? best : p;
    best = p;
  }
  return best;
}

export interface Headline {
  total: number;
  /** The biggest non-zero states, largest first (at most three). */
  top: Array<{ state: StateName; count: number }>;
  bySeverity: Record<Severity, number>;
  worst: Severity | undefined;
}

export function headline(
  status: Pick<StatusJson, 'total' | 'states'>,
  findings: readonly FindingJson[],
): Headline {
  const top = LIFECYCLE.map((state) => ({ state, count: status.states[state] ?? 0 }))
    .filter((s) => s.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 3);
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) if (!isHealthy(f)) bySeverity[f.severity]++;
  const worst = SEVERITY_ORDER.find((s) => bySeverity[s] > 0);
  return { total: status.total, top, bySeverity, worst };
}

/** The diagnosis says "healthy" with an info finding of its own when nothing is warning or worse. */
export function isHealthy(f: Pick<FindingJson, 'id'>): boolean {
  return f.id === 'healthy';
}

/** The states each rule's findings are about: their tiles point at the finding. */
export const FINDING_STATES: Readonly<Record<string, readonly StateName[]>> = {
  'port-exhaustion': ['TIME_WAIT'],
  'tw-bucket-overflow': ['TIME_WAIT'],
  'time-wait-server-side': ['TIME_WAIT'],
  'close-wait-leak': ['CLOSE_WAIT'],
  'syn-flood': ['SYN_RECV'],
  'syn-backlog': ['SYN_RECV'],
  'listen-overflow': ['LISTEN'],
  orphans: ['FIN_WAIT1', 'FIN_WAIT2', 'LAST_ACK', 'CLOSING'],
};

/** The worst warning-or-worse finding about each state (notes do not flag a tile). */
export function flaggedStates(findings: readonly FindingJson[]): Map<StateName, Severity> {
  const out = new Map<StateName, Severity>();
  for (const f of findings) {
    if (f.severity === 'info') continue;
    for (const state of FINDING_STATES[f.id] ?? []) {
      const before = out.get(state);
      if (!before || SEVERITY_ORDER.indexOf(f.severity) < SEVERITY_ORDER.indexOf(before))
        out.set(state, f.severity);
    }
  }
  return out;
}

/** Findings worst first; the server already sorts them, this keeps the page right if it did not. */
export function sortFindings(findings: readonly FindingJson[]): FindingJson[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.f.severity) - SEVERITY_ORDER.indexOf(b.f.severity) || a.i - b.i)
    .map((x) => x.f);
}

// --- groups ---

export interface MixPart {
  state: StateName;
  count: number;
  share: number;
}

/** A group's state mix in reading order, with each state's share of the group. */
export function stateMix(states: Partial<StateMap>): MixPart[] {
  const total = LIFECYCLE.reduce((n, s) => n + (states[s] ?? 0), 0);
  return LIFECYCLE.filter((s) => (states[s] ?? 0) > 0).map((state) => ({
    state,
    count: states[state] ?? 0,
    share: total > 0 ? (states[state] ?? 0) / total : 0,
  }));
}

export interface ListenerRow {
  label: string;
  total: number;
  mix: MixPart[];
  queue?: { waiting: number; backlog?: number; full: boolean };
  other: boolean;
}

/** Listener groups (lport) without the outbound row, which comes back separately as a total. */
export function listenerRows(groups: readonly GroupJson[] = []): { rows: ListenerRow[]; outbound: number } {
  const rows: ListenerRow[] = [];
  let outbound = 0;
  for (const g of groups) {
    if (!g.listener && !g.other) {
      outbound += g.total;
      continue;
    }
    const row: ListenerRow = {
      label: g.label,
      total: g.total,
      mix: stateMix(g.states),
      other: g.other === true,
    };
    if (g.listener) {
      const { acceptQueue, backlog } = g.listener;
      // the accept queue holds backlog + 1: it is full when it exceeds the backlog (tcp-facts §6)
      row.queue = { waiting: acceptQueue, full: backlog !== undefined && acceptQueue > backlog };
      if (backlog !== undefined) row.queue.backlog = backlog;
    }
    rows.push(row);
  }
  return { rows, outbound };
}

/** `other (5 more)`, the label of the row past --top: 5. */
export function moreCount(label: string): number | undefined {
  const m = /^other \((\d+) more\)$/.exec(label);
  return m ? Number(m[1]) : undefined;
}

export type Level = 'ok' | 'warning' | 'critical';

export interface DestinationRow {
  label: string;
  total: number;
  mix: MixPart[];
  ports?: { inUse: number; size: number; ratio: number; left: number; level: Level };
  other: boolean;
}

/** Destination groups, those closest to running out of ports first. */
export function destinationRows(groups: readonly GroupJson[] = []): DestinationRow[] {
  const rows = groups.map((g) => {
    const row: DestinationRow = {
      label: g.label,
      total: g.total,
      mix: stateMix(g.states),
      other: g.other === true,
    };
    if (g.ephemeral && !g.other) {
      const { inUse, rangeSize, ratio } = g.ephemeral;
      row.ports = {
        inUse,
        size: rangeSize,
        ratio,
        left: Math.max(0, rangeSize - inUse),
        level: portLevel(ratio),
      };
    }
    return row;
  });
  return rows.sort(
    (a, b) => Number(a.other) - Number(b.other) || (b.ports?.ratio ?? 0) - (a.ports?.ratio ?? 0),
  );
}

export function portLevel(ratio: number): Level {
  return ratio >= PORT_LEVELS.critical ? 'critical' : ratio >= PORT_LEVELS.warning ? 'warning' : 'ok';
}

/** `32768–60999` from the sysctl text `32768\t60999`; undefined when unknown. */
export function portRangeText(sysctls: Record<string, string> | undefined): string | undefined {
  const m = /^(\d+)\s+(\d+)$/.exec(sysctls?.['net.ipv4.ip_local_port_range']?.trim() ?? '');
  return m ? `${m[1]}–${m[2]}` : undefined;
}

// --- evidence ---

export interface EvidenceView {
  /** Scalar facts, in the order the rule wrote them: [label, text]. */
  facts: Array<[string, string]>;
  /** The instances as a table: a column per key seen, in first-seen order. */
  columns: Array<{ key: string; label: string }>;
  rows: string[][];
}

/** A finding's evidence as labelled text: nothing from the host is ever read as markup. */
export function evidenceView(evidence: { [k: string]: EvidenceValue }, lang: Lang): EvidenceView {
  const label = (k: string) => EVIDENCE_KEYS[lang][k] ?? humanizeKey(k);
  const facts: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(evidence)) {
    if (k === 'instances') continue;
    facts.push([label(k), valueText(v, lang, k)]);
  }
  const instances = Array.isArray(evidence.instances) ? evidence.instances : [];
  const keys: string[] = [];
  for (const inst of instances) {
    if (inst && typeof inst === 'object' && !Array.isArray(inst)) {
      for (const k of Object.keys(inst)) if (!keys.includes(k)) keys.push(k);
    } else if (!keys.includes('value')) keys.push('value');
  }
  const rows = instances.map((inst) =>
    keys.map((k) => {
      if (inst && typeof inst === 'object' && !Array.isArray(inst)) {
        const v = inst[k];
        return v === undefined ? '' : valueText(v, lang, k);
      }
      return k === 'value' ? valueText(inst, lang) : '';
    }),
  );
  return { facts, columns: keys.map((key) => ({ key, label: label(key) })), rows };
}

/** Keys whose numbers are identifiers, not quantities: no thousands separator (`pid 24063`, port 40000). */
const IDENTIFIER_KEYS = new Set([
  'pid',
  'port',
  'fd',
  'inode',
  'rangeLow',
  'rangeHigh',
  'lport',
  'rport',
  'tcpTwReuse',
]);

/** Evidence values as one line of text: `{peer: 127.0.0.1, count: 12}` → `127.0.0.1 × 12`. */
export function valueText(v: EvidenceValue, lang: Lang, key = ''): string {
  if (v === null) return '—';
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || IDENTIFIER_KEYS.has(key)) return String(v);
    return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US').format(v);
  }
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'string') return visible(v);
  if (Array.isArray(v)) return v.map((x) => valueText(x, lang)).join(', ');
  const entries = Object.entries(v);
  const count = v.count;
  const rest = entries.filter(([k]) => k !== 'count');
  if (typeof count === 'number' && rest.length === 1 && rest[0])
    return `${valueText(rest[0][1], lang)} × ${count}`;
  return entries.map(([k, x]) => `${humanizeKey(k)} ${valueText(x, lang, k)}`).join(', ');
}

// --- polling ---

/**
 * When to ask again: just after the next snapshot should be ready (its start plus the interval plus
 * the time the last one took), never sooner than 1 s or later than one interval.
 */
export function nextPollDelay(
  h: Pick<HistoryJson, 'startedAt' | 'intervalMs' | 'durationMs'>,
  now: number,
): number {
  const due = h.startedAt + h.intervalMs + h.durationMs + 250;
  return Math.min(Math.max(due - now, 1_000), Math.max(1_000, h.intervalMs));
}

/** After a failed request: 2 s, 4 s, 8 s … up to 30 s. */
export function retryDelay(failures: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.min(5, Math.max(1, failures)));
}
