import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damageLine } from '../../../test/support/damage-line.js';
import { feedInChunks } from '../../../test/support/feed-in-chunks.js';
import { STATES } from '../model/tcp-state.js';
import { createCaptureScan, finishCaptureScan } from './scan-capture.js';

/**
 * ss.ts's fast loop (ssRun, ssOddRow) reads aligned rows at learnt offsets instead of field by
 * field. Whatever the layout changes and odd rows, it must count the sockets the general reader
 * counts on the same bytes, state by state, and read the same lines.
 */

/** A scan where the fast loops never run: every line goes through the general reader. */
function scanGeneral(buf: Uint8Array, cuts: number[]) {
  return scan(buf, cuts, true);
}

function scan(buf: Uint8Array, cuts: number[], general = false) {
  const st = createCaptureScan();
  if (general) st.runCooldown = Number.MAX_SAFE_INTEGER;
  feedInChunks(buf, cuts, st);
  const s = finishCaptureScan(st);
  return {
    v4: Array.from(st.census.ipv4),
    v6: Array.from(st.census.ipv6),
    rows: s.rows,
    lines: s.linesRead,
    skipped: s.linesSkipped,
    ignored: s.linesIgnored,
    stars: s.limits,
  };
}

const byState = (r: { v4: number[]; v6: number[] }) => r.v4.map((n, i) => n + (r.v6[i] as number));

const ssStates = [...STATES.map((s) => s.ss), 'BOUND-INACTIVE', 'NEW-SYN-RECV', 'ESTABLISHED', 'BOGUS'];

const local = fc.oneof(
  { weight: 6, arbitrary: fc.ipV4().filter((a) => !a.includes(':')) },
  { weight: 2, arbitrary: fc.ipV6().map((a) => `[${a}]`) },
  { weight: 1, arbitrary: fc.ipV4().map((a) => `[::ffff:${a}]`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '*',
      '0.0.0.0',
      '[::]',
      '127.0.0.53%lo',
      '[fe80::1]%eth0',
      'localhost',
      '::1',
      '::ffff:10.0.0.1',
      '0.0.7.1',
      '1.2.3',
      '[::1',
    ),
  },
);

const row = fc.record({
  state: fc.constantFrom(...ssStates),
  recv: fc.constantFrom('0', '0', '0', '12', '4096'),
  send: fc.constantFrom('0', '0', '0', '1', '65535'),
  /** Which of the batch's local addresses: a host has a few, and the fast loop keeps those. */
  local: fc.nat(3),
  port: fc.constantFrom('22', '80', '443', '5432', '65535', '*', 'ssh', '8\t'),
  peer: fc.constantFrom('0.0.0.0:*', '10.0.0.2:5000', '[::1]:443', '192.168.100.200:65535'),
  process: fc.constantFrom('', '', '', ' users:(("nginx",pid=7,fd=6))'),
});

/** One render batch: every column padded to one width, as ss does. */
const batch = fc
  .record({
    stateW: fc.integer({ min: 5, max: 16 }),
    qW: fc.integer({ min: 1, max: 8 }),
    addrW: fc.integer({ min: 1, max: 40 }),
    locals: fc.array(local, { minLength: 4, maxLength: 4 }),
    rows: fc.array(row, { minLength: 1, maxLength: 60 }),
  })
  .map(({ stateW, qW, addrW, locals, rows }) =>
    rows.map(
      (r) =>
        `${r.state.padEnd(stateW)} ${r.recv.padEnd(qW)} ${r.send.padEnd(qW)} ${(locals[r.local] as string).padStart(addrW)}:${r.port.padEnd(6)} ${r.peer.padStart(24)}${r.process}`,
    ),
  );

const damage = fc.record({
  line: fc.nat(),
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'insert', 'delete', 'newline', 'truncate'),
  ch: fc.constantFrom(10, 32, 48, 49, 46, 58, 93, 91, 13, 9, 65, 0x84),
});

function damaged(
  lines: string[],
  damages: Array<{ line: number; at: number; kind: string; ch: number }>,
): string[] {
  const out = [...lines];
  for (const d of damages) {
    const i = 1 + (d.line % Math.max(1, out.length - 1));
    out[i] = damageLine(out[i] ?? '', d.at, d.kind, String.fromCharCode(d.ch));
  }
  return out;
}

describe('ss fast loop', () => {
  it('counts the sockets the general reader counts, across layouts, odd rows and chunk cuts', () => {
    fc.assert(
      fc.property(
        fc.array(batch, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (batches, cuts) => {
          const lines = [
            'State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process',
            ...batches.flat(),
          ];
          const buf = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
          const fast = scan(buf, cuts);
          const general = scanGeneral(buf, []);
          // the same sockets by state, lines and bad lines; the family may differ on rows whose
          // columns do not line up with the rows around them (the loop trusts the learnt columns)
          expect(byState(fast)).toEqual(byState(general));
          expect([fast.rows, fast.lines, fast.skipped, fast.ignored]).toEqual([
            general.rows,
            general.lines,
            general.skipped,
            general.ignored,
          ]);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  it('damaged rows: never more sockets than lines, per state never more than the general reader plus the damaged lines', () => {
    fc.assert(
      fc.property(
        fc.array(batch, { minLength: 1, maxLength: 4 }),
        fc.array(damage, { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (batches, damages, cuts) => {
          const lines = damaged(
            [
              'State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process',
              ...batches.flat(),
            ],
            damages,
          );
          const buf = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
          const fast = scan(buf, cuts);
          const general = scanGeneral(buf, []);
          expect(fast.lines).toBe(general.lines);
          expect(fast.rows).toBeLessThanOrEqual(fast.lines);
          expect(fast.rows).toBeLessThanOrEqual(general.rows + damages.length);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  it('a row wrapped after Send-Q is not read together with the next line', () => {
    const text = [
      'State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process',
      'ESTAB      0      0               10.0.0.1:22             10.0.0.2:5000',
      'ESTAB      0      0               10.0.0.1:22             10.0.0.2:5001',
      'ESTAB      0      0',
      '          10.0.0.1:22             10.0.0.2:5002',
      'TIME-WAIT  0      0               10.0.0.1:22             10.0.0.2:5003',
      '',
    ].join('\n');
    const buf = Buffer.from(text, 'latin1');
    const fast = scan(buf, []);
    expect(fast).toEqual(scanGeneral(buf, []));
    expect(fast.rows).toBe(4);
    expect(fast.lines).toBe(6);
  });

  it('a newline inside a row of the usual length ends the row there', () => {
    const row = (port: number) =>
      `ESTAB      0      0               10.0.0.1:22             10.0.0.2:${port} `;
    const broken = `${row(5003).slice(0, 50)}\n${row(5003).slice(51)}`;
    const text = ['State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process'];
    for (let i = 0; i < 20; i++) text.push(row(5000 + i));
    text.push(broken, row(6000), row(6001), '');
    const buf = Buffer.from(text.join('\n'), 'latin1');
    const fast = scan(buf, []);
    expect(fast).toEqual(scanGeneral(buf, []));
    expect(fast.lines).toBe(25);
  });
});
