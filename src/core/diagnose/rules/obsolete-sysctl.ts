import { kernelAtLeast, sysctlNumber } from '../diagnose-input.js';
import type { EvidenceValue, Severity } from '../finding.js';
import { fmt, type Rule } from '../rule.js';

/**
 * Folklore in the configuration: tcp_tw_recycle (removed in 4.12, broke NAT clients),
 * tcp_timestamps=0 while tcp_tw_reuse is relied upon (reuse needs timestamps), a lowered
 * tcp_max_tw_buckets (tcp-facts.md §0, §3).
 */
export const obsoleteSysctl: Rule = {
  id: 'obsolete-sysctl',
  run(input, { t, th }) {
    if (!input.sysctls && !input.sysctlFiles) return { skipped: t('common.needsSysctls') };
    const instances: EvidenceValue[] = [];
    const advice: string[] = [];
    let severity: Severity = 'info';
    const raise = (s: Severity) => {
      if (s === 'critical' || (s === 'warning' && severity === 'info')) severity = s;
    };
    const removed = kernelAtLeast(input.kernel, 4, 12);
    const live = input.sysctls?.['net.ipv4.tcp_tw_recycle'];
    if (live === '1') {
      instances.push({ key: 'net.ipv4.tcp_tw_recycle', value: 1, where: 'running kernel' });
      raise('critical');
    }
    for (const a of input.sysctlFiles ?? []) {
      if (a.key !== 'net.ipv4.tcp_tw_recycle') continue;
      instances.push({ key: a.key, value: a.value, where: `${a.file}:${a.line}` });
      raise(removed === false && a.value === '1' ? 'critical' : 'warning');
    }
    if (instances.length > 0) {
      advice.push(
        t(removed === false ? 'obsolete-sysctl.advice.recycleOld' : 'obsolete-sysctl.advice.recycle'),
      );
    }
    const ts = sysctlNumber(input, 'net.ipv4.tcp_timestamps');
    const reuse = sysctlNumber(input, 'net.ipv4.tcp_tw_reuse');
    if (ts === 0 && (reuse === 1 || reuse === 2)) {
      instances.push({
        key: 'net.ipv4.tcp_timestamps',
        value: 0,
        where: 'running kernel',
        with: `net.ipv4.tcp_tw_reuse=${reuse}`,
      });
      advice.push(t('obsolete-sysctl.advice.timestamps', { reuse }));
      raise('warning');
    }
    const buckets = sysctlNumber(input, 'net.ipv4.tcp_max_tw_buckets');
    const orphansMax = sysctlNumber(input, 'net.ipv4.tcp_max_orphans');
    const lowered =
      buckets !== undefined &&
      (buckets < th.twBucketsLowered || (orphansMax !== undefined && buckets < orphansMax / 2));
    if (lowered) {
      instances.push({ key: 'net.ipv4.tcp_max_tw_buckets', value: buckets ?? 0, where: 'running kernel' });
      advice.push(t('obsolete-sysctl.advice.buckets', { value: fmt(buckets ?? 0) }));
      raise('warning');
    }
    if (instances.length === 0) return undefined;
    return {
      id: 'obsolete-sysctl',
      severity,
      title: t('obsolete-sysctl.title'),
      summary: t('obsolete-sysctl.summary', {
        count: instances.length,
        keys: [...new Set(instances.map((i) => (i as { key: string }).key))].join(', '),
      }),
      evidence: { kernel: input.kernel, instances },
      advice,
      references: [
        'tcp-facts §0.2, §0.4',
        'tcp-facts §3 (tcp_tw_recycle, tcp_timestamps, tcp_max_tw_buckets)',
        '[VB]',
      ],
    };
  },
};
