/**
 * Who and where: groupings, owners, namespaces, counters and snapshots against real sockets in
 * private namespaces, checked against what `ss -tanp` shows for the same sockets.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStateName, STATE_NAMES } from '../../src/core/model/tcp-state.js';
import { CLI, cli, namespaceSkipReason, type Population, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();

interface GroupJson {
  label: string;
  total: number;
  states: Record<string, number>;
  listener?: { address: string; port: number; acceptQueue: number; backlog?: number };
  ephemeral?: { inUse: number; rangeSize: number; ratio: number };
  owner?: { pid: number; command: string };
}
interface Json {
  states: Record<string, number>;
  total: number;
  groups: Record<string, GroupJson[]>;
  timeWait?: { closeRatePerSecond: number; buckets: Array<{ count: number }> };
  rates?: { seconds: number; counters: Array<{ key: string; delta: number }> };
  counters?: { sockstat: { tw?: number } };
  namespaces?: Array<{ label: string; inode?: number; pid?: number; name?: string; total: number }>;
  sysctls?: Record<string, string>;
}

interface SsRow {
  state: string;
  local: string;
  lport: number;
  peer: string;
  pport: number;
  users: string;
}

/** `ss -tanpH` rows, addresses unbracketed and v4-mapped unmapped, as tcpdoctor labels them. */
function ssRows(ns: TestNetns): SsRow[] {
  const out = ns.run('ss', ['-tanpH']).stdout;
  return out
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const f = line.trim().split(/\s+/);
      const split = (ep: string) => {
        const i = ep.lastIndexOf(':');
        const addr = ep
          .slice(0, i)
          .replace(/^\[|\]$/g, '')
          .replace(/^::ffff:/, '');
        return [
          addr === '*' ? '0.0.0.0' : addr,
          ep.slice(i + 1) === '*' ? 0 : Number(ep.slice(i + 1)),
        ] as const;
      };
      const [local, lport] = split(f[3] as string);
      const [peer, pport] = split(f[4] as string);
      const code = parseStateName(f[0] as string) as number;
      return {
        state: STATE_NAMES[code - 1] as string,
        local,
        lport,
        peer,
        pport,
        users: f.slice(5).join(' '),
      };
    });
}

