import { closeSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
import { type Census, createCensus } from '../../core/model/census.js';
import type { LiveSourceInfo, NetnsRef } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { IssueLog } from '../../core/parse/parse-issue.js';
import { type ProcScanState, scanProcNetTcp } from '../../core/parse/proc-net-tcp.js';
import { fromFsError, SourceError } from '../source-error.js';
import type { HostInfo } from '../system/host-info.js';

export interface LiveRequest {
  /** Read the namespace of this pid (`/proc/<pid>/net/…`); absent: the reader's own. */
  netnsPid?: number | undefined;
  /** Materialise one record per socket (groupings); the plain census never does. */
  records?: boolean | undefined;
  /**
   * Which live source: `auto` (default) tries netlink sock_diag and falls back to /proc, saying
   * why in `source.fallbackReason`; `proc` and `netlink` force one (sources/live-snapshot.ts).
   */
  source?: LiveSourceKind | undefined;
  /** Receives one line about the source used and its cost (`--verbose`). */
  verbose?: ((line: string) => void) | undefined;
}

export type LiveSourceKind = 'auto' | 'proc' | 'netlink';

export interface LiveReading {
  census: Census;
  sockets?: SocketRecord[];
  source: LiveSourceInfo;
  issues: IssueLog;
  notes: string[];
}

/** The contract every live source keeps (proc now, netlink beside it). */
export type ReadLiveCensus = (req: LiveRequest, host: HostInfo) => LiveReading;

/**
 * The census from /proc/net/tcp and /proc/net/tcp6 of the current namespace, or of another one
 * through /proc/<pid>/net/. Streams through one reused 4 MiB buffer: memory stays constant
 * whatever the population.
 */
export const readProcCensus: ReadLiveCensus = (req, host) => {
  const base = req.netnsPid === undefined ? '/proc/net' : `/proc/${req.netnsPid}/net`;
  const netns = describeNetns(req.netnsPid);
  const notes: string[] = [];
  if (req.netnsPid !== undefined && netns.inode === undefined) {
    notes.push(
      `the namespace id of pid ${req.netnsPid} is hidden from this user (needs root); counts are complete`,
    );
  }
  const { st, sockets } = procScanState(host, req.records === true);
  const paths: string[] = [];
  for (const file of ['tcp', 'tcp6']) {
    const path = `${base}/${file}`;
    const read = scanFile(path, st);
    if (read) paths.push(path);
    else if (file === 'tcp') throw new SourceError('ELIVE', `${path} is missing: is /proc mounted?`);
    else notes.push('no /proc/net/tcp6: IPv6 is disabled on this host');
  }
  const reading: LiveReading = {
    census: st.census,
    source: { kind: 'proc', netns, paths },
    issues: st.issues,
    notes,
  };
  if (sockets) reading.sockets = sockets;
  return reading;
};

/**
 * A fresh scan state for one reading of the /proc tables, with the record list when records are
 * asked for (shared by the /proc readers: through /proc/<pid>/net and by entering a namespace).
 */
export function procScanState(
  host: HostInfo,
  records: boolean,
): { st: ProcScanState; sockets?: SocketRecord[] } {
  const sockets: SocketRecord[] | undefined = records ? [] : undefined;
  const st: ProcScanState = {
    census: createCensus(),
    issues: new IssueLog(),
    lineNumber: 0,
    rows: 0,
    headers: 0,
    littleEndian: host.littleEndian,
    clkTck: host.clkTck,
    onRecord: sockets ? (r) => sockets.push(r) : undefined,
  };
  return sockets ? { st, sockets } : { st };
}

// --- internal ---

const CHUNK = 4 << 20;
let buffer: Buffer | undefined;

/** Scan one /proc table; false when it does not exist. */
function scanFile(path: string, st: ProcScanState): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && path.endsWith('tcp6')) return false;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      const pidDir = path.replace(/\/net\/tcp6?$/, '');
      if (pidDir !== '/proc' && !exists(pidDir)) {
        throw new SourceError(
          'ESRCH',
          `no process ${pidDir.slice(6)}: --netns needs the pid of a running process`,
        );
      }
      return false;
    }
    throw fromFsError(err, path, 'TCP socket table');
  }
  buffer ??= Buffer.allocUnsafe(CHUNK);
  const buf = buffer;
  try {
    let len = 0;
    for (;;) {
      // /proc returns at most a page per read(): fill the buffer before scanning it.
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n > 0) len += n;
      if (n > 0 && buf.length - len >= 65536) continue;
      const consumed = scanProcNetTcp(buf, 0, len, st, n === 0);
      if (n === 0) break;
      buf.copy(buf, 0, consumed, len);
      len -= consumed;
      if (len === buf.length) throw new SourceError('ELIVE', `${path}: a line longer than ${CHUNK} bytes`);
    }
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw fromFsError(err, path, 'TCP socket table');
  } finally {
    closeSync(fd);
  }
  return true;
}

function describeNetns(pid: number | undefined): NetnsRef {
  const ref: NetnsRef = {};
  if (pid !== undefined) ref.pid = pid;
  try {
    const link = readlinkSync(`/proc/${pid ?? 'self'}/ns/net`);
    const m = /^net:\[(\d+)\]$/.exec(link);
    if (m) ref.inode = Number(m[1]);
  } catch {
    // EACCES for another user's process without root: the caller says so
  }
  return ref;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
