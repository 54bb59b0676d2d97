import { describe, expect, it } from 'vitest';
import type { WatchFrame } from '../../core/watch/watch-frame.js';
import { displayWidth } from './format.js';
import { screenPatch } from './screen-patch.js';
import { renderWatchView, type WatchViewOptions, type WatchViewState } from './watch-view.js';

const ESC = '\u001b';

const frame: WatchFrame = {
  time: '2026-11-25T23:00:00.000Z',
  seconds: 1,
  total: 100_600,
  totalPerSecond: 1250,
  states: ['LISTEN', 'ESTABLISHED', 'TIME_WAIT', 'CLOSE_WAIT'].map((name, i) => ({
    name,
    count: [3, 1_000, 99_497, 100][i] ?? 0,
    perSecond: [0, 0, 1250, -2][i] ?? 0,
    spark: '▁▂▃▄▅▆▇█'.repeat(8),
  })),
  groups: {
    key: 'dest',
    rows: Array.from({ length: 80 }, (_, i) => ({
      label: `127.0.0.1 → 127.77.0.${i}:24100`,
      total: 1_000 - i,
      change: i,
      mix: `TIME_WAIT ${1_000 - i} · ESTABLISHED 1`,
    })),
  },
  rates: [{ key: 'TcpExt.ListenOverflows', perSecond: 2.5, delta: 5 }],
  findings: [{ severity: 'warning', id: 'time-wait-server-side', summary: 'x'.repeat(300) }],
  filter: '',
};

const state = (s: Partial<WatchViewState> = {}): WatchViewState => ({
  frame,
  paused: false,
  help: false,
  typing: undefined,
  columns: 100,
  rows: 30,
  ...s,
});
const opts = (o: Partial<WatchViewOptions> = {}): WatchViewOptions => ({
  lang: 'en',
  colour: false,
  header: 'vm · Linux 6.18 · live from netlink sock_diag, this network namespace',
  intervalText: '1s',
  sort: 'total',
  socketListEvery: 10,
  ...o,
});

describe('renderWatchView', () => {
  it('never draws more lines than the terminal has, nor a line wider than it (zh too)', () => {
    for (const lang of ['en', 'zh'] as const) {
      for (const [columns, rows] of [
        [100, 30],
        [60, 20],
        [40, 12],
        [200, 80],
      ] as const) {
        const lines = renderWatchView(state({ columns, rows }), opts({ lang }));
        expect(lines.length).toBeLessThanOrEqual(rows);
        for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(columns);
      }
    }
  });

  it('fills the rows left over with groups and keeps the key line at the bottom', () => {
    const lines = renderWatchView(state({ rows: 30 }), opts());
    expect(lines).toHaveLength(30);
    expect(lines.at(-1)).toBe('q quit · g grouping · s sort · p pause · / filter · ? help');
    expect(lines).toContain('By destination (sort: sockets)');
    expect(lines.some((l) => l.startsWith('TIME_WAIT') && l.includes('99,497') && l.includes('+1,250'))).toBe(
      true,
    );
    expect(lines.some((l) => l.startsWith('groups refresh every 10 frames'))).toBe(true);
    expect(lines.find((l) => l.startsWith('WARNING'))?.endsWith('…')).toBe(true);
  });

  it('colours only when asked', () => {
    expect(renderWatchView(state(), opts()).join('\n')).not.toContain(ESC);
    expect(renderWatchView(state(), opts({ colour: true })).join('\n')).toContain(`${ESC}[1m`);
  });

  it('shows pause, filter, the filter prompt and the help', () => {
    const paused = renderWatchView(state({ paused: true, frame: { ...frame, filter: '24100' } }), opts());
    expect(paused[0]).toMatch(/^tcpdoctor watch {2}PAUSED {2}filter: 24100 · every 1s/);
    const typing = renderWatchView(state({ typing: '127.' }), opts());
    expect(typing.at(-1)).toBe('filter by address or port: 127.█');
    const help = renderWatchView(state({ help: true }), opts({ lang: 'zh' }));
    expect(help.join('\n')).toContain('切换分组');
  });
});

describe('screenPatch', () => {
  it('writes nothing when nothing changed, and only the changed lines otherwise', () => {
    expect(screenPatch(['a', 'b', 'c'], ['a', 'b', 'c'])).toBe('');
    const p = screenPatch(['a', 'b', 'c'], ['a', 'B', 'c']);
    expect(p).toContain(`${ESC}[2;1H`);
    expect(p).toContain('B');
    expect(p).not.toContain('a');
    expect(p).not.toContain('c');
  });

  it('draws everything on a blank screen and clears what a shorter view leaves below', () => {
    expect(screenPatch([], ['x', 'y'])).toBe(`${ESC}[1;1H${ESC}[2Kx${ESC}[2;1H${ESC}[2Ky`);
    expect(screenPatch(['x', 'y', 'z'], ['x'])).toBe(`${ESC}[2;1H${ESC}[J`);
  });
});
