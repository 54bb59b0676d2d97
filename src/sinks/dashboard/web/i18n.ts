/**
 * The dashboard's own words, in English and Chinese, with exactly the same keys and placeholders
 * (a test proves it). Findings and the explanations of the states come translated from the server
 * (/api/diagnose?lang=, /api/explain?lang=); technical names (TIME_WAIT, sysctl names, connect())
 * stay as they are in both languages, as in the rest of tcpdoctor.
 */
import type { Lang } from './format.js';

const EN = {
  'app.title': 'tcpdoctor — {host}',
  'app.skip': 'Skip to the findings',
  'header.host': 'Host',
  'header.kernel': 'Kernel',
  'header.source': 'Source',
  'header.updated': 'Updated {clock} ({age} ago), every {interval}',
  'header.waiting': 'Waiting for the first snapshot…',
  'header.language': 'Language',
  'header.pause': 'Pause updates',
  'header.resume': 'Resume updates',
  'header.paused': 'Paused: the page shows the snapshot of {clock}.',
  'header.namespace': 'Namespace',
  'header.allNamespaces': 'All namespaces ({count})',

  'headline.connections': '{total} TCP connections',
  'headline.none': 'No TCP connections',
  'headline.healthy': 'No problems found',
  'headline.stale': 'Not current: see the message above',
  'headline.critical': '{count} critical',
  'headline.warning': '{count} warnings',
  'headline.warningOne': '1 warning',
  'headline.info': '{count} notes',
  'headline.infoOne': '1 note',
  'headline.peer': 'busiest peer {peer} ({count})',

  'states.heading': 'Connections by state',
  'states.hint': 'Select a state to read what it means, why it piles up and what to do.',
  'states.change': '{change} in {span}',
  'states.noChange': 'no change in {span}',
  'states.noHistory': 'first snapshot',
  'states.explain': 'What {state} means',
  'states.other': 'Also outside the eleven states: {list}.',
  'states.flag': '{severity}: see the findings',

  'findings.heading': 'Findings',
  'findings.none': 'No problems found in this snapshot.',
  'findings.noneDetail': '{rules} rules checked the census, the kernel counters and the sysctls.',
  'findings.skipped': '{count} rules could not run',
  'findings.advice': 'What to do',
  'findings.evidence': 'Evidence',
  'findings.instances': '{count} instances',
  'findings.instancesOne': '1 instance',
  'findings.references': 'Sources',
  'findings.unavailable': 'The diagnosis is not available: {reason}',
  'findings.namespaces': 'Findings per namespace',
  'findings.namespaceRow': '{label}: {list}',
  'findings.pick': 'Show namespace {label}',
  'findings.noneInNamespaces': 'No problems found in any namespace.',

  'severity.critical': 'Critical',
  'severity.warning': 'Warning',
  'severity.info': 'Note',

  'chart.heading': 'States over time',
  'chart.window': 'The last {span}; kept in the exporter’s memory, up to {window}.',
  'chart.log': 'Logarithmic scale',
  'chart.allNamespaces': 'All namespaces together.',
  'chart.label': 'Line chart of connections by state over the last {span}. {summary}',
  'chart.summaryState': '{state} from {min} to {max}, now {now}',
  'chart.empty': 'No connections in this window.',
  'chart.gap': 'Gaps are snapshots that failed.',
  'chart.time': 'Time',

  'listeners.heading': 'Top listeners',
  'listeners.caption': 'Listening sockets by connections; the accept queue is what waits for accept().',
  'listeners.listener': 'Listener',
  'listeners.queue': 'Accept queue',
  'listeners.queueFull': '{queue} waiting, backlog {backlog}: full',
  'listeners.queueOf': '{queue} waiting, backlog {backlog}',
  'listeners.queueUnknown': '{queue} waiting (backlog not visible through /proc)',
  'listeners.outbound': 'Outbound connections (ephemeral local ports): {total}',
  'listeners.none': 'No listening sockets.',

  'dest.heading': 'Outbound destinations and ephemeral ports',
  'dest.caption':
    'Connections this host opened, by (local address → remote address:port). connect() fails with EADDRNOTAVAIL when a destination uses every port of the ephemeral range ({range}).',
  'dest.destination': 'Destination',
  'dest.ports': 'Ephemeral ports in use',
  'dest.portsOf': '{inUse} of {size} ({percent})',
  'dest.headroom': 'Headroom',
  'dest.headroomLeft': '{left} left',
  'dest.none': 'No outbound connections.',

  'peers.heading': 'Top peers',
  'peers.caption': 'Remote addresses by connections, in both directions.',
  'peers.peer': 'Remote address',
  'peers.none': 'No connections to other hosts.',

  'ns.heading': 'Namespaces',
  'ns.caption': 'Network namespaces watched by this exporter, by connections.',
  'ns.label': 'Namespace',

  'table.connections': 'Connections',
  'table.mix': 'State mix',
  'table.otherMore': 'other ({count} more)',

  'level.ok': 'ok',
  'level.warning': 'warning',
  'level.critical': 'critical',

  'banner.unreachable':
    'Cannot reach tcpdoctor serve ({error}). The page keeps showing the snapshot of {clock} and retries every {retry}.',
  'banner.unreachableNever': 'Cannot reach tcpdoctor serve ({error}). Retrying every {retry}.',
  'banner.censusFailed':
    'The exporter cannot read the connections: {message}. The numbers below are from {clock}, {age} ago.',
  'banner.censusFailedNever': 'The exporter cannot read the connections: {message}.',
  'banner.partial': 'Some reads failed; the counts are current but the findings may be incomplete: {list}',
  'banner.stale':
    'No new snapshot for {age} (one is expected every {interval}): the exporter may be stuck or overloaded.',
  'banner.http': 'The exporter answered {status} to {path}: {message}',

  'token.heading': 'This exporter requires its token',
  'token.explain':
    'Paste the bearer token (the content of --token-file or TCPDOCTOR_TOKEN), or open this page as /#token=… . It stays in this browser tab (sessionStorage) and is sent only as an Authorization header to this exporter.',
  'token.refused': 'The token was refused. Paste the current one.',
  'token.label': 'Bearer token',
  'token.submit': 'Use this token',
  'token.forget': 'Forget the token',

  'explain.close': 'Close',
  'explain.loading': 'Loading the explanation…',
  'explain.commands': 'Commands',
  'explain.role': 'Side',
  'explain.related': 'Related sysctls',

  'footer.endpoints': 'Endpoints',
  'footer.docs': 'The dashboard is documented in docs/dashboard.md of the tcpdoctor package.',
} as const;

