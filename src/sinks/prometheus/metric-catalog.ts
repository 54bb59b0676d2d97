/**
 * Every metric `tcpdoctor serve` exposes, as data: name, type, labels, help. The exporter builds its
 * families from this table, in this order, and docs/metrics.md documents each entry (a test checks
 * both ways). Names follow https://prometheus.io/docs/practices/naming/: `tcpdoctor_` prefix,
 * snake_case, base units, `_total` on counters, `_ratio` for 0–1 fractions.
 */
export type MetricType = 'gauge' | 'counter' | 'histogram';

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  /** Labels besides `netns`, which every per-namespace family gains with `--netns all`. */
  readonly labels: readonly string[];
  /** Whether the family gains a `netns` label with `--netns all`. */
  readonly perNetns: boolean;
  readonly help: string;
}

/** The kernel counters the diagnosis reads (KEY_COUNTERS), one counter family each. */
export const KERNEL_COUNTER_METRICS = [
  ['Tcp.ActiveOpens', 'tcpdoctor_tcp_active_opens_total', 'connections opened actively (SYN sent)'],
  ['Tcp.PassiveOpens', 'tcpdoctor_tcp_passive_opens_total', 'connections opened passively (SYN answered)'],
  ['Tcp.AttemptFails', 'tcpdoctor_tcp_attempt_fails_total', 'connection attempts that failed'],
  ['Tcp.EstabResets', 'tcpdoctor_tcp_estab_resets_total', 'resets received in ESTABLISHED or CLOSE_WAIT'],
  ['Tcp.OutRsts', 'tcpdoctor_tcp_out_rsts_total', 'RST segments the kernel tried to send'],
  ['Tcp.RetransSegs', 'tcpdoctor_tcp_retrans_segs_total', 'segments retransmitted'],
  [
    'TcpExt.ListenOverflows',
    'tcpdoctor_tcpext_listen_overflows_total',
    'a connection dropped because a listener accept queue was full',
  ],
  [
    'TcpExt.ListenDrops',
    'tcpdoctor_tcpext_listen_drops_total',
    'SYNs to listeners dropped for any reason (a superset of ListenOverflows)',
  ],
  ['TcpExt.SyncookiesSent', 'tcpdoctor_tcpext_syncookies_sent_total', 'SYN cookies sent (SYN queue full)'],
  ['TcpExt.SyncookiesRecv', 'tcpdoctor_tcpext_syncookies_recv_total', 'valid SYN cookies received back'],
  ['TcpExt.SyncookiesFailed', 'tcpdoctor_tcpext_syncookies_failed_total', 'invalid SYN cookies received'],
  [
    'TcpExt.TCPReqQFullDoCookies',
    'tcpdoctor_tcpext_reqq_full_do_cookies_total',
    'SYN queue full, a cookie sent instead',
  ],
  ['TcpExt.TCPReqQFullDrop', 'tcpdoctor_tcpext_reqq_full_drop_total', 'SYN queue full, the SYN dropped'],
  [
    'TcpExt.TW',
    'tcpdoctor_tcpext_tw_total',
    'TIME_WAIT sockets with the normal timeout (counted at creation since Linux ~5.18)',
  ],
  [
    'TcpExt.TWRecycled',
    'tcpdoctor_tcpext_tw_recycled_total',
    'TIME_WAIT sockets reused by connect() (tcp_tw_reuse)',
  ],
  ['TcpExt.TWKilled', 'tcpdoctor_tcpext_tw_killed_total', 'TIME_WAIT sockets given a short (<= 4 s) timeout'],
  [
    'TcpExt.TCPTimeWaitOverflow',
    'tcpdoctor_tcpext_time_wait_overflow_total',
    'TIME_WAIT skipped at the tcp_max_tw_buckets limit',
  ],
  [
    'TcpExt.TCPAbortOnMemory',
    'tcpdoctor_tcpext_abort_on_memory_total',
    'orphans killed over tcp_max_orphans or tcp_mem',
  ],
  [
    'TcpExt.TCPAbortOnTimeout',
    'tcpdoctor_tcpext_abort_on_timeout_total',
    'connections given up after retransmit, keepalive or probe timeouts',
  ],
  [
    'TcpExt.TCPAbortOnClose',
    'tcpdoctor_tcpext_abort_on_close_total',
    'connections reset because the application closed with unread data',
  ],
  [
    'TcpExt.TCPAbortOnData',
    'tcpdoctor_tcpext_abort_on_data_total',
    'connections reset on data after close, or SO_LINGER 0',
  ],
  ['TcpExt.EmbryonicRsts', 'tcpdoctor_tcpext_embryonic_rsts_total', 'resets received in SYN_RECV'],
  ['TcpExt.PAWSEstab', 'tcpdoctor_tcpext_paws_estab_total', 'segments dropped by PAWS outside SYN_SENT'],
] as const satisfies ReadonlyArray<readonly [string, string, string]>;

