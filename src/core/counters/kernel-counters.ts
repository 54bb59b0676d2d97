/**
 * Kernel counters as the kernel prints them: /proc/net/snmp and /proc/net/netstat (pairs of
 * `Prefix: Name1 Name2 …` / `Prefix: v1 v2 …` lines) and /proc/net/sockstat{,6} (`TCP: inuse N …`).
 * Map by name, never by position: sets and order change across kernels (tcp-facts.md §5).
 */

/** `{ Tcp: { ActiveOpens: 42, … }, TcpExt: { ListenOverflows: 0, … } }` */
export type CounterTable = Record<string, Record<string, number>>;

export interface Sockstat {
  /** Hashed IPv4 TCP sockets: per namespace. */
  inuse?: number;
  /** Orphaned sockets: HOST-WIDE, even when read inside a container. */
  orphan?: number;
  /** TIME_WAIT **plus orphaned FIN_WAIT2** minisockets, per namespace: never the TIME_WAIT count. */
  tw?: number;
  /** All allocated TCP sockets: host-wide. */
  alloc?: number;
  /** Pages of TCP memory: host-wide; compare tcp_mem. */
  mem?: number;
  /** TCP6 inuse from sockstat6. */
  inuse6?: number;
}

export interface KernelCounters {
  snmp: CounterTable;
  netstat: CounterTable;
  sockstat: Sockstat;
}

/** Parse snmp/netstat text: header line then value line per prefix. Tolerates unknown prefixes. */
export function parseCounterPairs(text: string): CounterTable {
  const out: CounterTable = {};
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const head = lines[i] as string;
    const vals = lines[i + 1] as string;
    const colon = head.indexOf(':');
    if (colon <= 0 || !vals.startsWith(head.slice(0, colon + 1))) continue;
    const prefix = head.slice(0, colon);
    const names = head
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const values = vals
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    // a header line's names are not numbers; a value line's are
    if (names.length !== values.length || !values.every((v) => /^-?\d+$/.test(v))) continue;
    if (names.every((n) => /^-?\d+$/.test(n))) continue;
    const table: Record<string, number> = {};
    names.forEach((n, k) => {
      table[n] = Number(values[k]);
    });
    out[prefix] = table;
    i++;
  }
  return out;
}

/** Parse /proc/net/sockstat (and sockstat6 for `TCP6: inuse`). */
export function parseSockstat(text: string, text6 = ''): Sockstat {
  const out: Sockstat = {};
  const tcp = /^TCP: (.*)$/m.exec(text);
  if (tcp) {
    const kv = (tcp[1] as string).trim().split(/\s+/);
    for (let i = 0; i + 1 < kv.length; i += 2) {
      const key = kv[i] as string;
      const value = Number(kv[i + 1]);
      if (
        Number.isFinite(value) &&
        (key === 'inuse' || key === 'orphan' || key === 'tw' || key === 'alloc' || key === 'mem')
      ) {
        out[key] = value;
      }
    }
  }
  const tcp6 = /^TCP6: inuse (\d+)/m.exec(text6);
  if (tcp6) out.inuse6 = Number(tcp6[1]);
  return out;
}

/** One counter by `Prefix.Name` (e.g. `TcpExt.ListenOverflows`); undefined when absent. */
export function counter(c: KernelCounters, key: string): number | undefined {
  const dot = key.indexOf('.');
  const prefix = key.slice(0, dot);
  const name = key.slice(dot + 1);
  return c.netstat[prefix]?.[name] ?? c.snmp[prefix]?.[name];
}

/** The counters every rate view and rule reads (tcp-facts.md §5). */
export const KEY_COUNTERS = [
  'Tcp.ActiveOpens',
  'Tcp.PassiveOpens',
  'Tcp.AttemptFails',
  'Tcp.EstabResets',
  'Tcp.OutRsts',
  'Tcp.RetransSegs',
  'TcpExt.ListenOverflows',
  'TcpExt.ListenDrops',
  'TcpExt.SyncookiesSent',
  'TcpExt.SyncookiesRecv',
  'TcpExt.SyncookiesFailed',
  'TcpExt.TCPReqQFullDoCookies',
  'TcpExt.TCPReqQFullDrop',
  'TcpExt.TW',
  'TcpExt.TWRecycled',
  'TcpExt.TWKilled',
  'TcpExt.TCPTimeWaitOverflow',
  'TcpExt.TCPAbortOnMemory',
  'TcpExt.TCPAbortOnTimeout',
  'TcpExt.TCPAbortOnClose',
  'TcpExt.TCPAbortOnData',
  'TcpExt.EmbryonicRsts',
  'TcpExt.PAWSEstab',
] as const;

export interface CounterRate {
  key: string;
  /** Value at the second sample. */
  value: number;
  /** Increase between the samples (counters are cumulative; a wrap or reset counts as 0). */
  delta: number;
  /** Increase per second. */
  perSecond: number;
}

/** Rates of the key counters between two samples `seconds` apart. Absent counters are skipped. */
export function counterRates(a: KernelCounters, b: KernelCounters, seconds: number): CounterRate[] {
  const out: CounterRate[] = [];
  for (const key of KEY_COUNTERS) {
    const va = counter(a, key);
    const vb = counter(b, key);
    if (va === undefined || vb === undefined) continue;
    const delta = Math.max(0, vb - va);
    out.push({ key, value: vb, delta, perSecond: seconds > 0 ? delta / seconds : 0 });
  }
  return out;
}
