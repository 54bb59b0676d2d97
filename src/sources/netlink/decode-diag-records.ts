import { formatIPv4, formatIPv6 } from '../../core/model/endpoint.js';
import type { SocketRecord } from '../../core/model/socket.js';

/** include/net/tcp_states.h: TCP_LISTEN = 10. */
const TCP_LISTEN = 10;

/**
 * Turn the addon's fixed-size records (layout in native/diag_dump.h) into socket records. Only
 * called when a grouping asks for records; the census never builds an object per socket.
 *
 * Netlink gives what /proc cannot: for a LISTEN socket `idiag_wqueue` is the backlog
 * (`sk_max_ack_backlog`), shown as `backlog` and, as ss shows it, as `txQueue`; `idiag_rqueue` is
 * the accept-queue length. Expiry is in milliseconds already.
 */
export function decodeDiagRecords(
  records: ArrayBuffer,
  recordSize: number,
  littleEndian: boolean,
): SocketRecord[] {
  const view = new DataView(records);
  const bytes = new Uint8Array(records);
  const n = Math.floor(records.byteLength / recordSize);
  const out: SocketRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * recordSize;
    const family = view.getUint8(o) === 6 ? 6 : 4;
    const state = view.getUint8(o + 1);
    const rqueue = view.getUint32(o + 44, littleEndian);
    const wqueue = view.getUint32(o + 48, littleEndian);
    const rec: SocketRecord = {
      family,
      state,
      localAddress: family === 4 ? formatIPv4(bytes, o + 8) : formatIPv6(bytes.subarray(o + 8, o + 24)),
      localPort: view.getUint16(o + 4, littleEndian),
      remoteAddress: family === 4 ? formatIPv4(bytes, o + 24) : formatIPv6(bytes.subarray(o + 24, o + 40)),
      remotePort: view.getUint16(o + 6, littleEndian),
      txQueue: wqueue,
      rxQueue: rqueue,
      timer: view.getUint8(o + 2),
      expiresMs: view.getUint32(o + 40, littleEndian),
      retransmits: view.getUint8(o + 3),
      uid: view.getUint32(o + 52, littleEndian),
      inode: view.getUint32(o + 56, littleEndian),
    };
    if (state === TCP_LISTEN) rec.backlog = wqueue;
    out[i] = rec;
  }
  return out;
}