function tally<K>(rows: SsRow[], key: (r: SsRow) => K | undefined): Map<K, number> {
  const m = new Map<K, number>();
  for (const r of rows) {
    const k = key(r);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe.skipIf(skip)('status --by, owners, namespaces, counters, snapshots', () => {
  let ns: TestNetns;
  let ns2: TestNetns;
  let pop: Population;
  let twPort: number;
  let cwPort: number;
  let backlogPort: number;
  const dir = mkdtempSync(join(tmpdir(), 'tcpdoctor-groups-'));

  beforeAll(async () => {
    ns = TestNetns.create();
    ns2 = TestNetns.create();
    ns.sysctl('net.ipv4.ip_local_port_range', '40000 40999');
    pop = await ns.population();
    await pop.add({ kind: 'listen', count: 2 });
    // TIME_WAIT toward one destination, from kernel-chosen ports inside the narrowed range
    twPort = (await pop.add({ kind: 'time_wait', count: 40, src_port_base: 'auto', host: '127.0.0.5' }))
      .port as number;
    await pop.add({ kind: 'established', count: 6, host: '127.0.0.6' });
    cwPort = (await pop.add({ kind: 'close_wait', count: 9, host: '127.0.0.7' })).port as number;
    backlogPort = (await pop.add({ kind: 'unaccepted', count: 4, backlog: 1, host: '127.0.0.8' }))
      .port as number;
    const pop2 = await ns2.population();
    await pop2.add({ kind: 'established', count: 3 });
  });

  afterAll(async () => {
    await ns?.destroy();
    await ns2?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--by dest equals ss grouped by (local IP, remote IP:port), with ephemeral use of the real range', () => {
    const rows = ssRows(ns);
    const listenPorts = new Set(rows.filter((r) => r.state === 'LISTEN').map((r) => r.lport));
    const expected = tally(rows, (r) =>
      r.state === 'LISTEN' || listenPorts.has(r.lport) ? undefined : `${r.local} → ${r.peer}:${r.pport}`,
    );
    const j = JSON.parse(ns.cli(['--by', 'dest', '--top', '50', '--json']).stdout) as Json;
    const got = new Map(j.groups.dest?.map((g) => [g.label, g.total]));
    expect(got).toEqual(expected);
    const tw = j.groups.dest?.find((g) => g.label === `127.0.0.1 → 127.0.0.5:${twPort}`);
    expect(tw?.states).toEqual({ TIME_WAIT: 40 });
    expect(tw?.ephemeral).toEqual({ inUse: 40, rangeSize: 1000, ratio: 0.04 });
    expect(j.sysctls?.['net.ipv4.ip_local_port_range']).toBe('40000 40999');
    expect(j.timeWait?.closeRatePerSecond).toBeCloseTo(40 / 60);
  });

  it('--by lport groups inbound sockets under their listener with the accept queue', () => {
    const rows = ssRows(ns);
    const j = JSON.parse(ns.cli(['--by', 'lport', '--json', '--top', '50']).stdout) as Json;
    const full = j.groups.lport?.find((g) => g.listener?.port === backlogPort);
    const ssListener = rows.find((r) => r.state === 'LISTEN' && r.lport === backlogPort);
    expect(full?.listener?.acceptQueue).toBe(2); // backlog 1 holds backlog + 1
    expect(full?.states).toEqual({ LISTEN: 1, ESTABLISHED: 2 });
    expect(ssListener).toBeDefined();
    const cw = j.groups.lport?.find((g) => g.listener?.port === cwPort);
    expect(cw?.states).toEqual({ LISTEN: 1, CLOSE_WAIT: 9 });
    const total = j.groups.lport?.reduce((n, g) => n + g.total, 0);
    expect(total).toBe(rows.length);
  });

  it('--by process names the pid holding the CLOSE_WAIT sockets, as ss -tanp does', () => {
    const rows = ssRows(ns);
    const cwOwners = new Set(
      rows.filter((r) => r.state === 'CLOSE_WAIT').map((r) => /pid=(\d+)/.exec(r.users)?.[1]),
    );
    // ip netns exec execs the helper, so the pid we spawned is the pid ss names
    expect(cwOwners).toEqual(new Set([String(pop.pid)]));
    const ownerPid = pop.pid;
    const j = JSON.parse(ns.cli(['--by', 'process', '--state', 'close-wait', '--json']).stdout) as Json;
    expect(j.groups.process).toHaveLength(1);
    const g = j.groups.process?.[0];
    expect(g?.owner).toMatchObject({ pid: ownerPid, command: 'python3' });
    expect(g?.states).toEqual({ CLOSE_WAIT: 9 });
    expect(g?.label).toBe(`python3 (pid ${ownerPid})`);
    // human view
    const table = ns.cli(['--by', 'process']).stdout;
    expect(table).toMatch(new RegExp(`^python3 \\(pid ${ownerPid}\\) +\\d+ +.*CLOSE_WAIT 9`, 'm'));
    expect(table).toMatch(/^\(no owner: TIME_WAIT\) +40 +TIME_WAIT 40$/m);
  });

  it('--netns all finds both test namespaces and the host, labelled and deduplicated', () => {
    const j = JSON.parse(cli(['--netns', 'all', '--json']).stdout) as Json;
    const labels = j.namespaces?.map((n) => n.label) ?? [];
    expect(labels).toContain(ns.name);
    expect(labels).toContain(ns2.name);
    expect(labels[0]).toMatch(/^(host|this namespace)$/);
    const inodes = j.namespaces?.map((n) => n.inode);
    expect(new Set(inodes).size).toBe(inodes?.length);
    const mine = j.namespaces?.find((n) => n.label === ns.name);
    const expected = Object.values(ns.ssStates()).reduce((a, b) => a + b, 0);
    expect(mine?.total).toBe(expected);
    const other = j.namespaces?.find((n) => n.label === ns2.name);
    expect(other?.total).toBe(1 + 6);
    expect(j.total).toBe(j.namespaces?.reduce((n, x) => n + x.total, 0));
    // by name, and per-namespace grouping
    const byName = JSON.parse(cli(['--netns', ns2.name, '--json']).stdout) as Json;
    expect(byName.states.ESTABLISHED).toBe(6);
    const byNs = JSON.parse(cli(['--netns', 'all', '--by', 'netns', '--json']).stdout) as Json;
    expect(byNs.groups.netns?.find((g) => g.label === ns2.name)?.total).toBe(7);
  });

  it('an unknown namespace name is a one-line error listing the known ones', () => {
    const r = cli(['--netns', 'no-such-ns-here']);
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(
      /^tcpdoctor: no network namespace named "no-such-ns-here" in \/run\/netns \(known: .*\)\n$/,
    );
  });

  it('--interval shows non-zero counter rates while connections are made between the samples', async () => {
    const child = spawn(
      'ip',
      ['netns', 'exec', ns.name, process.execPath, CLI, '--interval', '3', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    await new Promise((r) => setTimeout(r, 800));
    await pop.add({ kind: 'established', count: 25, host: '127.0.0.9' });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(0);
    const j = JSON.parse(stdout) as Json;
    const active = j.rates?.counters.find((c) => c.key === 'Tcp.ActiveOpens');
    const passive = j.rates?.counters.find((c) => c.key === 'Tcp.PassiveOpens');
    expect(active?.delta).toBe(25);
    expect(passive?.delta).toBe(25);
    expect(j.rates?.seconds).toBeGreaterThanOrEqual(3);
    expect(j.counters?.sockstat.tw).toBe(40);
  });

  it('--save writes every socket; diff of two saves shows what changed per state and per group', async () => {
    const a = join(dir, 'before.json.gz');
    const b = join(dir, 'after.json');
    expect(ns.cli(['--save', a, '--by', 'dest']).status).toBe(0);
    await pop.add({ kind: 'time_wait', count: 12, host: '127.0.0.10', src_port_base: 'auto' });
    expect(ns.cli(['--save', b]).status).toBe(0);
    const d = JSON.parse(cli(['diff', a, b, '--by', 'dest', '--json']).stdout) as {
      states: Record<string, { before: number; after: number; delta: number }>;
      groups: { dest: Array<{ label: string; before: number; after: number; delta: number }> };
    };
    expect(d.states.TIME_WAIT?.delta).toBe(12);
    expect(d.states.LISTEN?.delta).toBe(1);
    expect(d.groups.dest[0]).toMatchObject({ before: 0, after: 12, delta: 12 });
    expect(d.groups.dest[0]?.label).toMatch(/^127\.0\.0\.1 → 127\.0\.0\.10:\d+$/);
    // --input reads a saved snapshot back with every field: saving it again gives the same sockets
    const again = join(dir, 'again.json');
    expect(cli(['--input', a, '--save', again]).status).toBe(0);
    const readBack = (f: string) =>
      JSON.parse(cli(['--input', f, '--json']).stdout) as { states: unknown; families: unknown };
    const savedA = JSON.parse(gunzipSync(readFileSync(a)).toString()) as {
      sockets: unknown[];
      families: unknown;
    };
    const savedAgain = JSON.parse(readFileSync(again, 'utf8')) as { sockets: unknown[]; families: unknown };
    expect(savedAgain.sockets).toEqual(savedA.sockets);
    expect(savedA.sockets.length).toBeGreaterThan(40);
    expect(readBack(a).families).toEqual(savedA.families);
    expect(readBack(again).states).toEqual(readBack(a).states);
    const byDest = JSON.parse(cli(['--input', a, '--by', 'dest', '--json']).stdout) as Json;
    expect(byDest.groups.dest?.find((g) => g.label.endsWith(`127.0.0.5:${twPort}`))?.total).toBe(40);
    const same = JSON.parse(cli(['diff', b, b, '--json']).stdout) as { total: { delta: number } };
    expect(same.total.delta).toBe(0);
    const human = cli(['diff', a, b, '--by', 'dest']).stdout;
    expect(human).toMatch(/^TIME_WAIT +\d+ +\d+ +\+12$/m);
  });
});
