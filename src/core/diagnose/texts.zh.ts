import type { DiagnoseTextKey } from './texts.en.js';

/** 简体中文：与 texts.en.ts 键完全相同（有测试检查）。 */
export const DIAGNOSE_ZH: Record<DiagnoseTextKey, string> = {
  'common.needsSockets': '需要套接字列表（实时读取，或带地址的抓取文件）',
  'common.needsCounters': '需要内核计数器（sockstat）和 sysctl 值：只有实时读取才有',
  'common.needsInterval': '需要计数器的变化速率：请实时运行并加上 --interval（例如 --interval 5）',
  'common.needsSysctls': '需要 sysctl 当前值或配置文件：只有实时读取才有',

  'port-exhaustion.title': '通往同一目标的临时端口即将耗尽',
  'port-exhaustion.summary':
    '连接 {dest} 的 connect() 快要没有源端口可用了：临时端口已用 {inUse} / {size}（{pct}），其中 {tw} 个处于 TIME_WAIT；用满 100 % 时 connect() 会报 EADDRNOTAVAIL（"Cannot assign requested address"）。',
  'port-exhaustion.advice.pool':
    '复用到 {dest} 的连接（客户端连接池、HTTP keep-alive）：TIME_WAIT 固定持续 60 秒，{size} 个端口对单个目标每秒最多只能支撑约 {maxRate} 个新连接，而本机目前约每秒新建 {rate} 个。',
  'port-exhaustion.advice.reuse':
    '设置 net.ipv4.tcp_tw_reuse=1（当前为 {current}；2 表示只对回环地址生效）：之后主动 connect() 可以接管存在超过 1 秒的 TIME_WAIT 四元组，这里最多可收回 {tw} 个端口；它要求两端都启用 TCP 时间戳（net.ipv4.tcp_timestamps=1，默认即是），对入站连接毫无作用。',
  'port-exhaustion.advice.reuseOn':
    'net.ipv4.tcp_tw_reuse=1 已经开启：connect() 能接管超过 1 秒的 TIME_WAIT 四元组，若仍然连接失败，说明端口被活动连接或不足 1 秒的 TIME_WAIT 占着；请复用连接。',
  'port-exhaustion.advice.reuseLoopback':
    'net.ipv4.tcp_tw_reuse=2（默认值）已允许回环上的 connect() 接管超过 1 秒的 TIME_WAIT 四元组；端口是被活动连接或刚刚关闭的连接占着。',
  'port-exhaustion.advice.widen':
    '扩大端口范围：net.ipv4.ip_local_port_range="1024 65535" 可提供 {widened} 个端口，而不是 {size} 个（{factor} 倍）；用 net.ipv4.ip_local_reserved_ports 保护本机服务自己的端口。',
  'port-exhaustion.advice.sources':
    '增加四元组：为 {dest} 后端增加目标地址或端口，或增加源地址（每个客户端套接字 bind() 到其中一个地址，并设置 IP_BIND_ADDRESS_NO_PORT，让端口在 connect() 时再选）。',
  'port-exhaustion.advice.never':
    '不要使用 net.ipv4.tcp_tw_recycle（Linux 4.12 已删除，它曾让 NAT 后面的客户端连不上），也不要调低 tcp_max_tw_buckets：两者都不是解决办法。',

  'time-wait-server-side.title': '本机作为服务端主动关闭连接',
  'time-wait-server-side.summary':
    '有 {count} 个 TIME_WAIT 位于监听端口上（最多的是 {listener}）：本机每秒约有 {rate} 个连接是在客户端之前先关闭的。',
  'time-wait-server-side.advice.keepalive':
    '让连接保持打开以便复用（HTTP keep-alive、更长的空闲超时），从根本上少关闭连接。',
  'time-wait-server-side.advice.clientCloses':
    '协议允许的话，让客户端先关闭：谁先关闭，TIME_WAIT 就留在谁那里。',
  'time-wait-server-side.advice.noSysctl':
    '没有任何 sysctl 能缩短 TIME_WAIT：Linux 上它固定为 60 秒；tcp_fin_timeout 改变不了它，tcp_tw_reuse 只帮助主动发起的 connect()，对服务端从来无效。',
  'time-wait-server-side.advice.cost':
    '代价很小：每个 TIME_WAIT 是约 256 字节的迷你套接字，不占文件描述符；而且 Linux 允许新的 SYN 复用处于 TIME_WAIT 的四元组，新客户端照样能连上。',

  'tw-bucket-overflow.title': 'TIME_WAIT 表接近上限',
  'tw-bucket-overflow.summary':
    'sockstat 统计到 {tw} 个 TIME_WAIT（含孤儿 FIN_WAIT2），上限 net.ipv4.tcp_max_tw_buckets={max}（已用 {pct}）；超过上限后内核会直接跳过 TIME_WAIT。',
  'tw-bucket-overflow.summary.rising':
    '内核在 {seconds} 秒内跳过了 {overflow} 次 TIME_WAIT（TcpExt TCPTimeWaitOverflow）：sockstat 统计 {tw} 个，上限 net.ipv4.tcp_max_tw_buckets={max}；这些连接失去了对迟到报文的保护。',
  'tw-bucket-overflow.advice.churn':
    '少关闭连接：复用连接（连接池、keep-alive）；每次主动关闭都要付出 60 秒的一个 TIME_WAIT。',
  'tw-bucket-overflow.advice.raise':
    '内存允许的话，调高 net.ipv4.tcp_max_tw_buckets（每条约 256 字节；10 万条约 25 MB）。',
  'tw-bucket-overflow.advice.neverLower':
    '永远不要为了"消灭" TIME_WAIT 而调低 tcp_max_tw_buckets：超过上限时内核只是跳过 TIME_WAIT，这恰恰是 TIME_WAIT 要防止的不安全行为。',

  'close-wait-leak.title': 'CLOSE_WAIT 泄漏：应用没有调用 close()',
  'close-wait-leak.summary':
    '{command}（pid {pid}）持有 {count} 个 CLOSE_WAIT 套接字：对端已经关闭，而应用一直没有调用 close()。',
  'close-wait-leak.summary.growth':
    '{command}（pid {pid}）持有 {count} 个 CLOSE_WAIT 套接字，{seconds} 秒前就已存在（变化 {growth}）：对端已经关闭，而应用一直没有调用 close()。',
  'close-wait-leak.summary.notAccepted':
    '{listener} 上有 {notAccepted} 个 CLOSE_WAIT 连接从未被 accept()：客户端在 accept 队列里等不及先放弃了。',
  'close-wait-leak.summary.unowned': '有 {unowned} 个 CLOSE_WAIT 套接字属于当前用户看不到的进程。',
  'close-wait-leak.advice.close':
    '修复应用：对端关闭后（read 返回 0 / EOF）必须调用 close()；排查跳过 close() 的错误处理分支，以及保留死连接的连接池。内核不会替应用关闭。',
  'close-wait-leak.advice.fds':
    '每个泄漏的套接字都占一个文件描述符：对比 ls /proc/{pid}/fd | wc -l 与 /proc/{pid}/limits 中的 "Max open files"；重启只能暂时释放，泄漏会再次积累。',
  'close-wait-leak.advice.accept':
    '在 {listener} 上更快地 accept()（更多工作进程、非阻塞的 accept 循环），或调大 backlog，免得客户端排队时放弃。',
  'close-wait-leak.advice.root': '以 root 身份运行，才能列出持有它们的进程。',
  'close-wait-leak.advice.noSysctl':
    '没有 sysctl 能修复 CLOSE_WAIT：keepalive 参数和 tcp_fin_timeout 都关不掉应用仍然持有的套接字。',

  'syn-flood.title': 'SYN 洪水攻击',
  'syn-flood.summary':
    '{synRecv} 个 SYN_RECV；{seconds} 秒内发出 {sent} 个 SYN cookie（每秒 {perSecond} 个），只有 {recv} 个通过验证（{validated}）：握手只开始不完成，这是 SYN 洪水的特征。',
  'syn-flood.summary.noCookies':
    '{synRecv} 个 SYN_RECV，而 net.ipv4.tcp_syncookies=0：{listener} 的 SYN 队列一满，新的 SYN 都会被丢弃，正常客户端也不例外。',
  'syn-flood.skipped.noRates':
    '当前 {synRecv} 个 SYN_RECV；请实时运行并加 --interval，比较 SyncookiesSent 与 SyncookiesRecv，才能区分攻击与过载',
  'syn-flood.advice.enableCookies':
    '设置 net.ipv4.tcp_syncookies=1（默认值）：队列溢出时内核用 cookie 应答 SYN，而不是丢弃。',
  'syn-flood.advice.keepCookies':
    '保持 net.ipv4.tcp_syncookies=1（当前为 {syncookies}）：正是 cookie 让正常客户端在攻击期间还能连上。',
  'syn-flood.advice.upstream': '在流量到达本机之前过滤或限速（负载均衡、防火墙、运营商清洗）。',
  'syn-flood.advice.synack':
    'net.ipv4.tcp_synack_retries=2 或 3（默认 5）能在攻击下更快释放请求套接字；主要防线仍是 syncookies。',
  'syn-flood.advice.notBacklog':
    '开启 syncookies 时调大 net.ipv4.tcp_max_syn_backlog 没有用：只有 tcp_syncookies=0 时内核才读取它。',

  'syn-backlog.title': 'SYN 队列容纳不下当前负载',
  'syn-backlog.summary':
    '{seconds} 秒内 SYN 队列溢出 {reqFull} 次，监听套接字丢弃了 {drops} 个 SYN，而发出的 cookie 有 {validated} 通过验证：这是真实客户端，数量超过了监听 backlog 的容量。',
  'syn-backlog.advice.backlog':
    '调大监听 backlog：应用 listen() 的参数，以及会悄悄封顶的 net.core.somaxconn（当前 {somaxconn}）；SYN 队列也受同一个数限制。',
  'syn-backlog.advice.accept': '确保应用 accept 得足够快（更多工作进程或线程）。',
  'syn-backlog.advice.notSysctl':
    'net.ipv4.tcp_max_syn_backlog 几乎不起作用：开启 syncookies 时内核根本不读它；请调大 backlog。',

  'listen-overflow.title': '监听队列溢出',
  'listen-overflow.summary':
    '{listener} 的 accept 队列已满：{queue} 个连接等待 accept()，backlog 为 {backlog}；新的握手被丢弃，客户端只会看到重传和延迟。',
  'listen-overflow.summary.rising':
    '{seconds} 秒内监听队列溢出 {overflows} 次（TcpExt ListenOverflows）：应用 accept() 不够快，连接被丢弃；最忙的队列是 {listener}，有 {queue} 个在等待。',
  'listen-overflow.summary.proc':
    '{seconds} 秒内监听队列溢出 {overflows} 次（TcpExt ListenOverflows）；{listener} 有 {queue} 个连接在等待，其 backlog 未知，因为 /proc 不显示它（请使用 netlink 数据源）。',
  'listen-overflow.advice.accept':
    '在 {listener} 上更快地 accept：更多工作进程或线程，accept 循环里不要做阻塞的工作。',
  'listen-overflow.advice.somaxconn':
    'backlog 等于 net.core.somaxconn（{somaxconn}），它会悄悄限制所有 listen()：请同时调大 somaxconn 和应用申请的 backlog。',
  'listen-overflow.advice.backlog':
    '调大应用 listen() 的 backlog（当前 {backlog}）；net.core.somaxconn（{somaxconn}）是它的上限。',
  'listen-overflow.advice.abort':
    '保持 net.ipv4.tcp_abort_on_overflow=0：设为 1 会让内核直接重置客户端，而不是让它们重试。',

  'orphans.title': '孤儿套接字过多',
  'orphans.summary':
    '{count} 个孤儿套接字（应用已关闭、连接仍在收尾），上限 net.ipv4.tcp_max_orphans={max}（已用 {pct}）；超过上限内核会重置它们（"too many orphaned sockets"）。',
  'orphans.summary.aborts':
    '内核因内存不足或超过 tcp_max_orphans 重置了 {aborts} 个孤儿套接字（TcpExt TCPAbortOnMemory）；当前孤儿 {count} 个，上限 {max}。',
  'orphans.summary.noLimit':
    '{count} 个孤儿套接字（无属主的 FIN_WAIT1、FIN_WAIT2、LAST_ACK、CLOSING）；tcp_max_orphans 是全局参数，在此命名空间中不可见。',
  'orphans.advice.retries':
    'net.ipv4.tcp_orphan_retries=1 到 3（当前 {retries}；0 表示 8）能让孤儿更早停止向已消失的对端重传 FIN。',
  'orphans.advice.finTimeout':
    'net.ipv4.tcp_fin_timeout（当前 {finTimeout} 秒）只限制孤儿 FIN_WAIT2；只有它们占多数时调到 15–30 才有用，而且它从不缩短 TIME_WAIT。',
  'orphans.advice.raise':
    '内存允许时调高 net.ipv4.tcp_max_orphans，不要调低（每个孤儿最多可能占用约 64 KB）。',

  'obsolete-sysctl.title': '过时或有害的 TCP 设置',
  'obsolete-sysctl.summary': '{count} 项来自经典"偏方"的设置：{keys}。',
  'obsolete-sysctl.advice.recycle':
    '删除 net.ipv4.tcp_tw_recycle：Linux 4.12 已移除它，sysctl -p 遇到它会报错；它曾让 NAT 后面的客户端连不上。客户端请改用 tcp_tw_reuse=1。',
  'obsolete-sysctl.advice.recycleOld':
    '设置 net.ipv4.tcp_tw_recycle=0 并从配置中删除：它会丢弃 NAT 后面客户端的 SYN，Linux 4.12 已将其移除。',
  'obsolete-sysctl.advice.timestamps':
    '设置 net.ipv4.tcp_timestamps=1：没有时间戳，tcp_tw_reuse={reuse} 毫无作用；关闭时间戳曾是 tcp_tw_recycle 的绕行办法，早已过时。',
  'obsolete-sysctl.advice.buckets':
    '把 net.ipv4.tcp_max_tw_buckets（当前 {value}）恢复为默认值：调低它只会让内核跳过 TIME_WAIT，牺牲安全而毫无收益。',

  'healthy.title': '健康',
  'healthy.summary':
    '一切正常：{total} 个套接字，{tw} 个 TIME_WAIT，{cw} 个 CLOSE_WAIT，{synRecv} 个 SYN_RECV',
  'healthy.ports': '最忙的目标用了 {pct} 的临时端口',
  'healthy.overflows': '{seconds} 秒内监听溢出 {overflows} 次',
  'healthy.join': '；',
};
