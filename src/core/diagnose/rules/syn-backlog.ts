import { rateOf, sysctlNumber } from '../diagnose-input.js';
import { fmt, pct, type Rule } from '../rule.js';

/**
 * SYN-queue pressure under genuine load: the SYN queue fills (TCPReqQFull*) or listeners drop
 * (ListenDrops) while the cookies sent come back validated — real clients, too many for the
 * listen backlog (tcp-facts.md §9, §3 tcp_max_syn_backlog).
 */
export const synBacklog: Rule = {
  id: 'syn-backlog',
  run(input, { t, th }) {
    const full = rateOf(input, 'TcpExt.TCPReqQFullDoCookies');
    const drop = rateOf(input, 'TcpExt.TCPReqQFullDrop');
    const listenDrops = rateOf(input, 'TcpExt.ListenDrops');
    const overflows = rateOf(input, 'TcpExt.ListenOverflows');
    const sent = rateOf(input, 'TcpExt.SyncookiesSent');
    const recv = rateOf(input, 'TcpExt.SyncookiesRecv');
    if (!listenDrops) return { skipped: t('common.needsInterval') };
    const reqFull = (full?.delta ?? 0) + (drop?.delta ?? 0);
    // ListenDrops beyond the accept-queue overflows are SYN-queue drops
    const synDrops = Math.max(0, listenDrops.delta - (overflows?.delta ?? 0));
    const validated = sent && sent.delta > 0 ? (recv?.delta ?? 0) / sent.delta : undefined;
    if (reqFull === 0 && synDrops === 0) return undefined;
    if (validated !== undefined && validated < th.synBacklog.minValidatedRatio) return undefined; // that is syn-flood's
    const vars = {
      reqFull: fmt(reqFull),
      drops: fmt(synDrops),
      validated: validated === undefined ? '-' : pct(validated),
      seconds: (input.rates?.seconds ?? 0).toFixed(1),
      somaxconn: sysctlNumber(input, 'net.core.somaxconn') ?? '?',
    };
    return {
      id: 'syn-backlog',
      severity: (drop?.delta ?? 0) > 0 ? 'critical' : 'warning',
      title: t('syn-backlog.title'),
      summary: t('syn-backlog.summary', vars),
      evidence: {
        reqQFullDoCookies: full?.delta ?? null,
        reqQFullDrop: drop?.delta ?? null,
        listenDrops: listenDrops.delta,
        listenOverflows: overflows?.delta ?? null,
        validatedRatio: validated === undefined ? null : Number(validated.toFixed(4)),
        sampleSeconds: Number((input.rates?.seconds ?? 0).toFixed(2)),
        instances: [],
      },
      advice: [
        t('syn-backlog.advice.backlog', vars),
        t('syn-backlog.advice.accept', vars),
        t('syn-backlog.advice.notSysctl', vars),
      ],
      references: [
        'tcp-facts §3 (somaxconn, tcp_max_syn_backlog)',
        'tcp-facts §0.5',
        'tcp-facts §9 (flood vs load)',
      ],
    };
  },
};
