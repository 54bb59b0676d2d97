import { describe, expect, it } from 'vitest';
import { sock } from '../../../test/support/socket-record.js';
import { toStateMap } from '../model/census.js';
import type { ProcessRef, SocketRecord } from '../model/socket.js';
import { groupSockets, parseReservedPorts, portRangeSize, timeWaitAge } from './group-by.js';

// A small host: nginx listening on :80 (one queued, never-accepted connection), a redis client
// with 5 TIME_WAIT + 2 ESTABLISHED toward 10.0.3.7:6379, and one connection to a database.
const records: SocketRecord[] = [
  sock(10, '0.0.0.0', 80, '0.0.0.0', 0, { rxQueue: 1, inode: 100 }),
  sock(1, '10.0.0.1', 80, '192.0.2.9', 51000, { inode: 101 }),
  sock(1, '10.0.0.1', 80, '192.0.2.10', 51001, { inode: 0 }), // queued: not yet accepted
  sock(8, '::ffff:10.0.0.1', 80, '::ffff:192.0.2.11', 51002, { inode: 102, family: 6 }),
  ...[40000, 40001, 40002, 40003, 40004].map((p) =>
    sock(6, '10.0.0.1', p, '10.0.3.7', 6379, { expiresMs: p === 40000 ? 59_000 : 5_000, inode: 0 }),
  ),
  sock(1, '10.0.0.1', 40005, '10.0.3.7', 6379, { inode: 200 }),
  sock(1, '10.0.0.1', 1000, '10.0.3.7', 6379, { inode: 201 }), // bound below the range
  sock(1, '10.0.0.1', 45000, '10.0.9.9', 5432, { inode: 300 }),
];
const owners = new Map<number, ProcessRef[]>([
  [100, [{ pid: 10, command: 'nginx' }]],
  [101, [{ pid: 11, command: 'nginx' }]],
  [102, [{ pid: 11, command: 'nginx' }]],
  [200, [{ pid: 20, command: 'gateway', container: 'c'.repeat(64) }]],
  [201, [{ pid: 20, command: 'gateway', container: 'c'.repeat(64) }]],
]);

describe('groupSockets', () => {
  it('groups outbound sockets by destination tuple with ephemeral-port use', () => {
    const g = groupSockets(records, 'dest', { top: 10, ephemeral: { low: 40000, high: 40009 } });
    expect(g.map((x) => x.label)).toEqual(['10.0.0.1 → 10.0.3.7:6379', '10.0.0.1 → 10.0.9.9:5432']);
    expect(toStateMap(g[0]?.counts as Float64Array)).toMatchObject({ TIME_WAIT: 5, ESTABLISHED: 2 });
    expect(g[0]?.total).toBe(7);
    // 6 of the 7 sit inside 40000-40009 (port 1000 does not): 6 of 10
    expect(g[0]?.ephemeral).toEqual({ inUse: 6, rangeSize: 10, ratio: 0.6 });
    expect(g[1]?.ephemeral?.inUse).toBe(0); // 45000 lies outside this range
  });

  it('subtracts reserved ports from the range', () => {
    const reserved = parseReservedPorts('40001,40008-40009');
    expect(portRangeSize({ low: 40000, high: 40009, reserved })).toBe(7);
    const g = groupSockets(records, 'dest', { top: 10, ephemeral: { low: 40000, high: 40009, reserved } });
    expect(g[0]?.ephemeral).toMatchObject({ inUse: 5, rangeSize: 7 });
  });

  it('groups inbound sockets under their listener, v4-mapped included, with the accept queue', () => {
    const g = groupSockets(records, 'lport', { top: 10 });
    const l80 = g.find((x) => x.label === '0.0.0.0:80');
    expect(l80?.total).toBe(4);
    expect(toStateMap(l80?.counts as Float64Array)).toMatchObject({
      LISTEN: 1,
      ESTABLISHED: 2,
      CLOSE_WAIT: 1,
    });
    expect(l80?.listener).toEqual({ address: '0.0.0.0', port: 80, acceptQueue: 1 });
    expect(l80?.listener?.backlog).toBeUndefined();
    expect(g.find((x) => x.label.startsWith('outbound'))?.total).toBe(8);
  });

  it('names processes, and charges not-yet-accepted sockets to the listener owner', () => {
    const g = groupSockets(records, 'process', { top: 10, owners });
    const labels = Object.fromEntries(g.map((x) => [x.label, x.total]));
    expect(labels).toEqual({
      'nginx (pid 10)': 1,
      'nginx (pid 11)': 2,
      'nginx (pid 10) [not accepted / orphaned]': 1,
      '(no owner: TIME_WAIT)': 5,
      'gateway (pid 20, container cccccccccccc)': 2,
      '(owner not visible: needs root, or another PID namespace)': 1,
    });
  });

  it('keeps the top N and sums the rest into one other row', () => {
    const g = groupSockets(records, 'raddr', { top: 2 });
    expect(g).toHaveLength(3);
    expect(g[0]?.label).toBe('10.0.3.7');
    expect(g[2]?.other).toBe(true);
    expect(g.reduce((n, x) => n + x.total, 0)).toBe(records.length - 1); // LISTEN has no peer
  });
});

describe('timeWaitAge', () => {
  it('buckets remaining TIME_WAIT lifetime and derives the close rate', () => {
    const age = timeWaitAge(records);
    expect(age.buckets.map((b) => b.count)).toEqual([4, 0, 0, 0, 0, 1]);
    expect(age.withTimer).toBe(5);
    expect(age.closeRatePerSecond).toBeCloseTo(5 / 60);
  });
});
