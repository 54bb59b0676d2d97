import { readFileSync } from 'node:fs';

export interface HostInfo {
  host: string;
  /** Kernel release, e.g. `6.18.44`; `unknown` where /proc is not mounted. */
  kernel: string;
  littleEndian: boolean;
  /** USER_HZ, the unit of /proc/net/tcp `tm->when`: 100 on x86 and arm64 (`getconf CLK_TCK`). */
  clkTck: number;
}

/**
 * Host name and kernel release from /proc/sys/kernel (the UTS namespace's, as uname(2) gives
 * them), so the census path does not load Node's `os` module (~2 ms of a one-shot run); without
 * /proc the host name comes from `os.hostname()`.
 */
export function readHostInfo(): HostInfo {
  const kernel = readProcLine('/proc/sys/kernel/osrelease') ?? 'unknown';
  const host = readProcLine('/proc/sys/kernel/hostname') ?? osHostname();
  return { host, kernel, littleEndian: LITTLE_ENDIAN, clkTck: 100 };
}

// --- internal ---

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readProcLine(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1').trim() || undefined;
  } catch {
    return undefined; // not Linux, or /proc not mounted
  }
}

function osHostname(): string {
  // process.getBuiltinModule (Node >= 20.16) loads `os` only here; older Node 20 cannot, and
  // reports 'unknown' on a host without /proc
  return process.getBuiltinModule?.('node:os')?.hostname() ?? 'unknown';
}