export type MessageKey = keyof typeof EN;

const ZH: Record<MessageKey, string> = {
  'app.title': 'tcpdoctor — {host}',
  'app.skip': '跳到诊断结果',
  'header.host': '主机',
  'header.kernel': '内核',
  'header.source': '数据来源',
  'header.updated': '更新于 {clock}（{age}前），每 {interval} 一次',
  'header.waiting': '等待第一个快照…',
  'header.language': '语言',
  'header.pause': '暂停更新',
  'header.resume': '继续更新',
  'header.paused': '已暂停：页面显示的是 {clock} 的快照。',
  'header.namespace': '网络命名空间',
  'header.allNamespaces': '全部命名空间（{count} 个）',

  'headline.connections': '{total} 个 TCP 连接',
  'headline.none': '没有 TCP 连接',
  'headline.healthy': '没有发现问题',
  'headline.stale': '不是最新数据：见上方的提示',
  'headline.critical': '严重 {count} 项',
  'headline.warning': '警告 {count} 项',
  'headline.warningOne': '警告 1 项',
  'headline.info': '提示 {count} 项',
  'headline.infoOne': '提示 1 项',
  'headline.peer': '连接最多的对端 {peer}（{count}）',

  'states.heading': '各状态的连接数',
  'states.hint': '选择一个状态，查看它的含义、堆积的原因和处理办法。',
  'states.change': '{span}内 {change}',
  'states.noChange': '{span}内没有变化',
  'states.noHistory': '第一个快照',
  'states.explain': '{state} 是什么意思',
  'states.other': '另有不属于这十一种状态的套接字：{list}。',
  'states.flag': '{severity}：见诊断结果',

  'findings.heading': '诊断结果',
  'findings.none': '这个快照中没有发现问题。',
  'findings.noneDetail': '{rules} 条规则检查了连接统计、内核计数器和 sysctl。',
  'findings.skipped': '{count} 条规则未能运行',
  'findings.advice': '怎么办',
  'findings.evidence': '证据',
  'findings.instances': '{count} 个实例',
  'findings.instancesOne': '1 个实例',
  'findings.references': '出处',
  'findings.unavailable': '无法获得诊断结果：{reason}',
  'findings.namespaces': '各命名空间的诊断结果',
  'findings.namespaceRow': '{label}：{list}',
  'findings.pick': '查看命名空间 {label}',
  'findings.noneInNamespaces': '所有命名空间都没有发现问题。',

  'severity.critical': '严重',
  'severity.warning': '警告',
  'severity.info': '提示',

  'chart.heading': '状态随时间的变化',
  'chart.window': '最近 {span}；保存在 exporter 的内存中，最多 {window}。',
  'chart.log': '对数刻度',
  'chart.allNamespaces': '所有命名空间合计。',
  'chart.label': '最近 {span}各状态连接数的折线图。{summary}',
  'chart.summaryState': '{state} 在 {min} 到 {max} 之间，当前 {now}',
  'chart.empty': '这段时间内没有连接。',
  'chart.gap': '空缺处是读取失败的快照。',
  'chart.time': '时间',

  'listeners.heading': '连接最多的监听端口',
  'listeners.caption': '按连接数排列的监听套接字；accept 队列是等待 accept() 的连接。',
  'listeners.listener': '监听地址',
  'listeners.queue': 'accept 队列',
  'listeners.queueFull': '{queue} 个等待，backlog {backlog}：已满',
  'listeners.queueOf': '{queue} 个等待，backlog {backlog}',
  'listeners.queueUnknown': '{queue} 个等待（通过 /proc 看不到 backlog）',
  'listeners.outbound': '出站连接（本地临时端口）：{total}',
  'listeners.none': '没有监听套接字。',

  'dest.heading': '出站目的地与临时端口',
  'dest.caption':
    '本机发起的连接，按（本地地址 → 远端地址:端口）分组。某个目的地用完临时端口范围（{range}）中的全部端口时，connect() 会以 EADDRNOTAVAIL 失败。',
  'dest.destination': '目的地',
  'dest.ports': '已用临时端口',
  'dest.portsOf': '{size} 个中的 {inUse} 个（{percent}）',
  'dest.headroom': '余量',
  'dest.headroomLeft': '还剩 {left} 个',
  'dest.none': '没有出站连接。',

  'peers.heading': '连接最多的对端',
  'peers.caption': '按连接数排列的远端地址，包括入站和出站。',
  'peers.peer': '远端地址',
  'peers.none': '没有到其他主机的连接。',

  'ns.heading': '网络命名空间',
  'ns.caption': '这个 exporter 观察的网络命名空间，按连接数排列。',
  'ns.label': '命名空间',

  'table.connections': '连接数',
  'table.mix': '状态构成',
  'table.otherMore': '其他（还有 {count} 个）',

  'level.ok': '正常',
  'level.warning': '警告',
  'level.critical': '严重',

  'banner.unreachable':
    '无法连接 tcpdoctor serve（{error}）。页面继续显示 {clock} 的快照，每 {retry} 重试一次。',
  'banner.unreachableNever': '无法连接 tcpdoctor serve（{error}）。每 {retry} 重试一次。',
  'banner.censusFailed': 'exporter 无法读取连接：{message}。下面的数字来自 {clock}，即 {age}前。',
  'banner.censusFailedNever': 'exporter 无法读取连接：{message}。',
  'banner.partial': '部分读取失败；连接数是最新的，但诊断结果可能不完整：{list}',
  'banner.stale': '已经 {age} 没有新快照（应当每 {interval} 一个）：exporter 可能卡住或过载。',
  'banner.http': 'exporter 对 {path} 返回了 {status}：{message}',

  'token.heading': '这个 exporter 需要令牌',
  'token.explain':
    '粘贴 bearer 令牌（--token-file 文件或 TCPDOCTOR_TOKEN 的内容），或以 /#token=… 打开本页。令牌只保存在这个浏览器标签页中（sessionStorage），只作为 Authorization 头发送给这个 exporter。',
  'token.refused': '令牌被拒绝。请粘贴当前的令牌。',
  'token.label': 'Bearer 令牌',
  'token.submit': '使用这个令牌',
  'token.forget': '清除令牌',

  'explain.close': '关闭',
  'explain.loading': '正在加载说明…',
  'explain.commands': '命令',
  'explain.role': '角色',
  'explain.related': '相关 sysctl',

  'footer.endpoints': '接口',
  'footer.docs': '仪表盘的说明见 tcpdoctor 软件包中的 docs/dashboard.md。',
};

