import { describe, expect, it } from 'vitest';
import { createCensus } from '../../core/model/census.js';
import type { ServeReading } from '../http/reading.js';
import { MAX_HISTORY_POINTS, StateHistory } from './state-history.js';

function reading(seq: number, startedAt: number, tw: number | null): ServeReading {
  const r: ServeReading = { seq, startedAt, durationMs: 5, namespaces: [], errors: [] };
  if (tw !== null) {
    const census = createCensus();
    census.ipv4[6] = tw; // include/net/tcp_states.h: TCP_TIME_WAIT = 6
    census.ipv6[6] = 1;
    census.ipv4[13] = 4; // BOUND_INACTIVE: not one of the eleven, not in the history
    r.status = {
      host: 'h',
      kernel: 'k',
      time: new Date(startedAt).toISOString(),
      source: { kind: 'netlink', netns: {}, paths: [] },
      census,
      notes: [],
    };
  }
  return r;
}

describe('StateHistory', () => {
  it('keeps both families summed per state, in kernel order, and a failed census as a gap', () => {
    const h = new StateHistory(3_600_000, 15_000);
    h.observe(reading(1, 1_000, 10));
    h.observe(reading(2, 16_000, null));
    const [a, b] = h.since();
    expect(a?.counts).toEqual([0, 0, 0, 0, 0, 11, 0, 0, 0, 0, 0]);
    expect(b).toEqual({ seq: 2, t: 16_000, counts: null });
  });

  it('records each reading once, in order', () => {
    const h = new StateHistory(3_600_000, 15_000);
    h.observe(reading(1, 1_000, 1));
    h.observe(reading(1, 1_000, 1));
    h.observe(reading(3, 3_000, 3));
    h.observe(reading(2, 2_000, 2));
    expect(h.since().map((p) => p.seq)).toEqual([1, 3]);
    expect(h.since(1).map((p) => p.seq)).toEqual([3]);
    expect(h.since(3)).toEqual([]);
    expect(h.newestSeq).toBe(3);
  });

  it('forgets points older than the window', () => {
    const h = new StateHistory(60_000, 15_000);
    for (let i = 0; i < 10; i++) h.observe(reading(i + 1, i * 15_000, i));
    expect(h.since().map((p) => p.t)).toEqual([75_000, 90_000, 105_000, 120_000, 135_000]);
  });

  it('stays bounded in count whatever the interval', () => {
    const h = new StateHistory(24 * 3_600_000, 1);
    expect(h.capacity).toBe(MAX_HISTORY_POINTS);
    for (let i = 0; i < MAX_HISTORY_POINTS + 500; i++) h.observe(reading(i + 1, i, 1));
    expect(h.size).toBe(MAX_HISTORY_POINTS);
    expect(h.since()[0]?.seq).toBe(501);
    // one hour at 15 s: 241 points
    expect(new StateHistory(3_600_000, 15_000).capacity).toBe(241);
  });
});
