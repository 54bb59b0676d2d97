import type { ProcessRef, SocketRecord } from '../../model/socket.js';
import { groupSockets } from '../../tally/group-by.js';
import type { EvidenceValue, Finding } from '../finding.js';
import { fmt, type Rule } from '../rule.js';

/**
 * CLOSE_WAIT held by a process: the peer closed and the application never called close()
 * (tcp-facts.md §8.5). With two samples, only sockets present in both count as leaked, and the
 * growth between them is reported. Inode-0 CLOSE_WAIT on a listener's port is the other kind: a
 * connection nobody accept()ed.
 */
export const closeWaitLeak: Rule = {
  id: 'close-wait-leak',
  run(input, { t, th }) {
    if (!input.records) return { skipped: t('common.needsSockets') };
    const cw = input.records.filter((r) => r.state === 8);
    if (cw.length === 0) return undefined;
    const prevInodes = input.previousRecords
      ? new Set(input.previousRecords.filter((r) => r.state === 8 && r.inode).map((r) => r.inode))
      : undefined;
    const byPid = new Map<number, { owner: ProcessRef; now: number; persisting: number; before: number }>();
    let unowned = 0;
    for (const r of cw) {
      const owner = r.processes?.[0];
      if (!owner) {
        if (r.inode) unowned++;
        continue;
      }
      const e = byPid.get(owner.pid) ?? { owner, now: 0, persisting: 0, before: 0 };
      e.now++;
      if (!prevInodes || prevInodes.has(r.inode)) e.persisting++;
      byPid.set(owner.pid, e);
    }
    if (input.previousRecords) {
      for (const r of input.previousRecords) {
        const pid = r.state === 8 ? r.processes?.[0]?.pid : undefined;
        const e = pid === undefined ? undefined : byPid.get(pid);
        if (e) e.before++;
      }
    }
    const notAccepted = notAcceptedOnListeners(input.records);
    const leaks = [...byPid.values()]
      .filter((e) => e.persisting > 0 && (prevInodes !== undefined || e.now >= th.closeWait.warningCount))
      .sort((a, b) => b.persisting - a.persisting);
    if (leaks.length === 0 && notAccepted.count === 0 && unowned < th.closeWait.warningCount)
      return undefined;

    const top = leaks[0];
    const growth = top && input.previousRecords ? top.now - top.before : undefined;
    const severity =
      top &&
      (top.persisting >= th.closeWait.criticalCount ||
        (growth !== undefined && growth >= th.closeWait.criticalGrowth))
        ? 'critical'
        : top && (top.persisting >= th.closeWait.warningCount || (growth ?? 0) > 0)
          ? 'warning'
          : notAccepted.count >= th.closeWait.warningCount || unowned >= th.closeWait.warningCount
            ? 'warning'
            : 'info';
    const instances: EvidenceValue[] = leaks.slice(0, 5).map((e) => {
      const inst: { [k: string]: EvidenceValue } = {
        kind: 'owned',
        pid: e.owner.pid,
        command: e.owner.command,
        closeWait: e.now,
        persisting: e.persisting,
      };
      if (input.previousRecords) inst.growth = e.now - e.before;
      if (e.owner.container) inst.container = e.owner.container;
      inst.peers = topPeers(cw.filter((r) => r.processes?.[0]?.pid === e.owner.pid));
      return inst;
    });
    for (const l of notAccepted.listeners) instances.push({ kind: 'not-accepted', ...l });
    const vars = {
      count: fmt(top?.persisting ?? notAccepted.count ?? unowned),
      total: fmt(cw.length),
      pid: top?.owner.pid ?? '?',
      command: top?.owner.command ?? '?',
      growth: growth === undefined ? '?' : `${growth >= 0 ? '+' : ''}${fmt(growth)}`,
      seconds: (input.rates?.seconds ?? 0).toFixed(1),
      notAccepted: fmt(notAccepted.count),
      listener: notAccepted.listeners[0]?.listener ?? '?',
      unowned: fmt(unowned),
    };
    const summary = top
      ? t(input.previousRecords ? 'close-wait-leak.summary.growth' : 'close-wait-leak.summary', vars)
      : notAccepted.count > 0
        ? t('close-wait-leak.summary.notAccepted', vars)
        : t('close-wait-leak.summary.unowned', vars);
    const advice = [t('close-wait-leak.advice.close', vars)];
    if (top) advice.push(t('close-wait-leak.advice.fds', vars));
    if (notAccepted.count > 0) advice.push(t('close-wait-leak.advice.accept', vars));
    if (unowned > 0 && !top) advice.push(t('close-wait-leak.advice.root', vars));
    advice.push(t('close-wait-leak.advice.noSysctl', vars));
    const finding: Finding = {
      id: 'close-wait-leak',
      severity,
      title: t('close-wait-leak.title'),
      summary,
      evidence: { closeWait: cw.length, notAccepted: notAccepted.count, ownerHidden: unowned, instances },
      advice,
      references: ['tcp-facts §1 (CLOSE_WAIT)', 'tcp-facts §8.5 (two kinds of CLOSE_WAIT)'],
    };
    if (input.rates) finding.evidence.sampleSeconds = Number(input.rates.seconds.toFixed(2));
    return finding;
  },
};

// --- internal ---

function notAcceptedOnListeners(records: readonly SocketRecord[]): {
  count: number;
  listeners: Array<{ listener: string; closeWait: number }>;
} {
  const groups = groupSockets(
    records.filter((r) => r.state === 10 || (r.state === 8 && r.inode === 0)),
    'lport',
    { top: Number.MAX_SAFE_INTEGER },
  ).filter((g) => g.listener && (g.counts[8] ?? 0) > 0);
  const listeners = groups.map((g) => ({ listener: g.label, closeWait: g.counts[8] ?? 0 }));
  return { count: listeners.reduce((n, l) => n + l.closeWait, 0), listeners };
}

function topPeers(records: readonly SocketRecord[]): EvidenceValue[] {
  const m = new Map<string, number>();
  for (const r of records) {
    const k = `${r.remoteAddress}:${r.remotePort}`;
    const peer = r.remoteAddress.includes(':') ? `[${r.remoteAddress}]:${r.remotePort}` : k;
    m.set(peer, (m.get(peer) ?? 0) + 1);
  }
  // group peers by address: ports of a client are ephemeral and tell little
  const byAddr = new Map<string, number>();
  for (const [peer, n] of m) {
    const addr = peer.replace(/:\d+$/, '');
    byAddr.set(addr, (byAddr.get(addr) ?? 0) + n);
  }
  return [...byAddr.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([peer, count]) => ({ peer, count }));
}
