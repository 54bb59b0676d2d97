import { type PortRange, portRangeFromSysctls } from '../../tally/group-by.js';
import { isLoopback, sysctlNumber } from '../diagnose-input.js';
import type { Finding } from '../finding.js';
import { fmt, pct, type Rule } from '../rule.js';

/**
 * Per (local IP, remote IP, remote port): sockets in any state, TIME_WAIT included, whose local
 * port lies in the ephemeral range, against its size (tcp-facts.md §2 "the real limit is
 * 4-tuples", §9 "port exhaustion"). TIME_WAIT counts whatever tcp_tw_reuse says; what reuse may
 * recover is a note.
 */
export const portExhaustion: Rule = {
  id: 'port-exhaustion',
  run(input, { t, th, groups: grouped }) {
    if (!input.records) return { skipped: t('common.needsSockets') };
    const range = portRangeFromSysctls(input.sysctls);
    const groups = grouped(input.records, 'dest', range);
    const hot = groups
      .filter((g) => (g.ephemeral?.ratio ?? 0) >= th.portExhaustion.warning)
      .sort((a, b) => (b.ephemeral?.ratio ?? 0) - (a.ephemeral?.ratio ?? 0));
    const worst = hot[0];
    if (!worst?.ephemeral) return undefined;
    const size = worst.ephemeral.rangeSize;
    const twReuse = sysctlNumber(input, 'net.ipv4.tcp_tw_reuse');
    const tw = worst.counts[6] ?? 0;
    const dest = worst.label.split(' → ')[1] ?? worst.label;
    const remote = dest.replace(/^\[|\]?:\d+$/g, '');
    const vars = {
      dest,
      tuple: worst.label,
      inUse: fmt(worst.ephemeral.inUse),
      size: fmt(size),
      pct: pct(worst.ephemeral.ratio),
      tw: fmt(tw),
      low: range.low,
      high: range.high,
      maxRate: fmt(size / 60),
      rate: fmt(tw / 60),
      widened: fmt(65535 - 1024 + 1),
      factor: ((65535 - 1024 + 1) / Math.max(1, size)).toFixed(1),
    };
    const advice = [t('port-exhaustion.advice.pool', vars)];
    if (twReuse === 1) advice.push(t('port-exhaustion.advice.reuseOn', vars));
    else if (twReuse === 2 && isLoopback(remote))
      advice.push(t('port-exhaustion.advice.reuseLoopback', vars));
    else advice.push(t('port-exhaustion.advice.reuse', { ...vars, current: twReuse ?? '?' }));
    if (size < 65535 - 1024 + 1) advice.push(t('port-exhaustion.advice.widen', vars));
    advice.push(t('port-exhaustion.advice.sources', vars));
    advice.push(t('port-exhaustion.advice.never', vars));
    const finding: Finding = {
      id: 'port-exhaustion',
      severity: worst.ephemeral.ratio >= th.portExhaustion.critical ? 'critical' : 'warning',
      title: t('port-exhaustion.title'),
      summary: t('port-exhaustion.summary', vars),
      evidence: {
        rangeLow: range.low,
        rangeHigh: range.high,
        rangeSize: size,
        reservedInRange: portRangeReserved(range),
        tcpTwReuse: twReuse ?? null,
        maxNewConnectionsPerSecondPerTuple: Math.floor(size / 60),
        instances: hot.slice(0, th.portExhaustion.maxInstances).map((g) => ({
          tuple: g.label,
          inUse: g.ephemeral?.inUse ?? 0,
          rangeSize: size,
          ratio: Number((g.ephemeral?.ratio ?? 0).toFixed(4)),
          timeWait: g.counts[6] ?? 0,
          established: g.counts[1] ?? 0,
        })),
      },
      advice,
      references: [
        'tcp-facts §2 (4-tuples, EADDRNOTAVAIL)',
        'tcp-facts §3 (tcp_tw_reuse, ip_local_port_range)',
        '[VB]',
      ],
    };
    if (twReuse !== 1 && !(twReuse === 2 && isLoopback(remote))) {
      finding.evidence.reusableByTwReuse = tw;
    }
    return finding;
  },
};

// --- internal ---

function portRangeReserved(range: PortRange): number {
  let n = 0;
  for (const p of range.reserved ?? []) if (p >= range.low && p <= range.high) n++;
  return n;
}
