import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The optional native addon (native/addon.c): NETLINK_SOCK_DIAG dumps, which Node cannot do
 * itself (no AF_NETLINK). Loaded on first use with process.dlopen, so a missing or broken build
 * costs one stat and the /proc path loads nothing of it.
 */
export interface DiagAddon {
  /** Version of the record layout; DIAG_FORMAT_VERSION is what this code decodes. */
  readonly formatVersion: number;
  readonly recordSize: number;
  /** The inet_diag state mask sent: 0xFFE, states 1..11. */
  readonly stateMask: number;
  /** `ns`: 0 = this namespace, a pid (/proc/PID/ns/net), or a namespace file path. */
  dump(flags: number, ns: number | string, fault?: string): DiagResult;
  /** Starts the dump on a helper thread; `finish` joins it. */
  /** `fault`: a test hook naming a failure to inject (native/diag_dump.h, TCPDOCTOR_DIAG_FAULT). */
  start(flags: number, ns: number | string, fault?: string): DiagJob;
  finish(job: DiagJob): DiagResult;
}

/** An opaque handle to a dump running on the addon's helper thread. */
export type DiagJob = { readonly __diagJob: unique symbol };

export interface DiagResult {
  /** 32 slots: IPv4 by state code 0..15, then IPv6 16..31. */
  counts: Float64Array;
  sockets: number;
  recvCalls: number;
  bytes: number;
  /** Whole-family restarts after a retryable failure (ENOBUFS, interrupted or truncated dump). */
  retries: number;
  /** False when the kernel has no IPv6 (the AF_INET6 dump answered ENOENT). */
  ipv6: boolean;
  netnsInode: number;
  elapsedMs: number;
  /** One legacy TCPDIAG_GETSOCK dump walking the tables once, or one v2 dump per family. */
  method: 'single-walk' | 'per-family';
  /** With DIAG_RECORDS: `recordSize` bytes per socket (native/diag_dump.h). */
  records?: ArrayBuffer;
}

/** What the addon throws: an Error with the errno name as `code` and the failing step. */
export interface DiagError extends Error {
  code: string;
  errno?: number;
  /** open, setns, socket, sendto, recvmsg, NLMSG_ERROR, NLMSG_DONE, parse, memory. */
  syscall?: string;
  family?: 'AF_INET' | 'AF_INET6';
  attempts?: number;
  detail?: string;
}

export const DIAG_FORMAT_VERSION = 1;
export const DIAG_RECORDS = 1;
/** Two SOCK_DIAG_BY_FAMILY dumps (AF_INET, AF_INET6) instead of one single-walk dump. */
export const DIAG_PER_FAMILY = 2;

export type AddonLoad = { ok: true; addon: DiagAddon; path: string } | { ok: false; reason: string };

/**
 * The addon, or why it is not available. `TCPDOCTOR_ADDON` overrides the location: a path to a
 * `.node` file, or `none` to behave as if it were not built (tests, and hosts that want /proc).
 */
export function loadDiagAddon(env: NodeJS.ProcessEnv = process.env): AddonLoad {
  const override = env.TCPDOCTOR_ADDON;
  if (override === 'none' || override === 'off' || override === '0') {
    return { ok: false, reason: `disabled by TCPDOCTOR_ADDON=${override}` };
  }
  const key = override || '';
  const cached = cache.get(key);
  if (cached) return cached;
  const result = load(override || defaultPath());
  cache.set(key, result);
  return result;
}

// --- internal ---

const ADDON_FILE = 'native/build/Release/tcpdoctor_diag.node';
const cache = new Map<string, AddonLoad>();

/**
 * The package root is the directory holding the `dist/` (tsc output or bundle chunks) or `src/`
 * (tests) this module runs from, at whatever depth the module sits.
 */
function defaultPath(): string {
  const here = fileURLToPath(import.meta.url);
  const m = /^(.*)[/\\](?:dist|src)[/\\]/.exec(here);
  return `${m ? m[1] : '.'}/${ADDON_FILE}`;
}

function load(path: string): AddonLoad {
  if (!existsSync(path)) {
    return {
      ok: false,
      reason: `the netlink addon is not built (${path.endsWith(ADDON_FILE) ? ADDON_FILE : path} is missing; \`npm rebuild tcpdoctor\` builds it where a C compiler is installed)`,
    };
  }
  const mod: { exports: unknown } = { exports: {} };
  try {
    process.dlopen(mod, path);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { ok: false, reason: `the netlink addon does not load (${msg})` };
  }
  const addon = mod.exports as DiagAddon;
  if (typeof addon.dump !== 'function' || addon.formatVersion !== DIAG_FORMAT_VERSION) {
    return {
      ok: false,
      reason: `the netlink addon at ${path} has record format ${String(addon.formatVersion)}, this tcpdoctor reads ${DIAG_FORMAT_VERSION}; rebuild it (\`npm rebuild tcpdoctor\`)`,
    };
  }
  return { ok: true, addon, path };
}
