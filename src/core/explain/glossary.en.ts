/**
 * English prose of the knowledge base. Same keys as glossary.zh.ts (a test proves it). Every claim
 * is traceable to /work/shared/docs/tcp-facts.md through the `references` of the same key in
 * facts.ts; keep it that way when editing.
 */
import type { Glossary } from './glossary.js';

export const GLOSSARY_EN: Glossary = {
  lang: 'en',
  ui: {
    headings: {
      meaning: 'What it is',
      side: 'Who is in it, and how it got there',
      duration: 'How long it lasts on Linux',
      pileUp: 'What a pile-up usually means',
      culprit: 'How to find the culprit',
      actions: 'What to do',
      twoMsl: '2MSL, and why Linux waits 60 s',
      why: 'Why TIME_WAIT exists',
      cost: 'What it really costs',
      myths: 'Myths, corrected',
      donts: "Don'ts",
      sysctlMeaning: 'What it does',
      whenToChange: 'When to change it',
      whenNever: 'When not to',
    },
    labels: {
      also: 'also',
      procHex: '/proc st',
      ssFilter: 'ss filter',
      role: 'Side',
      file: 'File',
      default: 'Default',
      values: 'Values',
      scope: 'Scope',
      kernels: 'Kernels',
      kubernetes: 'Kubernetes',
      relatedStates: 'Related states',
      relatedSysctls: 'Related sysctls',
      references: 'Sources',
    },
    roles: {
      'passive-opener': 'passive opener (server)',
      'active-opener': 'active opener (client)',
      both: 'both ends',
      'active-closer': 'active closer (the side that closed first)',
      'passive-closer': 'passive closer (the side that received the first FIN)',
      none: 'no connection',
    },
    scopes: {
      netns:
        "per network namespace; a new namespace (a container) starts from the kernel defaults, not the host's values",
      global: 'global: one value for the whole host, absent inside a child network namespace',
    },
    changes: {
      added: 'added',
      removed: 'removed',
      default: 'default changed',
      values: 'values changed',
    },
    units: { s: 's', ms: 'ms', pages: 'pages' },
    kubernetes: {
      'v1.26': 'on the safe list (settable per pod) in v1.26',
      later: 'on the safe list (settable per pod) in newer releases; exact version unverified',
    },
    templates: {
      labValue: '{value} ({lab} on a Linux 6.18 test machine)',
      before: '{value} before Linux {until}',
      commit: 'commit {commit}',
      change: 'Linux {kernel}: {change}{detail}',
      approximate: '≈ marks a release inferred from dates, not checked against a tag',
      removedIn: 'none: removed in Linux {kernel}',
    },
    punctuation: { list: ', ', parts: '; ', colon: ': ', open: ' (', close: ')' },
    glossary: {
      title: 'The eleven TCP states, in the order a connection lives through them',
      intro:
        'Every TCP socket on Linux is in one of these eleven states. Each heading shows the canonical name (as Linux netstat and /proc/net/tcp spell it), then the other spellings tools use; tcpdoctor accepts any of them, in any case.',
      more: 'tcpdoctor explain STATE gives the full entry: who is in the state, how long it lasts, what a pile-up means, how to find the culprit and what to do. tcpdoctor explain time-wait also covers 2MSL, the real cost of TIME_WAIT and the classic myths. tcpdoctor explain SYSCTL explains a tunable: {sysctls}.',
    },
  },

  states: {
    LISTEN: {
      summary: 'A server socket waiting for connections.',
      meaning:
        'A listening socket: a server called listen() on this address and port and waits for SYNs. It is not a connection; every connection it accepts becomes a socket of its own. In ss, the Send-Q of a LISTEN row is the backlog and its Recv-Q is the number of connections waiting to be accept()ed.',
      side: 'The passive opener, normally a server application, which got here by calling listen().',
      duration: 'As long as the server keeps the socket open.',
      pileUp:
        "The number of LISTEN sockets says little; what matters is whether a listener's queue is full. The backlog is min(listen() argument, net.core.somaxconn) and the accept queue holds backlog + 1 connections. When it overflows, the kernel drops the SYN or the final ACK (counted in ListenOverflows and ListenDrops) and clients only see retransmissions and slow connects. ESTABLISHED or CLOSE_WAIT sockets with no owner (inode 0) on the listener's port are connections the application has not accept()ed yet.",
      culprit:
        'A LISTEN row whose Recv-Q has reached its Send-Q is full right now; the history is the rate of TcpExtListenOverflows. ss -tanp names the owning process. /proc/net/tcp cannot show the backlog (its tx_queue is 0 for LISTEN), so use ss.',
      actions: [
        'Make the application call accept() faster.',
        'Raise the backlog in both places: the listen() argument in the application and net.core.somaxconn, which silently caps it.',
        'Keep net.ipv4.tcp_abort_on_overflow=0: with 1 the kernel answers an overflow with RST instead of letting the client retry.',
      ],
    },
    SYN_SENT: {
      summary: 'A client has sent its SYN and waits for the answer.',
      meaning:
        "connect() has sent a SYN and waits for the peer's SYN-ACK: the first step of the three-way handshake.",
      side: 'The active opener, normally a client, which got here by calling connect().',
      duration:
        'One round trip when the peer answers. When nothing answers, the kernel retransmits the SYN (net.ipv4.tcp_syn_retries, default 6) and, according to the kernel documentation, connect() gives up after about 131 s; since Linux ≈6.5 the first retries (tcp_syn_linear_timeouts, default 4) come 1 s apart. ss -tano shows the retransmissions so far as the last number of timer:(on,…,N).',
      pileUp:
        'The destination does not answer: it is down or unreachable, or its listener is overflowing, because a full accept queue drops SYNs without a word and the client only sees its own retransmissions.',
      culprit:
        'Group the SYN_SENT sockets by remote address and port: that names the service that does not answer, and ss -tanp names the local process that keeps trying.',
      actions: [
        "Fix or scale the destination; on the server, compare the listener's Recv-Q with its Send-Q and watch TcpExtListenOverflows.",
        'Lowering net.ipv4.tcp_syn_retries only makes connect() fail sooner; it repairs nothing.',
      ],
    },
    SYN_RECV: {
      summary: "A server has answered a SYN and waits for the handshake's last ACK.",
      meaning:
        'The passive side received a SYN and answered with a SYN-ACK; it waits for the ACK that completes the handshake. An ordinary pending handshake is a small request socket (NEW_SYN_RECV inside the kernel) that /proc and ss report as SYN_RECV; a full socket is in SYN_RECV only with TCP Fast Open or a simultaneous open.',
      side: 'The passive opener, a server: a SYN arrived on the port of one of its LISTEN sockets.',
      duration:
        'One round trip normally. Without the final ACK, the kernel retransmits the SYN-ACK (net.ipv4.tcp_synack_retries, default 5): the last one goes out after about 31 s and the request is dropped after about 63 s.',
      pileUp:
        'Either a SYN flood or more real connection attempts than the listener can take. In a flood TcpExtSyncookiesSent climbs while TcpExtSyncookiesRecv stays low; under genuine overload Recv is high too. A full SYN queue shows as TcpExtTCPReqQFullDoCookies or TcpExtTCPReqQFullDrop, and the kernel logs "Possible SYN flooding on port …" once per listener.',
      culprit:
        'Request sockets have no owning process (inode 0): attribute them by their local port to the LISTEN socket that owns the port. Note that ss -t without -a hides SYN-RECV; always name the state or pass -a.',
      actions: [
        'Keep net.ipv4.tcp_syncookies=1: cookies are the main defence against a flood.',
        "Under legitimate load, raise the listen backlog (the application's listen() argument and net.core.somaxconn); cookie warnings under real load mean the backlog is too small, and net.ipv4.tcp_max_syn_backlog is read only when syncookies are off.",
        'Under a flood, net.ipv4.tcp_synack_retries 2–3 frees request sockets sooner.',
      ],
    },
    ESTABLISHED: {
      summary: 'An open connection: data flows both ways.',
      meaning:
        'The handshake is complete and both sides can send data. This is the normal state of a working connection.',
      side: 'Both ends: the client once its SYN was answered, the server once the final ACK of the handshake arrived.',
      duration:
        'Until one side closes. An idle connection is never probed unless the application enabled SO_KEEPALIVE; with it and the default settings, a dead peer is declared after about 2 h 11 min.',
      pileUp:
        "Usually just load, or connection pools. Two patterns deserve a look: sockets with no owner (inode 0) on a listener's port wait in the accept queue, so the application is not calling accept() fast enough; a large Recv-Q means the application is not reading what has arrived.",
      culprit:
        'ss -tanp names the process of each connection; tcpdoctor status --by process (in a later release) will group them for you.',
      actions: [
        'Nothing, if the number matches the expected load.',
        'If it keeps growing, look for a pool or client that opens connections and never reuses or closes them.',
        'To notice dead peers and outlive NAT or load-balancer idle timeouts, enable SO_KEEPALIVE in the application and lower net.ipv4.tcp_keepalive_time (or set TCP_KEEPIDLE on the socket).',
      ],
    },
    FIN_WAIT1: {
      summary: 'This side has closed; its FIN is not acknowledged yet.',
      meaning:
        'The local side sent its FIN (close() or shutdown()) and waits for the peer to acknowledge it.',
      side: 'The active closer: whichever side closed first, server or client.',
      duration:
        'One round trip normally. If the peer does not acknowledge (it is gone, or advertises a zero window), the FIN is retransmitted; for an orphan (a socket the application has already closed) net.ipv4.tcp_orphan_retries bounds the retries, and its default 0 means 8, more than 100 s at the minimum RTO.',
      pileUp:
        'Orphans retransmitting their FIN to dead or zero-window peers, typically on a busy web server whose clients vanished. Each orphan may pin about 64 KB; past net.ipv4.tcp_max_orphans the kernel resets them and logs "TCP: too many orphaned sockets".',
      culprit:
        'Orphans have no owning process (inode 0). ss -tano shows the retransmission timers and the remote addresses; the orphan field of /proc/net/sockstat counts all orphans, and TcpExtTCPAbortOnTimeout counts those given up.',
      actions: [
        'On busy web servers, net.ipv4.tcp_orphan_retries 1–3 sheds FIN_WAIT1 left by dead clients sooner.',
        'If the kernel logs "too many orphaned sockets", raise net.ipv4.tcp_max_orphans; never lower it.',
      ],
    },
    FIN_WAIT2: {
      summary: "This side's FIN is acknowledged; it waits for the peer's FIN.",
      meaning:
        "The peer acknowledged our FIN but has not sent its own: our direction is closed, the peer's is still open. Meanwhile the peer is in CLOSE_WAIT until its application calls close().",
      side: 'The active closer, after FIN_WAIT1.',
      duration:
        'Two cases. While the application still holds the socket (for example after shutdown(SHUT_WR)) there is no limit. Once the socket is orphaned, net.ipv4.tcp_fin_timeout bounds it (default 60 s, at least 3.5 × RTO; a per-socket TCP_LINGER2 overrides it); at 60 s or less the kernel keeps it as a small minisocket (inode 0, timer "timewait") that is counted in the tw field of /proc/net/sockstat and against tcp_max_tw_buckets.',
      pileUp:
        'Owned FIN_WAIT2 (a process holds it, no timer) is an application half-close waiting on a peer that never closes: look for CLOSE_WAIT on the peer. Orphaned FIN_WAIT2 (inode 0, timer timewait) means peers that never send their FIN.',
      culprit:
        'ss -tanop tells the two kinds apart: a users:(…) field means owned, timer:(timewait,…) without a process means orphaned. Then run tcpdoctor status --state close-wait on the peer host.',
      actions: [
        'Owned: the fix is on the peer, whose application does not call close() (its CLOSE_WAIT leak).',
        'Orphaned: lowering net.ipv4.tcp_fin_timeout to 15–30 s helps, and this is the only thing that sysctl is for.',
      ],
    },
    TIME_WAIT: {
      summary: "This side closed first; it keeps the old connection's 4-tuple reserved for 60 s.",
      meaning:
        "The connection is over. The side that closed first has acknowledged the peer's FIN and keeps a small record of the connection, its 4-tuple (local and remote address and port), so that stray packets of the old connection cannot disturb a new one.",
      side: 'The active closer: whichever side called close() first, server or client, goes FIN_WAIT1 → FIN_WAIT2 → TIME_WAIT (or FIN_WAIT1 → CLOSING → TIME_WAIT on a simultaneous close). The passive closer goes CLOSE_WAIT → LAST_ACK and never enters TIME_WAIT.',
      duration:
        'A fixed 60 s (TCP_TIMEWAIT_LEN in the kernel source); no sysctl changes it. A retransmitted FIN, an ACK or a PAWS-rejected segment re-arms the full 60 s, so an entry can outlive 60 s.',
      pileUp:
        'This host closes many connections first: the count divided by 60 is roughly its closes per second. That costs little memory. It becomes a problem only for outgoing connections, when connect() runs out of local ports towards one destination and fails with EADDRNOTAVAIL.',
      culprit:
        'TIME_WAIT has no process (the application already closed the socket). Group the entries by remote address and port: outgoing ones name the upstream this host connects to too often; on a server, the local port names the service. Count them with ss -tanH state time-wait | wc -l, not with the tw field of /proc/net/sockstat, which includes orphaned FIN_WAIT2. Note that ss -t without -a hides TIME-WAIT.',
      actions: [
        'Reuse connections: HTTP keep-alive, client connection pools.',
        'Let the side that can afford TIME_WAIT close first, normally the server; a client short of ports must not be the active closer.',
        'Give outgoing connections more 4-tuples: widen net.ipv4.ip_local_port_range (for example to 1024 65535, guarding service ports with net.ipv4.ip_local_reserved_ports), use more destination ports or addresses, or more source addresses through bind() with IP_BIND_ADDRESS_NO_PORT (Linux 4.2).',
        'On clients, net.ipv4.tcp_tw_reuse=1 lets connect() take over a TIME_WAIT entry; it needs timestamps, and TcpExtTWRecycled counts each reuse despite its name.',
        'SO_LINGER with a zero timeout makes close() send RST and skip TIME_WAIT, but it drops unsent data and the peer gets ECONNRESET: use it only where the protocol has already guaranteed completion, never blindly.',
        'A server restart that fails with EADDRINUSE needs SO_REUSEADDR on the listener; that does nothing for client port exhaustion.',
        'Last resort: since Linux 6.0, ss -K can kill TIME_WAIT entries (root, and a kernel built with CONFIG_INET_DIAG_DESTROY).',
      ],
    },
    CLOSE: {
      summary: 'No connection.',
      meaning:
        "The socket has no connection: RFC 9293's CLOSED, shown as UNCONN by ss. On Linux ≈6.8 and later, ss -B also reports bound-only sockets (BOUND_INACTIVE) as UNCONN; tcpdoctor counts those separately, not as CLOSE.",
      side: 'Neither end: the socket is not connected.',
      duration: 'Until the application connects, listens on or closes the socket.',
      pileUp:
        'Rarely meaningful. Note that "closed" in the output of ss -s is not a count of this state: ss computes it from sockstat as alloc - (inuse4 + inuse6 - tw).',
      culprit: 'ss -tanp names the process that holds the socket.',
      actions: ['Nothing, as a rule.'],
    },
    CLOSE_WAIT: {
      summary: 'The peer has closed; the local application has not.',
      meaning:
        "The peer sent its FIN and the kernel acknowledged it; the connection waits for the local application to call close(). ss may show a Recv-Q of 1 here: that is the peer's FIN, not unread data.",
      side: 'The passive closer: the side that received the first FIN.',
      duration:
        'As long as the application keeps the socket open: only its close() moves the connection on, to LAST_ACK. No sysctl fixes that, keepalive included.',
      pileUp:
        "Almost always the application. With an owning process it is a leak: the application (often a connection pool keeping dead connections) got the FIN and never called close(), and its file descriptors grow towards ulimit -n. With no owner (inode 0) on a listener's local port, clients gave up while their connection waited in the accept queue: the application is not calling accept() fast enough.",
      culprit:
        "ss -tanp state close-wait names the process; compare its descriptor count (ls /proc/PID/fd | wc -l) with ulimit -n. For ownerless ones, compare the listener's Recv-Q with its Send-Q and watch TcpExtListenOverflows. tcpdoctor status --by process and tcpdoctor diagnose (in later releases) will do this for you.",
      actions: [
        'Fix the application: close the socket when a read returns end-of-file, and make pools drop connections the peer has closed.',
        'For ownerless CLOSE_WAIT, make the application accept() faster or raise its backlog (listen() argument and net.core.somaxconn).',
        'No sysctl cures it; tcp_keepalive_* does not either.',
      ],
    },
    LAST_ACK: {
      summary: 'The passive closer has closed too and waits for the last ACK.',
      meaning:
        'After CLOSE_WAIT the local application called close(), so this side sent its FIN; it waits for the peer to acknowledge it. Then the connection is gone; this side has no TIME_WAIT.',
      side: 'The passive closer, after its application called close() in CLOSE_WAIT.',
      duration:
        'One round trip normally. If the ACK never comes, the FIN is retransmitted; the socket is an orphan, so net.ipv4.tcp_orphan_retries bounds the retries (the default 0 means 8, more than 100 s at the minimum RTO).',
      pileUp: 'Orphans retransmitting their FIN to peers that are gone or advertise a zero window.',
      culprit:
        'ss -tano state last-ack shows the retransmission timers, and the remote addresses name the peers that stopped answering. The orphan field of /proc/net/sockstat counts all orphans.',
      actions: [
        'Find out why those peers stopped answering.',
        'On busy servers, net.ipv4.tcp_orphan_retries 1–3 sheds them sooner; raise net.ipv4.tcp_max_orphans if the kernel logs "too many orphaned sockets", never lower it.',
      ],
    },
    CLOSING: {
      summary: 'Both sides closed at once; each waits for the ACK of its FIN.',
      meaning:
        "A simultaneous close: each side sent its FIN before receiving the other's, so each has the peer's FIN but still waits for the ACK of its own.",
      side: "Both ends, each as an active closer: from FIN_WAIT1, on receiving the peer's FIN before the ACK of its own. When the ACK arrives, it moves on to TIME_WAIT.",
      duration:
        'One round trip normally; the retransmissions of an orphan are bounded by net.ipv4.tcp_orphan_retries.',
      pileUp:
        'Rare. A standing crowd means orphans retransmitting their FIN to peers that no longer answer, as with FIN_WAIT1.',
      culprit: 'ss -tano state closing shows the retransmission timers and the remote addresses.',
      actions: [
        'As for FIN_WAIT1: net.ipv4.tcp_orphan_retries 1–3 on busy servers; never lower net.ipv4.tcp_max_orphans.',
      ],
    },
  },

  timeWait: {
    twoMsl:
      'RFC 9293 defines the Maximum Segment Lifetime (MSL) as 2 minutes and requires the active closer to stay in TIME-WAIT for 2MSL (MUST-13), which would be 4 minutes. Linux deliberately uses a fixed 60 s (TCP_TIMEWAIT_LEN in include/net/tcp.h); a proposal to make it tunable was refused.',
    why: [
      'Old duplicates: a delayed segment of the old connection must not be accepted by a new connection on the same 4-tuple.',
      "A clean end for the peer: if our last ACK is lost, the peer stays in LAST_ACK and retransmits its FIN; TIME_WAIT is still there to acknowledge it, whereas a new connection's SYN on that 4-tuple would be answered with RST.",
      'RFC 1337 ("TIME-WAIT assassination"): an RST can end TIME_WAIT early; Linux allows it by default (net.ipv4.tcp_rfc1337=0), and 1 ignores such RSTs.',
      "It seldom blocks reconnecting clients: Linux accepts a new SYN that hits a TIME_WAIT entry when its sequence number or timestamp is newer (RFC 6191), so a server's own TIME_WAIT is rarely in the way.",
    ],
    cost: [
      'Memory is small: a TIME_WAIT entry is a 256-byte minisocket, against about 2.3 KB for a full TCP socket; 50,000 of them take about 13 MB.',
      'No file descriptor: the application has already closed the socket.',
      'The real limit is 4-tuples: from one source address to one destination address and port there are as many as the ephemeral port range holds (32768–60999, 28,232 ports), so at 60 s each about 470 new connections per second.',
      'When they are used up, connect() fails with EADDRNOTAVAIL ("Cannot assign requested address"); on the server side there is no error and no counter.',
      'Past net.ipv4.tcp_max_tw_buckets the kernel skips TIME_WAIT altogether and counts TcpExtTCPTimeWaitOverflow.',
    ],
    myths: [
      'tcp_tw_recycle was removed in Linux 4.12, and before that it silently broke clients behind NAT.',
      'tcp_fin_timeout never shortened TIME_WAIT: it only bounds orphaned FIN_WAIT2, and TIME_WAIT stays 60 s.',
      "tcp_tw_reuse only helps outgoing connections (connect()) and needs TCP timestamps; it does nothing for a server's incoming connections.",
      'Lowering tcp_max_tw_buckets trades safety for nothing: over the limit the kernel simply skips TIME_WAIT, the very protection it exists for.',
    ],
    donts: [
      "Don't disable net.ipv4.tcp_timestamps: tcp_tw_reuse and PAWS need them, and the advice to turn them off was a workaround for tcp_tw_recycle.",
      "Don't confuse conntrack's nf_conntrack_tcp_timeout_time_wait with socket TIME_WAIT: they are unrelated.",
    ],
  },

  sysctls: {
    tcp_tw_reuse: {
      summary: 'Lets an outgoing connect() take over a TIME_WAIT entry.',
      meaning:
        "When connect() wants a 4-tuple that is still in TIME_WAIT, it may reuse the entry if the peer sent a timestamp on the old connection (timestamps negotiated by both ends) and at least 1 s has passed since (tcp_tw_reuse_delay on Linux ≈6.14 and later). It acts only on the connect() path: incoming connections and a server's own TIME_WAIT are untouched. TcpExtTWRecycled counts each reuse.",
      values:
        '0 off; 1 on for all connections; 2 (the default) only for loopback traffic (loopback source and destination, or a socket bound to lo). Before Linux ≈4.18 it was a plain switch, default 0.',
      whenToChange:
        'Set 1 on a client, or a proxy towards its upstreams, that runs out of local ports connecting to one destination. It is safe on clients.',
      whenNever:
        'It is useless on a server for its incoming connections, and it does nothing without timestamps, so keep net.ipv4.tcp_timestamps on.',
    },
    tcp_tw_reuse_delay: {
      summary: 'How old the last timestamp must be before tcp_tw_reuse may take over a TIME_WAIT entry.',
      meaning:
        'The minimum time, in milliseconds, since the last timestamp seen on a TIME_WAIT entry before tcp_tw_reuse lets connect() reuse it. Before this sysctl (Linux ≈6.14) the delay was a fixed 1 s.',
      values: '1 to 60000 ms.',
      whenToChange: 'Only to make tcp_tw_reuse act sooner or later than after 1 s.',
      whenNever: "Do not set it below the peer's timestamp tick.",
    },
    tcp_tw_recycle: {
      summary: 'Removed in Linux 4.12: it broke clients behind NAT. Never use it.',
      meaning:
        'It cut TIME_WAIT to about 3.5 × RTO and dropped SYNs from a peer address whose timestamp went backwards (counted as PAWSPassive). Behind NAT many clients share one address with unrelated timestamps, so their connections silently failed; the per-connection timestamp offsets of Linux 4.10 broke it even without NAT. On 4.12 and later /proc/sys/net/ipv4/tcp_tw_recycle does not exist.',
      values: '0 or 1 on kernels before 4.12; gone since.',
      whenToChange:
        'Never. If a configuration file still sets it, delete the line; on a kernel before 4.12, a value of 1 is a critical problem.',
      whenNever: 'Always: do not set it, do not recommend it, on any kernel.',
    },
    tcp_fin_timeout: {
      summary: 'How long an orphaned connection may wait in FIN_WAIT2. It does not shorten TIME_WAIT.',
      meaning:
        'Bounds FIN_WAIT2 for orphaned sockets only (the application has closed, the peer has not sent its FIN); a per-socket TCP_LINGER2 overrides it and the floor is 3.5 × RTO. Up to 60 s the orphan waits as a minisocket (counted in the tw field of /proc/net/sockstat); above 60 s the excess is spent as a full socket on the keepalive timer. TIME_WAIT stays a fixed 60 s whatever this says.',
      values: 'Seconds.',
      whenToChange:
        'Lower it to 15–30 s only when many orphaned FIN_WAIT2 sockets wait for peers that never send their FIN.',
      whenNever: 'Never to reduce TIME_WAIT: it has no effect on it.',
    },
    tcp_max_tw_buckets: {
      summary: 'The maximum number of TIME_WAIT entries in the network namespace. Never lower it.',
      meaning:
        'When the limit is reached, a closing socket gets no TIME_WAIT at all: it is closed at once and TcpExtTCPTimeWaitOverflow is incremented. Orphaned FIN_WAIT2 minisockets count against the same limit. Old kernels also logged "TCP: time wait bucket table overflow"; current ones only bump the counter.',
      values:
        "A count; the default is half the size of the established-connection hash table (ehash/2), which uses the namespace's own table if it has one.",
      whenToChange:
        'If TcpExtTCPTimeWaitOverflow grows, raising it restores the protection at about 256 bytes per entry; the lasting fix is fewer short-lived connections (tcpdoctor explain time-wait).',
      whenNever:
        'Never lower it: skipping TIME_WAIT is exactly the unsafe behaviour TIME_WAIT prevents, and the kernel documentation says not to.',
    },
    tcp_syncookies: {
      summary: 'SYN cookies: answer SYNs without queueing them when the SYN queue overflows.',
      meaning:
        'When the SYN queue of a listener is full, the kernel answers with a SYN cookie instead of queueing the request, so a flood cannot exhaust the queue. It is a fallback, not a capacity feature: some TCP options are lost unless timestamps carry them. Counters: TcpExtSyncookiesSent, SyncookiesRecv, SyncookiesFailed, TCPReqQFullDoCookies.',
      values:
        '0 off; 1 (the default) only when the SYN queue overflows; 2 always. Needs a kernel built with CONFIG_SYN_COOKIES.',
      whenToChange:
        'Keep 1. If cookies are sent under legitimate load (SyncookiesRecv high as well), the listen backlog is too small: raise it instead.',
      whenNever:
        'Do not turn it off: it is the main defence against a SYN flood, and without it a full SYN queue drops requests (TcpExtTCPReqQFullDrop).',
    },
    tcp_max_syn_backlog: {
      summary: 'Documented as the per-listener SYN_RECV limit, but nearly inert on current kernels.',
      meaning:
        'The SYN queue is bounded by the listener\'s backlog, min(listen() argument, net.core.somaxconn). This sysctl is read only when tcp_syncookies=0, to keep the last quarter of the queue for peers already proven. As Eric Dumazet put it on netdev (2020): "sysctl_max_syn_backlog is not used today (because syncookies are enabled...)".',
      values: 'A count.',
      whenToChange:
        "Hardly ever. To enlarge the SYN queue, raise the listen backlog: the application's listen() argument and net.core.somaxconn.",
      whenNever:
        'Do not expect raising it to fix SYN_RECV build-ups or listen overflows while syncookies are on.',
    },
    somaxconn: {
      summary: 'The ceiling on every listen() backlog in the network namespace.',
      meaning:
        "Backlogs passed to listen() above this value are silently capped. The accept queue is full when it holds backlog + 1 connections; then the kernel drops the SYN or the final ACK (ListenOverflows, ListenDrops) and clients only see retransmissions. The application's own listen() argument matters as much.",
      values:
        'A count. Before Linux ≈4.1 the backlog was a 16-bit field, so values above 65535 do not fit (commit becb74f0acca).',
      whenToChange:
        "Raise it, together with the application's backlog, when a listener overflows: its Recv-Q reaches its Send-Q in ss, or TcpExtListenOverflows grows.",
      whenNever:
        'Do not set it below what your servers pass to listen(): they would be capped without a word.',
    },
    ip_local_port_range: {
      summary: 'The ephemeral ports connect() takes local ports from.',
      meaning:
        'Its size is how many connections one source address can have (TIME_WAIT included) to one destination address and port: 28,232 by default, about 470 new connections per second at 60 s of TIME_WAIT each. When they are used up, connect() fails with EADDRNOTAVAIL.',
      values:
        'Two numbers, the first and last port, both at least ip_unprivileged_port_start. Give start and end different parity, or the kernel logs "ip_local_port_range: prefer different parity for start/end values."',
      whenToChange:
        'Widen it (for example to 1024 65535) on hosts that make many outgoing connections to few destinations, and reserve your service ports in ip_local_reserved_ports.',
      whenNever:
        "Do not widen it over ports your own services listen on without reserving them; and it does nothing for a server's incoming connections.",
    },
    ip_local_reserved_ports: {
      summary: 'Ports that automatic local port selection skips.',
      meaning:
        "Ports listed here are left out when the kernel picks an ephemeral port, so a wide ip_local_port_range does not hand a service's port to an outgoing connection.",
      values: 'A list of port numbers.',
      whenToChange: 'Whenever you widen ip_local_port_range over ports your services use.',
      whenNever:
        'Reserved ports shrink the pool for outgoing connections: reserve only what your services need.',
    },
    tcp_timestamps: {
      summary: 'TCP timestamps (RFC 7323): PAWS, round-trip measurement, and what tcp_tw_reuse needs.',
      meaning:
        'Timestamps let TCP reject old segments (PAWS) and measure round trips. tcp_tw_reuse, PAWS and the option encoding of SYN cookies need them. Since Linux 4.10 each connection gets a random timestamp offset.',
      values: '0 off; 1 (the default) on, with a random offset per connection; 2 on, without the offset.',
      whenToChange: 'Keep 1.',
      whenNever:
        'Do not disable it: that advice was a workaround for tcp_tw_recycle behind NAT, and it is obsolete.',
    },
    tcp_max_orphans: {
      summary:
        'The maximum number of orphaned sockets: closed by the application, still finishing in the kernel.',
      meaning:
        'Over the limit, orphans are reset and the kernel logs "TCP: too many orphaned sockets" (TcpExtTCPAbortOnMemory). Each orphan may pin about 64 KB. Compare with the orphan field of /proc/net/sockstat.',
      values: 'A count.',
      whenToChange: 'Raise it if that message appears and memory allows.',
      whenNever: 'Never lower it.',
    },
    tcp_orphan_retries: {
      summary: 'How many times an orphan retransmits before the kernel gives up.',
      meaning:
        'Bounds the retransmissions of orphaned FIN_WAIT1, LAST_ACK and CLOSING sockets; TcpExtTCPAbortOnTimeout counts those given up. The default 0 does not mean "no retries": the kernel treats it as 8, more than 100 s at the minimum RTO.',
      values: 'A count; 0 is treated as 8.',
      whenToChange: '1–3 helps busy web servers shed FIN_WAIT1 sockets left behind by dead clients.',
      whenNever: 'Do not set 0 expecting no retries: 0 means 8.',
    },
    tcp_synack_retries: {
      summary: 'How often a server retransmits the SYN-ACK of a pending handshake.',
      meaning:
        'Applies to SYN_RECV. With the default 5, the last SYN-ACK goes out after about 31 s and the request is dropped after about 63 s.',
      values: 'A count up to 255.',
      whenToChange: '2–3 frees request sockets sooner under a SYN flood.',
      whenNever: 'Do not rely on it as the flood defence: syncookies remain the main one.',
    },
    tcp_syn_retries: {
      summary: 'How often connect() retransmits an unanswered SYN.',
      meaning:
        'Applies to SYN_SENT, on the client side. With the default 6, connect() gives up after about 131 s according to the kernel documentation; since Linux ≈6.5 the first tcp_syn_linear_timeouts retries come 1 s apart.',
      values: '1 to 127.',
      whenToChange: 'Lower it on clients that should fail fast when a destination does not answer.',
      whenNever: 'It is client-side only: it changes nothing for a server.',
    },
    tcp_syn_linear_timeouts: {
      summary: 'How many SYN retransmissions of connect() come at a linear 1 s interval.',
      meaning:
        'Since Linux ≈6.5 the first retransmissions of an unanswered SYN are sent 1 s apart before the exponential backoff starts; the total number of retries is still tcp_syn_retries.',
      values: 'A count.',
      whenToChange:
        'tcpdoctor knows of no common reason to change it; it matters when you read SYN_SENT timings.',
      whenNever: 'Do not confuse it with tcp_syn_retries, which sets how many retries there are in all.',
    },
    tcp_keepalive_time: {
      summary: 'Idle time before the first keepalive probe.',
      meaning:
        'Applies only to sockets with SO_KEEPALIVE; TCP_KEEPIDLE overrides it per socket. With the defaults (7200 s, then 9 probes 75 s apart) a dead peer is declared after about 2 h 11 min.',
      values: 'Seconds.',
      whenToChange:
        'Lower it to find dead peers sooner and to keep idle connections alive through NAT or load-balancer idle timeouts.',
      whenNever:
        'It does not fix CLOSE_WAIT leaks (an application bug), and it does nothing for sockets without SO_KEEPALIVE.',
    },
    tcp_keepalive_intvl: {
      summary: 'Seconds between keepalive probes.',
      meaning:
        'Applies only to sockets with SO_KEEPALIVE, once tcp_keepalive_time has passed; TCP_KEEPINTVL overrides it per socket.',
      values: 'Seconds.',
      whenToChange: 'Lower it together with tcp_keepalive_time to declare dead peers sooner.',
      whenNever: 'It does not fix CLOSE_WAIT leaks, and it does nothing for sockets without SO_KEEPALIVE.',
    },
    tcp_keepalive_probes: {
      summary: 'Unanswered keepalive probes before the peer is declared dead.',
      meaning: 'Applies only to sockets with SO_KEEPALIVE; TCP_KEEPCNT overrides it per socket.',
      values: 'A count.',
      whenToChange: 'Lower it together with tcp_keepalive_time to declare dead peers sooner.',
      whenNever: 'It does not fix CLOSE_WAIT leaks, and it does nothing for sockets without SO_KEEPALIVE.',
    },
    tcp_rfc1337: {
      summary: 'Whether TIME_WAIT ignores RSTs (RFC 1337).',
      meaning:
        'RFC 1337 describes "TIME-WAIT assassination": an RST that ends TIME_WAIT early, before it has protected the 4-tuple. With 0 (the default) Linux lets such an RST kill the entry; with 1 it ignores RSTs in TIME_WAIT.',
      values: '0 (the default) or 1.',
      whenToChange:
        "Set 1 if you want TIME_WAIT to run its full course even when an RST arrives; tcpdoctor's sources make no stronger recommendation.",
      whenNever:
        'Do not expect it to reduce TIME_WAIT: with 1, entries last their full 60 s more often, not less.',
    },
    tcp_abort_on_overflow: {
      summary: 'What a listener does when its accept queue is full: drop (0) or reset (1).',
      meaning:
        'With 0 (the default) the kernel drops the SYN or the final ACK, and the client retransmits; with 1 it answers with RST, so clients see their connections reset.',
      values: '0 (the default) or 1.',
      whenToChange: 'Keep 0.',
      whenNever:
        'Do not set 1 to "fix" overflows: it turns a delay into errors. Fix the accept rate or the backlog instead.',
    },
    tcp_mem: {
      summary: "Thresholds of TCP's total memory use on the host, in pages.",
      meaning:
        'Three numbers, in pages, for the whole host (global). Over the last one, the kernel logs "TCP: out of memory -- consider tuning tcp_mem" and aborts orphans (TcpExtTCPAbortOnMemory). Compare with the mem field of /proc/net/sockstat, also in pages.',
      values: 'Three counts in pages; computed at boot.',
      whenToChange: 'Only if that message appears; then compare sockstat mem with the third value.',
      whenNever: 'Do not copy values from another machine: the defaults are computed for this one.',
    },
    tcp_ehash_entries: {
      summary: 'Read-only: the size of the established-connection hash table of this namespace.',
      meaning:
        "Several defaults (tcp_max_tw_buckets, tcp_max_orphans, tcp_max_syn_backlog) are computed from this size. A negative value inside a child namespace means it shares the host's global table.",
      values: 'Read-only.',
      whenToChange:
        'It cannot be changed; tcp_child_ehash_entries sets the size for namespaces created later.',
      whenNever: 'Not applicable: it is read-only.',
    },
    tcp_child_ehash_entries: {
      summary: 'The hash table size given to network namespaces created from now on.',
      meaning:
        '0 (the default) means new namespaces share the global established-connection table; a power of two gives each new namespace a table of its own (Linux ≈6.1).',
      values: '0 or a power of two.',
      whenToChange: 'To give each new network namespace (container) its own table.',
      whenNever: 'It does not change namespaces that already exist.',
    },
    netdev_max_backlog: {
      summary: 'How many received packets each CPU may queue before the network stack processes them.',
      meaning:
        "The maximum number of packets queued on the input side, per CPU, when interfaces receive packets faster than the kernel can process them; packets beyond it are dropped and counted in the second column of /proc/net/softnet_stat. A global knob: it exists only in the host's initial network namespace.",
      values: 'A count of packets per CPU; the default is 1000.',
      whenToChange:
        'Raise it when the second column of /proc/net/softnet_stat (drops) keeps growing on a host that receives at a high rate.',
      whenNever:
        "Lowering it only drops packets sooner; it does nothing for TCP states, listen queues or TIME_WAIT, and cannot be set inside a container's namespace.",
    },
  },
};
