import type { Snapshot } from '../core/model/snapshot.js';
import {
  NetlinkUnavailableError,
  type PendingNetlinkReading,
  startNetlinkCensus,
} from './netlink/read-netlink-census.js';
import {
  type LiveReading,
  type LiveRequest,
  type LiveSourceKind,
  readProcCensus,
} from './proc/read-proc-census.js';
import { SourceError } from './source-error.js';
import { readHostInfo } from './system/host-info.js';

/**
 * A census of the live kernel tables, with host, kernel, time and provenance.
 *
 * Source selection (`req.source`, default `auto`): netlink sock_diag through the optional native
 * addon, which is ~4x cheaper for the kernel than generating /proc/net/tcp text; /proc/net/tcp{,6}
 * when the addon is not built or netlink is refused, with the reason in `source.fallbackReason`.
 * `proc` and `netlink` force one; a forced netlink that cannot be used fails (exit 5, or 4 for a
 * namespace only root may enter) instead of falling back. Either way a count is never partial.
 */
export function takeLiveSnapshot(req: LiveRequest): Snapshot {
  const want = req.source ?? 'auto';
  let fallbackReason: string | undefined;
  let pending: PendingNetlinkReading | undefined;
  if (want !== 'proc') {
    try {
      // The dump runs on the addon's helper thread while this one reads the host facts.
      pending = startNetlinkCensus(req);
    } catch (err) {
      fallbackReason = unavailable(err, want);
    }
  }
  const host = readHostInfo();
  const time = new Date().toISOString();
  let reading: LiveReading | undefined;
  if (pending) {
    try {
      const done = pending.finish(host);
      reading = done.reading;
      const s = done.stats;
      req.verbose?.(
        `source: netlink sock_diag (${reading.source.paths.map((p) => p.replace('sock_diag ', '')).join(', ')}, states 1-11, ${s.method})` +
          `${netnsText(reading)}: ${s.sockets} sockets in ${s.elapsedMs.toFixed(1)} ms, ` +
          `${s.recvCalls} recvmsg calls, ${s.bytes} bytes, ${s.retries} retries${s.early ? ', started early' : ''}`,
      );
    } catch (err) {
      fallbackReason = unavailable(err, want);
    }
  }
  if (!reading) {
    reading = readProcCensus(req, host);
    if (fallbackReason !== undefined) reading.source.fallbackReason = fallbackReason;
    req.verbose?.(
      `source: proc (${reading.source.paths.join(', ')})${netnsText(reading)}` +
        (fallbackReason !== undefined
          ? `; netlink not used: ${fallbackReason}`
          : want === 'proc'
            ? ', as --source proc asked'
            : ''),
    );
  }
  const notes = [...reading.notes];
  if (reading.issues.count > 0) {
    const first = reading.issues.first[0];
    notes.push(
      `${reading.issues.count} unreadable line(s) in the kernel's tables${first ? ` (first: line ${first.lineNumber}, ${first.reason})` : ''}`,
    );
  }
  const snapshot: Snapshot = {
    host: host.host,
    kernel: host.kernel,
    time,
    source: reading.source,
    census: reading.census,
    notes,
  };
  if (reading.sockets) snapshot.sockets = reading.sockets;
  return snapshot;
}

// --- internal ---

/** The fallback reason, or rethrow when netlink was forced or the error is not about netlink. */
function unavailable(err: unknown, want: LiveSourceKind): string {
  if (!(err instanceof NetlinkUnavailableError)) throw err;
  if (want === 'netlink') throw new SourceError(err.code, `--source netlink: ${err.reason}`);
  return err.reason;
}

function netnsText(reading: LiveReading): string {
  const ns = reading.source.netns;
  const parts: string[] = [];
  if (ns.pid !== undefined) parts.push(`pid ${ns.pid}`);
  if (ns.inode !== undefined) parts.push(`net:[${ns.inode}]`);
  return parts.length > 0 ? ` in namespace ${parts.join(' ')}` : '';
}
