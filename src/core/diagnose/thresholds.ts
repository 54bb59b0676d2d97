/**
 * Rule thresholds as data: docs/diagnose.md prints this table, the rules read it.
 */
export const THRESHOLDS = {
  /** Share of the ephemeral range used toward one (local IP, remote IP, remote port). */
  portExhaustion: { warning: 0.5, critical: 0.8, maxInstances: 5 },
  /** TIME_WAIT on a listener's port: reported from this many; a warning only when huge. */
  timeWaitServerSide: { minCount: 20, warningCount: 100_000 },
  /** sockstat tw against tcp_max_tw_buckets. */
  twBuckets: { warning: 0.8, critical: 0.95 },
  /** CLOSE_WAIT per owning process. */
  closeWait: { warningCount: 10, criticalCount: 1_000, criticalGrowth: 100 },
  /** SYN_RECV with cookies sent but few validated: a flood. */
  synFlood: { minSynRecv: 128, minCookiesSent: 10, maxValidatedRatio: 0.2, criticalCookiesPerSecond: 100 },
  /** SYN queue drops while cookies are validated: genuine load. */
  synBacklog: { minValidatedRatio: 0.5 },
  /** Orphans against tcp_max_orphans. */
  orphans: { warning: 0.5, critical: 0.8, minCountWithoutLimit: 1_000 },
  /** tcp_max_tw_buckets below this (or below tcp_max_orphans, same default) was lowered. */
  twBucketsLowered: 32_768,
} as const;

export type Thresholds = typeof THRESHOLDS;
