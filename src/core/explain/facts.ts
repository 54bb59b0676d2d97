/**
 * The language-neutral half of the knowledge base: names, defaults, value ranges, scope, kernel
 * versions, commands and references for the eleven states and the tunables of tcp-facts.md §3.
 * The prose lives in glossary.<lang>.ts under the same keys. The `tune` command reuses
 * SYSCTL_FACTS, so every value here is data, not text.
 *
 * Every entry names its sources as `tcp-facts §N; [source key]` (the keys of tcp-facts.md's header).
 * A `≈` in tcp-facts (version not checked against a git tag, §10) is `approximate: true` here.
 */
import type { TcpStateName } from '../model/tcp-state.js';

// --- sysctls ---

/** Short names (the last path component), in the order tcp-facts.md §3 lists them. */
export const SYSCTL_KEYS = [
  'tcp_tw_reuse',
  'tcp_tw_reuse_delay',
  'tcp_tw_recycle',
  'tcp_fin_timeout',
  'tcp_max_tw_buckets',
  'tcp_syncookies',
  'tcp_max_syn_backlog',
  'somaxconn',
  'ip_local_port_range',
  'ip_local_reserved_ports',
  'tcp_timestamps',
  'tcp_max_orphans',
  'tcp_orphan_retries',
  'tcp_synack_retries',
  'tcp_syn_retries',
  'tcp_syn_linear_timeouts',
  'tcp_keepalive_time',
  'tcp_keepalive_intvl',
  'tcp_keepalive_probes',
  'tcp_rfc1337',
  'tcp_abort_on_overflow',
  'tcp_mem',
  'tcp_ehash_entries',
  'tcp_child_ehash_entries',
  'netdev_max_backlog',
] as const;

export type SysctlKey = (typeof SYSCTL_KEYS)[number];

/**
 * `netns`: each network namespace has its own value, and a new namespace starts from the kernel
 * defaults, not the host's (tcp-facts §3 "Containers"). `global`: one value for the host, absent
 * inside a child namespace.
 */
export type SysctlScope = 'netns' | 'global';

export type SysctlUnit = 's' | 'ms' | 'pages';

/** What the file accepts. */
export type SysctlValues =
  | { readonly kind: 'bool' }
  | { readonly kind: 'enum'; readonly values: readonly number[] }
  | { readonly kind: 'int'; readonly min?: number; readonly max?: number; readonly unit?: SysctlUnit }
  | { readonly kind: 'ints'; readonly count: number; readonly unit?: SysctlUnit }
  | { readonly kind: 'ports' }
  | { readonly kind: 'read-only' };

export interface SysctlDefault {
  /**
   * The default as `sysctl` prints it, or a formula over the established hash size (`ehash/2`);
   * null where tcp-facts gives none (computed at boot, removed, or not recorded).
   */
  readonly value: string | null;
  readonly unit?: SysctlUnit;
  /** The value seen on the LAB machine (Linux 6.18 x86_64) where the default is computed. */
  readonly lab?: string;
  /** An older default and the first kernel with the current one. */
  readonly before?: { readonly value: string; readonly until: string; readonly approximate: boolean };
}

export interface KernelChange {
  readonly kernel: string;
  /** tcp-facts writes `≈`: the release was inferred from dates, not checked against a tag (§10). */
  readonly approximate: boolean;
  readonly change: 'added' | 'removed' | 'default' | 'values';
  /** Language-neutral detail, e.g. `128 → 4096` or `0|1 → 0|1|2`. */
  readonly detail?: string;
  readonly commit?: string;
}

/**
 * How the tuning advice leans, for the later `tune` command:
 * `keep-default` leave it alone; `raise-only` never lower it; `situational` change it when the
 * prose's "when to change" applies; `never-set` must not be set at all (removed or harmful).
 */
export type SysctlStance = 'keep-default' | 'raise-only' | 'situational' | 'never-set';

