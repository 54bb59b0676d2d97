import { rateOf, sysctlNumber } from '../diagnose-input.js';
import { fmt, pct, type Rule } from '../rule.js';

/**
 * A SYN flood: SYN_RECV piles up on a listener, SyncookiesSent rises while SyncookiesRecv stays
 * low — cookies go out and few valid ACKs come back (tcp-facts.md §9 "flood vs load").
 */
export const synFlood: Rule = {
  id: 'syn-flood',
  run(input, { t, th, groups }) {
    const synRecv = (input.census.ipv4[3] ?? 0) + (input.census.ipv6[3] ?? 0);
    const sent = rateOf(input, 'TcpExt.SyncookiesSent');
    const recv = rateOf(input, 'TcpExt.SyncookiesRecv');
    const failed = rateOf(input, 'TcpExt.SyncookiesFailed');
    const cookies = sysctlNumber(input, 'net.ipv4.tcp_syncookies');
    if (!sent || !recv) {
      if (synRecv >= th.synFlood.minSynRecv)
        return { skipped: t('syn-flood.skipped.noRates', { synRecv: fmt(synRecv) }) };
      return { skipped: t('common.needsInterval') };
    }
    const validated = sent.delta > 0 ? recv.delta / sent.delta : 1;
    const flooding = sent.delta >= th.synFlood.minCookiesSent && validated < th.synFlood.maxValidatedRatio;
    const noCookiesPile = cookies === 0 && synRecv >= th.synFlood.minSynRecv;
    if (!flooding && !noCookiesPile) return undefined;
    const listeners = input.records
      ? groups(input.records, 'lport')
          .filter((g) => g.listener && (g.counts[3] ?? 0) > 0)
          .sort((a, b) => (b.counts[3] ?? 0) - (a.counts[3] ?? 0))
      : [];
    const vars = {
      synRecv: fmt(synRecv),
      sent: fmt(sent.delta),
      recv: fmt(recv.delta),
      validated: pct(validated),
      perSecond: fmt(sent.perSecond),
      seconds: (input.rates?.seconds ?? 0).toFixed(1),
      listener: listeners[0]?.label ?? '?',
      syncookies: cookies ?? '?',
    };
    const advice: string[] = [];
    if (cookies === 0) advice.push(t('syn-flood.advice.enableCookies', vars));
    else advice.push(t('syn-flood.advice.keepCookies', vars));
    advice.push(
      t('syn-flood.advice.upstream', vars),
      t('syn-flood.advice.synack', vars),
      t('syn-flood.advice.notBacklog', vars),
    );
    return {
      id: 'syn-flood',
      severity:
        cookies === 0 || sent.perSecond >= th.synFlood.criticalCookiesPerSecond ? 'critical' : 'warning',
      title: t('syn-flood.title'),
      summary: t(flooding ? 'syn-flood.summary' : 'syn-flood.summary.noCookies', vars),
      evidence: {
        synRecv,
        syncookiesSent: sent.delta,
        syncookiesRecv: recv.delta,
        syncookiesFailed: failed?.delta ?? null,
        validatedRatio: Number(validated.toFixed(4)),
        sampleSeconds: Number((input.rates?.seconds ?? 0).toFixed(2)),
        tcpSyncookies: cookies ?? null,
        instances: listeners.slice(0, 5).map((g) => ({ listener: g.label, synRecv: g.counts[3] ?? 0 })),
      },
      advice,
      references: [
        'tcp-facts §3 (tcp_syncookies, tcp_synack_retries, tcp_max_syn_backlog)',
        'tcp-facts §5 (Syncookies*)',
        'tcp-facts §9 (flood vs load)',
      ],
    };
  },
};
