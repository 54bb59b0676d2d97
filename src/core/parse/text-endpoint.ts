import type { Family } from '../model/endpoint.js';
import type { ProcessRef, SocketRecord } from '../model/socket.js';

/**
 * Endpoints and owners as netstat, ss and netstat.exe print them, for the record (slow) path:
 * `127.0.0.1:80`, `[::1]:443`, `[fe80::1]%eth0:22`, `:::*`, `*:*`, `10.0.0.1.443` (BSD),
 * `localhost:https` (resolved), `3639/python3`, `users:(("nginx",pid=1,fd=6))`.
 */
export interface TextEndpoint {
  address: string;
  port: number;
}

/**
 * Split `ADDRESS<sep>PORT`; `sep` is `:` (Linux, ss, Windows) or `.` (BSD/macOS). A wildcard
 * address (`*`) becomes `0.0.0.0` or `::` by family; a wildcard port is 0; a service name the tool
 * resolved (`https`) becomes its number when it is a well-known one, else NaN. IPv4 text under an
 * IPv6 socket (Linux netstat prints `127.0.0.1` for `::ffff:127.0.0.1`) gets the `::ffff:` prefix
 * the kernel's own tables show.
 */
/**
 * The record of one capture row from its local and foreign `ADDRESS<sep>PORT` tokens, or the
 * reason they do not parse. Every text parser starts its slow-path record here.
 */
export function recordFromEndpoints(
  family: Family,
  state: number,
  local: string,
  foreign: string,
  sep: ':' | '.',
): SocketRecord | string {
  const l = splitTextEndpoint(local, sep, family);
  const r = splitTextEndpoint(foreign, sep, family);
  if (!l || !r) return `bad address (want ADDRESS${sep}PORT)`;
  return {
    family,
    state,
    localAddress: l.address,
    localPort: l.port,
    remoteAddress: r.address,
    remotePort: r.port,
  };
}

export function splitTextEndpoint(token: string, sep: ':' | '.', family: Family): TextEndpoint | undefined {
  let address: string;
  let portText: string;
  if (token.startsWith('[')) {
    const close = token.indexOf(']');
    if (close < 0) return undefined;
    address = token.slice(1, close);
    let rest = token.slice(close + 1);
    if (rest.startsWith('%')) {
      const colon = rest.indexOf(':');
      if (colon < 0) return undefined;
      address += rest.slice(0, colon);
      rest = rest.slice(colon);
    }
    if (!rest.startsWith(sep)) return undefined;
    portText = rest.slice(1);
  } else {
    const at = token.lastIndexOf(sep);
    if (at < 0) return undefined;
    address = token.slice(0, at);
    portText = token.slice(at + 1);
  }
  if (address === '' || portText === '') return undefined;
  if (address === '*') address = family === 6 ? '::' : '0.0.0.0';
  else if (family === 6 && /^\d{1,3}(\.\d{1,3}){3}$/.test(address)) address = `::ffff:${address}`;
  return { address, port: portNumber(portText) };
}

/** `*` → 0, digits → the number, a known service name → its port, anything else → NaN. */
export function portNumber(text: string): number {
  if (text === '*') return 0;
  if (/^\d{1,5}$/.test(text)) return Number(text);
  return WELL_KNOWN_PORTS[text.toLowerCase()] ?? Number.NaN;
}

/**
 * Linux netstat `-p`: `3639/python3`, `1234/nginx: worker` (argv[0] may hold spaces), or `-` when
 * the owner is unknown (not root, or no file: TIME_WAIT, orphans).
 */
export function parsePidProgram(text: string): ProcessRef[] | undefined {
  const m = /^(\d+)\/(.*)$/.exec(text.trim());
  if (!m) return undefined;
  return [{ pid: Number(m[1]), command: (m[2] ?? '').trim() }];
}

/** ss `-p`: `users:(("nginx",pid=1,fd=6),("nginx",pid=2,fd=6))`; names may hold spaces or quotes. */
export function parseSsUsers(text: string): ProcessRef[] | undefined {
  const at = text.indexOf('users:((');
  if (at < 0) return undefined;
  const out: ProcessRef[] = [];
  const re = /\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=(\d+)\)/g;
  re.lastIndex = at;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ command: (m[1] ?? '').replace(/\\(.)/g, '$1'), pid: Number(m[2]), fd: Number(m[3]) });
  }
  return out.length > 0 ? out : undefined;
}

/** True when a token is dotted-quad IPv4, with an optional `%iface` scope. */
export function isIPv4Text(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}(%.+)?$/.test(address);
}

// --- internal ---

/**
 * The /etc/services names tools print most often in place of a port (IANA assignments). Resolved
 * captures are rare (`-n` is the habit); a name not here leaves the port NaN in records.
 */
const WELL_KNOWN_PORTS: Record<string, number> = {
  ftp: 21,
  'ftp-data': 20,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  http: 80,
  www: 80,
  'www-http': 80,
  kerberos: 88,
  pop3: 110,
  sunrpc: 111,
  epmap: 135,
  'netbios-ns': 137,
  'netbios-ssn': 139,
  imap: 143,
  imap2: 143,
  snmp: 161,
  ldap: 389,
  https: 443,
  'microsoft-ds': 445,
  submissions: 465,
  smtps: 465,
  submission: 587,
  ipp: 631,
  ldaps: 636,
  rsync: 873,
  imaps: 993,
  pop3s: 995,
  socks: 1080,
  openvpn: 1194,
  'ms-sql-s': 1433,
  mysql: 3306,
  'ms-wbt-server': 3389,
  rdp: 3389,
  postgresql: 5432,
  postgres: 5432,
  amqp: 5672,
  x11: 6000,
  redis: 6379,
  'http-alt': 8080,
  webcache: 8080,
  'https-alt': 8443,
  'pcsync-https': 8443,
  memcache: 11211,
  afpovertcp: 548,
  mdns: 5353,
  ntp: 123,
  bgp: 179,
  irc: 194,
  nfs: 2049,
  'iscsi-target': 3260,
  'xmpp-client': 5222,
  'xmpp-server': 5269,
  zabbix: 10050,
  'zabbix-agent': 10050,
  'zabbix-trapper': 10051,
  hkp: 11371,
  mongodb: 27017,
  git: 9418,
  'etcd-client': 2379,
  'etcd-server': 2380,
};
