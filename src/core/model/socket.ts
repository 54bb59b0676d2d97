import type { Family } from './endpoint.js';

/**
 * One TCP socket as every source can describe it. Fields a source cannot know are undefined
 * (e.g. a `netstat -n` capture has no timer, a /proc LISTEN row has no backlog).
 */
export interface SocketRecord {
  family: Family;
  /** Kernel state code (include/net/tcp_states.h); 1..11, or 12/13 where a source reports them. */
  state: number;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Unacknowledged bytes (send queue); for LISTEN over netlink: the backlog. */
  txQueue?: number;
  /** Unread bytes (receive queue); for LISTEN: the accept-queue length. */
  rxQueue?: number;
  /** Listen backlog (`sk_max_ack_backlog`) where the source shows it (netlink, ss Send-Q). */
  backlog?: number;
  /** Timer code as in /proc: 0 none, 1 retransmit, 2 keepalive, 3 TIME_WAIT, 4 zero-window probe. */
  timer?: number;
  /** Milliseconds until the timer fires. */
  expiresMs?: number;
  retransmits?: number;
  uid?: number;
  /** Socket inode; 0 means no file owns it (TIME_WAIT, request socket, orphan, not yet accepted). */
  inode?: number;
  /** Owners, when process attribution was asked for or the capture shows them (`-p`). */
  processes?: ProcessRef[];
  /** Label of the network namespace the socket lives in, when several were read (`--netns all`). */
  netns?: string;
}

export interface ProcessRef {
  pid: number;
  command: string;
  fd?: number;
  /** Container id from the process's cgroup path, where one is recognised. */
  container?: string;
}
