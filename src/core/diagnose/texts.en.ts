/**
 * English texts of `diagnose`, `{name}` placeholders filled by the rules. Every claim follows
 * tcp-facts.md; texts.zh.ts has exactly the same keys (a test checks).
 */
export const DIAGNOSE_EN = {
  'common.needsSockets': 'needs the socket list (a live reading, or a capture with addresses)',
  'common.needsCounters': 'needs kernel counters (sockstat) and sysctls: only a live reading has them',
  'common.needsInterval': 'needs counter rates: run live with --interval (e.g. --interval 5)',
  'common.needsSysctls': 'needs the sysctl values or files: only a live reading has them',

  'port-exhaustion.title': 'Ephemeral ports running out toward one destination',
  'port-exhaustion.summary':
    'connect() toward {dest} is running out of source ports: {inUse} of {size} ephemeral ports in use ({pct}), {tw} of them in TIME_WAIT; at 100 % connect() fails with EADDRNOTAVAIL ("Cannot assign requested address").',
  'port-exhaustion.advice.pool':
    'Reuse connections to {dest} (a client pool, HTTP keep-alive): with TIME_WAIT lasting 60 s, {size} ports allow about {maxRate} new connections per second to one destination, and this host opens about {rate}/s.',
  'port-exhaustion.advice.reuse':
    'Set net.ipv4.tcp_tw_reuse=1 (now {current}; 2 means loopback only): outgoing connect() may then take over a TIME_WAIT tuple older than 1 s, which could recover up to {tw} ports here; it needs TCP timestamps on both ends (net.ipv4.tcp_timestamps=1, the default) and does nothing for inbound connections.',
  'port-exhaustion.advice.reuseOn':
    'net.ipv4.tcp_tw_reuse=1 is already on: connect() can take over TIME_WAIT tuples older than 1 s, so if connects still fail the ports are held by live connections or by TIME_WAIT younger than 1 s; reuse connections.',
  'port-exhaustion.advice.reuseLoopback':
    'net.ipv4.tcp_tw_reuse=2 (the default) already lets connect() on loopback take over TIME_WAIT tuples older than 1 s; the ports are held by live connections or very recent closes.',
  'port-exhaustion.advice.widen':
    'Widen the range: net.ipv4.ip_local_port_range="1024 65535" gives {widened} ports instead of {size} ({factor}×); protect the ports of your own services with net.ipv4.ip_local_reserved_ports.',
  'port-exhaustion.advice.sources':
    'Add 4-tuples: more destination addresses or ports behind {dest}, or more source addresses (bind() each client socket to one with IP_BIND_ADDRESS_NO_PORT so the port is chosen at connect()).',
  'port-exhaustion.advice.never':
    'Do not use net.ipv4.tcp_tw_recycle (removed in Linux 4.12; it broke clients behind NAT) and do not lower tcp_max_tw_buckets: neither is a fix.',

  'time-wait-server-side.title': 'This server closes connections first',
  'time-wait-server-side.summary':
    '{count} TIME_WAIT sockets sit on listening ports (most on {listener}): this host closes about {rate} connections per second before its clients do.',
  'time-wait-server-side.advice.keepalive':
    'Keep connections open for reuse (HTTP keep-alive, longer idle timeouts) so fewer are closed at all.',
  'time-wait-server-side.advice.clientCloses':
    'Where the protocol allows, let clients close first: the side that closes first holds the TIME_WAIT.',
  'time-wait-server-side.advice.noSysctl':
    'No sysctl shortens TIME_WAIT: it lasts a fixed 60 s on Linux; tcp_fin_timeout does not change it and tcp_tw_reuse only helps outgoing connect(), never a server.',
  'time-wait-server-side.advice.cost':
    'The cost is small: each TIME_WAIT is a ~256-byte minisocket holding no file descriptor, and new clients can still connect because Linux accepts a new SYN on a TIME_WAIT tuple.',

  'tw-bucket-overflow.title': 'TIME_WAIT table near its limit',
  'tw-bucket-overflow.summary':
    'sockstat counts {tw} TIME_WAIT (with orphaned FIN_WAIT2) against net.ipv4.tcp_max_tw_buckets={max} ({pct}); past the limit the kernel skips TIME_WAIT altogether.',
  'tw-bucket-overflow.summary.rising':
    'The kernel skipped TIME_WAIT {overflow} times in {seconds} s (TcpExt TCPTimeWaitOverflow): sockstat counts {tw} against net.ipv4.tcp_max_tw_buckets={max}; those connections lost the protection against stray segments.',
  'tw-bucket-overflow.advice.churn':
    'Close fewer connections: reuse them (pools, keep-alive); every active close costs one TIME_WAIT for 60 s.',
  'tw-bucket-overflow.advice.raise':
    'If memory allows, raise net.ipv4.tcp_max_tw_buckets (each entry is about 256 bytes; 100,000 entries are about 25 MB).',
  'tw-bucket-overflow.advice.neverLower':
    'Never lower tcp_max_tw_buckets to "get rid of" TIME_WAIT: over the limit the kernel just skips TIME_WAIT, the unsafe behaviour TIME_WAIT exists to prevent.',

  'close-wait-leak.title': 'CLOSE_WAIT leak: the application does not close() sockets',
  'close-wait-leak.summary':
    '{command} (pid {pid}) holds {count} CLOSE_WAIT sockets: the peers closed and the application has not called close().',
  'close-wait-leak.summary.growth':
    '{command} (pid {pid}) holds {count} CLOSE_WAIT sockets that were already there {seconds} s earlier (change {growth}): the peers closed and the application has not called close().',
  'close-wait-leak.summary.notAccepted':
    '{notAccepted} CLOSE_WAIT connections were never accept()ed on {listener}: clients gave up while they waited in the accept queue.',
  'close-wait-leak.summary.unowned': '{unowned} CLOSE_WAIT sockets belong to processes this user cannot see.',
  'close-wait-leak.advice.close':
    'Fix the application: it must call close() once the peer has closed (read returns 0 / EOF); look for error paths that skip close() and connection pools that keep dead connections. The kernel will not do it.',
  'close-wait-leak.advice.fds':
    'Each leaked socket holds a file descriptor: compare ls /proc/{pid}/fd | wc -l with the "Max open files" line of /proc/{pid}/limits; a restart frees them only until the leak refills.',
  'close-wait-leak.advice.accept':
    'On {listener}, accept() faster (more workers, a non-blocking accept loop) or raise the backlog so clients do not give up while queued.',
  'close-wait-leak.advice.root': 'Run as root to name the processes that hold them.',
  'close-wait-leak.advice.noSysctl':
    'No sysctl fixes CLOSE_WAIT: keepalive settings and tcp_fin_timeout do not close a socket the application still holds.',

  'syn-flood.title': 'SYN flood',
  'syn-flood.summary':
    '{synRecv} SYN_RECV and {sent} SYN cookies sent in {seconds} s ({perSecond}/s) but only {recv} validated ({validated}): handshakes are started and not finished, the signature of a SYN flood.',
  'syn-flood.summary.noCookies':
    '{synRecv} SYN_RECV with net.ipv4.tcp_syncookies=0: when the SYN queue of {listener} fills, new SYNs are dropped, legitimate ones included.',
  'syn-flood.skipped.noRates':
    '{synRecv} SYN_RECV now; run live with --interval to compare SyncookiesSent with SyncookiesRecv and tell a flood from overload',
  'syn-flood.advice.enableCookies':
    'Set net.ipv4.tcp_syncookies=1 (the default): the kernel then answers SYNs with cookies when the queue overflows instead of dropping them.',
  'syn-flood.advice.keepCookies':
    'Keep net.ipv4.tcp_syncookies=1 (now {syncookies}): cookies are what keeps legitimate clients connecting during the flood.',
  'syn-flood.advice.upstream':
    'Filter or rate-limit the flood before it reaches this host (load balancer, firewall, provider scrubbing).',
  'syn-flood.advice.synack':
    'net.ipv4.tcp_synack_retries=2 or 3 (default 5) frees request sockets sooner under a flood; syncookies remain the main defence.',
  'syn-flood.advice.notBacklog':
    'Raising net.ipv4.tcp_max_syn_backlog does not help while syncookies are on: the kernel reads it only with tcp_syncookies=0.',

  'syn-backlog.title': 'SYN queue too small for the load',
  'syn-backlog.summary':
    'The SYN queue overflowed {reqFull} times and listeners dropped {drops} SYNs in {seconds} s, while {validated} of the cookies came back valid: real clients, more than the listen backlog holds.',
  'syn-backlog.advice.backlog':
    "Raise the listen backlog: the application's listen() argument and net.core.somaxconn (now {somaxconn}), which silently caps it; the SYN queue is bounded by the same number.",
  'syn-backlog.advice.accept': 'Make sure the application accepts fast enough (more workers or threads).',
  'syn-backlog.advice.notSysctl':
    'net.ipv4.tcp_max_syn_backlog is nearly inert: with syncookies on it is not read; raise the backlog instead.',

  'listen-overflow.title': 'Listen queue overflow',
  'listen-overflow.summary':
    'The accept queue of {listener} is full: {queue} connections wait for accept() with a backlog of {backlog}; new handshakes are dropped and clients see retransmits and delays.',
  'listen-overflow.summary.rising':
    'Listen queues overflowed {overflows} times in {seconds} s (TcpExt ListenOverflows): connections were dropped because an application did not accept() fast enough; the busiest queue is {listener} with {queue} waiting.',
  'listen-overflow.summary.proc':
    'Listen queues overflowed {overflows} times in {seconds} s (TcpExt ListenOverflows); {listener} has {queue} connections waiting, and its backlog is unknown because /proc does not show it (use the netlink source).',
  'listen-overflow.advice.accept':
    'Accept faster on {listener}: more worker processes or threads, and no blocking work in the accept loop.',
  'listen-overflow.advice.somaxconn':
    'The backlog equals net.core.somaxconn ({somaxconn}), which caps every listen() silently: raise somaxconn and the backlog the application asks for.',
  'listen-overflow.advice.backlog':
    "Raise the application's listen() backlog (now {backlog}); net.core.somaxconn ({somaxconn}) caps it.",
  'listen-overflow.advice.abort':
    'Keep net.ipv4.tcp_abort_on_overflow=0: setting it makes the kernel reset clients instead of letting them retry.',

  'orphans.title': 'Many orphaned sockets',
  'orphans.summary':
    '{count} orphaned sockets (closed by their application, still finishing) against net.ipv4.tcp_max_orphans={max} ({pct}); over the limit the kernel resets them ("too many orphaned sockets").',
  'orphans.summary.aborts':
    'The kernel reset {aborts} orphaned sockets for lack of memory or over tcp_max_orphans (TcpExt TCPAbortOnMemory); {count} orphans now, limit {max}.',
  'orphans.summary.noLimit':
    '{count} orphaned sockets (FIN_WAIT1, FIN_WAIT2, LAST_ACK, CLOSING with no owner); tcp_max_orphans is a global knob not visible in this namespace.',
  'orphans.advice.retries':
    'net.ipv4.tcp_orphan_retries=1 to 3 (now {retries}; 0 means 8) makes orphans stop retransmitting their FIN to peers that went away sooner.',
  'orphans.advice.finTimeout':
    'net.ipv4.tcp_fin_timeout (now {finTimeout} s) bounds only orphaned FIN_WAIT2; lowering it to 15–30 helps only if those dominate, and it never shortens TIME_WAIT.',
  'orphans.advice.raise':
    'Raise net.ipv4.tcp_max_orphans rather than lower it if memory allows (each orphan may pin up to ~64 KB).',

  'obsolete-sysctl.title': 'Obsolete or harmful TCP settings',
  'obsolete-sysctl.summary': '{count} setting(s) from the classic folklore: {keys}.',
  'obsolete-sysctl.advice.recycle':
    'Remove net.ipv4.tcp_tw_recycle: it was removed in Linux 4.12, so sysctl -p fails on it; it broke clients behind NAT. Use tcp_tw_reuse=1 on clients instead.',
  'obsolete-sysctl.advice.recycleOld':
    'Set net.ipv4.tcp_tw_recycle=0 and remove it from the configuration: it drops SYNs from clients behind NAT, and Linux 4.12 removed it.',
  'obsolete-sysctl.advice.timestamps':
    'Set net.ipv4.tcp_timestamps=1: tcp_tw_reuse={reuse} does nothing without timestamps, and disabling them was a tcp_tw_recycle workaround that is obsolete.',
  'obsolete-sysctl.advice.buckets':
    'Restore net.ipv4.tcp_max_tw_buckets (now {value}) to its default: lowering it makes the kernel skip TIME_WAIT, which trades safety for nothing.',

  'healthy.title': 'Healthy',
  'healthy.summary': 'Nothing wrong: {total} sockets, {tw} TIME_WAIT, {cw} CLOSE_WAIT, {synRecv} SYN_RECV',
  'healthy.ports': 'busiest destination uses {pct} of the ephemeral ports',
  'healthy.overflows': '{overflows} listen overflows in {seconds} s',
  'healthy.join': '; ',
} as const;

export type DiagnoseTextKey = keyof typeof DIAGNOSE_EN;
