import { describe, expect, it } from 'vitest';
import { History, sparkline } from './history.js';

describe('History and sparkline', () => {
  it('keeps at most capacity samples per series', () => {
    const h = new History(3);
    for (const v of [1, 2, 3, 4, 5]) h.push('TIME_WAIT', v);
    expect(h.values('TIME_WAIT')).toEqual([3, 4, 5]);
    expect(h.values('nothing')).toEqual([]);
  });

  it('scales from min to max, pads missing history, draws flat series flat', () => {
    expect(sparkline([0, 7, 14], 3)).toBe('▁▄█');
    expect(sparkline([5, 5], 4)).toBe('  ▄▄');
    expect(sparkline([0, 0, 0], 3)).toBe('▁▁▁');
    expect(sparkline([], 2)).toBe('  ');
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toBe('▁▃▆█');
  });
});
