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
    // sysctl.d(5): a key with slashes uses "/" as separator, and then dots are literal
    if (key.includes('/')) key = key.replace(/^\/?(proc\/sys\/)?/, '').replace(/\//g, '.');
    if (!/^[A-Za-z0-9_.*-]+$/.test(key)) {
      issues.push({ file, line: i + 1, raw, reason: `not a sysctl key: "${key}"` });
      return;
    }
    assignments.push({ file, line: i + 1, key, value: t.slice(eq + 1).trim(), ignoreErrors, raw });
  });
  return { assignments, issues };
}

/** `tcp_tw_reuse` / `net/ipv4/tcp_tw_reuse` / `net.ipv4.tcp_tw_reuse` → the dotted full key. */
export function normaliseSysctlKey(raw: string): string {
  const k = raw
    .trim()
    .replace(/^\/?(proc\/sys\/)?/, '')
    .replace(/\//g, '.');
  if (k.includes('.')) return k;
  return k === 'somaxconn' || k === 'netdev_max_backlog' ? `net.core.${k}` : `net.ipv4.${k}`;
}