export interface SysctlFact {
  readonly key: SysctlKey;
  /** Full dotted name as `sysctl` takes it. */
  readonly name: string;
  readonly scope: SysctlScope;
  readonly default: SysctlDefault;
  readonly values: SysctlValues;
  readonly versions: readonly KernelChange[];
  readonly stance: SysctlStance;
  /** Values that are harmful wherever they are found (a `tune --check` finding). */
  readonly harmful: readonly string[];
  /** On Kubernetes' "safe" (per-pod) list: in v1.26, or only in later releases (version unverified). */
  readonly kubernetesSafe?: 'v1.26' | 'later';
  readonly relatedStates: readonly TcpStateName[];
  readonly references: readonly string[];
}

export const SYSCTL_FACTS: Readonly<Record<SysctlKey, SysctlFact>> = {
  tcp_tw_reuse: {
    key: 'tcp_tw_reuse',
    name: 'net.ipv4.tcp_tw_reuse',
    scope: 'netns',
    default: { value: '2', before: { value: '0', until: '4.18', approximate: true } },
    values: { kind: 'enum', values: [0, 1, 2] },
    versions: [
      { kernel: '4.18', approximate: true, change: 'values', detail: '0|1 → 0|1|2', commit: '79e9fed46038' },
    ],
    stance: 'situational',
    harmful: [],
    relatedStates: ['TIME_WAIT'],
    references: ['tcp-facts §0.3, §3; [ipv4.c] tcp_twsk_unique', 'tcp-facts §2; [VB]'],
  },
  tcp_tw_reuse_delay: {
    key: 'tcp_tw_reuse_delay',
    name: 'net.ipv4.tcp_tw_reuse_delay',
    scope: 'netns',
    default: { value: '1000', unit: 'ms' },
    values: { kind: 'int', min: 1, max: 60000, unit: 'ms' },
    versions: [{ kernel: '6.14', approximate: true, change: 'added' }],
    stance: 'keep-default',
    harmful: [],
    relatedStates: ['TIME_WAIT'],
    references: ['tcp-facts §3; netdev (Jakub Sitnicki, Nov 2024); [LAB]'],
  },
  tcp_tw_recycle: {
    key: 'tcp_tw_recycle',
    name: 'net.ipv4.tcp_tw_recycle',
    scope: 'netns',
    default: { value: null },
    values: { kind: 'bool' },
    versions: [{ kernel: '4.12', approximate: false, change: 'removed', commit: '4396e46187ca' }],
    stance: 'never-set',
    harmful: ['1'],
    relatedStates: ['TIME_WAIT'],
    references: ['tcp-facts §0.2, §3; [VB]', 'tcp-facts §0.2; commits 4396e46187ca, 95a22caee396'],
  },
  tcp_fin_timeout: {
    key: 'tcp_fin_timeout',
    name: 'net.ipv4.tcp_fin_timeout',
    scope: 'netns',
    default: { value: '60', unit: 's' },
    values: { kind: 'int', unit: 's' },
    versions: [],
    stance: 'situational',
    harmful: [],
    kubernetesSafe: 'later',
    relatedStates: ['FIN_WAIT2', 'TIME_WAIT'],
    references: ['tcp-facts §0.1, §3; [sysctl-doc]; [tcp.h] tcp_fin_time()', 'tcp-facts §3; [mini.c]; [LAB]'],
  },
  tcp_max_tw_buckets: {
    key: 'tcp_max_tw_buckets',
    name: 'net.ipv4.tcp_max_tw_buckets',
    scope: 'netns',
    default: { value: 'ehash/2', lab: '131072' },
    values: { kind: 'int' },
    versions: [],
    stance: 'raise-only',
    harmful: ['0'],
    relatedStates: ['TIME_WAIT', 'FIN_WAIT2'],
    references: [
      'tcp-facts §0.4, §2; [sysctl-doc]; [mini.c] tcp_time_wait',
      'tcp-facts §3; [ipv4.c] tcp_set_hashinfo',
    ],
  },
  tcp_syncookies: {
    key: 'tcp_syncookies',
    name: 'net.ipv4.tcp_syncookies',
    scope: 'netns',
    default: { value: '1' },
    values: { kind: 'enum', values: [0, 1, 2] },
    versions: [],
    stance: 'keep-default',
    harmful: ['0'],
    kubernetesSafe: 'v1.26',
    relatedStates: ['SYN_RECV', 'LISTEN'],
    references: ['tcp-facts §3; [sysctl-doc]', 'tcp-facts §5; [snmp-doc]', 'tcp-facts §9; [sysctl-doc]'],
  },
  tcp_max_syn_backlog: {
    key: 'tcp_max_syn_backlog',
    name: 'net.ipv4.tcp_max_syn_backlog',
    scope: 'netns',
    default: { value: 'max(128, ehash/128)', lab: '2048' },
    values: { kind: 'int' },
    versions: [],
    stance: 'keep-default',
    harmful: [],
    relatedStates: ['SYN_RECV', 'LISTEN'],
    references: [
      'tcp-facts §0.5; netdev (Eric Dumazet, 3 Jan 2020)',
      'tcp-facts §3; include/net/inet_connection_sock.h; net/ipv4/tcp_input.c',
    ],
  },
  somaxconn: {
    key: 'somaxconn',
    name: 'net.core.somaxconn',
    scope: 'netns',
    default: { value: '4096', before: { value: '128', until: '5.4', approximate: false } },
    values: { kind: 'int', min: 0 },
    versions: [
      {
        kernel: '4.1',
        approximate: true,
        change: 'values',
        detail: '≤ 65535 → ≤ 2147483647',
        commit: 'becb74f0acca',
      },
      { kernel: '5.4', approximate: false, change: 'default', detail: '128 → 4096' },
    ],
    stance: 'situational',
    harmful: ['0'],
    relatedStates: ['LISTEN', 'SYN_RECV'],
    references: [
      'tcp-facts §3; [sysctl-doc]; [LAB]',
      'tcp-facts §9',
      'tcp-facts §3; commit becb74f0acca "net: increase sk_[max_]ack_backlog" (Eric Dumazet, Mar 2015)',
    ],
  },
  ip_local_port_range: {
    key: 'ip_local_port_range',
    name: 'net.ipv4.ip_local_port_range',
    scope: 'netns',
    default: { value: '32768 60999', before: { value: '32768 61000', until: '4.6', approximate: true } },
    values: { kind: 'ints', count: 2 },
    versions: [{ kernel: '4.6', approximate: true, change: 'default', detail: '32768 61000 → 32768 60999' }],
    stance: 'situational',
    harmful: [],
    kubernetesSafe: 'v1.26',
    relatedStates: ['TIME_WAIT', 'SYN_SENT'],
    references: [
      'tcp-facts §2; [VB]; [LAB]',
      'tcp-facts §3; net/ipv4/sysctl_net_ipv4.c',
      'tcp-facts §9; [sysctl-doc] ip_autobind_reuse',
    ],
  },
  ip_local_reserved_ports: {
    key: 'ip_local_reserved_ports',
    name: 'net.ipv4.ip_local_reserved_ports',
    scope: 'netns',
    default: { value: null },
    values: { kind: 'ports' },
    versions: [],
    stance: 'situational',
    harmful: [],
    kubernetesSafe: 'later',
    relatedStates: ['TIME_WAIT'],
    references: ['tcp-facts §2, §3, §9; [sysctl-doc]'],
  },
  tcp_timestamps: {
    key: 'tcp_timestamps',
    name: 'net.ipv4.tcp_timestamps',
    scope: 'netns',
    default: { value: '1' },
    values: { kind: 'enum', values: [0, 1, 2] },
    versions: [
      {
        kernel: '4.10',
        approximate: false,
        change: 'values',
        detail: 'random per-connection offsets',
        commit: '95a22caee396',
      },
    ],
    stance: 'keep-default',
    harmful: ['0'],
    relatedStates: ['TIME_WAIT'],
    references: ['tcp-facts §3; RFC 7323', 'tcp-facts §0.2, §2; [VB]'],
  },
  tcp_max_orphans: {
    key: 'tcp_max_orphans',
    name: 'net.ipv4.tcp_max_orphans',
    scope: 'global',
    default: { value: 'ehash/2', lab: '131072' },
    values: { kind: 'int' },
    versions: [],
    stance: 'raise-only',
    harmful: [],
    relatedStates: ['FIN_WAIT1', 'LAST_ACK', 'CLOSING'],
    references: ['tcp-facts §3; [sysctl-doc]; [LAB]', 'tcp-facts §5; [snmp-doc]'],
  },
  tcp_orphan_retries: {
    key: 'tcp_orphan_retries',
    name: 'net.ipv4.tcp_orphan_retries',
    scope: 'netns',
    default: { value: '0' },
    values: { kind: 'int' },
    versions: [],
    stance: 'situational',
    harmful: [],
    relatedStates: ['FIN_WAIT1', 'LAST_ACK', 'CLOSING'],
    references: ['tcp-facts §3; [sysctl-doc]; net/ipv4/tcp_timer.c tcp_orphan_retries()'],
  },
  tcp_synack_retries: {
    key: 'tcp_synack_retries',
    name: 'net.ipv4.tcp_synack_retries',
    scope: 'netns',
    default: { value: '5' },
    values: { kind: 'int', max: 255 },
    versions: [],
    stance: 'situational',
    harmful: [],
    relatedStates: ['SYN_RECV'],
    references: ['tcp-facts §3; [sysctl-doc]'],
  },
  tcp_syn_retries: {
    key: 'tcp_syn_retries',
    name: 'net.ipv4.tcp_syn_retries',
    scope: 'netns',
    default: { value: '6' },
    values: { kind: 'int', min: 1, max: 127 },
    versions: [],
    stance: 'situational',
    harmful: [],
    relatedStates: ['SYN_SENT'],
    references: ['tcp-facts §3; [sysctl-doc]; [LAB]'],
  },
  tcp_syn_linear_timeouts: {
    key: 'tcp_syn_linear_timeouts',
    name: 'net.ipv4.tcp_syn_linear_timeouts',
    scope: 'netns',
    default: { value: '4' },
    values: { kind: 'int' },
    versions: [{ kernel: '6.5', approximate: true, change: 'added' }],
    stance: 'keep-default',
    harmful: [],
    relatedStates: ['SYN_SENT'],
    references: [
      'tcp-facts §3; [sysctl-doc]; netdev "tcp: make the first N SYN RTO backoffs linear" (May 2023)',
    ],
  },
  tcp_keepalive_time: {
    key: 'tcp_keepalive_time',
    name: 'net.ipv4.tcp_keepalive_time',
    scope: 'netns',
    default: { value: '7200', unit: 's' },
    values: { kind: 'int', unit: 's' },
    versions: [],
    stance: 'situational',
    harmful: [],
    kubernetesSafe: 'later',
    relatedStates: ['ESTABLISHED', 'CLOSE_WAIT'],
    references: ['tcp-facts §3; [sysctl-doc]'],
  },
  tcp_keepalive_intvl: {
    key: 'tcp_keepalive_intvl',
    name: 'net.ipv4.tcp_keepalive_intvl',
    scope: 'netns',
    default: { value: '75', unit: 's' },
    values: { kind: 'int', unit: 's' },
    versions: [],
    stance: 'situational',
    harmful: [],
    kubernetesSafe: 'later',
    relatedStates: ['ESTABLISHED'],
    references: ['tcp-facts §3; [sysctl-doc]'],
  },
  tcp_keepalive_probes: {
    key: 'tcp_keepalive_probes',
    name: 'net.ipv4.tcp_keepalive_probes',
    scope: 'netns',
    default: { value: '9' },
    values: { kind: 'int' },
    versions: [],
    stance: 'situational',
    harmful: [],
    kubernetesSafe: 'later',
    relatedStates: ['ESTABLISHED'],
    references: ['tcp-facts §3; [sysctl-doc]'],
  },
  tcp_rfc1337: {
    key: 'tcp_rfc1337',
    name: 'net.ipv4.tcp_rfc1337',
    scope: 'netns',
    default: { value: '0' },
    values: { kind: 'bool' },
    versions: [],
    stance: 'situational',
    harmful: [],
    relatedStates: ['TIME_WAIT'],
    references: ['tcp-facts §2, §3; [sysctl-doc]; RFC 1337'],
  },
  tcp_abort_on_overflow: {
    key: 'tcp_abort_on_overflow',
    name: 'net.ipv4.tcp_abort_on_overflow',
    scope: 'netns',
    default: { value: '0' },
    values: { kind: 'bool' },
    versions: [],
    stance: 'keep-default',
    harmful: [],
    relatedStates: ['LISTEN'],
    references: ['tcp-facts §3; [sysctl-doc]'],
  },
  tcp_mem: {
    key: 'tcp_mem',
    name: 'net.ipv4.tcp_mem',
    scope: 'global',
    default: { value: null, unit: 'pages' },
    values: { kind: 'ints', count: 3, unit: 'pages' },
    versions: [],
    stance: 'keep-default',
    harmful: [],
    relatedStates: [],
    references: ['tcp-facts §3; [snmp-doc]', 'tcp-facts §5; [proc.c] sockstat'],
  },
  tcp_ehash_entries: {
    key: 'tcp_ehash_entries',
    name: 'net.ipv4.tcp_ehash_entries',
    scope: 'netns',
    default: { value: null },
    values: { kind: 'read-only' },
    versions: [{ kernel: '6.1', approximate: true, change: 'added' }],
    stance: 'keep-default',
    harmful: [],
    relatedStates: [],
    references: ['tcp-facts §3; [sysctl-doc]; [LAB]'],
  },
  tcp_child_ehash_entries: {
    key: 'tcp_child_ehash_entries',
    name: 'net.ipv4.tcp_child_ehash_entries',
    scope: 'netns',
    default: { value: '0' },
    values: { kind: 'int' },
    versions: [{ kernel: '6.1', approximate: true, change: 'added' }],
    stance: 'keep-default',
    harmful: [],
    relatedStates: [],
    references: ['tcp-facts §3; [sysctl-doc]'],
  },
  netdev_max_backlog: {
    key: 'netdev_max_backlog',
    name: 'net.core.netdev_max_backlog',
    scope: 'global',
    default: { value: '1000' },
    values: { kind: 'int' },
    versions: [],
    stance: 'raise-only',
    harmful: [],
    relatedStates: [],
    references: [
      'tcp-facts §3 (global knobs are absent inside a child namespace, as tcp_max_orphans); [LAB] 1000 on Linux 6.18',
      'tcp-facts §3; Documentation/admin-guide/sysctl/net.rst; net/core/dev.c enqueue_to_backlog',
    ],
  },
};

