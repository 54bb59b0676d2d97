import { readFileSync } from 'node:fs';
import { endianness, hostname } from 'node:os';

export interface HostInfo {
  host: string;
  /** Kernel release, e.g. `6.18.44`; `unknown` where /proc is not mounted. */
  kernel: string;
  littleEndian: boolean;
  /** USER_HZ, the unit of /proc/net/tcp `tm->when`: 100 on x86 and arm64 (`getconf CLK_TCK`). */
  clkTck: number;
}

export function readHostInfo(): HostInfo {
  let kernel = 'unknown';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'latin1').trim();
  } catch {
    // not Linux, or /proc not mounted: the census says so elsewhere
  }
  return { host: hostname(), kernel, littleEndian: endianness() === 'LE', clkTck: 100 };
}
