import type { WatchFrame } from '../../core/watch/watch-frame.js';

/** Labels of the watch screen, English and Chinese. */
export const WATCH_TEXT = {
  en: {
    state: 'STATE',
    sockets: 'SOCKETS',
    perSecond: 'CHANGE/s',
    trend: 'TREND',
    total: 'TOTAL',
    groups: { lport: 'By listener', raddr: 'By peer', dest: 'By destination', process: 'By process' },
    group: 'GROUP',
    change: 'CHANGE',
    states: 'STATES',
    sort: 'sort',
    sorts: { total: 'sockets', change: 'change', label: 'name' },
    counters: 'Counters per second',
    findings: 'Findings',
    noFindings: 'no active findings',
    paused: 'PAUSED',
    filter: 'filter',
    keys: 'q quit · g grouping · s sort · p pause · / filter · ? help',
    every: 'every',
    help: [
      'q, Ctrl-C   quit (the terminal is restored)',
      'g           cycle the grouping: listener → peer → destination → process',
      's           cycle the sort of the groups: sockets → change → name',
      'p           pause / resume the refresh',
      '/           filter by address or port (Enter applies, Esc cancels, empty clears)',
      '?           this help (any key closes it)',
    ],
    filterPrompt: 'filter by address or port:',
    socketsEvery:
      'groups refresh every {n} frames, to keep the socket list and the rules near 3 % of one core',
  },
  zh: {
    state: '状态',
    sockets: '套接字',
    perSecond: '每秒变化',
    trend: '趋势',
    total: '合计',
    groups: { lport: '按监听端口', raddr: '按对端地址', dest: '按目标', process: '按进程' },
    group: '分组',
    change: '变化',
    states: '状态分布',
    sort: '排序',
    sorts: { total: '套接字数', change: '变化', label: '名称' },
    counters: '每秒计数器',
    findings: '诊断',
    noFindings: '没有活动的问题',
    paused: '已暂停',
    filter: '过滤',
    keys: 'q 退出 · g 分组 · s 排序 · p 暂停 · / 过滤 · ? 帮助',
    every: '每',
    help: [
      'q、Ctrl-C   退出（终端会恢复原状）',
      'g           切换分组：监听端口 → 对端 → 目标 → 进程',
      's           切换分组排序：套接字数 → 变化 → 名称',
      'p           暂停 / 继续刷新',
      '/           按地址或端口过滤（回车应用，Esc 取消，留空清除）',
      '?           显示本帮助（按任意键关闭）',
    ],
    filterPrompt: '按地址或端口过滤：',
    socketsEvery: '分组每 {n} 帧更新一次，使套接字列表和诊断规则的开销保持在单核的 3 % 左右',
  },
} as const;

export type WatchLang = keyof typeof WATCH_TEXT;

/** Line mode (stdout not a terminal): one compact line per interval, for logs. */
export function renderWatchLine(frame: WatchFrame): string {
  const states = frame.states.filter((s) => s.count > 0).map((s) => `${s.name}=${s.count}`);
  const rates = frame.rates
    .filter((r) => r.delta > 0)
    .map((r) => `${r.key.replace(/^(Tcp|TcpExt)\./, '')}/s=${r.perSecond.toFixed(1)}`);
  const findings = frame.findings.map((f) => `${f.severity}:${f.id}`);
  return `${[frame.time, `total=${frame.total}`, ...states, ...rates, ...findings].join(' ')}\n`;
}
