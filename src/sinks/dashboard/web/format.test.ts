import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  humanizeKey,
  visible,
} from './format.js';

describe('numbers', () => {
  it('separates thousands in both languages', () => {
    expect(formatCount(27012, 'en')).toBe('27,012');
    expect(formatCount(27012, 'zh')).toBe('27,012');
    expect(formatCount(0, 'en')).toBe('0');
    expect(formatCount(1_000_000, 'en')).toBe('1,000,000');
  });

  it('prints shares as percentages, one decimal only below 10 %', () => {
    expect(formatPercent(0.956, 'en')).toBe('96 %');
    expect(formatPercent(0.7, 'zh')).toBe('70%');
    expect(formatPercent(0.025, 'en')).toBe('2.5 %');
    expect(formatPercent(0, 'en')).toBe('0 %');
    expect(formatPercent(1, 'en')).toBe('100 %');
  });

  it('always shows the sign of a change, with a real minus sign', () => {
    expect(formatChange(12, 'en')).toBe('+12');
    expect(formatChange(-3000, 'en')).toBe('\u22123,000');
    expect(formatChange(0, 'en')).toBe('±0');
  });
});

describe('times', () => {
  it('says durations the way people do', () => {
    expect(formatDuration(45_000, 'en')).toBe('45 s');
    expect(formatDuration(89_000, 'en')).toBe('89 s');
    expect(formatDuration(180_000, 'en')).toBe('3 min');
    expect(formatDuration(3_600_000, 'en')).toBe('60 min');
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000, 'en')).toBe('2 h 5 min');
    expect(formatDuration(3 * 3_600_000, 'zh')).toBe('3 小时');
    expect(formatDuration(-5, 'en')).toBe('0 s');
  });

  it('prints a 24 h clock', () => {
    const at = new Date(2026, 10, 25, 21, 5, 9).getTime();
    expect(formatClock(at, 'en')).toBe('21:05:09');
    expect(formatClock(at, 'zh')).toBe('21:05:09');
    expect(formatClock(at, 'en', false)).toBe('21:05');
  });
});

describe('visible: host strings made safe to look at', () => {
  it('leaves markup alone (the page only ever sets text, so it is inert) and keeps ordinary text', () => {
    expect(visible('<script>"x\'&')).toBe('<script>"x\'&');
    expect(visible('nginx: worker process')).toBe('nginx: worker process');
    expect(visible('java 进程')).toBe('java 进程');
  });

  it('shows control, bidirectional and zero-width characters as escapes', () => {
    expect(visible('evil\u202Egnp.exe')).toBe('evil\\u202Egnp.exe');
    expect(visible('a\nb\tc\u0000')).toBe('a\\u000Ab\\u0009c\\u0000');
    expect(visible('x\u200By\u2066z\uFEFF')).toBe('x\\u200By\\u2066z\\uFEFF');
    expect(visible('\u009b31m')).toBe('\\u009B31m');
  });

  it('cuts overlong strings with an ellipsis', () => {
    expect(visible('a'.repeat(300))).toHaveLength(200);
    expect(visible('a'.repeat(300)).endsWith('…')).toBe(true);
    expect(visible('abc', 3)).toBe('abc');
  });

  it('never lets an invisible character through, whatever the input', () => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: what must never come out
    const invisible = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        expect(invisible.test(visible(s, 10_000))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('humanizeKey', () => {
  it('splits camelCase evidence keys into words', () => {
    expect(humanizeKey('closeWait')).toBe('close wait');
    expect(humanizeKey('maxNewConnectionsPerSecondPerTuple')).toBe(
      'max new connections per second per tuple',
    );
    expect(humanizeKey('tcpTWReuse')).toBe('tcp tw reuse');
    expect(humanizeKey('pid')).toBe('pid');
  });
});
