import { describe, expect, it } from 'vitest';
import { RULES } from '../../../core/diagnose/run-rules.js';
import { THRESHOLDS } from '../../../core/diagnose/thresholds.js';
import {
  STATE_NAMES as CORE_STATE_NAMES,
  LIFECYCLE_ORDER,
  stateName,
} from '../../../core/model/tcp-state.js';
import { LIFECYCLE, STATE_NAMES } from './states.js';
import {
  chartColumns,
  destinationRows,
  evidenceView,
  FINDING_STATES,
  type FindingJson,
  flaggedStates,
  type HistoryJson,
  type HistoryPointJson,
  headline,
  listenerRows,
  mergeHistory,
  moreCount,
  nextPollDelay,
  PORT_LEVELS,
  portLevel,
  portRangeText,
  retryDelay,
  type StateMap,
  seriesRanges,
  sortFindings,
  stateMix,
  stateTiles,
  valueText,
} from './view-model.js';

const zeros = (): StateMap => Object.fromEntries(STATE_NAMES.map((n) => [n, 0])) as StateMap;

/** A history point with the given counts by name. */
function point(seq: number, t: number, counts: Partial<StateMap> | null): HistoryPointJson {
  return { seq, t, counts: counts === null ? null : STATE_NAMES.map((n) => counts[n] ?? 0) };
}

function history(points: HistoryPointJson[], over: Partial<HistoryJson> = {}): HistoryJson {
  return {
    schema: 1,
    instance: 'a',
    intervalMs: 15_000,
    windowMs: 3_600_000,
    lang: 'en',
    now: 0,
    seq: points[points.length - 1]?.seq ?? 0,
    startedAt: 0,
    durationMs: 0,
    lastSuccessAt: null,
    errors: [],
    rules: 9,
    states: [...STATE_NAMES],
    full: false,
    points,
    ...over,
  };
}

function finding(id: string, severity: FindingJson['severity']): FindingJson {
  return { id, severity, title: id, summary: '', evidence: { instances: [] }, advice: [], references: [] };
}

describe('the browser copies of core facts stay equal to core', () => {
  it('has the same state names, in kernel and in reading order', () => {
    expect([...STATE_NAMES]).toEqual([...CORE_STATE_NAMES]);
    expect([...LIFECYCLE]).toEqual(LIFECYCLE_ORDER.map((c) => stateName(c)));
  });

  it('uses the port-exhaustion thresholds of the diagnosis', () => {
    expect(PORT_LEVELS.warning).toBe(THRESHOLDS.portExhaustion.warning);
    expect(PORT_LEVELS.critical).toBe(THRESHOLDS.portExhaustion.critical);
  });

  it('maps only rules that exist to states', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of Object.keys(FINDING_STATES)) expect(ids, id).toContain(id);
  });
});

describe('history', () => {
  it('appends new points, replaces everything on a full answer, and keeps the window', () => {
    const a = [point(1, 0, { LISTEN: 1 }), point(2, 15_000, { LISTEN: 2 })];
    const next = mergeHistory(a, history([point(3, 30_000, { LISTEN: 3 })]));
    expect(next.map((p) => p.seq)).toEqual([1, 2, 3]);
    const full = mergeHistory(next, history([point(1, 100_000, {})], { full: true }));
    expect(full.map((p) => p.seq)).toEqual([1]);
    const windowed = mergeHistory(a, history([point(3, 10_000_000, {})], { windowMs: 60_000 }));
    expect(windowed.map((p) => p.seq)).toEqual([3]);
    // a repeated point (same seq) is not doubled
    expect(mergeHistory(a, history([point(2, 15_000, { LISTEN: 2 })])).map((p) => p.seq)).toEqual([1, 2]);
    // and the count is bounded
    const many = Array.from({ length: 50 }, (_, i) => point(i + 1, i * 1000, {}));
    expect(mergeHistory([], history(many, { full: true }), 10)).toHaveLength(10);
  });

  it('gives uPlot seconds and one column per state, failed snapshots as gaps, no zeros on a log scale', () => {
    const pts = [point(1, 1_000, { TIME_WAIT: 5 }), point(2, 2_000, null), point(3, 3_000, { TIME_WAIT: 0 })];
    const [xs, tw, listen] = chartColumns(pts, ['TIME_WAIT', 'LISTEN']);
    expect(xs).toEqual([1, 2, 3]);
    expect(tw).toEqual([5, null, 0]);
    expect(listen).toEqual([0, null, 0]);
    expect(chartColumns(pts, ['TIME_WAIT'], true)[1]).toEqual([5, null, null]);
  });

  it('summarises each state that had connections: min, max, latest', () => {
    const pts = [
      point(1, 0, { TIME_WAIT: 5, LISTEN: 2 }),
      point(2, 1, { TIME_WAIT: 9, LISTEN: 2 }),
      point(3, 2, null),
    ];
    expect(seriesRanges(pts)).toEqual([
      { state: 'LISTEN', min: 2, max: 2, now: 2 },
      { state: 'TIME_WAIT', min: 5, max: 9, now: 9 },
    ]);
    expect(seriesRanges([])).toEqual([]);
  });
});

