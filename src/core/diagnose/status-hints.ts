import type { StateCounts } from '../model/census.js';
import { thousands } from '../text/thousands.js';

/**
 * One-line hints for the status table: single-pass, from the counts alone, no I/O. Thresholds are
 * data; the texts follow tcp-facts.md (§0 corrections, §1 meanings, §2 TIME_WAIT).
 */
export interface StatusHint {
  state: string;
  count: number;
  text: string;
}

export const HINT_THRESHOLDS = {
  // TIME_WAIT costs ~256 B each; what matters is 4-tuples toward one destination (28,232 by default).
  TIME_WAIT: 10_000,
  // A few CLOSE_WAIT come and go; a standing crowd means an application that does not close().
  CLOSE_WAIT: 50,
  SYN_RECV: 256,
  SYN_SENT: 100,
  // Orphans retransmitting their FIN to peers that went away.
  ORPHAN_CLOSING: 500,
  FIN_WAIT2: 1_000,
} as const;

export function statusHints(counts: StateCounts): StatusHint[] {
  const n = (code: number) => counts[code] ?? 0;
  const hints: StatusHint[] = [];
  const tw = n(6);
  if (tw >= HINT_THRESHOLDS.TIME_WAIT) {
    hints.push({
      state: 'TIME_WAIT',
      count: tw,
      text: `${fmt(tw)} TIME_WAIT: this host closes connections first (about ${fmt(Math.round(tw / 60))}/s over the last 60 s); harmless unless connect() runs short of ports toward one destination. Reuse connections; no sysctl shortens TIME_WAIT.`,
    });
  }
  const cw = n(8);
  if (cw >= HINT_THRESHOLDS.CLOSE_WAIT) {
    hints.push({
      state: 'CLOSE_WAIT',
      count: cw,
      text: `${fmt(cw)} CLOSE_WAIT: peers have closed and the local application has not called close(); if this number grows, it is a leak in the application, not the kernel (ss -tanp state close-wait names the process).`,
    });
  }
  const sr = n(3);
  if (sr >= HINT_THRESHOLDS.SYN_RECV) {
    hints.push({
      state: 'SYN_RECV',
      count: sr,
      text: `${fmt(sr)} SYN_RECV: handshakes waiting to complete; either a SYN flood or clients that cannot finish the handshake. Check SyncookiesSent vs SyncookiesRecv (nstat -az).`,
    });
  }
  const ss = n(2);
  if (ss >= HINT_THRESHOLDS.SYN_SENT) {
    hints.push({
      state: 'SYN_SENT',
      count: ss,
      text: `${fmt(ss)} SYN_SENT: outgoing connections get no answer; a backend is down, overloaded or filtered.`,
    });
  }
  const orphanish = n(4) + n(9) + n(11);
  if (orphanish >= HINT_THRESHOLDS.ORPHAN_CLOSING) {
    hints.push({
      state: 'FIN_WAIT1+LAST_ACK+CLOSING',
      count: orphanish,
      text: `${fmt(orphanish)} sockets still sending their FIN (FIN_WAIT1, LAST_ACK, CLOSING): peers that vanished or stopped reading; net.ipv4.tcp_orphan_retries bounds how long they retry.`,
    });
  }
  const fw2 = n(5);
  if (fw2 >= HINT_THRESHOLDS.FIN_WAIT2) {
    hints.push({
      state: 'FIN_WAIT2',
      count: fw2,
      text: `${fmt(fw2)} FIN_WAIT2: this host closed and waits for peers that have not closed their side; net.ipv4.tcp_fin_timeout bounds only the orphaned ones (it does not shorten TIME_WAIT).`,
    });
  }
  return hints;
}

// --- internal ---

function fmt(n: number): string {
  return thousands(n);
}