export const MESSAGES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, zh: ZH };

export const LANGS: readonly Lang[] = ['en', 'zh'];

/** The name of each language in itself, for the switch. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', zh: '中文' };

/** `t('en', 'dest.portsOf', { inUse: '70', size: '100', percent: '70 %' })`; an unknown `{name}` stays. */
export function t(lang: Lang, key: MessageKey, vars: Readonly<Record<string, string | number>> = {}): string {
  return fill(MESSAGES[lang][key], vars);
}

export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** Placeholder names of a template, sorted: what the parity test compares. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}

/** `zh-CN`, `zh-Hans-SG`, `zh` → zh; anything else → en. */
export function langOf(raw: string | null | undefined): Lang | undefined {
  if (!raw) return undefined;
  const code = raw.trim().slice(0, 2).toLowerCase();
  return code === 'zh' ? 'zh' : code === 'en' ? 'en' : undefined;
}

/** Evidence keys of the diagnose rules, in words; an unknown key falls back to humanizeKey. */
export const EVIDENCE_KEYS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  en: {
    closeWait: 'CLOSE_WAIT sockets',
    notAccepted: 'not accepted',
    ownerHidden: 'owner not visible',
    persisting: 'persisting',
    growth: 'change',
    sampleSeconds: 'sample interval (s)',
    acceptQueue: 'accept queue',
    backlogKnown: 'backlog known',
    listenOverflows: 'listen overflows',
    rangeLow: 'range start',
    rangeHigh: 'range end',
    rangeSize: 'range size',
    reservedInRange: 'reserved in range',
    inUse: 'ports in use',
    timeWait: 'TIME_WAIT',
    established: 'ESTABLISHED',
    tcpTwReuse: 'tcp_tw_reuse',
    reusableByTwReuse: 'reusable with tcp_tw_reuse=1',
    maxNewConnectionsPerSecondPerTuple: 'new connections per second per destination, at most',
    tuple: 'destination',
    ratio: 'share',
    command: 'command',
    pid: 'pid',
    peers: 'peers',
    listener: 'listener',
    owner: 'owner',
    kind: 'kind',
    sockets: 'sockets',
    synRecv: 'SYN_RECV',
    worstEphemeralUse: 'busiest destination’s share of the ephemeral ports',
    somaxconn: 'net.core.somaxconn',
    backlog: 'backlog',
  },
  zh: {
    closeWait: 'CLOSE_WAIT 套接字',
    notAccepted: '未被 accept',
    ownerHidden: '看不到属主',
    persisting: '持续存在',
    growth: '变化',
    sampleSeconds: '采样间隔（秒）',
    acceptQueue: 'accept 队列',
    backlogKnown: '已知 backlog',
    listenOverflows: '监听队列溢出',
    rangeLow: '范围起点',
    rangeHigh: '范围终点',
    rangeSize: '范围大小',
    reservedInRange: '范围内的保留端口',
    inUse: '已用端口',
    timeWait: 'TIME_WAIT',
    established: 'ESTABLISHED',
    tcpTwReuse: 'tcp_tw_reuse',
    reusableByTwReuse: 'tcp_tw_reuse=1 时可复用',
    maxNewConnectionsPerSecondPerTuple: '每个目的地每秒最多新建连接数',
    tuple: '目的地',
    ratio: '占比',
    command: '命令',
    pid: 'pid',
    peers: '对端',
    listener: '监听地址',
    owner: '属主',
    kind: '类型',
    sockets: '套接字',
    synRecv: 'SYN_RECV',
    worstEphemeralUse: '最忙目的地占用的临时端口比例',
    somaxconn: 'net.core.somaxconn',
    backlog: 'backlog',
  },
};
