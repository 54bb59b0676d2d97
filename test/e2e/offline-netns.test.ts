/**
 * Captures taken by the real tools of this machine equal the live census: a known population in
 * a private namespace, `ss -tan`, `ss -tanp`, `netstat -tan`, `netstat -tanp` and /proc/net/tcp{,6}
 * saved at the same moment as the live `--json`, then read back with --input (and through a pipe).
 * Root only (ip netns); under CI=true a missing privilege fails instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cli, namespaceSkipReason, type Population, TestNetns } from '../support/netns.js';

const skip = namespaceSkipReason();

interface Census {
  states: Record<string, number>;
  families: { ipv4: Record<string, number>; ipv6: Record<string, number> };
  source: { kind: string; inputs?: Array<{ format: string; linesSkipped: number }> };
}

describe.skipIf(skip)('captures of a live namespace read back offline', () => {
  let ns: TestNetns;
  let pop: Population;
  let tmp: string;
  const files: Record<string, string> = {};
  let live: Census;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'td-offline-ns-'));
    ns = TestNetns.create();
    pop = await ns.population();
    await pop.add({ kind: 'listen', count: 2 });
    await pop.add({ kind: 'established', count: 6 });
    await pop.add({ kind: 'time_wait', count: 9 });
    await pop.add({ kind: 'close_wait', count: 3 });
    await pop.add({ kind: 'unaccepted', count: 3, backlog: 1 });
    await pop.add({ kind: 'established', count: 3, family: 6 });
    await pop.add({ kind: 'time_wait', count: 4, family: 6 });
    await pop.add({ kind: 'established', count: 2, family: 6, host: '::', client_family: 4 });
    // everything at one moment: the captures, then the live census, then the captures again
    const before = ns.ssStates();
    for (const [name, cmd, args] of [
      ['ss-tan', 'ss', ['-tan']],
      ['ss-tanp', 'ss', ['-tanp']],
      ['netstat-tan', 'netstat', ['-tan']],
      ['netstat-tanp', 'netstat', ['-tanp']],
      ['proc-tcp', 'cat', ['/proc/net/tcp']],
      ['proc-tcp6', 'cat', ['/proc/net/tcp6']],
    ] as const) {
      const r = ns.run(cmd, [...args]);
      expect(r.status, `${cmd} ${args.join(' ')}: ${r.stderr}`).toBe(0);
      files[name] = join(tmp, `${name}.txt`);
      writeFileSync(files[name] as string, r.stdout);
    }
    const r = ns.cli(['--json']);
    expect(r.status).toBe(0);
    live = JSON.parse(r.stdout) as Census;
    expect(ns.ssStates(), 'the population moved while it was captured').toEqual(before);
  });

  afterAll(async () => {
    await ns?.destroy();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the live census holds the population (sanity check)', () => {
    expect(live.states).toMatchObject({ TIME_WAIT: 13, CLOSE_WAIT: 3, FIN_WAIT2: 3, SYN_SENT: 1 });
    expect(live.families.ipv6.ESTABLISHED).toBe(2 * 3 + 2);
  });

  it.each([
    ['ss-tan', 'ss'],
    ['ss-tanp', 'ss'],
    ['netstat-tan', 'netstat-linux'],
    ['netstat-tanp', 'netstat-linux'],
  ])('--input %s equals the live --json census, family by family', (name, format) => {
    const r = cli(['--input', files[name] as string, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const offline = JSON.parse(r.stdout) as Census;
    expect(offline.families).toEqual(live.families);
    expect(offline.states).toEqual(live.states);
    expect(offline.source.inputs).toEqual([expect.objectContaining({ format, linesSkipped: 0 })]);
  });

  it('/proc/net/tcp and tcp6 as two inputs equal it too', () => {
    const r = cli([
      '--input',
      files['proc-tcp'] as string,
      '--input',
      files['proc-tcp6'] as string,
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as Census).families).toEqual(live.families);
  });

  it('netstat -tan | tcpdoctor (a pipe, no flag) equals it', () => {
    const r = spawnSync(
      'sh',
      ['-c', `cat '${files['netstat-tan']}' | '${process.execPath}' '${CLI}' --json`],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect(r.status).toBe(0);
    const offline = JSON.parse(r.stdout) as Census;
    expect(offline.source.kind).toBe('file');
    expect(offline.families).toEqual(live.families);
  });
});
