import { describe, expect, it } from 'vitest';
import {
  counter,
  counterRates,
  type KernelCounters,
  parseCounterPairs,
  parseSockstat,
} from './kernel-counters.js';

// Lines as printed by Linux 6.18 (tcp-facts.md §5 and this machine).
const SNMP = `Ip: Forwarding DefaultTTL InReceives
Ip: 2 64 4363
Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
Tcp: 1 200 120000 -1 42 12 0 0 14 1034 725 16 0 40 0
Udp: InDatagrams NoPorts
Udp: 31 0
`;
const NETSTAT = `TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed ListenOverflows ListenDrops TW
TcpExt: 10 1 0 5 7 300
IpExt: InNoRoutes InTruncatedPkts
IpExt: 0 0
`;

describe('kernel counters', () => {
  it('maps snmp and netstat by name, signed values included', () => {
    const snmp = parseCounterPairs(SNMP);
    expect(snmp.Tcp?.MaxConn).toBe(-1);
    expect(snmp.Tcp?.CurrEstab).toBe(14);
    expect(snmp.Ip?.InReceives).toBe(4363);
    const netstat = parseCounterPairs(NETSTAT);
    expect(netstat.TcpExt?.ListenOverflows).toBe(5);
    expect(netstat.IpExt?.InNoRoutes).toBe(0);
  });

  it('ignores malformed pairs instead of misreading them', () => {
    const t = parseCounterPairs('Tcp: A B C\nTcp: 1 2\nFoo: X\nBar: 1\n');
    expect(t).toEqual({});
  });

  it('reads sockstat with tw and the host-wide fields', () => {
    const s = parseSockstat(
      'sockets: used 36\nTCP: inuse 17 orphan 0 tw 3 alloc 21 mem 170\nUDP: inuse 0 mem 0\n',
      'TCP6: inuse 4\nUDP6: inuse 0\n',
    );
    expect(s).toEqual({ inuse: 17, orphan: 0, tw: 3, alloc: 21, mem: 170, inuse6: 4 });
  });

  it('computes rates between two samples and never goes negative', () => {
    const a: KernelCounters = {
      snmp: parseCounterPairs(SNMP),
      netstat: parseCounterPairs(NETSTAT),
      sockstat: {},
    };
    const b: KernelCounters = {
      snmp: parseCounterPairs(SNMP.replace('1 200 120000 -1 42', '1 200 120000 -1 52')),
      netstat: parseCounterPairs(NETSTAT.replace('TcpExt: 10 1 0 5 7 300', 'TcpExt: 30 1 0 4 7 300')),
      sockstat: {},
    };
    const rates = Object.fromEntries(counterRates(a, b, 2).map((r) => [r.key, r]));
    expect(rates['Tcp.ActiveOpens']).toMatchObject({ value: 52, delta: 10, perSecond: 5 });
    expect(rates['TcpExt.SyncookiesSent']).toMatchObject({ delta: 20, perSecond: 10 });
    expect(rates['TcpExt.ListenOverflows']?.delta).toBe(0); // reset, not negative
    expect(rates['TcpExt.TCPReqQFullDrop']).toBeUndefined(); // absent on this kernel
    expect(counter(b, 'Tcp.CurrEstab')).toBe(14);
  });
});