describe('state tiles and the headline', () => {
  it('shows every state in reading order with its change over about a minute', () => {
    const now = 1_000_000;
    const pts = [
      point(1, now - 120_000, { TIME_WAIT: 1 }),
      point(2, now - 60_000, { TIME_WAIT: 10 }),
      point(3, now - 45_000, { TIME_WAIT: 20 }),
      point(4, now, { TIME_WAIT: 30 }),
    ];
    const tiles = stateTiles({ ...zeros(), TIME_WAIT: 30 }, pts, now);
    expect(tiles.map((t) => t.state)).toEqual([...LIFECYCLE]);
    expect(tiles.find((t) => t.state === 'TIME_WAIT')).toEqual({
      state: 'TIME_WAIT',
      count: 30,
      change: { delta: 20, spanMs: 60_000 },
    });
    // with less than a minute kept, the change spans what there is
    const short = stateTiles(
      { ...zeros(), LISTEN: 3 },
      [point(1, now - 20_000, { LISTEN: 1 }), point(2, now, {})],
      now,
    );
    expect(short.find((t) => t.state === 'LISTEN')?.change).toEqual({ delta: 2, spanMs: 20_000 });
    // the first snapshot has nothing to compare with; failed snapshots are skipped
    expect(stateTiles(zeros(), [point(1, now, {})], now)[0]?.change).toBeUndefined();
    expect(stateTiles(zeros(), [point(1, now - 30_000, null)], now)[0]?.change).toBeUndefined();
  });

  it('names the biggest states and counts findings by severity, not counting "healthy"', () => {
    const h = headline(
      { total: 41, states: { ...zeros(), TIME_WAIT: 27, ESTABLISHED: 10, LISTEN: 3, CLOSE_WAIT: 1 } },
      [finding('healthy', 'info')],
    );
    expect(h.top).toEqual([
      { state: 'TIME_WAIT', count: 27 },
      { state: 'ESTABLISHED', count: 10 },
      { state: 'LISTEN', count: 3 },
    ]);
    expect(h.worst).toBeUndefined();
    const bad = headline({ total: 0, states: zeros() }, [finding('a', 'warning'), finding('b', 'critical')]);
    expect(bad.bySeverity).toEqual({ critical: 1, warning: 1, info: 0 });
    expect(bad.worst).toBe('critical');
  });

  it('sorts findings worst first and flags the tiles of the states they are about', () => {
    const list = [
      finding('close-wait-leak', 'warning'),
      finding('healthy', 'info'),
      finding('port-exhaustion', 'critical'),
    ];
    expect(sortFindings(list).map((f) => f.id)).toEqual(['port-exhaustion', 'close-wait-leak', 'healthy']);
    const flags = flaggedStates([
      ...list,
      finding('tw-bucket-overflow', 'warning'),
      finding('time-wait-server-side', 'info'),
    ]);
    expect([...flags]).toEqual([
      ['CLOSE_WAIT', 'warning'],
      ['TIME_WAIT', 'critical'],
    ]);
  });
});

