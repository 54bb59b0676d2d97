/**
 * The capture formats and their `--format` names, apart from the parsers: the CLI checks
 * `--format` without loading them (the live census never does).
 */

/** The capture formats tcpdoctor reads, as named in `--format` and in `source.inputs[].format`. */
export const CAPTURE_FORMATS = ['netstat-linux', 'ss', 'netstat-bsd', 'netstat-windows', 'proc'] as const;
export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];

/** `--format` names and their aliases; undefined when the name is unknown. `auto` is undefined too. */
export function parseCaptureFormat(raw: string): CaptureFormat | 'auto' | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  if ((CAPTURE_FORMATS as readonly string[]).includes(v)) return v as CaptureFormat;
  return FORMAT_ALIASES[v];
}

// --- internal ---

const FORMAT_ALIASES: Record<string, CaptureFormat> = {
  netstat: 'netstat-linux',
  linux: 'netstat-linux',
  'linux-netstat': 'netstat-linux',
  'net-tools': 'netstat-linux',
  iproute2: 'ss',
  bsd: 'netstat-bsd',
  macos: 'netstat-bsd',
  darwin: 'netstat-bsd',
  freebsd: 'netstat-bsd',
  openbsd: 'netstat-bsd',
  'bsd-netstat': 'netstat-bsd',
  windows: 'netstat-windows',
  win: 'netstat-windows',
  'windows-netstat': 'netstat-windows',
  'proc-net-tcp': 'proc',
  '/proc/net/tcp': 'proc',
};
