import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCensus, toStateMap } from '../model/census.js';
import type { SocketRecord } from '../model/socket.js';
import { IssueLog } from './parse-issue.js';
import { type ProcScanState, parseProcNetTcpLine, scanProcNetTcp } from './proc-net-tcp.js';

// Captured on this machine (Linux 6.18, x86_64) inside a private namespace while
// test/support/population.py held a known population (test/fixtures/capture-linux.sh); ss -tan of
// the same moment is beside them.
const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures');
const tcp4 = readFileSync(resolve(FIXTURES, 'proc-net-tcp.linux6.18.txt'));
const tcp6 = readFileSync(resolve(FIXTURES, 'proc-net-tcp6.linux6.18.txt'));

function state(records?: SocketRecord[]): ProcScanState {
  return {
    census: createCensus(),
    issues: new IssueLog(),
    lineNumber: 0,
    rows: 0,
    headers: 0,
    littleEndian: true,
    clkTck: 100,
    onRecord: records ? (r) => records.push(r) : undefined,
  };
}

describe('scanProcNetTcp on real captures', () => {
  it('counts each family and state as ss showed them at the same moment', () => {
    const st = state();
    scanProcNetTcp(tcp4, 0, tcp4.length, st, true);
    scanProcNetTcp(tcp6, 0, tcp6.length, st, true);
    // Written by hand from the population in capture-linux.sh (and ss-tan.linux6.18.txt agrees).
    expect(toStateMap(st.census.ipv4)).toMatchObject({
      LISTEN: 7,
      ESTABLISHED: 12,
      TIME_WAIT: 6,
      CLOSE_WAIT: 2,
      FIN_WAIT2: 2,
      SYN_SENT: 1,
      SYN_RECV: 0,
    });
    expect(toStateMap(st.census.ipv6)).toMatchObject({
      LISTEN: 4,
      ESTABLISHED: 6,
      TIME_WAIT: 2,
      CLOSE_WAIT: 0,
    });
    expect(st.rows).toBe(42);
    expect(st.headers).toBe(2);
    expect(st.issues.count).toBe(0);
  });

  it('scans concatenated tables (tcp then tcp6) in one stream, split at any byte', () => {
    const both = Buffer.concat([tcp4, tcp6]);
    for (const cut of [1, 77, 150, 151, 2000, both.length - 3]) {
      const st = state();
      const buf = Buffer.alloc(both.length);
      both.copy(buf, 0, 0, cut);
      const consumed = scanProcNetTcp(buf, 0, cut, st, false);
      // feed the rest after the unconsumed tail, as the streaming reader does
      const rest = Buffer.concat([both.subarray(consumed, cut), both.subarray(cut)]);
      scanProcNetTcp(rest, 0, rest.length, st, true);
      expect(st.rows, `cut at ${cut}`).toBe(42);
      expect(st.issues.count).toBe(0);
    }
  });

  it('decodes records exactly: addresses, ports, queues, timers, inodes', () => {
    const records: SocketRecord[] = [];
    const st = state(records);
    scanProcNetTcp(tcp4, 0, tcp4.length, st, true);
    scanProcNetTcp(tcp6, 0, tcp6.length, st, true);
    expect(records).toHaveLength(42);
    // the listener that never accepts: backlog 1 holds 2 queued connections (ss Recv-Q 2)
    const full = records.filter((r) => r.state === 10 && r.rxQueue === 2);
    expect(full).toHaveLength(1);
    expect(full[0]).toMatchObject({
      family: 4,
      localAddress: '127.0.0.1',
      remoteAddress: '0.0.0.0',
      txQueue: 0,
    });
    // its queued children have no owner yet: inode 0
    const queued = records.filter((r) => r.state === 1 && r.localPort === full[0]?.localPort);
    expect(queued.map((r) => r.inode)).toEqual([0, 0]);
    // CLOSE_WAIT: rx_queue 1 is the FIN
    const cw = records.filter((r) => r.state === 8);
    expect(cw.map((r) => r.rxQueue)).toEqual([1, 1]);
    // TIME_WAIT: timer 3, inode 0, expiry under 60 s
    const tw = records.filter((r) => r.state === 6);
    expect(tw).toHaveLength(8);
    for (const r of tw) {
      expect(r.timer).toBe(3);
      expect(r.inode).toBe(0);
      expect(r.expiresMs).toBeGreaterThan(0);
      expect(r.expiresMs).toBeLessThanOrEqual(60_000);
    }
    // IPv6: ::1, the dual-stack wildcard, and v4-mapped peers
    expect(records.some((r) => r.family === 6 && r.localAddress === '::1' && r.state === 10)).toBe(true);
    const dual = records.filter((r) => r.family === 6 && r.state === 10 && r.localAddress === '::');
    expect(dual).toHaveLength(1);
    const mapped = records.filter((r) => r.localAddress === '::ffff:127.0.0.1');
    expect(mapped).toHaveLength(2);
    expect(mapped.every((r) => r.family === 6 && r.remoteAddress === '::ffff:127.0.0.1')).toBe(true);
    expect(mapped.every((r) => r.localPort === dual[0]?.localPort)).toBe(true);
  });
});

