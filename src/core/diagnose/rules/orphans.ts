import { rateOf, sysctlNumber } from '../diagnose-input.js';
import { fmt, pct, type Rule } from '../rule.js';

/**
 * Orphans — sockets the application closed that are still finishing (FIN_WAIT1, FIN_WAIT2,
 * LAST_ACK, CLOSING with no owner) — against tcp_max_orphans (global). tcp_fin_timeout bounds
 * only orphaned FIN_WAIT2; it never shortens TIME_WAIT (tcp-facts.md §0.1, §3, §9).
 */
export const orphans: Rule = {
  id: 'orphans',
  run(input, { t, th }) {
    const hostOrphans = input.counters?.sockstat.orphan;
    const max = sysctlNumber(input, 'net.ipv4.tcp_max_orphans');
    const abortOnMemory = rateOf(input, 'TcpExt.TCPAbortOnMemory');
    const local = input.records?.filter(
      (r) => r.inode === 0 && (r.state === 4 || r.state === 5 || r.state === 9 || r.state === 11),
    );
    if (hostOrphans === undefined && !local) return { skipped: t('common.needsSockets') };
    const count = hostOrphans ?? local?.length ?? 0;
    const ratio = max ? count / max : undefined;
    const memoryAborts = (abortOnMemory?.delta ?? 0) > 0;
    const severity =
      memoryAborts || (ratio !== undefined && ratio >= th.orphans.critical)
        ? 'critical'
        : ratio !== undefined && ratio >= th.orphans.warning
          ? 'warning'
          : ratio === undefined && count >= th.orphans.minCountWithoutLimit
            ? 'info'
            : undefined;
    if (!severity) return undefined;
    const byState = { FIN_WAIT1: 0, FIN_WAIT2: 0, LAST_ACK: 0, CLOSING: 0 };
    for (const r of local ?? []) {
      if (r.state === 4) byState.FIN_WAIT1++;
      else if (r.state === 5) byState.FIN_WAIT2++;
      else if (r.state === 9) byState.LAST_ACK++;
      else byState.CLOSING++;
    }
    const vars = {
      count: fmt(count),
      max: max === undefined ? '?' : fmt(max),
      pct: ratio === undefined ? '-' : pct(ratio),
      aborts: fmt(abortOnMemory?.delta ?? 0),
      finTimeout: sysctlNumber(input, 'net.ipv4.tcp_fin_timeout') ?? '?',
      retries: sysctlNumber(input, 'net.ipv4.tcp_orphan_retries') ?? '?',
    };
    return {
      id: 'orphans',
      severity,
      title: t('orphans.title'),
      summary: t(
        max === undefined
          ? 'orphans.summary.noLimit'
          : memoryAborts
            ? 'orphans.summary.aborts'
            : 'orphans.summary',
        vars,
      ),
      evidence: {
        orphans: count,
        orphansScope:
          hostOrphans === undefined ? 'this namespace (sockets without owner)' : 'host-wide (sockstat)',
        tcpMaxOrphans: max ?? null,
        ratio: ratio === undefined ? null : Number(ratio.toFixed(4)),
        abortOnMemory: abortOnMemory?.delta ?? null,
        ...byState,
        instances: [],
      },
      advice: [
        t('orphans.advice.retries', vars),
        t('orphans.advice.finTimeout', vars),
        t('orphans.advice.raise', vars),
      ],
      references: [
        'tcp-facts §0.1',
        'tcp-facts §3 (tcp_max_orphans, tcp_orphan_retries, tcp_fin_timeout)',
        'tcp-facts §9 (FIN_WAIT1/LAST_ACK)',
      ],
    };
  },
};
