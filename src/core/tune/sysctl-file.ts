/**
 * sysctl configuration files as systemd-sysctl and `sysctl -p` read them: `key = value` lines,
 * `#` and `;` comments, a leading `-` meaning "ignore errors", keys with dots or slashes.
 */
export interface SysctlAssignment {
  file: string;
  line: number;
  /** Dotted key: `net.ipv4.tcp_tw_reuse` (slashes converted). */
  key: string;
  value: string;
  /** The line began with `-`: a failure to set it is ignored. */
  ignoreErrors: boolean;
  raw: string;
}

export interface SysctlFileIssue {
  file: string;
  line: number;
  raw: string;
  reason: string;
}

export function parseSysctlFile(
  file: string,
  text: string,
): { assignments: SysctlAssignment[]; issues: SysctlFileIssue[] } {
  const assignments: SysctlAssignment[] = [];
  const issues: SysctlFileIssue[] = [];
  text.split('\n').forEach((rawLine, i) => {
    const raw = rawLine.replace(/\r$/, '');
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) return;
    const eq = t.indexOf('=');
    if (eq < 0) {
      issues.push({ file, line: i + 1, raw, reason: 'no "=" (want key = value)' });
      return;
    }
    let key = t.slice(0, eq).trim();
    const ignoreErrors = key.startsWith('-');
    if (ignoreErrors) key = key.slice(1).trim();
    key = dottedKey(key);
    if (!/^[A-Za-z0-9_.*/:@-]+$/.test(key) || key.startsWith('.') || key.endsWith('.')) {
      issues.push({ file, line: i + 1, raw, reason: `not a sysctl key: "${key}"` });
      return;
    }
    assignments.push({ file, line: i + 1, key, value: t.slice(eq + 1).trim(), ignoreErrors, raw });
  });
  return { assignments, issues };
}

/** `tcp_tw_reuse` / `net/ipv4/tcp_tw_reuse` / `net.ipv4.tcp_tw_reuse` → the dotted full key. */
export function normaliseSysctlKey(raw: string): string {
  const k = dottedKey(raw.trim());
  if (k.includes('.')) return k;
  return k === 'somaxconn' || k === 'netdev_max_backlog' ? `net.core.${k}` : `net.ipv4.${k}`;
}

/**
 * sysctl.d(5): when the first separator of a key is a slash, slashes and dots swap roles, so
 * `net/ipv4/conf/eth0.100/rp_filter` is `net.ipv4.conf.eth0/100.rp_filter` (an interface named
 * `eth0.100`). A leading `/proc/sys/` is dropped. Dotted keys come back unchanged.
 */
export function dottedKey(raw: string): string {
  const k = raw.replace(/^\/?proc\/sys\//, '').replace(/^\//, '');
  const first = k.search(/[./]/);
  if (first < 0 || k[first] === '.') return k;
  return k.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
}

/** The /proc/sys file of a dotted key; a slash inside a component stands for a dot there. */
export function sysctlProcPath(key: string): string {
  return `/proc/sys/${key.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'))}`;
}

/** `key = value`, as sysctl.d(5) files spell an assignment. */
export function formatSysctlLine(key: string, value: string): string {
  return `${key} = ${value}`;
}