/** Numeric sysctls exposed as `tcpdoctor_sysctl{name}` (the single-number ones the rules read). */
export const SYSCTL_METRICS = [
  'net.ipv4.tcp_tw_reuse',
  'net.ipv4.tcp_timestamps',
  'net.ipv4.tcp_max_tw_buckets',
  'net.ipv4.tcp_max_orphans',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_orphan_retries',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_max_syn_backlog',
  'net.core.somaxconn',
] as const;

const g = (
  name: string,
  labels: readonly string[],
  help: string,
  perNetns = true,
  type: MetricType = 'gauge',
): MetricSpec => ({ name, type, labels, perNetns, help });

/** The families in exposition order: `tcpdoctor_connections` first. */
export const METRICS: readonly MetricSpec[] = [
  g(
    'tcpdoctor_connections',
    ['state', 'family'],
    'TCP sockets by state (the eleven, lower case, zeros included) and address family.',
  ),
  g(
    'tcpdoctor_listener_connections',
    ['port', 'state'],
    'Sockets on a listening port by state, LISTEN sockets included; the top ports by total, the rest in port="other".',
  ),
  g(
    'tcpdoctor_listener_accept_queue',
    ['port'],
    'Connections waiting for accept() on a listening port, summed over its LISTEN sockets.',
  ),
  g(
    'tcpdoctor_listener_backlog',
    ['port'],
    'Accept queue limit of a listening port (sum of backlogs; netlink only, absent on /proc).',
  ),
  g(
    'tcpdoctor_destination_ephemeral_ports_used',
    ['local_address', 'destination'],
    'Sockets toward a destination whose local port is in the ephemeral range, any state; the top destinations.',
  ),
  g(
    'tcpdoctor_destination_ephemeral_ports_used_ratio',
    ['local_address', 'destination'],
    'Share of the ephemeral port range in use toward a destination; connect() fails with EADDRNOTAVAIL at 1.',
  ),
  g(
    'tcpdoctor_ephemeral_port_range_size',
    [],
    'Ports in net.ipv4.ip_local_port_range minus ip_local_reserved_ports.',
  ),
  g(
    'tcpdoctor_tw_buckets',
    [],
    'TIME_WAIT minisockets per /proc/net/sockstat "tw": TIME_WAIT plus orphaned FIN_WAIT2, never the TIME_WAIT count.',
  ),
  g(
    'tcpdoctor_tw_buckets_max',
    [],
    'net.ipv4.tcp_max_tw_buckets: past it, TIME_WAIT is skipped and TCPTimeWaitOverflow counts.',
  ),
  g('tcpdoctor_orphans', [], 'Orphaned TCP sockets (/proc/net/sockstat "orphan"); host-wide.', false),
  g('tcpdoctor_sysctl', ['name'], 'Numeric TCP sysctls the diagnosis reads, by full key.'),
  ...KERNEL_COUNTER_METRICS.map(([key, name, help]) => {
    const [prefix, field] = key.split('.');
    return g(name, [], `${prefix} ${field}: ${help} (kernel counter).`, true, 'counter');
  }),
  g(
    'tcpdoctor_finding',
    ['id', 'severity'],
    'A diagnosis finding present in the last snapshot (1); id as in `tcpdoctor diagnose`, "healthy" when none.',
  ),
  g(
    'tcpdoctor_diagnosis_rule_skipped',
    ['rule'],
    'A diagnosis rule that could not run on the last snapshot (1), e.g. without the data it needs.',
  ),
  g('tcpdoctor_namespaces', [], 'Network namespaces read (--netns all only).', false),
  g(
    'tcpdoctor_namespaces_omitted',
    [],
    'Network namespaces not diagnosed past --max-netns (their sockets count in netns="(other)").',
    false,
  ),
  g('tcpdoctor_source_info', ['kind'], 'Where the census came from: netlink (sock_diag) or proc (1).'),
  g(
    'tcpdoctor_snapshot_duration_seconds',
    [],
    'Wall time of the last snapshot: census, counters, sysctls, owners and diagnosis.',
    false,
  ),
  g(
    'tcpdoctor_snapshot_timestamp_seconds',
    [],
    'Unix time of the last snapshot whose census succeeded.',
    false,
  ),
  g(
    'tcpdoctor_snapshot_success',
    [],
    'Whether the last snapshot read everything (1) or a stage failed (0).',
    false,
  ),
  g('tcpdoctor_snapshot_interval_seconds', [], 'Time between snapshots (--interval).', false),
  g('tcpdoctor_snapshots_total', [], 'Snapshots taken since start.', false, 'counter'),
  g(
    'tcpdoctor_snapshot_errors_total',
    ['stage'],
    'Snapshot stages that failed: census, counters, sysctls, sysctl_files, owners, diagnose.',
    false,
    'counter',
  ),
  g(
    'tcpdoctor_scrape_duration_seconds',
    [],
    'Time to answer a /metrics request (served from the last snapshot, never a new read).',
    false,
    'histogram',
  ),
  g(
    'tcpdoctor_http_requests_total',
    ['path', 'code'],
    'HTTP requests by route and status code (401: missing or wrong token).',
    false,
    'counter',
  ),
  g('tcpdoctor_build_info', ['version'], 'The tcpdoctor version (1).', false),
];
