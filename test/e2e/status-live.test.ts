/**
 * The live census against real sockets: a helper process in a private network namespace holds a
 * known population; the built CLI runs inside that namespace and from outside with --netns PID;
 * its counts must equal what `ss -tan` reports in the same namespace at the same moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_NAMES } from '../../src/core/model/tcp-state.js';
import { cli, namespaceSkipReason, type Population, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();

interface StatusJson {
  schema: number;
  host: string;
  kernel: string;
  time: string;
  source: { kind: string; netns: { pid?: number; inode?: number }; paths: string[] };
  total: number;
  states: Record<string, number>;
  families: { ipv4: Record<string, number>; ipv6: Record<string, number> };
  notes: string[];
}

function parseJson(stdout: string): StatusJson {
  return JSON.parse(stdout) as StatusJson;
}

describe.skipIf(skip)('tcpdoctor status on a live namespace', () => {
  let ns: TestNetns;
  let pop: Population;

  beforeAll(async () => {
    ns = TestNetns.create();
    pop = await ns.population();
    // The population: 3 LISTEN, 20 ESTABLISHED pairs, 50 TIME_WAIT, 7 CLOSE_WAIT with their
    // FIN_WAIT2 peers; plus IPv6 so the family split is tested too.
    await pop.add({ kind: 'listen', count: 3 });
    await pop.add({ kind: 'established', count: 20 });
    await pop.add({ kind: 'time_wait', count: 50 });
    await pop.add({ kind: 'close_wait', count: 7 });
    await pop.add({ kind: 'established', count: 4, family: 6 });
    await pop.add({ kind: 'time_wait', count: 5, family: 6 });
  });

  afterAll(async () => {
    await ns?.destroy();
  });

  it('holds the population it was asked for (sanity check of the helper, via ss)', () => {
    const ss = ns.ssStates();
    // 3 idle listeners + one per group with a server: established, time_wait, close_wait (IPv4),
    // established and time_wait (IPv6).
    expect(ss).toMatchObject({
      LISTEN: 3 + 3 + 2,
      ESTABLISHED: 2 * 20 + 2 * 4,
      TIME_WAIT: 50 + 5,
      CLOSE_WAIT: 7,
      FIN_WAIT2: 7,
    });
  });

  it('--json inside the namespace equals ss -tan of the same moment', () => {
    const before = ns.ssStates();
    const r = ns.cli(['--json']);
    const after = ns.ssStates();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(before).toEqual(after); // nothing moved while we looked
    const j = parseJson(r.stdout);
    expect(j.states).toEqual(before);
    expect(Object.keys(j.states)).toEqual([...STATE_NAMES]);
    expect(j.total).toBe(Object.values(before).reduce((a, b) => a + b, 0));
    expect(j.families.ipv6).toMatchObject({ ESTABLISHED: 8, TIME_WAIT: 5, LISTEN: 2 });
    expect(j.families.ipv4).toMatchObject({ ESTABLISHED: 40, TIME_WAIT: 50, LISTEN: 6, CLOSE_WAIT: 7 });
    expect(j.schema).toBe(1);
    expect(j.source.kind).toMatch(/^(proc|netlink)$/);
    expect(Number.isNaN(Date.parse(j.time))).toBe(false);
    expect(j.kernel).toMatch(/^\d+\.\d+/);
  });

  it('--netns PID from the host namespace reads the same namespace', () => {
    const expected = ns.ssStates();
    const r = cli(['--json', '--netns', String(pop.pid)]);
    expect(r.status).toBe(0);
    const j = parseJson(r.stdout);
    expect(j.states).toEqual(expected);
    expect(j.source.netns.pid).toBe(pop.pid);
    expect(j.source.netns.inode).toBeGreaterThan(0);
  });

  it('--awk prints the one-liner format, states present only', () => {
    const expected = ns.ssStates();
    const r = ns.cli(['--awk']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const present = Object.entries(expected).filter(([, n]) => n > 0);
    expect(lines.sort()).toEqual(present.map(([s, n]) => `${s} ${n}`).sort());
  });

  it('filters by family and by state in any spelling', () => {
    const v6 = parseJson(ns.cli(['--json', '--family', '6']).stdout);
    expect(v6.total).toBe(8 + 5 + 2);
    expect(v6.families.ipv4.ESTABLISHED).toBe(0);
    const tw = ns.cli(['--awk', '--state', 'time-wait', '--state', 'CLOSE-WAIT']);
    expect(tw.stdout).toBe('TIME_WAIT 55\nCLOSE_WAIT 7\n');
    const bad = ns.cli(['--state', 'TIME_WIAT']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown TCP state "TIME_WIAT".*TIME_WAIT/);
    expect(bad.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('prints an aligned human table with totals and a hint for the CLOSE_WAIT crowd', async () => {
    await pop.add({ kind: 'close_wait', count: 50 });
    const r = ns.cli([], { env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out.includes('\u001b[')).toBe(false); // no colour on a pipe
    expect(out).toMatch(/^STATE +SOCKETS +IPV4 +IPV6 +SHARE$/m);
    expect(out).toMatch(/^CLOSE_WAIT +57 +57 +0 +\d+\.\d %$/m);
    expect(out).toMatch(/^TOTAL +\d+/m);
    expect(out).toMatch(/^hint: 57 CLOSE_WAIT: .*close\(\)/m);
    // every state is listed, in lifecycle order
    const order = out
      .split('\n')
      .map((l) => l.split(/\s+/)[0])
      .filter((w): w is string => (STATE_NAMES as readonly string[]).includes(w ?? ''));
    expect(order).toEqual([
      'LISTEN',
      'SYN_SENT',
      'SYN_RECV',
      'ESTABLISHED',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'CLOSING',
      'TIME_WAIT',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSE',
    ]);
  });

  it('works unprivileged and says what it could not see', () => {
    const expected = ns.ssStates();
    const inside = ns.cli(['--json'], { asUser: 65534 });
    expect(inside.status).toBe(0);
    expect(parseJson(inside.stdout).states).toEqual(expected);
    // From outside, nobody may read /proc/PID/net/tcp of root's helper but not its ns link.
    const outside = cli(['--json', '--netns', String(pop.pid)], { asUser: 65534 });
    expect(outside.status).toBe(0);
    const j = parseJson(outside.stdout);
    expect(j.states).toEqual(expected);
    expect(j.source.netns.inode).toBeUndefined();
    expect(j.notes.join(' ')).toMatch(/namespace id of pid \d+ is hidden from this user \(needs root\)/);
  });
});

describe('tcpdoctor status errors', () => {
  it('rejects a pid that does not exist with a one-line message and exit 5', () => {
    const r = cli(['--netns', '999999999']);
    expect(r.status).toBe(5);
    expect(r.stderr).toBe('tcpdoctor: no process 999999999: --netns needs the pid of a running process\n');
    expect(r.stdout).toBe('');
  });

  it('usage errors exit 2 with one line', () => {
    for (const args of [
      ['--bogus'],
      ['--family', '5'],
      ['--json', '--awk'],
      ['--netns', '../abc'],
      ['frobnicate'],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^tcpdoctor: /);
    }
  });

  it('--help and --version answer on stdout', () => {
    expect(cli(['--help']).stdout).toMatch(/Usage: tcpdoctor/);
    expect(cli(['status', '--help']).stdout).toMatch(
      /--netns NS +a pid \(its network namespace\), a name under \/run\/netns, or "all"/,
    );
    expect(cli(['--version']).stdout).toMatch(/^tcpdoctor \d+\.\d+\.\d+/);
  });
});
