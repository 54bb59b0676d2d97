/**
 * tcpdoctor watch driven as a person would: the real program in tmux (send-keys, capture-pane)
 * over a namespace whose population changes while it runs; and the line and NDJSON modes on a
 * pipe.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, namespaceSkipReason, type Population, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();
const tmuxMissing = spawnSync('tmux', ['-V']).status !== 0;
if (tmuxMissing && process.env.CI === 'true')
  throw new Error('CI=true and tmux is missing: a skip is a failure in CI');

const SESSION = `tdwatch-${process.pid}`;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = () => tmux('capture-pane', '-p', '-t', SESSION);

/** Wait until the screen matches, or fail with what it showed (bounded: timeoutMs). */
async function waitFor(re: RegExp, timeoutMs = 8000): Promise<string> {
  const end = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (re.test(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`screen never matched ${re}:\n${last}`);
}

function row(text: string, name: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
  return line.trim().split(/\s+/);
}

describe.skipIf(skip || tmuxMissing)('tcpdoctor watch in a terminal', () => {
  let ns: TestNetns;
  let pop: Population;

  beforeAll(async () => {
    ns = TestNetns.create();
    pop = await ns.population();
    await pop.add({ kind: 'established', count: 4, host: '127.0.0.3' });
    await pop.add({ kind: 'time_wait', count: 10, host: '127.0.0.4' });
  });

  afterEach(() => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
  });

  afterAll(async () => {
    await ns?.destroy();
  });

  it('shows the right counts, follows a changing population, reacts to keys and restores the terminal', async () => {
    const cmd = `ip netns exec ${ns.name} env NO_COLOR=1 LANG=C ${process.execPath} ${CLI} watch --interval 500ms; echo "WATCH-EXITED $?"; sleep 30`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '140', '-y', '45', cmd);
    let s = await waitFor(/^TIME_WAIT +10 /m);
    const ss = ns.ssStates();
    expect(row(s, 'TIME_WAIT')[1]).toBe(String(ss.TIME_WAIT));
    expect(row(s, 'ESTABLISHED')[1]).toBe(String(ss.ESTABLISHED));
    expect(row(s, 'LISTEN')[1]).toBe(String(ss.LISTEN));
    expect(s).toMatch(/^By listener \(sort: sockets\)$/m);
    expect(s).toMatch(/q quit · g grouping · s sort · p pause · \/ filter · \? help/);

    // the population changes while we watch: TIME_WAIT climbs and the change per second shows it
    const more = await pop.add({ kind: 'time_wait', count: 25, host: '127.0.0.5' });
    s = await waitFor(/^TIME_WAIT +35 /m);
    expect(ns.ssStates().TIME_WAIT).toBe(35);

    // g cycles the grouping: listener → peer → destination
    tmux('send-keys', '-t', SESSION, 'g');
    s = await waitFor(/^By peer /m);
    tmux('send-keys', '-t', SESSION, 'g');
    s = await waitFor(/^By destination /m);
    expect(s).toMatch(new RegExp(`^127\\.0\\.0\\.1 → 127\\.0\\.0\\.5:${more.port} +25 .*TIME_WAIT 25`, 'm'));

    // s cycles the sort
    tmux('send-keys', '-t', SESSION, 's');
    await waitFor(/^By destination \(sort: change\)$/m);

    // / filters by port: only the 25 sockets toward that listener remain
    tmux('send-keys', '-t', SESSION, '/');
    await waitFor(/filter by address or port: █/);
    tmux('send-keys', '-t', SESSION, String(more.port), 'Enter');
    s = await waitFor(new RegExp(`filter: ${more.port}`));
    s = await waitFor(/^TIME_WAIT +25 /m);
    expect(row(s, 'ESTABLISHED')[1]).toBe('0');

    // a resize redraws to the new width: no line runs past it
    tmux('resize-window', '-t', SESSION, '-x', '90', '-y', '40');
    await new Promise((r) => setTimeout(r, 1200));
    s = await waitFor(/^TIME_WAIT +25 /m);
    for (const l of s.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(90);

    // p pauses, ? shows help, any key closes it
    tmux('send-keys', '-t', SESSION, 'p');
    await waitFor(/PAUSED/);
    tmux('send-keys', '-t', SESSION, '?');
    await waitFor(/cycle the grouping: listener → peer → destination → process/);
    tmux('send-keys', '-t', SESSION, 'x');
    await waitFor(/^STATE +SOCKETS/m);

    // q quits with status 0 and leaves the alternate screen: the watch view is gone
    tmux('send-keys', '-t', SESSION, 'q');
    s = await waitFor(/WATCH-EXITED 0/);
    expect(s).not.toMatch(/tcpdoctor watch/);
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
  });

  it('Ctrl-C exits cleanly too, and Chinese labels are there', async () => {
    const cmd = `ip netns exec ${ns.name} env NO_COLOR=1 ${process.execPath} ${CLI} watch --lang zh --interval 500ms; echo "WATCH-EXITED $?"; sleep 30`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '140', '-y', '45', cmd);
    const s = await waitFor(/^合计/m);
    expect(s).toMatch(/按监听端口/);
    expect(s).toMatch(/q 退出 · g 分组/);
    tmux('send-keys', '-t', SESSION, 'C-c');
    expect(await waitFor(/WATCH-EXITED 0/)).not.toMatch(/tcpdoctor watch/);
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
  });

  it('on a pipe: one compact line per interval, or NDJSON, stopping after --count', () => {
    const lines = ns.cli(['watch', '--interval', '200ms', '--count', '3']);
    expect(lines.status).toBe(0);
    const out = lines.stdout.trim().split('\n');
    expect(out).toHaveLength(3);
    const ss = ns.ssStates();
    for (const l of out) {
      expect(l).toMatch(/^\d{4}-\d\d-\d\dT\S+Z total=\d+ /);
      expect(l).toContain(`TIME_WAIT=${ss.TIME_WAIT}`);
    }
    const nd = ns.cli(['watch', '--interval', '200ms', '--count', '2', '--json', '--by', 'dest']);
    expect(nd.status).toBe(0);
    const objs = nd.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { schema: number; states: Record<string, number>; groups: { dest: unknown[] } },
      );
    expect(objs).toHaveLength(2);
    expect(objs[1]?.states).toEqual(ns.ssStates());
    expect(objs[1]?.schema).toBe(1);
    expect(objs[1]?.groups.dest.length).toBeGreaterThan(0);
  });
});
