import { rateOf, sysctlNumber } from '../diagnose-input.js';
import { fmt, pct, type Rule } from '../rule.js';

/** sockstat tw near tcp_max_tw_buckets, or TCPTimeWaitOverflow rising (tcp-facts.md §2, §0.4). */
export const twBucketOverflow: Rule = {
  id: 'tw-bucket-overflow',
  run(input, { t, th }) {
    const tw = input.counters?.sockstat.tw;
    const max = sysctlNumber(input, 'net.ipv4.tcp_max_tw_buckets');
    if (tw === undefined || max === undefined) return { skipped: t('common.needsCounters') };
    const overflow = rateOf(input, 'TcpExt.TCPTimeWaitOverflow');
    const ratio = max > 0 ? tw / max : 1;
    const rising = (overflow?.delta ?? 0) > 0;
    if (!rising && ratio < th.twBuckets.warning) return undefined;
    const vars = {
      tw: fmt(tw),
      max: fmt(max),
      pct: pct(ratio),
      overflow: fmt(overflow?.delta ?? 0),
      seconds: (input.rates?.seconds ?? 0).toFixed(1),
    };
    return {
      id: 'tw-bucket-overflow',
      severity: rising || ratio >= th.twBuckets.critical ? 'critical' : 'warning',
      title: t('tw-bucket-overflow.title'),
      summary: t(rising ? 'tw-bucket-overflow.summary.rising' : 'tw-bucket-overflow.summary', vars),
      evidence: {
        sockstatTw: tw,
        tcpMaxTwBuckets: max,
        ratio: Number(ratio.toFixed(4)),
        timeWaitOverflowIncrease: overflow?.delta ?? null,
        instances: [],
      },
      advice: [
        t('tw-bucket-overflow.advice.churn', vars),
        t('tw-bucket-overflow.advice.raise', vars),
        t('tw-bucket-overflow.advice.neverLower', vars),
      ],
      references: [
        'tcp-facts §0.4',
        'tcp-facts §2 (tcp_max_tw_buckets)',
        'tcp-facts §5 (sockstat tw, TCPTimeWaitOverflow)',
      ],
    };
  },
};
