import { counterRates } from '../../core/counters/kernel-counters.js';
import type { DiagnoseInput } from '../../core/diagnose/diagnose-input.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import { listSysctlFiles, readSysctlFiles } from '../sysctl/read-sysctl-files.js';
import { takeSnapshot } from './take-snapshot.js';

/** The sysctls the rules read. */
export const DIAGNOSE_SYSCTLS = [
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_tw_recycle',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.tcp_max_tw_buckets',
  'net.ipv4.tcp_max_orphans',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_orphan_retries',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_max_syn_backlog',
  'net.core.somaxconn',
] as const;

export interface DiagnoseRequest {
  netns?: string | undefined;
  /** 0: one pass; otherwise sockets and counters are read twice, this far apart. */
  intervalMs: number;
  /** Sysctl files or directories; undefined: the files systemd-sysctl reads. */
  sysctlFiles?: readonly string[] | undefined;
}

/**
 * Two samples `intervalMs` apart (sockets with owners, counters, sysctls), so rules can tell a
 * standing CLOSE_WAIT from a passing one and read counter rates.
 */
export async function takeDiagnoseInput(
  req: DiagnoseRequest,
): Promise<{ snapshot: Snapshot; input: DiagnoseInput }> {
  const base = { netns: req.netns, records: true, owners: true, counters: true, sysctls: DIAGNOSE_SYSCTLS };
  const first = req.intervalMs > 0 ? await takeSnapshot(base) : undefined;
  const started = Date.now();
  if (first) await new Promise((r) => setTimeout(r, req.intervalMs));
  const snapshot = await takeSnapshot(base);
  const input: DiagnoseInput = { census: snapshot.census, kernel: snapshot.kernel };
  if (snapshot.sockets) input.records = snapshot.sockets;
  if (snapshot.counters) input.counters = snapshot.counters;
  if (snapshot.sysctls) input.sysctls = snapshot.sysctls;
  if (first?.sockets) input.previousRecords = first.sockets;
  if (first?.counters && snapshot.counters) {
    const seconds = (Date.now() - started) / 1000;
    snapshot.rates = { seconds, counters: counterRates(first.counters, snapshot.counters, seconds) };
    input.rates = snapshot.rates;
  }
  const files = req.sysctlFiles ? readSysctlFiles(req.sysctlFiles) : readSysctlFiles(listSysctlFiles(), true);
  input.sysctlFiles = files.assignments;
  if (files.unreadable.length > 0) {
    snapshot.notes.push(
      `could not read ${files.unreadable.length} sysctl file(s) (needs root): ${files.unreadable.join(', ')}`,
    );
  }
  return { snapshot, input };
}
