import type { Census } from '../../core/model/census.js';
import type { LiveSourceInfo, NetnsRef } from '../../core/model/snapshot.js';
import { IssueLog } from '../../core/parse/parse-issue.js';
import type { LiveReading, LiveRequest, ReadLiveCensus } from '../proc/read-proc-census.js';
import { SourceError, type SourceErrorCode } from '../source-error.js';
import type { HostInfo } from '../system/host-info.js';
import { decodeDiagRecords } from './decode-diag-records.js';
import {
  DIAG_PER_FAMILY,
  DIAG_RECORDS,
  type DiagAddon,
  type DiagError,
  type DiagJob,
  type DiagResult,
  loadDiagAddon,
} from './diag-addon.js';
import { takePrefetched } from './prefetch.js';

/**
 * Netlink could not give a complete reading; `reason` says why in one line. The live snapshot
 * falls back to /proc on it unless `--source netlink` was asked for.
 */
export class NetlinkUnavailableError extends SourceError {
  constructor(
    code: SourceErrorCode,
    readonly reason: string,
  ) {
    super(code, reason);
    this.name = 'NetlinkUnavailableError';
  }
}

/** Dump statistics, for `--verbose`. */
export type NetlinkStats = Omit<DiagResult, 'counts' | 'records'> & {
  /** The dump was the one started before the CLI loaded (prefetch.ts). */
  early: boolean;
};

/** A dump running on the addon's helper thread; `finish` waits for it. */
export interface PendingNetlinkReading {
  finish(host: HostInfo): { reading: LiveReading; stats: NetlinkStats };
}

/**
 * Start a sock_diag dump (both families, states 1..11, no extensions) of this namespace, or of
 * `req.netnsPid`'s: the addon's helper thread enters /proc/PID/ns/net, the main thread never
 * moves. The caller may do other work until `finish`. The kernel is asked with one legacy
 * TCPDIAG_GETSOCK request that walks its tables once for both families;
 * `TCPDOCTOR_DIAG=per-family` asks with one inet_diag_req_v2 per family instead (as ss does),
 * which the addon also falls back to by itself. A dump started early for this very request
 * (prefetch.ts) is adopted instead of starting another.
 *
 * Throws NetlinkUnavailableError when netlink cannot be used (addon not built, socket refused,
 * namespace not enterable, a dump that failed after its retries: never a partial count), and
 * SourceError('ESRCH') when the pid does not exist.
 */
export function startNetlinkCensus(
  req: LiveRequest,
  env: NodeJS.ProcessEnv = process.env,
): PendingNetlinkReading {
  const pid = req.netnsPid ?? 0;
  const flags =
    (req.records ? DIAG_RECORDS : 0) | (env.TCPDOCTOR_DIAG === 'per-family' ? DIAG_PER_FAMILY : 0);
  const early = takePrefetched(flags, pid);
  let addon: DiagAddon;
  let job: DiagJob;
  if (early) {
    ({ addon, job } = early);
  } else {
    const load = loadDiagAddon(env);
    if (!load.ok) throw new NetlinkUnavailableError('ELIVE', load.reason);
    addon = load.addon;
    try {
      job = addon.start(flags, pid, env.TCPDOCTOR_DIAG_FAULT);
    } catch (err) {
      throw fromDiagError(err, req.netnsPid);
    }
  }
  return {
    finish(host) {
      let result: DiagResult;
      try {
        result = addon.finish(job);
      } catch (err) {
        throw fromDiagError(err, req.netnsPid);
      }
      return { reading: toReading(addon, result, req, host), stats: statsOf(result, early !== undefined) };
    },
  };
}

/** The census over netlink sock_diag: the same contract as the /proc reader. */
export const readNetlinkCensus: ReadLiveCensus = (req, host) => startNetlinkCensus(req).finish(host).reading;

// --- internal ---

function toReading(addon: DiagAddon, result: DiagResult, req: LiveRequest, host: HostInfo): LiveReading {
  const census: Census = { ipv4: result.counts.slice(0, 16), ipv6: result.counts.slice(16, 32) };
  const netns: NetnsRef = {};
  if (req.netnsPid !== undefined) netns.pid = req.netnsPid;
  if (result.netnsInode > 0) netns.inode = result.netnsInode;
  const source: LiveSourceInfo = {
    kind: 'netlink',
    netns,
    paths: ['sock_diag AF_INET', 'sock_diag AF_INET6'],
  };
  const notes: string[] = [];
  if (!result.ipv6) {
    source.paths = ['sock_diag AF_INET'];
    notes.push('no AF_INET6 sock_diag handler: IPv6 is disabled in this kernel');
  }
  const reading: LiveReading = { census, source, issues: new IssueLog(), notes };
  if (result.records)
    reading.sockets = decodeDiagRecords(result.records, addon.recordSize, host.littleEndian);
  return reading;
}

function statsOf(r: DiagResult, early: boolean): NetlinkStats {
  return {
    early,
    sockets: r.sockets,
    recvCalls: r.recvCalls,
    bytes: r.bytes,
    retries: r.retries,
    ipv6: r.ipv6,
    netnsInode: r.netnsInode,
    elapsedMs: r.elapsedMs,
    method: r.method,
  };
}

/** One line per failure, saying what failed and what it means. */
function fromDiagError(err: unknown, pid: number | undefined): SourceError {
  const e = err as Partial<DiagError>;
  const code = typeof e.code === 'string' ? e.code : 'EUNKNOWN';
  const message = err instanceof Error ? err.message : String(err);
  switch (e.syscall) {
    case 'open':
      if (code === 'ENOENT' || code === 'ESRCH') {
        return new SourceError('ESRCH', `no process ${pid}: --netns needs the pid of a running process`);
      }
      return new NetlinkUnavailableError(
        code === 'EACCES' || code === 'EPERM' ? 'EACCES' : 'ELIVE',
        `cannot open /proc/${pid}/ns/net (${code}): entering another process's network namespace needs root`,
      );
    case 'setns':
      return new NetlinkUnavailableError(
        code === 'EPERM' || code === 'EACCES' ? 'EACCES' : 'ELIVE',
        `setns into the network namespace of pid ${pid} failed (${code}): it needs CAP_SYS_ADMIN`,
      );
    case 'socket':
      return new NetlinkUnavailableError(
        'ELIVE',
        `the kernel refused a NETLINK_SOCK_DIAG socket (${code}${code === 'EPERM' || code === 'EACCES' ? ': a seccomp or LSM policy?' : ''})`,
      );
    case 'NLMSG_ERROR':
      if (code === 'EPERM' || code === 'EACCES') {
        return new NetlinkUnavailableError(
          'ELIVE',
          `the kernel refused the sock_diag dump (${code}: an LSM policy such as SELinux nlmsg_read?)`,
        );
      }
      if (code === 'ENOENT' && e.family === 'AF_INET') {
        return new NetlinkUnavailableError(
          'ELIVE',
          'the kernel has no TCP sock_diag handler (CONFIG_INET_DIAG / tcp_diag not available)',
        );
      }
      break;
    default:
      break;
  }
  const tries = e.attempts !== undefined && e.attempts > 1 ? ` after ${e.attempts} attempts` : '';
  return new NetlinkUnavailableError('ELIVE', `${message}${tries}; the partial dump was discarded`);
}
