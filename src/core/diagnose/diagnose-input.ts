import type { CounterRate, KernelCounters } from '../counters/kernel-counters.js';
import type { Census } from '../model/census.js';
import type { SocketRecord } from '../model/socket.js';
import type { SysctlAssignment } from '../tune/sysctl-file.js';

/** Everything a rule may look at. Absent fields mean the source could not provide them. */
export interface DiagnoseInput {
  census: Census;
  /** Socket records of the (second) sample, owners attached where known. */
  records?: readonly SocketRecord[];
  /** Records of the first sample, when two were taken (`--interval`). */
  previousRecords?: readonly SocketRecord[];
  /** Counters at the (second) sample. */
  counters?: KernelCounters;
  rates?: { seconds: number; counters: CounterRate[] };
  /** Sysctls of the namespace; a key absent here does not exist there. */
  sysctls?: Readonly<Record<string, string>>;
  /** Kernel release, e.g. `6.18.44-fc`; `unknown` offline when the capture does not say. */
  kernel: string;
  /** Assignments read from sysctl configuration files. */
  sysctlFiles?: readonly SysctlAssignment[];
  /** Whether owners could be looked up for every process (root). */
  ownersComplete?: boolean;
}

/** `6.18.44-fc` → [6, 18, 44]; undefined when unparseable. */
export function kernelVersion(release: string): [number, number, number] | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined;
}

/** Whether `release` is at least major.minor; undefined when the release is unknown. */
export function kernelAtLeast(release: string, major: number, minor: number): boolean | undefined {
  const v = kernelVersion(release);
  if (!v) return undefined;
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

export function rateOf(input: DiagnoseInput, key: string): CounterRate | undefined {
  return input.rates?.counters.find((c) => c.key === key);
}

export function sysctlNumber(input: DiagnoseInput, key: string): number | undefined {
  const v = input.sysctls?.[key];
  if (v === undefined || !/^-?\d+$/.test(v.trim())) return undefined;
  return Number(v);
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
