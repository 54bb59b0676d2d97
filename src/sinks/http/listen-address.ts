import { isIP } from 'node:net';

/** Where `tcpdoctor serve` listens. */
export interface ListenAddress {
  /** An IP literal; `0.0.0.0` or `::` for every interface. */
  host: string;
  port: number;
  /** 127.0.0.0/8 or ::1 (or ::ffff:127.x): reachable only from this network namespace. */
  loopback: boolean;
}

export const DEFAULT_PORT = 9879;

/**
 * `127.0.0.1:9879`, `[::1]:9879`, `localhost:9879`, `0.0.0.0:9879`, `:9879` (every interface, as
 * node_exporter reads it), or a bare `9879` (loopback). Host names other than localhost are refused:
 * the exporter must not depend on DNS to decide whether it is public. Returns a reason on error.
 */
export function parseListenAddress(raw: string): ListenAddress | string {
  const text = raw.trim();
  let host: string;
  let portText: string;
  if (/^\d+$/.test(text)) {
    host = '127.0.0.1';
    portText = text;
  } else if (text.startsWith('[')) {
    const m = /^\[([^\]]+)\]:(\d+)$/.exec(text);
    if (!m) return `--listen takes HOST:PORT or [IPv6]:PORT, not "${raw}"`;
    host = m[1] as string;
    portText = m[2] as string;
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0 || text.indexOf(':') !== colon) {
      return `--listen takes HOST:PORT or [IPv6]:PORT, not "${raw}"`;
    }
    host = text.slice(0, colon) || '0.0.0.0';
    portText = text.slice(colon + 1);
  }
  if (host.toLowerCase() === 'localhost') host = '127.0.0.1';
  if (isIP(host) === 0) return `--listen takes an IP address or localhost, not the name "${host}"`;
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535)
    return `--listen port must be 0 to 65535, not "${portText}"`;
  return { host, port, loopback: isLoopbackAddress(host) };
}

export function isLoopbackAddress(host: string): boolean {
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) !== 6) return false;
  // the WHATWG URL parser compresses IPv6: 0:0:0:0:0:0:0:1 → ::1, ::ffff:127.0.0.1 → ::ffff:7f00:1
  const h = new URL(`http://[${host}]/`).hostname.slice(1, -1);
  return h === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/** `127.0.0.1:9879`, `[::1]:9879` */
export function formatListenAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
