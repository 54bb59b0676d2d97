/**
 * `tune` 的中文文本，键与 texts.en.ts 完全相同（有测试检查）。`{name}` 为占位符。
 */
import type { TuneTexts } from './texts.js';

export const TUNE_ZH: TuneTexts = {
  verdicts: {
    ok: '正常',
    change: '建议修改',
    harmful: '有害',
    'not-applicable': '不适用',
  },
  severities: { harmful: '有害', warning: '警告', note: '提示' },

  reasons: {
    'na.removed': '已在 Linux {kernel} 中移除：这个内核上没有可设置的项。',
    'na.notYet': 'Linux {kernel} 才加入：这个内核没有它。',
    'na.global': '全局参数：只存在于主机的初始网络命名空间，不在当前命名空间中；请在主机上修改。',
    'na.absent': '这个内核的当前命名空间中没有它。',
    'ok.default': '内核默认值。',
    'ok.changed': '已从默认值 {default} 改过；仍在合理范围内，目前没有需要其他取值的迹象。',
    'ok.set': '在合理范围内；目前没有需要其他取值的迹象。',
    'value.notDocumented': '不是内核文档列出的取值（{values}）。',
    'value.notInteger': '不是整数。',

    'tw_recycle.off': '保持关闭，这是必须的：Linux 4.12 已移除它。',
    'tw_recycle.harmful':
      '它会丢弃 NAT 后面时间戳回退的客户端发来的 SYN（计入 PAWSPassive），这些连接会无声无息地失败；Linux 4.12 正因如此移除了它。',
    'tw_recycle.harmful410': '自 Linux 4.10 起，每个连接使用随机时间戳偏移，即使没有 NAT 它也会出错。',

    'tw_reuse.loopback':
      '默认值：connect() 只在回环上复用 TIME_WAIT。只有本地端口不够用的客户端才需要设为 1。',
    'tw_reuse.on': '已开启：出向 connect() 可以接管超过 1 秒的 TIME_WAIT 四元组；在客户端上是安全的。',
    'tw_reuse.old2':
      'Linux ≈4.18 之前没有“仅回环”模式：任何非零值都会对所有连接开启复用，所以 2 等同于 1；写 1 才名副其实。',
    'tw_reuse.portExhaustion':
      '到 {dest} 的 connect() 已用掉 {pct} 的临时端口：设为 1 后可以接管超过 1 秒的 TIME_WAIT 四元组；它对入向连接没有任何作用。',
    'tw_reuse.onAlready':
      '已经开启，但到 {dest} 的 connect() 仍用掉 {pct} 的端口：端口被活动连接或刚关闭的连接占用；请复用连接。',
    'tw_reuse.loopbackCovers': '耗尽的目标 {dest} 在回环上，默认值 2 已经覆盖：请复用连接。',
    'tw_reuse.noTimestamps': '只要 net.ipv4.tcp_timestamps=0，它就不起作用。',
    'tw_reuse.serverSide': '它对本机作为服务端产生的 TIME_WAIT 毫无作用：它只作用于出向 connect()。',

    'fin_timeout.note': '它不能缩短 TIME_WAIT（固定 60 秒），只限制孤儿 FIN_WAIT2 的时长。',
    'fin_timeout.orphans':
      '{count} 个孤儿 FIN_WAIT2 套接字在等待永远不会发送 FIN 的对端：设为 {recommended} 秒能更早回收它们。TIME_WAIT 仍是 60 秒。',

    'tw_buckets.zero': '取这个值时，内核关闭每个连接都会跳过 TIME_WAIT。',
    'tw_buckets.lowered':
      '低于默认值（{default}）：超过上限后内核直接跳过 TIME_WAIT，而这正是 TIME_WAIT 要防止的不安全行为。永远不要调小它。',
    'tw_buckets.belowFloor':
      '低于 {floor}，很可能被调小过（默认值是开机时计算的已建立连接哈希表大小的一半）：超过上限后内核直接跳过 TIME_WAIT，而这正是 TIME_WAIT 要防止的不安全行为。永远不要调小它。',
    'tw_buckets.overflowing':
      '运行期间内核跳过了 {overflow} 次 TIME_WAIT（TCPTimeWaitOverflow）：请调大上限（每项约 256 字节）；根本办法是减少短连接。',
    'tw_buckets.nearLimit':
      'TIME_WAIT 已占上限的 {pct}：在内核开始跳过 TIME_WAIT 之前调大它（每项约 256 字节）。',

    'syncookies.off':
      '已关闭：监听套接字的 SYN 队列一满，新连接就会被丢弃，包括正常的连接；SYN cookie 是抵御 SYN 洪泛的手段。',
    'syncookies.flood': '正在发生 SYN 洪泛：正是 SYN cookie 让正常客户端还能连上。',
    'syncookies.always':
      '2 会对每个 SYN 都回复 cookie，并丢失 TCP 选项；1 只在 SYN 队列溢出时才使用 cookie。',

    'syn_backlog.inert':
      '只要 tcp_syncookies 开启，它几乎不起作用：SYN 队列由监听 backlog（somaxconn 和应用的 listen() 参数）限制。',
    'syn_backlog.read':
      '因为 tcp_syncookies=0 才会读取它：用来给已验证的对端保留 SYN 队列最后四分之一。应当重新打开 cookie，而不是调整它。',

    'somaxconn.too16bit':
      'Linux ≈4.1 之前监听 backlog 是 16 位字段：超过 {max} 的值放不下，请求最大值的监听套接字会得到被截断的队列。',
    'somaxconn.zero': '每个 listen() 的 backlog 都被截到这个值：accept 队列只能容纳一个连接。',
    'somaxconn.belowDefault':
      '低于这个内核的默认值 {default}：超过 {current} 的 listen() backlog 会被悄悄截断。老建议“把 somaxconn 调到 1024”在 Linux 5.4 之后反而是调小。',
    'somaxconn.old128':
      'Linux 5.4 把默认值从 128 提高到 {default}，因为过小的值总在限制繁忙的监听套接字；超过 {current} 的 listen() backlog 会被悄悄截断。',
    'somaxconn.overflow':
      '{listener} 的 accept 队列溢出，而它的 backlog 正被 somaxconn（{somaxconn}）截断：请调大它，同时调大应用传给 listen() 的 backlog。',
    'somaxconn.synBacklog':
      '真实负载下 SYN 队列溢出，而它受 somaxconn（{somaxconn}）截断的监听 backlog 限制：请把它和应用的 listen() 参数一起调大。',
    'somaxconn.appBacklog':
      '溢出的监听套接字 {listener} 向 listen() 请求的 backlog 是 {backlog}，低于 somaxconn：瓶颈是应用的 backlog，而不是这个参数。',
    'somaxconn.backlogUnknown':
      '有监听套接字溢出，但 /proc 看不到它的 backlog：如果它等于 somaxconn（{somaxconn}），两者都要调大。',

    'port_range.widen':
      '到 {dest} 的 connect() 已用掉 {size} 个临时端口中的 {pct}：改为 {recommended} 可提供 {newSize} 个。',
    'port_range.wide': '范围已经很宽，但到 {dest} 的 connect() 仍用掉 {pct}：请复用连接或增加源地址。',
    'port_range.narrow':
      '只有 {size} 个端口，少于内核默认值（{defaultSize} 个）：到同一目标的出向连接会更早耗尽端口。',

    'reserved.listeners':
      '把本机在新范围内监听的端口（{ports}）排除在自动选端口之外，免得服务重启期间被出向连接占走。',
    'reserved.unprotected':
      '{ports} 上的监听端口位于临时端口范围内、低于默认起点：服务重启期间，出向连接可能占走这些端口。',
    'reserved.listenersUnknown': '端口范围被扩大了，但没有读到监听端口：请保留你的服务所监听的端口。',

    'timestamps.off':
      '已关闭：tcp_tw_reuse、PAWS 以及 SYN cookie 携带的选项都需要时间戳；关闭时间戳是为 tcp_tw_recycle 打的补丁，早已过时。',

    'max_orphans.raise':
      '孤儿套接字因空间不足被重置（运行期间 TCPAbortOnMemory {aborts} 次，达到上限的 {pct}）：内存允许的话请调大（每个最多约 64 KB）。',
    'max_orphans.lowered': '低于默认值（{default}）：孤儿套接字会更早被重置。只能调大，不要调小。',

    'orphan_retries.orphans':
      '{count} 个孤儿套接字在向已消失的对端重传 FIN，而 0 表示重试 8 次（超过 100 秒）：设为 {recommended} 能更早释放它们。',
    'orphan_retries.zero': '0 并不是“不重试”：内核把它当作 8。',

    'synack.flood':
      '在 SYN 洪泛下，{recommended} 次重试会在约 15 秒（而不是 63 秒）后丢弃半连接；SYN cookie 仍是主要防线。',

    'abort_on_overflow.on': '设为 1 时，accept 队列满会直接重置客户端，而不是让它重试：延迟变成了错误。',
    'abort_on_overflow.overflowing': '现在正有 accept 队列溢出，客户端正在被重置。',

    'tcp_mem.note': '开机时按本机计算得出：不要从别的主机照抄。',
    'netdev_backlog.lowered': '低于默认值（{default}）：突发流量时收到的数据包会更早被丢弃。',
    'keepalive.notCloseWait': 'keepalive 参数治不了诊断发现的 CLOSE_WAIT 泄漏：必须由应用调用 close()。',
  },

  audit: {
    title: '{ns}的 sysctl 审计，Linux {kernel}',
    columns: { name: 'sysctl', current: '当前值', recommended: '建议值', verdict: '结论', why: '原因' },
    summary: '有害 {harmful} 项，建议修改 {change} 项，正常 {ok} 项，不适用 {na} 项。',
    findings: '影响这些建议的诊断结果：{list}。',
    noFindings: '没有诊断结果要求修改：以上建议只依据合理范围。',
    next: 'tcpdoctor tune --apply 修改运行中的值（先显示差异并询问）；tcpdoctor tune --write 将其持久化。',
    nsHost: '主机的初始网络命名空间（inode {inode}）',
    nsSelf: '当前网络命名空间（inode {inode}）',
    nsOther: '网络命名空间 {label}（inode {inode}）',
    nsUnknown: '网络命名空间 {label}',
  },

  check: {
    removed:
      '已在 Linux {kernel} 中移除：在 Linux {target} 上 `sysctl -p` 会在这一行报错（"cannot stat {path}"），systemd-sysctl 会跳过它。请删除这一行。',
    removedIgnored:
      '已在 Linux {kernel} 中移除：“-”前缀让 sysctl 忽略错误，但这一行在 Linux {target} 上什么也不做。请删除它。',
    notYet:
      'Linux {kernel} 才加入：在 Linux {target} 上 `sysctl -p` 会在这一行报错（"cannot stat {path}"）。',
    notYetIgnored: 'Linux {kernel} 才加入：在 Linux {target} 上被忽略（“-”前缀）。',
    unknown: '这台机器上没有这个 sysctl（{path} 不存在）：`sysctl -p` 会在这一行报错。',
    unknownSuggest: '是不是想写 {name}？',
    unknownIgnored: '这台机器上没有这个 sysctl（{path} 不存在）；“-”前缀让 sysctl 忽略它。',
    absent: '这台机器上没有 {path}（模块未加载、网卡不存在或内核不同）：未检查。',
    absentNamespace: '在当前网络命名空间中看不到 {path}（全局参数只存在于主机的命名空间）：未检查。',
    invalid: {
      'not-integer': '内核要求整数：`sysctl -p` 会在 "{value}" 上报错。',
      'not-documented': '{value} 不是文档列出的取值（{expected}）。',
      'below-min': '内核拒绝小于 {min} 的值：`sysctl -p` 会在这一行报错。',
      'above-max': '内核拒绝大于 {max} 的值：`sysctl -p` 会在这一行报错。',
      count: '这里内核要求 {count} 个数：`sysctl -p` 会在这一行报错。',
      'range-order': '起始端口大于结束端口：内核会拒绝。',
      ports: '不是内核接受的端口列表或范围（端口 1–65535，格式 "a,b,c-d"）。',
      'read-only': '只读：`sysctl -p` 会在这一行报错。',
    },
    overridden: '被 {where}（{value}）覆盖，那个文件更晚应用。',
    duplicate: '在 {where} 中又设置了一次，值相同。',
    syntax: '不是 "key = value" 格式：sysctl 会报告这一行并跳过。',
    unreadable: '无法读取 {file}：未检查。',
    classic:
      '经典的 TIME_WAIT 四行配置（tcp_syncookies、tcp_tw_reuse、tcp_tw_recycle、tcp_fin_timeout），抄自 2000 年代的调优指南：tcp_tw_recycle 因破坏 NAT 后的客户端已在 Linux 4.12 中移除，tcp_fin_timeout 从来不能缩短 TIME_WAIT。请改用：',
    summary:
      '按 Linux {kernel} 检查了 {files} 个文件：有害 {harmful} 处，警告 {warning} 处，提示 {note} 处。',
    none: '没有找到 sysctl 配置文件：{where}。',
    exitHarmful: '退出码 1：存在有害配置。',
  },

  classic: {
    header: '经典 TIME_WAIT 配置，由 tcpdoctor 修正',
    syncookies: '默认值：抵御 SYN 洪泛的后备机制',
    twReuse:
      '仅适用于客户端和代理：让 connect() 复用 TIME_WAIT；需要 tcp_timestamps=1；对服务端的入向连接无效',
    twRecycle: '已删除：Linux 4.12 移除了它；它会破坏 NAT 后的客户端',
    finTimeout: '已删除：TIME_WAIT 固定 60 秒；这个参数只限制孤儿 FIN_WAIT2',
    alternatives:
      '到同一目标的本地端口不够用？先复用连接（连接池、keep-alive）；再扩大端口范围，并保留你的服务端口：',
    reservedPlaceholder: '<你的服务监听的端口>',
  },

  apply: {
    header: '对运行中内核的修改，{ns}：',
    nothing: '无需修改：这里的每个值都正常或不适用。',
    backupAt: '修改前的值会先保存到 {path}；tcpdoctor tune --rollback 可以恢复。',
    confirm: '应用这 {count} 项修改？[y/N] ',
    declined: '什么也没改。',
    needsYes: 'tune --apply 会修改运行中的内核，需要先确认：请在终端中运行，或在脚本里加 --yes',
    needsRoot: 'tune --apply 修改内核参数，需要 root；不带 --apply 的 tcpdoctor tune 可以查看将要做的修改',
    done: '已应用 {count} 项修改，并逐项从 /proc/sys 读回核对。撤销：tcpdoctor tune --rollback。持久化：tcpdoctor tune --write。',
    rejected: '{name}：内核拒绝了 {value}（{error}）；所有修改均已回滚，什么也没改',
    mismatch: '{name}：写入 {value}，但内核读回的是 {readBack}；所有修改均已回滚，什么也没改',
    moved: '在 tcpdoctor 准备修改期间，{name} 变成了 {now}（之前读到 {was}）；什么也没改，请重新运行',
    rollbackFailed:
      '修改失败（{cause}），而且以下参数恢复也失败了：{names}；它们的当前值见 tcpdoctor tune，备份 {path} 保存着原来的值',
    unknownKey: '--set {name}：tcpdoctor 不认识这个 sysctl；它只修改 tcpdoctor explain 中的可调参数',
    notHere: '--set {name}：这个内核的当前命名空间中没有它',
    invalidSet: '--set {name}={value}：{why}',
    neverRecycle:
      '--set {name}={value}：tcpdoctor 永远不会开启 tcp_tw_recycle（Linux 4.12 已移除；它会破坏 NAT 后的客户端）',
    badSet: '--set 的格式是 KEY=VALUE，而不是 "{raw}"',
    badOnly: '--only {name}：不是 tune 审计的 sysctl',
  },

  rollback: {
    header: '恢复 {time} 在 {ns} 中保存的值：',
    none: '{dir} 中没有这个网络命名空间（inode {inode}）的 tcpdoctor 备份',
    otherNs: '{path} 是在另一个网络命名空间中保存的（inode {theirs}；当前是 {ours}）：拒绝在这里恢复',
    otherBoot: '{path} 是在上次重启之前保存的（boot id {theirs}）：拒绝恢复（--force 可强制恢复）',
    drift: '{name} 在 tcpdoctor 设置之后被改过（当时 {applied}，现在 {current}）；仍会恢复。',
    confirm: '恢复这 {count} 个值？[y/N] ',
    needsYes: 'tune --rollback 会修改运行中的内核，需要先确认：请在终端中运行，或加 --yes',
    needsRoot: 'tune --rollback 修改内核参数，需要 root',
    nothing: '每个值都已是备份中保存的值：无需恢复。',
    done: '已恢复 {count} 个值，并逐项从 /proc/sys 读回核对。备份保留为 {path}。',
  },

  write: {
    done: '已写入 {path}（{count} 项设置）；它在开机时生效。立即应用：sysctl -p {path}',
    nothing: '无需持久化：没有与开机时内核给出的值不同的设置，tcpdoctor 也没有仍在生效的运行时修改。',
    notOurs: '{path} 已存在且不是 tcpdoctor 写的：拒绝覆盖（--force 可覆盖）',
    notInitial:
      '警告：这不是主机的初始网络命名空间；/etc/sysctl.d 中的文件在开机时配置的是主机，而不是这个命名空间（请改用容器自身的配置）。',
    laterFile:
      '警告：{name} 也在 {where} 中设置，那个文件在 {path} 之后应用：开机时以它的值（{value}）为准。',
    fileHeader: '主机 {host}，Linux {kernel}，{ns}，{time}。',
    fileApply: '不重启立即应用：sysctl -p {path}',
    fileApplied: '由 tcpdoctor tune --apply 在运行时应用（{time}）；保留',
  },
};
