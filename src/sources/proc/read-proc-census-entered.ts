import { spawnSync } from 'node:child_process';
import { scanProcNetTcp } from '../../core/parse/proc-net-tcp.js';
import { SourceError } from '../source-error.js';
import type { HostInfo } from '../system/host-info.js';
import { type LiveReading, procScanState } from './read-proc-census.js';

/**
 * The /proc census of a namespace no process lives in (`ip netns add` with nothing running):
 * /proc/<pid>/net cannot reach it, so enter it once with `nsenter --net=PATH` and read both
 * tables through one `cat` (the scanner takes concatenated tables). Needs root.
 */
export function readProcCensusEntered(
  path: string,
  name: string,
  records: boolean,
  host: HostInfo,
): LiveReading {
  const r = spawnSync('nsenter', [`--net=${path}`, '--', 'cat', '/proc/net/tcp', '/proc/net/tcp6'], {
    maxBuffer: 1 << 30,
    timeout: 30_000,
  });
  if (r.error || (r.status !== 0 && r.stdout.length === 0)) {
    const why = r.error ? r.error.message : r.stderr.toString().trim().split('\n')[0];
    if (/not permitted|denied/i.test(why ?? '')) {
      throw new SourceError('EACCES', `entering network namespace ${name} needs root (${why})`);
    }
    throw new SourceError('ELIVE', `cannot read network namespace ${name}: ${why}`);
  }
  const { st, sockets } = procScanState(host, records);
  scanProcNetTcp(r.stdout, 0, r.stdout.length, st, true);
  const reading: LiveReading = {
    census: st.census,
    source: { kind: 'proc', netns: { name }, paths: [`${path}:/proc/net/tcp`, `${path}:/proc/net/tcp6`] },
    issues: st.issues,
    notes: [],
  };
  if (sockets) reading.sockets = sockets;
  return reading;
}
