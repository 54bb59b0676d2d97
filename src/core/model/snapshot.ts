import type { CounterRate, KernelCounters } from '../counters/kernel-counters.js';
import type { Census } from './census.js';
import type { SocketRecord } from './socket.js';

/** Which network namespace a live reading came from. */
export interface NetnsRef {
  /** The pid whose namespace was read; absent for the reader's own namespace. */
  pid?: number;
  /** Namespace inode (`/proc/<pid>/ns/net` → `net:[N]`); absent when it could not be read. */
  inode?: number;
  /** Name under /run/netns, where one is known. */
  name?: string;
}

export interface LiveSourceInfo {
  kind: 'proc' | 'netlink';
  netns: NetnsRef;
  /** Files read (proc) or families dumped (netlink). */
  paths: string[];
  /** Why a preferred source was not used, e.g. netlink refused and /proc used instead. */
  fallbackReason?: string;
}

/** One offline input: a file, or standard input (`-`). */
export interface InputInfo {
  name: string;
  /** Format detected or forced, e.g. `proc`, `netstat-linux`, `ss`. */
  format: string;
  linesRead: number;
  linesSkipped: number;
  /** What this kind of capture cannot show (e.g. `netstat -n` without `-a` omits LISTEN). */
  cannotShow: string[];
  /** TCP sockets counted from this input. */
  rows?: number;
  /** `gzip` when the input was compressed (read through transparently). */
  compression?: 'gzip';
  /** `utf-16le`/`utf-16be` when the input was UTF-16 (PowerShell redirection); absent for UTF-8/ASCII. */
  encoding?: 'utf-16le' | 'utf-16be';
  /** The first few lines that could not be read: line number and reason (all are in `linesSkipped`). */
  skipped?: Array<{ lineNumber: number; reason: string }>;
  /** Modification time of the file (ISO 8601): roughly when the capture was saved; absent for stdin. */
  modified?: string;
}

export interface FileSourceInfo {
  kind: 'file';
  inputs: InputInfo[];
}

export type SourceInfo = LiveSourceInfo | FileSourceInfo;

/** A census with its provenance: what every status output is rendered from. */
export interface Snapshot {
  host: string;
  kernel: string;
  /** ISO 8601 */
  time: string;
  source: SourceInfo;
  census: Census;
  /** Materialised only when a grouping asks for them. */
  sockets?: SocketRecord[];
  /** Things the reader could not see, in plain words (e.g. unprivileged limits). */
  notes: string[];
  /** Kernel counters (snmp, netstat, sockstat) at the time of the census, when asked for. */
  counters?: KernelCounters;
  /** Counter increases between two samples `seconds` apart (`--interval`). */
  rates?: { seconds: number; counters: CounterRate[] };
  /** Relevant sysctls of the namespace read, by full key; absent keys do not exist there. */
  sysctls?: Record<string, string>;
  /** Per-namespace censuses when several namespaces were read (`--netns all`). */
  namespaces?: NamespaceCensus[];
}

export interface NamespaceCensus {
  label: string;
  inode?: number;
  pid?: number;
  name?: string;
  containerId?: string;
  census: Census;
}