describe('groups', () => {
  it('gives a state mix in reading order with shares', () => {
    expect(stateMix({ TIME_WAIT: 3, LISTEN: 1 })).toEqual([
      { state: 'LISTEN', count: 1, share: 0.25 },
      { state: 'TIME_WAIT', count: 3, share: 0.75 },
    ]);
    expect(stateMix({})).toEqual([]);
  });

  it('separates listeners from outbound traffic and knows a full accept queue', () => {
    const { rows, outbound } = listenerRows([
      { label: 'outbound (ephemeral local ports)', total: 70, states: { TIME_WAIT: 70 } },
      {
        label: '127.0.0.1:40015',
        total: 9,
        states: { LISTEN: 1, ESTABLISHED: 8 },
        listener: { address: '127.0.0.1', port: 40015, acceptQueue: 3, backlog: 2 },
      },
      {
        label: '0.0.0.0:22',
        total: 1,
        states: { LISTEN: 1 },
        listener: { address: '0.0.0.0', port: 22, acceptQueue: 0 },
      },
      { label: 'other (3 more)', total: 3, states: { LISTEN: 3 }, other: true },
    ]);
    expect(outbound).toBe(70);
    expect(rows.map((r) => [r.label, r.queue])).toEqual([
      ['127.0.0.1:40015', { waiting: 3, backlog: 2, full: true }],
      ['0.0.0.0:22', { waiting: 0, full: false }],
      ['other (3 more)', undefined],
    ]);
    expect(rows[2]?.other).toBe(true);
  });

  it('puts the destinations closest to running out of ports first, with their headroom and level', () => {
    const rows = destinationRows([
      {
        label: 'a',
        total: 500,
        states: { ESTABLISHED: 500 },
        ephemeral: { inUse: 10, rangeSize: 200, ratio: 0.05 },
      },
      { label: 'other (2 more)', total: 9, states: { TIME_WAIT: 9 }, other: true },
      {
        label: 'b',
        total: 170,
        states: { TIME_WAIT: 170 },
        ephemeral: { inUse: 170, rangeSize: 200, ratio: 0.85 },
      },
    ]);
    expect(rows.map((r) => r.label)).toEqual(['b', 'a', 'other (2 more)']);
    expect(rows[0]?.ports).toEqual({ inUse: 170, size: 200, ratio: 0.85, left: 30, level: 'critical' });
    expect(rows[2]?.ports).toBeUndefined();
    expect([portLevel(0.49), portLevel(0.5), portLevel(0.8)]).toEqual(['ok', 'warning', 'critical']);
    expect(portRangeText({ 'net.ipv4.ip_local_port_range': '32768\t60999' })).toBe('32768–60999');
    expect(portRangeText(undefined)).toBeUndefined();
    expect(moreCount('other (5 more)')).toBe(5);
    expect(moreCount('other (x)')).toBeUndefined();
  });
});

describe('evidence', () => {
  it('turns a finding’s evidence into labelled facts and an instance table, host strings as inert text', () => {
    const ev = evidenceView(
      {
        closeWait: 12,
        ownerHidden: 0,
        sampleSeconds: 1.09,
        backlogKnown: true,
        instances: [
          {
            kind: 'owned',
            pid: 24063,
            command: '<script>"x\'&\u202E',
            closeWait: 12,
            peers: [{ peer: '127.0.0.1', count: 12 }],
          },
          { kind: 'not-accepted', listener: '127.0.0.1:40015', closeWait: 3 },
        ],
      },
      'en',
    );
    expect(ev.facts).toEqual([
      ['CLOSE_WAIT sockets', '12'],
      ['owner not visible', '0'],
      ['sample interval (s)', '1.09'],
      ['backlog known', '✓'],
    ]);
    expect(ev.columns.map((c) => c.key)).toEqual([
      'kind',
      'pid',
      'command',
      'closeWait',
      'peers',
      'listener',
    ]);
    expect(ev.rows[0]).toEqual(['owned', '24063', '<script>"x\'&\\u202E', '12', '127.0.0.1 × 12', '']);
    expect(ev.rows[1]).toEqual(['not-accepted', '', '', '3', '', '127.0.0.1:40015']);
    expect(evidenceView({ instances: [] }, 'zh').columns).toEqual([]);
    expect(evidenceView({ closeWait: 1, instances: [] }, 'zh').facts).toEqual([['CLOSE_WAIT 套接字', '1']]);
    expect(valueText(null, 'en')).toBe('—');
    expect(valueText(32768, 'en', 'rangeLow')).toBe('32768');
    expect(valueText(32768, 'en', 'inUse')).toBe('32,768');
    expect(valueText({ a: 1, bC: 'x' }, 'en')).toBe('a 1, b c x');
  });
});

describe('polling', () => {
  it('asks again just after the next snapshot is due, within 1 s and one interval', () => {
    const h = { startedAt: 100_000, intervalMs: 15_000, durationMs: 200 };
    expect(nextPollDelay(h, 100_500)).toBe(14_950);
    expect(nextPollDelay(h, 115_400)).toBe(1_000);
    expect(nextPollDelay({ ...h, intervalMs: 1_000 }, 90_000)).toBe(1_000);
    expect(nextPollDelay(h, 0)).toBe(15_000);
  });

  it('backs off after failures up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(retryDelay)).toEqual([
      2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});
