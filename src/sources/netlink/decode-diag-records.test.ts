import { describe, expect, it } from 'vitest';
import { decodeDiagRecords } from './decode-diag-records.js';

/** One record in the addon's layout (native/diag_dump.h), host byte order = little-endian here. */
function record(f: {
  family: 4 | 6;
  state: number;
  timer?: number;
  retrans?: number;
  sport: number;
  dport: number;
  src: number[];
  dst: number[];
  expires?: number;
  rq?: number;
  wq?: number;
  uid?: number;
  inode?: number;
}): Uint8Array {
  const b = new Uint8Array(64);
  const v = new DataView(b.buffer);
  v.setUint8(0, f.family);
  v.setUint8(1, f.state);
  v.setUint8(2, f.timer ?? 0);
  v.setUint8(3, f.retrans ?? 0);
  v.setUint16(4, f.sport, true);
  v.setUint16(6, f.dport, true);
  b.set(f.src, 8);
  b.set(f.dst, 24);
  v.setUint32(40, f.expires ?? 0, true);
  v.setUint32(44, f.rq ?? 0, true);
  v.setUint32(48, f.wq ?? 0, true);
  v.setUint32(52, f.uid ?? 0, true);
  v.setUint32(56, f.inode ?? 0, true);
  return b;
}

const V6_LOOPBACK = [...new Array(15).fill(0), 1];
const V4_MAPPED = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1];

describe('decodeDiagRecords', () => {
  it('turns fixed-size records into socket records, addresses as ss prints them', () => {
    const parts = [
      record({
        family: 4,
        state: 1,
        sport: 18080,
        dport: 39700,
        src: [127, 0, 0, 1],
        dst: [127, 0, 0, 2],
        rq: 1234,
        uid: 1000,
        inode: 32807,
      }),
      record({
        family: 6,
        state: 10,
        sport: 18081,
        dport: 0,
        src: V6_LOOPBACK,
        dst: new Array(16).fill(0),
        rq: 3,
        wq: 2,
        inode: 32815,
      }),
      record({ family: 6, state: 1, sport: 18081, dport: 48902, src: V4_MAPPED, dst: V4_MAPPED }),
      record({
        family: 4,
        state: 6,
        timer: 3,
        expires: 55570,
        sport: 39672,
        dport: 18080,
        src: [127, 0, 0, 1],
        dst: [127, 0, 0, 1],
      }),
    ];
    const buf = new Uint8Array(64 * parts.length);
    for (const [i, p] of parts.entries()) buf.set(p, i * 64);
    const [est, listen, mapped, tw] = decodeDiagRecords(buf.buffer, 64, true);
    expect(est).toEqual({
      family: 4,
      state: 1,
      localAddress: '127.0.0.1',
      localPort: 18080,
      remoteAddress: '127.0.0.2',
      remotePort: 39700,
      txQueue: 0,
      rxQueue: 1234,
      timer: 0,
      expiresMs: 0,
      retransmits: 0,
      uid: 1000,
      inode: 32807,
    });
    expect(listen).toMatchObject({
      family: 6,
      state: 10,
      localAddress: '::1',
      remoteAddress: '::',
      rxQueue: 3,
      backlog: 2,
      txQueue: 2,
    });
    expect(mapped).toMatchObject({
      localAddress: '::ffff:127.0.0.1',
      remoteAddress: '::ffff:127.0.0.1',
      remotePort: 48902,
    });
    expect(est?.backlog).toBeUndefined();
    expect(tw).toMatchObject({ state: 6, timer: 3, expiresMs: 55570, inode: 0 });
  });

  it('ignores a trailing partial record and decodes an empty buffer to nothing', () => {
    expect(decodeDiagRecords(new ArrayBuffer(0), 64, true)).toEqual([]);
    expect(decodeDiagRecords(new ArrayBuffer(100), 64, true)).toHaveLength(1);
  });
});
