/**
 * 知识库的简体中文文本。键与 glossary.en.ts 完全相同（有测试保证）。每一条说法都能通过 facts.ts
 * 中同名条目的 `references` 追溯到 tcp-facts.md；修改时请保持这一点。
 * 技术名词（TIME_WAIT、sysctl 名、connect() 等）保持原样。
 */
import type { Glossary } from './glossary.js';

export const GLOSSARY_ZH: Glossary = {
  lang: 'zh',
  ui: {
    headings: {
      meaning: '含义',
      side: '谁处于这个状态，又是怎么进来的',
      duration: '在 Linux 上持续多久',
      pileUp: '大量堆积通常说明什么',
      culprit: '怎么找到源头',
      actions: '怎么办',
      twoMsl: '2MSL，以及 Linux 为什么只等 60 秒',
      why: 'TIME_WAIT 为什么存在',
      cost: '真实代价',
      myths: '流传的误区与纠正',
      donts: '不要做的事',
      sysctlMeaning: '作用',
      whenToChange: '什么时候该改',
      whenNever: '什么时候不该改',
    },
    labels: {
      also: '又写作',
      procHex: '/proc st',
      ssFilter: 'ss 过滤名',
      role: '角色',
      file: '文件',
      default: '默认值',
      values: '取值',
      scope: '作用范围',
      kernels: '内核版本',
      kubernetes: 'Kubernetes',
      relatedStates: '相关状态',
      relatedSysctls: '相关 sysctl',
      references: '出处',
    },
    roles: {
      'passive-opener': '被动打开方（服务端）',
      'active-opener': '主动打开方（客户端）',
      both: '连接双方',
      'active-closer': '主动关闭方（先关闭的一方）',
      'passive-closer': '被动关闭方（先收到 FIN 的一方）',
      none: '无连接',
    },
    scopes: {
      netns: '按网络命名空间生效；新建的命名空间（例如容器）使用内核默认值，而不是宿主机上的值',
      global: '全局：整台主机只有一个值，子网络命名空间里没有这个文件',
    },
    changes: {
      added: '新增',
      removed: '移除',
      default: '默认值变更',
      values: '取值含义变更',
    },
    units: { s: '秒', ms: '毫秒', pages: '页' },
    kubernetes: {
      'v1.26': 'v1.26 中属于安全 sysctl（可按 Pod 设置）',
      later: '较新版本中属于安全 sysctl（可按 Pod 设置），具体版本未核实',
    },
    templates: {
      labValue: '{value}（Linux 6.18 测试机上为 {lab}）',
      before: 'Linux {until} 之前为 {value}',
      commit: '提交 {commit}',
      change: 'Linux {kernel}：{change}{detail}',
      approximate: '带 ≈ 的版本号是根据日期推算的，未对照 tag 核实',
      removedIn: '无：已在 Linux {kernel} 中移除',
    },
    punctuation: { list: '、', parts: '；', colon: '：', open: '（', close: '）' },
    glossary: {
      title: 'TCP 的十一种状态（按连接经历的先后排列）',
      intro:
        'Linux 上的每个 TCP 套接字都处于下面十一种状态之一。每个标题先给出规范名称（Linux netstat 和 /proc/net/tcp 的写法），再列出其他工具的写法；tcpdoctor 认得其中任何一种，不分大小写。',
      more: 'tcpdoctor explain 状态名 给出完整条目：谁处于该状态、持续多久、大量堆积说明什么、怎么找到源头、该怎么办。tcpdoctor explain time-wait 还会讲解 2MSL、TIME_WAIT 的真实代价和流传已久的误区。tcpdoctor explain SYSCTL 讲解内核参数：{sysctls}。',
    },
  },

  states: {
    LISTEN: {
      summary: '服务端的监听套接字，等待新连接。',
      meaning:
        '监听套接字：服务端在这个地址和端口上调用了 listen()，等待对方发来 SYN。它本身不是连接；每接受一个连接，都会生成一个新的套接字。在 ss 的输出里，LISTEN 行的 Send-Q 是 backlog，Recv-Q 是等待应用 accept() 的连接数。',
      side: '被动打开方，通常是服务端应用，调用 listen() 后进入此状态。',
      duration: '只要服务端不关闭这个套接字，就一直存在。',
      pileUp:
        'LISTEN 套接字的数量本身说明不了什么，关键是监听队列有没有满。backlog 等于 min(listen() 参数, net.core.somaxconn)，accept 队列（全连接队列）最多容纳 backlog + 1 个连接。队列溢出时，内核会直接丢弃 SYN 或握手的最后一个 ACK（计入 ListenOverflows 和 ListenDrops），客户端只会看到重传和连接变慢。监听端口上那些没有属主（inode 为 0）的 ESTABLISHED 或 CLOSE_WAIT 套接字，就是应用还没来得及 accept() 的连接。',
      culprit:
        'LISTEN 行的 Recv-Q 已经达到 Send-Q，说明此刻队列是满的；历史情况看 TcpExtListenOverflows 的增长速度。ss -tanp 会显示属主进程。/proc/net/tcp 看不到 backlog（LISTEN 行的 tx_queue 恒为 0），所以要用 ss。',
      actions: [
        '让应用更快地调用 accept()。',
        '两处一起调大 backlog：应用里 listen() 的参数，以及会悄悄截断它的 net.core.somaxconn。',
        '保持 net.ipv4.tcp_abort_on_overflow=0：设为 1 时，队列溢出会直接回 RST，客户端不再有重试的机会。',
      ],
    },
    SYN_SENT: {
      summary: '客户端已发出 SYN，正在等待对方回应。',
      meaning: 'connect() 已经发出 SYN，正在等对方的 SYN-ACK，这是三次握手的第一步。',
      side: '主动打开方，通常是客户端，调用 connect() 后进入此状态。',
      duration:
        '对方有回应时只需一个往返时间。如果一直没有回应，内核会重传 SYN（net.ipv4.tcp_syn_retries，默认 6 次）；按内核文档，connect() 大约 131 秒后放弃。从 Linux ≈6.5 起，最初几次重传（tcp_syn_linear_timeouts，默认 4 次）的间隔固定为 1 秒。ss -tano 输出中 timer:(on,…,N) 的最后一个数字就是已经重传的次数。',
      pileUp:
        '目标没有回应：对方宕机或不可达，或者对方的监听队列溢出了——accept 队列满时 SYN 会被悄无声息地丢弃，客户端只能看到自己在不断重传。',
      culprit:
        '按远端地址和端口给 SYN_SENT 套接字分组，就能知道是哪个服务没有回应；ss -tanp 则会显示本机是哪个进程在反复尝试。',
      actions: [
        '修复或扩容目标服务；在服务端对比监听套接字的 Recv-Q 和 Send-Q，并观察 TcpExtListenOverflows。',
        '调小 net.ipv4.tcp_syn_retries 只会让 connect() 更早失败，解决不了任何问题。',
      ],
    },
    SYN_RECV: {
      summary: '服务端已回应 SYN，正在等待握手的最后一个 ACK。',
      meaning:
        '被动方收到 SYN 并回复了 SYN-ACK，正在等待完成握手的那个 ACK。普通的未完成握手在内核里只是一个很小的请求套接字（内部状态为 NEW_SYN_RECV），/proc 和 ss 把它显示为 SYN_RECV；只有 TCP Fast Open 或双方同时打开时，才会有完整的套接字处于 SYN_RECV。',
      side: '被动打开方，即服务端：某个 LISTEN 套接字的端口上来了一个 SYN。',
      duration:
        '通常只需一个往返时间。收不到最后的 ACK 时，内核会重传 SYN-ACK（net.ipv4.tcp_synack_retries，默认 5 次）：最后一次大约在 31 秒后发出，约 63 秒后这个请求被丢弃。',
      pileUp:
        '要么是 SYN 洪水攻击，要么是真实的连接请求超出了监听套接字的承受能力。遭受洪水攻击时，TcpExtSyncookiesSent 持续上涨，而 TcpExtSyncookiesRecv 一直很低；真实过载时 Recv 也会很高。SYN 队列满会体现在 TcpExtTCPReqQFullDoCookies 或 TcpExtTCPReqQFullDrop 上，内核还会针对每个监听套接字记录一次 "Possible SYN flooding on port …"。',
      culprit:
        '请求套接字没有属主进程（inode 为 0），要按本地端口把它们归到占用该端口的 LISTEN 套接字上。注意：ss -t 不加 -a 时不显示 SYN-RECV，务必指定状态或加上 -a。',
      actions: [
        '保持 net.ipv4.tcp_syncookies=1：SYN cookie 是抵御洪水攻击的主要手段。',
        '如果是正常负载，就调大监听 backlog（应用里 listen() 的参数和 net.core.somaxconn）；正常负载下出现 cookie 告警，说明 backlog 太小。net.ipv4.tcp_max_syn_backlog 只有在关闭 syncookies 时才会被读取。',
        '遭受洪水攻击时，把 net.ipv4.tcp_synack_retries 设为 2–3，可以更快释放请求套接字。',
      ],
    },
    ESTABLISHED: {
      summary: '已建立的连接，双方可以互相收发数据。',
      meaning: '握手已经完成，双方都可以发送数据。这是正常工作的连接所处的状态。',
      side: '连接双方：客户端在 SYN 得到回应后进入，服务端在收到握手的最后一个 ACK 后进入。',
      duration:
        '直到某一方关闭连接为止。除非应用开启了 SO_KEEPALIVE，否则空闲连接永远不会被探测；开启后按默认参数，大约 2 小时 11 分钟才能判定对端已失效。',
      pileUp:
        '通常只是业务量大，或者是连接池。有两种情况值得细看：监听端口上没有属主（inode 为 0）的套接字还在 accept 队列里排队，说明应用 accept() 不够快；Recv-Q 很大，说明应用没有及时读取已经到达的数据。',
      culprit:
        'ss -tanp 会列出每个连接所属的进程；tcpdoctor status --by process（后续版本提供）会直接帮你按进程汇总。',
      actions: [
        '如果数量与预期负载相符，什么都不用做。',
        '如果数量持续增长，找找哪个连接池或客户端只开新连接、从不复用也不关闭。',
        '想及时发现已经失效的对端、避免连接被 NAT 或负载均衡的空闲超时掐断，可以在应用里开启 SO_KEEPALIVE，并调小 net.ipv4.tcp_keepalive_time（或在套接字上设置 TCP_KEEPIDLE）。',
      ],
    },
    FIN_WAIT1: {
      summary: '本端已关闭，发出的 FIN 还没有被确认。',
      meaning: '本端发出了 FIN（调用了 close() 或 shutdown()），正在等待对方确认。',
      side: '主动关闭方：先关闭的一方，可能是服务端，也可能是客户端。',
      duration:
        '通常只需一个往返时间。如果对方不确认（对端已经不在了，或者通告的接收窗口为零），FIN 会被重传；对孤儿套接字（应用已经关闭的套接字）来说，重传次数受 net.ipv4.tcp_orphan_retries 限制，默认值 0 实际按 8 次处理，按最小 RTO 计算也要超过 100 秒。',
      pileUp:
        '孤儿套接字在向已失效或零窗口的对端重传 FIN，常见于客户端大量消失的繁忙 Web 服务器。每个孤儿套接字可能占用约 64 KB 内存；超过 net.ipv4.tcp_max_orphans 后，内核会把它们重置，并记录 "TCP: too many orphaned sockets"。',
      culprit:
        '孤儿套接字没有属主进程（inode 为 0）。ss -tano 可以看到重传定时器和远端地址；/proc/net/sockstat 中的 orphan 字段统计所有孤儿套接字，TcpExtTCPAbortOnTimeout 统计重传超时后被放弃的连接。',
      actions: [
        '在繁忙的 Web 服务器上，把 net.ipv4.tcp_orphan_retries 设为 1–3，可以更快清理失效客户端遗留的 FIN_WAIT1。',
        '如果内核日志出现 "too many orphaned sockets"，就调大 net.ipv4.tcp_max_orphans；永远不要调小它。',
      ],
    },
    FIN_WAIT2: {
      summary: '本端的 FIN 已被确认，正在等待对方的 FIN。',
      meaning:
        '对方确认了我们的 FIN，但还没有发出自己的 FIN：我们这个方向已经关闭，对方那个方向仍然开着。与此同时，对方处于 CLOSE_WAIT，直到它的应用调用 close()。',
      side: '主动关闭方，从 FIN_WAIT1 进入。',
      duration:
        '分两种情况。只要应用还持有这个套接字（比如调用了 shutdown(SHUT_WR)），就没有时间上限。一旦套接字成为孤儿，就由 net.ipv4.tcp_fin_timeout 限制（默认 60 秒，最少 3.5 倍 RTO；单个套接字上的 TCP_LINGER2 优先）；该值不超过 60 秒时，内核会把它转成一个很小的 minisocket（inode 为 0，定时器显示为 "timewait"），计入 /proc/net/sockstat 的 tw 字段，并占用 tcp_max_tw_buckets 的名额。',
      pileUp:
        '有属主的 FIN_WAIT2（被进程持有，没有定时器）是应用做了半关闭，而对端始终不关闭：去对端查 CLOSE_WAIT。孤儿 FIN_WAIT2（inode 为 0，定时器为 timewait）说明对端从不发送自己的 FIN。',
      culprit:
        'ss -tanop 能区分这两种：带 users:(…) 字段的是有属主的；显示 timer:(timewait,…) 且没有进程的是孤儿。然后到对端主机上执行 tcpdoctor status --state close-wait。',
      actions: [
        '有属主的：要修的是对端——它的应用没有调用 close()（CLOSE_WAIT 泄漏）。',
        '孤儿的：把 net.ipv4.tcp_fin_timeout 调到 15–30 秒会有帮助，这也是这个参数唯一的用途。',
      ],
    },
    TIME_WAIT: {
      summary: '本端先关闭了连接，要把旧连接的四元组保留 60 秒。',
      meaning:
        '连接已经结束。先关闭的一方确认了对方的 FIN，并保留一条很小的连接记录，也就是它的四元组（本地和远端的地址与端口），防止旧连接的残留报文干扰新连接。',
      side: '主动关闭方：先调用 close() 的一方，无论是服务端还是客户端，都会经过 FIN_WAIT1 → FIN_WAIT2 → TIME_WAIT（双方同时关闭时是 FIN_WAIT1 → CLOSING → TIME_WAIT）。被动关闭方走的是 CLOSE_WAIT → LAST_ACK，永远不会进入 TIME_WAIT。',
      duration:
        '固定 60 秒（内核源码中的 TCP_TIMEWAIT_LEN），没有任何 sysctl 能改变它。如果收到重传的 FIN、ACK 或被 PAWS 拒绝的报文段，计时会重新从 60 秒开始，所以单个条目可能存在超过 60 秒。',
      pileUp:
        '本机主动关闭了大量连接：数量除以 60，大致就是每秒关闭的连接数。它占用的内存很少，只有在发起连接的一方才会成为问题：connect() 连向同一个目标时本地端口耗尽，报错 EADDRNOTAVAIL。',
      culprit:
        'TIME_WAIT 没有属主进程（应用早已关闭了套接字）。按远端地址和端口分组：出向连接能指出本机连接得过于频繁的上游；在服务端，本地端口能指出是哪个服务。计数请用 ss -tanH state time-wait | wc -l，不要用 /proc/net/sockstat 的 tw 字段，它还包含孤儿 FIN_WAIT2。注意：ss -t 不加 -a 时不显示 TIME-WAIT。',
      actions: [
        '复用连接：HTTP keep-alive、客户端连接池。',
        '让承受得起 TIME_WAIT 的一方先关闭，通常是服务端；端口紧张的客户端不应充当主动关闭方。',
        '给出向连接更多的四元组：扩大 net.ipv4.ip_local_port_range（比如 1024 65535，同时用 net.ipv4.ip_local_reserved_ports 保护服务端口），使用更多的目标端口或地址，或者通过带 IP_BIND_ADDRESS_NO_PORT（Linux 4.2）的 bind() 使用更多源地址。',
        '在客户端设置 net.ipv4.tcp_tw_reuse=1，让 connect() 可以接管 TIME_WAIT 条目；它依赖时间戳，每次复用都会计入 TcpExtTWRecycled（别被名字误导）。',
        'SO_LINGER 设为零超时，close() 会发送 RST 并跳过 TIME_WAIT，但会丢弃未发送的数据，对端会收到 ECONNRESET：只能在协议本身已确保数据传完的场合使用，切勿盲目使用。',
        '服务重启时报 EADDRINUSE，需要在监听套接字上设置 SO_REUSEADDR；它对客户端端口耗尽毫无作用。',
        '最后手段：从 Linux 6.0 起，ss -K 可以强行删除 TIME_WAIT 条目（需要 root，且内核编译时启用了 CONFIG_INET_DIAG_DESTROY）。',
      ],
    },
    CLOSE: {
      summary: '没有连接。',
      meaning:
        '套接字上没有连接：对应 RFC 9293 中的 CLOSED，ss 显示为 UNCONN。在 Linux ≈6.8 及以后，ss -B 还会把只绑定了地址的套接字（BOUND_INACTIVE）也显示为 UNCONN；tcpdoctor 单独统计这些套接字，不计入 CLOSE。',
      side: '不属于任何一方：套接字没有连接。',
      duration: '直到应用用它发起连接、开始监听，或者把它关闭。',
      pileUp:
        '很少有意义。注意 ss -s 输出中的 "closed" 并不是这个状态的计数：它是 ss 根据 sockstat 算出来的，即 alloc - (inuse4 + inuse6 - tw)。',
      culprit: 'ss -tanp 会显示持有该套接字的进程。',
      actions: ['一般无需处理。'],
    },
    CLOSE_WAIT: {
      summary: '对方已经关闭，本地应用还没有关闭。',
      meaning:
        '对方发来了 FIN，内核已经确认，连接正在等待本地应用调用 close()。ss 在这里可能显示 Recv-Q 为 1：那是对方的 FIN，不是没读的数据。',
      side: '被动关闭方：先收到 FIN 的一方。',
      duration:
        '只要应用不关闭套接字，它就一直存在：只有应用调用 close()，连接才会进入 LAST_ACK。任何 sysctl 都解决不了，keepalive 也不行。',
      pileUp:
        '几乎总是应用的问题。有属主进程的是泄漏：应用（常见的是保留着失效连接的连接池）收到了 FIN 却一直不调用 close()，它的文件描述符会一路涨向 ulimit -n。没有属主（inode 为 0）且本地端口是某个监听端口的，说明客户端在连接排队等待 accept 时已经放弃：应用 accept() 不够快。',
      culprit:
        'ss -tanp state close-wait 会显示进程；把它的文件描述符数量（ls /proc/PID/fd | wc -l）和 ulimit -n 比一比。对于没有属主的，比较监听套接字的 Recv-Q 与 Send-Q，并观察 TcpExtListenOverflows。tcpdoctor status --by process 和 tcpdoctor diagnose（后续版本提供）会替你完成这些。',
      actions: [
        '修应用：读到 EOF 时关闭套接字，并让连接池剔除已被对方关闭的连接。',
        '对于没有属主的 CLOSE_WAIT，让应用更快地 accept()，或者调大 backlog（listen() 参数和 net.core.somaxconn）。',
        '没有哪个 sysctl 能治好它，tcp_keepalive_* 也不能。',
      ],
    },
    LAST_ACK: {
      summary: '被动关闭方也已关闭，正在等待最后一个 ACK。',
      meaning:
        '在 CLOSE_WAIT 之后，本地应用调用了 close()，于是本端发出 FIN，正在等待对方确认。确认之后连接就彻底结束了，这一端不会进入 TIME_WAIT。',
      side: '被动关闭方，应用在 CLOSE_WAIT 中调用 close() 后进入。',
      duration:
        '通常只需一个往返时间。如果一直收不到 ACK，FIN 会被重传；此时套接字已是孤儿，重传次数受 net.ipv4.tcp_orphan_retries 限制（默认值 0 实际按 8 次处理，按最小 RTO 计算也要超过 100 秒）。',
      pileUp: '孤儿套接字在向已经消失或零窗口的对端重传 FIN。',
      culprit:
        'ss -tano state last-ack 会显示重传定时器，远端地址能指出是哪些对端不再回应。/proc/net/sockstat 的 orphan 字段统计所有孤儿套接字。',
      actions: [
        '查清这些对端为什么不再回应。',
        '在繁忙的服务器上，把 net.ipv4.tcp_orphan_retries 设为 1–3 可以更快清理它们；如果内核日志出现 "too many orphaned sockets"，就调大 net.ipv4.tcp_max_orphans，永远不要调小。',
      ],
    },
    CLOSING: {
      summary: '双方同时关闭，各自等待对自己 FIN 的确认。',
      meaning:
        '同时关闭：双方都在收到对方的 FIN 之前发出了自己的 FIN，因此都已收到对方的 FIN，但仍在等待对自己 FIN 的确认。',
      side: '连接双方，各自都是主动关闭方：在 FIN_WAIT1 中先收到了对方的 FIN，而不是对自己 FIN 的确认。确认到达后进入 TIME_WAIT。',
      duration: '通常只需一个往返时间；孤儿套接字的重传次数受 net.ipv4.tcp_orphan_retries 限制。',
      pileUp: '很少见。如果长期存在一批，说明孤儿套接字在向不再回应的对端重传 FIN，和 FIN_WAIT1 的情况一样。',
      culprit: 'ss -tano state closing 会显示重传定时器和远端地址。',
      actions: [
        '与 FIN_WAIT1 相同：繁忙的服务器上把 net.ipv4.tcp_orphan_retries 设为 1–3；永远不要调小 net.ipv4.tcp_max_orphans。',
      ],
    },
  },

  timeWait: {
    twoMsl:
      'RFC 9293 把最大报文段生存时间（MSL）定义为 2 分钟，并要求主动关闭方在 TIME-WAIT 中停留 2MSL（MUST-13），也就是 4 分钟。Linux 有意采用固定的 60 秒（include/net/tcp.h 中的 TCP_TIMEWAIT_LEN）；曾有人提议把它做成可调参数，被拒绝了。',
    why: [
      '防止旧的重复报文：旧连接中延迟到达的报文段，不能被复用同一个四元组的新连接当成自己的数据接收。',
      '让对方干净地结束：如果我们最后发出的 ACK 丢了，对方会停在 LAST_ACK 并重传 FIN；TIME_WAIT 还在，就能再次确认它。否则在这个四元组上发起的新连接，其 SYN 会被仍处于 LAST_ACK 的对方以 RST 回应。',
      'RFC 1337（"TIME-WAIT 暗杀"）：RST 可以提前结束 TIME_WAIT；Linux 默认允许这样做（net.ipv4.tcp_rfc1337=0），设为 1 则忽略这类 RST。',
      '它很少挡住重新连接的客户端：新 SYN 撞上 TIME_WAIT 条目时，只要序列号或时间戳更新，Linux 就会接受（RFC 6191），所以服务端自己的 TIME_WAIT 很少碍事。',
    ],
    cost: [
      '内存很少：一个 TIME_WAIT 条目是 256 字节的 minisocket，而一个完整的 TCP 套接字约 2.3 KB；5 万个也只占约 13 MB。',
      '不占文件描述符：应用早已关闭了套接字。',
      '真正的限制是四元组：从一个源地址到同一个目标地址和端口，可用的四元组数量等于临时端口范围的大小（32768–60999，共 28,232 个），按每个占用 60 秒计算，每秒大约只能新建 470 个连接。',
      '四元组用完后，connect() 会报 EADDRNOTAVAIL（"Cannot assign requested address"）；而在服务端，既没有报错，也没有计数器。',
      '超过 net.ipv4.tcp_max_tw_buckets 后，内核会干脆跳过 TIME_WAIT，并计入 TcpExtTCPTimeWaitOverflow。',
    ],
    myths: [
      'tcp_tw_recycle 已在 Linux 4.12 中移除，在那之前它会悄无声息地让 NAT 后面的客户端连不上。',
      'tcp_fin_timeout 从来不能缩短 TIME_WAIT：它只限制孤儿 FIN_WAIT2，TIME_WAIT 始终是 60 秒。',
      'tcp_tw_reuse 只对出向连接（connect()）有效，而且依赖 TCP 时间戳；对服务端的入向连接毫无作用。',
      '调小 tcp_max_tw_buckets 是白白牺牲安全：超过上限时内核只是直接跳过 TIME_WAIT，而这正是 TIME_WAIT 要提供的保护。',
    ],
    donts: [
      '不要关闭 net.ipv4.tcp_timestamps：tcp_tw_reuse 和 PAWS 都依赖它，关闭时间戳的建议只是当年为 tcp_tw_recycle 打的补丁。',
      '不要把 conntrack 的 nf_conntrack_tcp_timeout_time_wait 和套接字的 TIME_WAIT 混为一谈：两者毫无关系。',
    ],
  },

  sysctls: {
    tcp_tw_reuse: {
      summary: '允许出向的 connect() 接管处于 TIME_WAIT 的条目。',
      meaning:
        'connect() 需要的四元组仍处于 TIME_WAIT 时，如果对方在旧连接上发送过时间戳（双方都协商启用了时间戳），并且距那时已过去至少 1 秒（Linux ≈6.14 起由 tcp_tw_reuse_delay 决定），就可以复用这个条目。它只作用于 connect() 路径：入向连接和服务端自己的 TIME_WAIT 都不受影响。每次复用计入 TcpExtTWRecycled。',
      values:
        '0 关闭；1 对所有连接开启；2（默认）只对回环流量开启（源和目的都是回环地址，或者套接字绑定在 lo 上）。Linux ≈4.18 之前它只是一个开关，默认 0。',
      whenToChange:
        '客户端（或连接上游的代理）连向同一目标时本地端口不够用，就设为 1。在客户端上这是安全的。',
      whenNever:
        '对服务端的入向连接毫无用处；没有时间戳它也不起作用，所以要保持 net.ipv4.tcp_timestamps 开启。',
    },
    tcp_tw_reuse_delay: {
      summary: '最后一个时间戳要过去多久，tcp_tw_reuse 才能接管 TIME_WAIT 条目。',
      meaning:
        'TIME_WAIT 条目上最后一次看到的时间戳至少要过去多少毫秒，tcp_tw_reuse 才允许 connect() 复用它。在这个参数出现之前（Linux ≈6.14），这个间隔固定为 1 秒。',
      values: '1 到 60000 毫秒。',
      whenToChange: '只有想让 tcp_tw_reuse 比 1 秒更早或更晚生效时才改。',
      whenNever: '不要设得比对端时间戳的时钟粒度还小。',
    },
    tcp_tw_recycle: {
      summary: '已在 Linux 4.12 中移除：它会让 NAT 后面的客户端出问题。永远不要使用。',
      meaning:
        '它把 TIME_WAIT 缩短到约 3.5 倍 RTO，并丢弃来自同一地址、但时间戳发生倒退的 SYN（计入 PAWSPassive）。NAT 后面的众多客户端共用一个地址，各自的时间戳互不相关，于是它们的连接会悄无声息地失败；Linux 4.10 引入按连接随机的时间戳偏移之后，即使没有 NAT 它也无法正常工作。在 4.12 及以后的内核上，/proc/sys/net/ipv4/tcp_tw_recycle 根本不存在。',
      values: '4.12 之前的内核上为 0 或 1；此后已不存在。',
      whenToChange:
        '永远不要改。如果配置文件里还设置着它，把那一行删掉；在 4.12 之前的内核上，值为 1 是严重问题。',
      whenNever: '任何时候：不要设置，不要推荐，无论哪个内核版本。',
    },
    tcp_fin_timeout: {
      summary: '孤儿连接在 FIN_WAIT2 中最多等多久。它不能缩短 TIME_WAIT。',
      meaning:
        '只限制孤儿套接字的 FIN_WAIT2（应用已经关闭，对方还没发 FIN）；单个套接字上的 TCP_LINGER2 优先，下限是 3.5 倍 RTO。不超过 60 秒时，孤儿以 minisocket 的形式等待（计入 /proc/net/sockstat 的 tw 字段）；超过 60 秒的部分，则以完整套接字的形式挂在 keepalive 定时器上度过。无论它设为多少，TIME_WAIT 都固定是 60 秒。',
      values: '单位为秒。',
      whenToChange: '只有当大量孤儿 FIN_WAIT2 在等待从不发送 FIN 的对端时，才把它调到 15–30 秒。',
      whenNever: '永远不要为了减少 TIME_WAIT 而改它：它对 TIME_WAIT 没有任何影响。',
    },
    tcp_max_tw_buckets: {
      summary: '网络命名空间内 TIME_WAIT 条目的上限。永远不要调小。',
      meaning:
        '达到上限后，正在关闭的套接字根本不进入 TIME_WAIT：它被立即关闭，同时 TcpExtTCPTimeWaitOverflow 加一。孤儿 FIN_WAIT2 的 minisocket 也占用同一个上限。老内核还会记录 "TCP: time wait bucket table overflow"，现在的内核只增加计数器。',
      values: '一个数量；默认是已建立连接哈希表（ehash）大小的一半，命名空间有自己的哈希表时按它自己的算。',
      whenToChange:
        '如果 TcpExtTCPTimeWaitOverflow 在增长，调大它可以恢复保护，每个条目约 256 字节；长久之计是减少短连接（见 tcpdoctor explain time-wait）。',
      whenNever: '永远不要调小：跳过 TIME_WAIT 正是 TIME_WAIT 要防止的危险行为，内核文档也明确说不要调小。',
    },
    tcp_syncookies: {
      summary: 'SYN cookie：SYN 队列溢出时，不排队也能回应 SYN。',
      meaning:
        '监听套接字的 SYN 队列满了时，内核用 SYN cookie 回应，而不是把请求放进队列，因此洪水攻击无法耗尽队列。它是兜底手段，而不是扩容手段：除非用时间戳携带，否则部分 TCP 选项会丢失。相关计数器：TcpExtSyncookiesSent、SyncookiesRecv、SyncookiesFailed、TCPReqQFullDoCookies。',
      values: '0 关闭；1（默认）仅在 SYN 队列溢出时启用；2 始终启用。需要内核编译时启用 CONFIG_SYN_COOKIES。',
      whenToChange:
        '保持 1。如果正常负载下也在发 cookie（SyncookiesRecv 同样很高），说明监听 backlog 太小：应该调大 backlog。',
      whenNever:
        '不要关闭：它是抵御 SYN 洪水的主要手段；关掉之后，SYN 队列一满就会丢弃请求（TcpExtTCPReqQFullDrop）。',
    },
    tcp_max_syn_backlog: {
      summary: '文档说它限制每个监听套接字的 SYN_RECV 数量，但在现在的内核上几乎不起作用。',
      meaning:
        'SYN 队列的上限是监听套接字的 backlog，即 min(listen() 参数, net.core.somaxconn)。只有 tcp_syncookies=0 时才会读取这个参数，用来把队列的最后四分之一留给已经验证过的对端。正如 Eric Dumazet 在 netdev 上所说（2020）："sysctl_max_syn_backlog is not used today (because syncookies are enabled...)"。',
      values: '一个数量。',
      whenToChange:
        '几乎不需要。想扩大 SYN 队列，就调大监听 backlog：应用里 listen() 的参数和 net.core.somaxconn。',
      whenNever: '在 syncookies 开启时，别指望调大它能解决 SYN_RECV 堆积或监听队列溢出。',
    },
    somaxconn: {
      summary: '网络命名空间内所有 listen() backlog 的上限。',
      meaning:
        '传给 listen() 的 backlog 超过这个值时会被悄悄截断。accept 队列容纳了 backlog + 1 个连接时即为满；此时内核会丢弃 SYN 或握手的最后一个 ACK（计入 ListenOverflows、ListenDrops），客户端只会看到重传。应用自己传给 listen() 的参数同样重要。',
      values: '一个数量。Linux ≈4.1 之前 backlog 是 16 位字段，超过 65535 的值放不下（提交 becb74f0acca）。',
      whenToChange:
        '当监听队列溢出时（ss 中 Recv-Q 达到 Send-Q，或者 TcpExtListenOverflows 在增长），把它和应用的 backlog 一起调大。',
      whenNever: '不要设得比服务端传给 listen() 的值还小：那样会被悄无声息地截断。',
    },
    ip_local_port_range: {
      summary: 'connect() 选择本地端口时使用的临时端口范围。',
      meaning:
        '它的大小决定了一个源地址到同一个目标地址和端口最多能有多少个连接（包括 TIME_WAIT）：默认 28,232 个；按 TIME_WAIT 占用 60 秒计算，每秒大约只能新建 470 个连接。用完之后，connect() 会报 EADDRNOTAVAIL。',
      values:
        '两个数，即起始和结束端口，都不能小于 ip_unprivileged_port_start。起止端口最好一奇一偶，否则内核会记录 "ip_local_port_range: prefer different parity for start/end values."',
      whenToChange:
        '在向少数目标发起大量出向连接的主机上扩大它（比如 1024 65535），并把自己的服务端口写进 ip_local_reserved_ports。',
      whenNever:
        '扩大范围时，不要把自己服务监听的端口圈进去而又不保留它们；另外，它对服务端的入向连接没有任何作用。',
    },
    ip_local_reserved_ports: {
      summary: '自动选择本地端口时要跳过的端口。',
      meaning:
        '内核挑选临时端口时会跳过这里列出的端口，这样即使 ip_local_port_range 很宽，服务的端口也不会被分给出向连接。',
      values: '端口号列表。',
      whenToChange: '只要扩大 ip_local_port_range 时覆盖了服务在用的端口，就要设置它。',
      whenNever: '保留的端口会缩小出向连接可用的端口池：只保留服务真正需要的端口。',
    },
    tcp_timestamps: {
      summary: 'TCP 时间戳（RFC 7323）：PAWS、往返时间测量，也是 tcp_tw_reuse 的前提。',
      meaning:
        '时间戳让 TCP 能够拒绝旧报文段（PAWS）并测量往返时间。tcp_tw_reuse、PAWS 以及 SYN cookie 的选项编码都依赖它。从 Linux 4.10 起，每个连接使用一个随机的时间戳偏移。',
      values: '0 关闭；1（默认）开启，每个连接带随机偏移；2 开启，不带偏移。',
      whenToChange: '保持 1。',
      whenNever: '不要关闭：关闭时间戳的建议只是当年 NAT 环境下为 tcp_tw_recycle 打的补丁，早已过时。',
    },
    tcp_max_orphans: {
      summary: '孤儿套接字的上限：应用已经关闭、但内核还在收尾的套接字。',
      meaning:
        '超过上限后，孤儿套接字会被重置，内核记录 "TCP: too many orphaned sockets"（计入 TcpExtTCPAbortOnMemory）。每个孤儿可能占用约 64 KB。可以和 /proc/net/sockstat 的 orphan 字段对照。',
      values: '一个数量。',
      whenToChange: '出现上述日志且内存充足时调大。',
      whenNever: '永远不要调小。',
    },
    tcp_orphan_retries: {
      summary: '孤儿套接字在内核放弃之前最多重传几次。',
      meaning:
        '限制孤儿 FIN_WAIT1、LAST_ACK 和 CLOSING 套接字的重传次数；被放弃的连接计入 TcpExtTCPAbortOnTimeout。默认值 0 并不是"不重传"：内核把它当作 8，按最小 RTO 计算也要超过 100 秒。',
      values: '一个次数；0 按 8 处理。',
      whenToChange: '繁忙的 Web 服务器设为 1–3，可以更快清理失效客户端遗留的 FIN_WAIT1。',
      whenNever: '不要以为设为 0 就不重传：0 表示 8 次。',
    },
    tcp_synack_retries: {
      summary: '服务端重传未完成握手的 SYN-ACK 的次数。',
      meaning: '作用于 SYN_RECV。默认 5 次时，最后一个 SYN-ACK 大约在 31 秒后发出，约 63 秒后请求被丢弃。',
      values: '一个次数，最大 255。',
      whenToChange: '遭受 SYN 洪水攻击时设为 2–3，可以更快释放请求套接字。',
      whenNever: '不要把它当作抵御洪水的手段：主要防线仍然是 syncookies。',
    },
    tcp_syn_retries: {
      summary: 'connect() 重传得不到回应的 SYN 的次数。',
      meaning:
        '作用于客户端的 SYN_SENT。按内核文档，默认 6 次时 connect() 大约 131 秒后放弃；从 Linux ≈6.5 起，最初的 tcp_syn_linear_timeouts 次重传间隔固定为 1 秒。',
      values: '1 到 127。',
      whenToChange: '希望目标无响应时快速失败的客户端，可以调小它。',
      whenNever: '它只作用于客户端：对服务端没有任何影响。',
    },
    tcp_syn_linear_timeouts: {
      summary: 'connect() 的 SYN 重传中，有几次按固定 1 秒的间隔进行。',
      meaning:
        '从 Linux ≈6.5 起，得不到回应的 SYN 在开始指数退避之前，最初几次重传的间隔为 1 秒；总的重传次数仍由 tcp_syn_retries 决定。',
      values: '一个次数。',
      whenToChange: 'tcpdoctor 不知道有什么常见的理由需要修改它；解读 SYN_SENT 的时间时需要考虑它。',
      whenNever: '不要把它和 tcp_syn_retries 混淆，后者决定总共重传几次。',
    },
    tcp_keepalive_time: {
      summary: '连接空闲多久后发送第一个 keepalive 探测。',
      meaning:
        '只作用于开启了 SO_KEEPALIVE 的套接字；单个套接字可以用 TCP_KEEPIDLE 覆盖。按默认值（空闲 7200 秒后开始，每 75 秒探测一次，共 9 次），大约 2 小时 11 分钟才判定对端失效。',
      values: '单位为秒。',
      whenToChange: '想更早发现失效的对端，或者让空闲连接撑过 NAT、负载均衡的空闲超时，就调小它。',
      whenNever: '它治不了 CLOSE_WAIT 泄漏（那是应用的 bug），对没有开启 SO_KEEPALIVE 的套接字也不起作用。',
    },
    tcp_keepalive_intvl: {
      summary: '两次 keepalive 探测之间间隔的秒数。',
      meaning:
        '只作用于开启了 SO_KEEPALIVE 的套接字，在 tcp_keepalive_time 过后生效；单个套接字可以用 TCP_KEEPINTVL 覆盖。',
      values: '单位为秒。',
      whenToChange: '和 tcp_keepalive_time 一起调小，以便更早判定对端失效。',
      whenNever: '它治不了 CLOSE_WAIT 泄漏，对没有开启 SO_KEEPALIVE 的套接字也不起作用。',
    },
    tcp_keepalive_probes: {
      summary: '连续多少次 keepalive 探测无响应后判定对端失效。',
      meaning: '只作用于开启了 SO_KEEPALIVE 的套接字；单个套接字可以用 TCP_KEEPCNT 覆盖。',
      values: '一个次数。',
      whenToChange: '和 tcp_keepalive_time 一起调小，以便更早判定对端失效。',
      whenNever: '它治不了 CLOSE_WAIT 泄漏，对没有开启 SO_KEEPALIVE 的套接字也不起作用。',
    },
    tcp_rfc1337: {
      summary: 'TIME_WAIT 是否忽略 RST（RFC 1337）。',
      meaning:
        'RFC 1337 描述了"TIME-WAIT 暗杀"：一个 RST 在 TIME_WAIT 尚未完成对四元组的保护之前就提前结束了它。设为 0（默认）时，Linux 允许这样的 RST 删除条目；设为 1 时，TIME_WAIT 中收到的 RST 会被忽略。',
      values: '0（默认）或 1。',
      whenToChange:
        '如果希望 TIME_WAIT 即使收到 RST 也完整走完，就设为 1；tcpdoctor 的资料来源没有更强的推荐。',
      whenNever: '别指望它能减少 TIME_WAIT：设为 1 后，条目完整存在 60 秒的情况只会更多。',
    },
    tcp_abort_on_overflow: {
      summary: '监听套接字的 accept 队列满时怎么处理：丢弃（0）还是重置（1）。',
      meaning:
        '设为 0（默认）时，内核丢弃 SYN 或握手的最后一个 ACK，客户端会重传；设为 1 时回 RST，客户端会看到连接被重置。',
      values: '0（默认）或 1。',
      whenToChange: '保持 0。',
      whenNever: '不要为了"解决"队列溢出而设为 1：那只会把延迟变成报错。应该提升 accept 速度或调大 backlog。',
    },
    tcp_mem: {
      summary: '整台主机上 TCP 总内存用量的阈值，单位为页。',
      meaning:
        '三个数，单位为页，作用于整台主机（全局）。超过最后一个值时，内核记录 "TCP: out of memory -- consider tuning tcp_mem" 并中止孤儿套接字（TcpExtTCPAbortOnMemory）。可以和 /proc/net/sockstat 的 mem 字段（同样以页为单位）对照。',
      values: '三个以页为单位的数；启动时计算得出。',
      whenToChange: '只有出现上述日志时才考虑；届时把 sockstat 的 mem 和第三个值比较。',
      whenNever: '不要照抄别的机器上的值：默认值是针对本机计算的。',
    },
    tcp_ehash_entries: {
      summary: '只读：本命名空间已建立连接哈希表的大小。',
      meaning:
        '有几个默认值（tcp_max_tw_buckets、tcp_max_orphans、tcp_max_syn_backlog）是根据这个大小计算的。在子命名空间里显示为负数，表示它与宿主机共用全局哈希表。',
      values: '只读。',
      whenToChange: '无法修改；以后新建的命名空间的哈希表大小由 tcp_child_ehash_entries 决定。',
      whenNever: '不适用：它是只读的。',
    },
    tcp_child_ehash_entries: {
      summary: '之后新建的网络命名空间使用的哈希表大小。',
      meaning:
        '0（默认）表示新命名空间共用全局的已建立连接哈希表；设为 2 的幂，则每个新命名空间拥有自己的哈希表（Linux ≈6.1）。',
      values: '0 或 2 的幂。',
      whenToChange: '想让每个新网络命名空间（容器）拥有自己的哈希表时。',
      whenNever: '它不会改变已经存在的命名空间。',
    },
    netdev_max_backlog: {
      summary: '每个 CPU 在协议栈处理之前最多能排队多少个收到的数据包。',
      meaning:
        '网卡收包快于内核处理时，输入方向每个 CPU 队列里最多排队的数据包数；超出的包被丢弃，并计入 /proc/net/softnet_stat 的第二列。这是全局参数：只存在于主机的初始网络命名空间中。',
      values: '每个 CPU 的数据包数量；默认 1000。',
      whenToChange: '在高速收包的主机上，如果 /proc/net/softnet_stat 第二列（丢包）持续增长，就调大它。',
      whenNever:
        '调小只会更早丢包；它与 TCP 状态、监听队列和 TIME_WAIT 都无关，也无法在容器的网络命名空间里设置。',
    },
  },
};
