import type { SocketRecord } from '../../src/core/model/socket.js';

/** A hand-built socket record for unit tests: family from the address, extra fields merged. */
export function sock(
  state: number,
  local: string,
  lport: number,
  remote: string,
  rport: number,
  extra: Partial<SocketRecord> = {},
): SocketRecord {
  return {
    family: local.includes(':') ? 6 : 4,
    state,
    localAddress: local,
    localPort: lport,
    remoteAddress: remote,
    remotePort: rport,
    ...extra,
  };
}
