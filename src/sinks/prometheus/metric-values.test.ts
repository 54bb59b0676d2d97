import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SocketRecord } from '../../core/model/socket.js';
import { groupSockets, type PortRange } from '../../core/tally/group-by.js';
import { destinationUse, listenerPorts } from './metric-values.js';

/** A small world of addresses and ports so that listeners, connections and destinations collide. */
const address = fc.constantFrom(
  '0.0.0.0',
  '::',
  '10.0.0.1',
  '127.0.0.1',
  '::ffff:10.0.0.1',
  '::1',
  '10.0.3.7',
);
const port = fc.constantFrom(80, 443, 6379, 40000, 40001, 40050, 40099, 40100, 12000);
const record: fc.Arbitrary<SocketRecord> = fc.record({
  family: fc.constantFrom(4 as const, 6 as const),
  state: fc.constantFrom(1, 2, 3, 6, 8, 10, 10, 11),
  localAddress: address,
  localPort: port,
  remoteAddress: address,
  remotePort: port,
  rxQueue: fc.nat(5),
  backlog: fc.option(fc.constantFrom(128, 511), { nil: undefined }),
});
const RANGE: PortRange = { low: 40000, high: 40099, reserved: new Set([40050]) };

describe('the one-pass tallies agree with group-by.ts on any population', () => {
  it('listenerPorts: group-by lport groups summed by port', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (records) => {
        const expected = new Map<string, number[]>();
        for (const g of groupSockets(records, 'lport', { top: Number.MAX_SAFE_INTEGER })) {
          if (!g.listener) continue;
          const key = String(g.listener.port);
          const row = expected.get(key) ?? new Array(16).fill(0);
          for (let i = 0; i < 16; i++) row[i] += g.counts[i] ?? 0;
          expected.set(key, row);
        }
        const got = new Map(listenerPorts(records, 1000).map((r) => [r.port, [...r.counts]]));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('destinationUse: group-by dest groups with ephemeral ports in use', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (records) => {
        const expected = groupSockets(records, 'dest', { top: Number.MAX_SAFE_INTEGER, ephemeral: RANGE })
          .filter((g) => (g.ephemeral?.inUse ?? 0) > 0)
          .map((g) => `${g.label} ${g.ephemeral?.inUse} ${g.ephemeral?.ratio}`)
          .sort();
        const got = destinationUse(records, RANGE, 1000)
          .rows.map((r) => `${r.localAddress} → ${r.destination} ${r.inUse} ${r.ratio}`)
          .sort();
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the top N destinations by ports in use and the range size', () => {
    const records: SocketRecord[] = [];
    for (let d = 1; d <= 20; d++) {
      for (let k = 0; k < d; k++) {
        records.push({
          family: 4,
          state: 6,
          localAddress: '10.0.0.1',
          localPort: 40000 + k,
          remoteAddress: `10.0.3.${d}`,
          remotePort: 6379,
        });
      }
    }
    // port 40050 is reserved: not ephemeral, not counted
    records.push({
      family: 4,
      state: 1,
      localAddress: '10.0.0.1',
      localPort: 40050,
      remoteAddress: '10.0.3.20',
      remotePort: 6379,
    });
    const use = destinationUse(records, RANGE, 3);
    expect(use.rangeSize).toBe(99);
    expect(use.rows.map((r) => [r.destination, r.inUse])).toEqual([
      ['10.0.3.20:6379', 20],
      ['10.0.3.19:6379', 19],
      ['10.0.3.18:6379', 18],
    ]);
  });
});
