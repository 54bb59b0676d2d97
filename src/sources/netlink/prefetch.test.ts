import { describe, expect, it } from 'vitest';
import { prefetchCensus, prefetchNetns, takePrefetched } from './prefetch.js';

describe('prefetchNetns: only the plain census starts a dump early', () => {
  it('accepts the plain census, its output and filter flags, and a numeric --netns', () => {
    expect(prefetchNetns([])).toBe(0);
    expect(prefetchNetns(['status'])).toBe(0);
    expect(prefetchNetns(['--json'])).toBe(0);
    expect(prefetchNetns(['status', '--awk', '--family', '6', '--state', 'time-wait', '-v'])).toBe(0);
    expect(prefetchNetns(['--json', '--netns', '4242'])).toBe(4242);
    expect(prefetchNetns(['--json', '--netns=17', '--source=netlink'])).toBe(17);
    expect(prefetchNetns(['--source', 'auto', '--no-color', '--live'])).toBe(0);
  });

  it('declines everything else: other commands, /proc, names, groupings, help, unknown flags', () => {
    for (const argv of [
      ['diagnose'],
      ['status', '--source', 'proc'],
      ['--source=proc'],
      ['--netns', 'web'],
      ['--netns', 'all'],
      ['--netns'],
      ['--by', 'rport'],
      ['--json', '--save', 'x.json'],
      ['--help'],
      ['-h'],
      ['--input', 'capture.txt'],
      ['--family'],
      ['--json=yes'],
    ]) {
      expect(prefetchNetns(argv), argv.join(' ')).toBeUndefined();
    }
  });
});

describe('prefetchCensus', () => {
  it('starts nothing without the addon, and hands a job out at most once', () => {
    prefetchCensus(['--json'], { TCPDOCTOR_ADDON: 'none' });
    expect(takePrefetched(0, 0)).toBeUndefined();
  });
});