describe('scanProcNetTcp on edge rows', () => {
  const scan = (text: string) => {
    const st = state();
    const buf = Buffer.from(text, 'latin1');
    scanProcNetTcp(buf, 0, buf.length, st, true);
    return st;
  };

  it('reads the lines from tcp-facts.md §4 with the padding trimmed', () => {
    const st = scan(
      [
        '   1: 0100007F:46A2 00000000:0000 0A 00000000:00000002 00:00000000 00000000     0        0 32815 3 00000000c378643e 100 0 0 10 0',
        '  12: 0100007F:9AF8 0100007F:46A0 06 00000000:00000000 03:000015B5 00000000     0        0 0 3 00000000ba65e798',
        '  13: 0100007F:9B00 0100007F:46A0 05 00000000:00000000 03:000015B5 00000000     0        0 0 3 0000000069a44c14',
        '  12: 0100007F:46A3 0100007F:CF0E 03 00000000:00000000 01:00000163 00000002     0        0 0 0 00000000ff00d259',
      ].join('\n'),
    );
    expect(toStateMap(st.census.ipv4)).toMatchObject({ LISTEN: 1, TIME_WAIT: 1, FIN_WAIT2: 1, SYN_RECV: 1 });
    expect(st.issues.count).toBe(0);
  });

  it('decodes a big-endian host and timers in USER_HZ ticks', () => {
    const line =
      '  12: 7F000001:9AF8 7F000001:46A0 06 00000000:00000000 03:000015B5 00000000     0        0 0 3 0';
    const rec = parseProcNetTcpLine(line, false, 100);
    expect(rec).toMatchObject({
      localAddress: '127.0.0.1',
      localPort: 0x9af8,
      remotePort: 18080,
      expiresMs: 55_570,
    });
    const le = parseProcNetTcpLine(line.replace(/7F000001/g, '0A01A8C0'), true);
    expect(le).toMatchObject({ localAddress: '192.168.1.10' });
  });

  it('reports bad lines with their number and still counts the good ones', () => {
    const st = scan(
      [
        '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
        '   0: 0100007F:46A2 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0',
        'garbage here',
        '   1: 0100007F:46A2 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000     0        0 1 1 0',
        '   2: 0100007F:46A2 0000:0000 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0',
        '   3: 0100007F:46A2 0100007F:0050 0E 00000000:00000000 00:00000000 00000000     0        0 1 1 0',
        '',
        '   4: 0100007F:46A2 0100007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 1 1 0',
      ].join('\r\n'),
    );
    expect(st.rows).toBe(3); // LISTEN, state 0x0E (kept in its own slot), ESTABLISHED
    expect(toStateMap(st.census.ipv4)).toMatchObject({ LISTEN: 1, ESTABLISHED: 1 });
    expect(st.census.ipv4[14]).toBe(1);
    expect(st.issues.count).toBe(3);
    expect(st.issues.first.map((i) => i.lineNumber)).toEqual([3, 4, 5]);
    expect(st.issues.first[0]?.line).toBe('garbage here');
  });
});
