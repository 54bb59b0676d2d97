import { fmt, type Rule } from '../rule.js';

/** TIME_WAIT on a listener's local port: this host closes first (tcp-facts.md §2, fix 2). */
export const timeWaitServerSide: Rule = {
  id: 'time-wait-server-side',
  run(input, { t, th, groups }) {
    if (!input.records) return { skipped: t('common.needsSockets') };
    const listeners = groups(input.records, 'lport').filter((g) => g.listener && (g.counts[6] ?? 0) > 0);
    const total = listeners.reduce((n, g) => n + (g.counts[6] ?? 0), 0);
    if (total < th.timeWaitServerSide.minCount) return undefined;
    listeners.sort((a, b) => (b.counts[6] ?? 0) - (a.counts[6] ?? 0));
    const top = listeners[0];
    const vars = { count: fmt(total), listener: top?.label ?? '?', rate: (total / 60).toFixed(1) };
    return {
      id: 'time-wait-server-side',
      severity: total >= th.timeWaitServerSide.warningCount ? 'warning' : 'info',
      title: t('time-wait-server-side.title'),
      summary: t('time-wait-server-side.summary', vars),
      evidence: {
        timeWait: total,
        closesPerSecond: Number((total / 60).toFixed(2)),
        instances: listeners.slice(0, 5).map((g) => ({ listener: g.label, timeWait: g.counts[6] ?? 0 })),
      },
      advice: [
        t('time-wait-server-side.advice.keepalive', vars),
        t('time-wait-server-side.advice.clientCloses', vars),
        t('time-wait-server-side.advice.noSysctl', vars),
        t('time-wait-server-side.advice.cost', vars),
      ],
      references: ['tcp-facts §0.1, §0.3', 'tcp-facts §2 (fixes 1-2, real cost)', '[VB]'],
    };
  },
};
