import { formatEndpoint } from '../../model/endpoint.js';
import type { SocketRecord } from '../../model/socket.js';
import { rateOf, sysctlNumber } from '../diagnose-input.js';
import { fmt, type Rule } from '../rule.js';

/**
 * A listener whose accept queue is full (it holds backlog + 1), or ListenOverflows rising: the
 * application does not accept() fast enough, or its backlog is too small (tcp-facts.md §3
 * somaxconn, §9 "listen overflow"). /proc does not show the backlog: then say so.
 */
export const listenOverflow: Rule = {
  id: 'listen-overflow',
  run(input, { t }) {
    if (!input.records) return { skipped: t('common.needsSockets') };
    const overflows = rateOf(input, 'TcpExt.ListenOverflows');
    const somaxconn = sysctlNumber(input, 'net.core.somaxconn');
    const listeners = input.records.filter((r) => r.state === 10);
    const full = listeners.filter((l) => l.backlog !== undefined && (l.rxQueue ?? 0) > l.backlog);
    const backlogUnknown = listeners.length > 0 && listeners.every((l) => l.backlog === undefined);
    const queued = listeners
      .filter((l) => (l.rxQueue ?? 0) > 0)
      .sort((a, b) => (b.rxQueue ?? 0) - (a.rxQueue ?? 0));
    const rising = (overflows?.delta ?? 0) > 0;
    if (full.length === 0 && !rising) return undefined;
    const worst: SocketRecord | undefined = full[0] ?? queued[0];
    const vars = {
      listener: worst ? formatEndpoint(worst.localAddress, worst.localPort) : '?',
      queue: fmt(worst?.rxQueue ?? 0),
      backlog: worst?.backlog === undefined ? '?' : fmt(worst.backlog),
      overflows: fmt(overflows?.delta ?? 0),
      seconds: (input.rates?.seconds ?? 0).toFixed(1),
      somaxconn: somaxconn === undefined ? '?' : fmt(somaxconn),
    };
    const advice = [t('listen-overflow.advice.accept', vars)];
    if (worst?.backlog !== undefined && somaxconn !== undefined && worst.backlog >= somaxconn) {
      advice.push(t('listen-overflow.advice.somaxconn', vars));
    } else advice.push(t('listen-overflow.advice.backlog', vars));
    advice.push(t('listen-overflow.advice.abort', vars));
    const summaryKey =
      full.length > 0
        ? 'listen-overflow.summary'
        : backlogUnknown
          ? 'listen-overflow.summary.proc'
          : 'listen-overflow.summary.rising';
    return {
      id: 'listen-overflow',
      severity: full.length > 0 && rising ? 'critical' : 'warning',
      title: t('listen-overflow.title'),
      summary: t(summaryKey, vars),
      evidence: {
        listenOverflows: overflows?.delta ?? null,
        sampleSeconds: input.rates ? Number(input.rates.seconds.toFixed(2)) : null,
        somaxconn: somaxconn ?? null,
        backlogKnown: !backlogUnknown,
        instances: (full.length > 0 ? full : queued).slice(0, 5).map((l) => ({
          listener: formatEndpoint(l.localAddress, l.localPort),
          acceptQueue: l.rxQueue ?? 0,
          backlog: l.backlog ?? null,
          owner: l.processes?.[0] ? `${l.processes[0].command} (pid ${l.processes[0].pid})` : null,
        })),
      },
      advice,
      references: [
        'tcp-facts §3 (somaxconn, tcp_abort_on_overflow)',
        'tcp-facts §6 (LISTEN rqueue/wqueue)',
        'tcp-facts §9 (listen overflow)',
      ],
    };
  },
};