// --- states ---

/** Who is in a state: RFC 9293 §3.3.2 and §3.6, as tcp-facts §1 summarises them. */
export type StateRole =
  | 'passive-opener'
  | 'active-opener'
  | 'both'
  | 'active-closer'
  | 'passive-closer'
  | 'none';

export interface StateFact {
  readonly name: TcpStateName;
  /** The `ss state` filter name (ss.8; `scan_state` in ss.c). */
  readonly ssFilter: string;
  readonly role: StateRole;
  /** Fixed lifetime on Linux, where there is one (TIME_WAIT: TCP_TIMEWAIT_LEN). */
  readonly fixedSeconds?: number;
  /** Commands that show it, existing ones only; later tcpdoctor commands are named in the prose. */
  readonly commands: readonly string[];
  readonly relatedSysctls: readonly SysctlKey[];
  readonly references: readonly string[];
}

export const STATE_FACTS: Readonly<Record<TcpStateName, StateFact>> = {
  LISTEN: {
    name: 'LISTEN',
    ssFilter: 'listening',
    role: 'passive-opener',
    commands: [
      'tcpdoctor status --state listen',
      'ss -tanp state listening',
      'nstat -az TcpExtListenOverflows TcpExtListenDrops',
    ],
    relatedSysctls: ['somaxconn', 'tcp_abort_on_overflow', 'tcp_max_syn_backlog', 'tcp_syncookies'],
    references: [
      'tcp-facts §1; RFC 9293 §3.3.2',
      'tcp-facts §0.5, §3; [sysctl-doc] somaxconn',
      'tcp-facts §6; [diag.h]',
      'tcp-facts §8; [ipv4.c]; [LAB]',
      'tcp-facts §9',
    ],
  },
  SYN_SENT: {
    name: 'SYN_SENT',
    ssFilter: 'syn-sent',
    role: 'active-opener',
    commands: ['tcpdoctor status --state syn-sent', 'ss -tanp state syn-sent', 'ss -tano state syn-sent'],
    relatedSysctls: ['tcp_syn_retries', 'tcp_syn_linear_timeouts', 'ip_local_port_range'],
    references: [
      'tcp-facts §1; RFC 9293 §3.3.2',
      'tcp-facts §3; [sysctl-doc] tcp_syn_retries, somaxconn',
      'tcp-facts §7; [ss.c]; [LAB]',
    ],
  },
  SYN_RECV: {
    name: 'SYN_RECV',
    ssFilter: 'syn-recv',
    role: 'passive-opener',
    commands: [
      'tcpdoctor status --state syn-recv',
      'ss -tan state syn-recv',
      'ss -tanp state listening',
      'nstat -az TcpExtSyncookiesSent TcpExtSyncookiesRecv TcpExtTCPReqQFullDrop TcpExtTCPReqQFullDoCookies',
    ],
    relatedSysctls: ['tcp_syncookies', 'tcp_synack_retries', 'somaxconn', 'tcp_max_syn_backlog'],
    references: [
      'tcp-facts §1; [ipv4.c] get_openreq4; netdev (Kuniyuki Iwashima)',
      'tcp-facts §0.5; netdev (Eric Dumazet, 3 Jan 2020)',
      'tcp-facts §0.6; [ss.c]',
      'tcp-facts §3; [sysctl-doc] tcp_synack_retries, tcp_syncookies',
      'tcp-facts §5; [snmp-doc]',
      'tcp-facts §8, §9; [sysctl-doc]',
    ],
  },
  ESTABLISHED: {
    name: 'ESTABLISHED',
    ssFilter: 'established',
    role: 'both',
    commands: ['tcpdoctor status --state established', 'ss -tanp state established'],
    relatedSysctls: ['tcp_keepalive_time', 'tcp_keepalive_intvl', 'tcp_keepalive_probes'],
    references: [
      'tcp-facts §1; RFC 9293 §3.3.2',
      'tcp-facts §3; [sysctl-doc] tcp_keepalive_*',
      'tcp-facts §4; [LAB]',
      'tcp-facts §8; [ipv4.c]; [LAB]',
    ],
  },
  FIN_WAIT1: {
    name: 'FIN_WAIT1',
    ssFilter: 'fin-wait-1',
    role: 'active-closer',
    commands: ['tcpdoctor status --state fin-wait-1', 'ss -tanop state fin-wait-1', 'cat /proc/net/sockstat'],
    relatedSysctls: ['tcp_orphan_retries', 'tcp_max_orphans'],
    references: [
      'tcp-facts §1; RFC 9293 §3.6',
      'tcp-facts §3; [sysctl-doc] tcp_orphan_retries, tcp_max_orphans',
      'tcp-facts §5; [proc.c]; [snmp-doc]',
      'tcp-facts §9',
    ],
  },
  FIN_WAIT2: {
    name: 'FIN_WAIT2',
    ssFilter: 'fin-wait-2',
    role: 'active-closer',
    commands: ['tcpdoctor status --state fin-wait-2', 'ss -tanop state fin-wait-2'],
    relatedSysctls: ['tcp_fin_timeout', 'tcp_max_tw_buckets'],
    references: [
      'tcp-facts §1; RFC 9293 §3.6',
      'tcp-facts §3; [sysctl-doc] tcp_fin_timeout; [tcp.h] tcp_fin_time()',
      'tcp-facts §3; [mini.c]; [LAB]',
      'tcp-facts §9',
    ],
  },
  TIME_WAIT: {
    name: 'TIME_WAIT',
    ssFilter: 'time-wait',
    role: 'active-closer',
    // include/net/tcp.h: TCP_TIMEWAIT_LEN (60*HZ)
    fixedSeconds: 60,
    commands: [
      'tcpdoctor status --state time-wait',
      'ss -tan state time-wait',
      'ss -tanH state time-wait | wc -l',
      'nstat -az TcpExtTCPTimeWaitOverflow TcpExtTWRecycled',
    ],
    relatedSysctls: [
      'tcp_tw_reuse',
      'tcp_tw_reuse_delay',
      'tcp_tw_recycle',
      'tcp_fin_timeout',
      'tcp_max_tw_buckets',
      'ip_local_port_range',
      'ip_local_reserved_ports',
      'tcp_timestamps',
      'tcp_rfc1337',
    ],
    references: [
      'tcp-facts §0.1, §2; [tcp.h] TCP_TIMEWAIT_LEN; [VB]',
      'tcp-facts §1; RFC 9293 glossary (MSL)',
      'tcp-facts §2; RFC 9293 §3.6.1; RFC 1122 §4.2.2.13; [mini.c]',
      'tcp-facts §2; RFC 1337; RFC 6191; [sysctl-doc] tcp_rfc1337',
      'tcp-facts §2; [LAB] /proc/slabinfo; [VB]',
      'tcp-facts §0.2–§0.4, §3; [sysctl-doc]; [ipv4.c]; [mini.c]',
      'tcp-facts §6; commit af9784d007d8',
    ],
  },
  CLOSE: {
    name: 'CLOSE',
    ssFilter: 'closed',
    role: 'none',
    commands: ['tcpdoctor status --state close', 'ss -tanp state closed'],
    relatedSysctls: [],
    references: ['tcp-facts §1; [states.h]; [ss.c]', 'tcp-facts §7; [ss.c] print_summary'],
  },
  CLOSE_WAIT: {
    name: 'CLOSE_WAIT',
    ssFilter: 'close-wait',
    role: 'passive-closer',
    commands: [
      'tcpdoctor status --state close-wait',
      'ss -tanp state close-wait',
      'ss -tanp state listening',
    ],
    relatedSysctls: ['somaxconn', 'tcp_keepalive_time'],
    references: [
      'tcp-facts §1; RFC 9293 §3.6',
      'tcp-facts §3; [sysctl-doc] tcp_keepalive_*',
      'tcp-facts §4; [LAB]',
      'tcp-facts §8; [ipv4.c]; [LAB]',
    ],
  },
  LAST_ACK: {
    name: 'LAST_ACK',
    ssFilter: 'last-ack',
    role: 'passive-closer',
    commands: ['tcpdoctor status --state last-ack', 'ss -tano state last-ack', 'cat /proc/net/sockstat'],
    relatedSysctls: ['tcp_orphan_retries', 'tcp_max_orphans'],
    references: [
      'tcp-facts §1; RFC 9293 §3.6',
      'tcp-facts §3; [sysctl-doc] tcp_orphan_retries, tcp_max_orphans',
      'tcp-facts §5; [proc.c]',
      'tcp-facts §9',
    ],
  },
  CLOSING: {
    name: 'CLOSING',
    ssFilter: 'closing',
    role: 'both',
    commands: ['tcpdoctor status --state closing', 'ss -tano state closing'],
    relatedSysctls: ['tcp_orphan_retries', 'tcp_max_orphans'],
    references: [
      'tcp-facts §1; RFC 9293 §3.6',
      'tcp-facts §3; [sysctl-doc] tcp_orphan_retries',
      'tcp-facts §9; bcc tools/tcpstates_example.txt',
    ],
  },
};
