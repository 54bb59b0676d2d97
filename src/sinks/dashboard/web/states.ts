/**
 * The TCP states as the dashboard shows them. This file runs in the browser, which loads it on its
 * own: it cannot import src/core, so the names are repeated here and a test proves they match
 * src/core/model/tcp-state.ts.
 */

/** Kernel order (code 1..11): the order of `counts` in /api/history. */
export const STATE_NAMES = [
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
] as const;

export type StateName = (typeof STATE_NAMES)[number];

/** The order a person reads them in (core's LIFECYCLE_ORDER): open, data, active close, passive close. */
export const LIFECYCLE: readonly StateName[] = [
  'LISTEN',
  'SYN_SENT',
  'SYN_RECV',
  'ESTABLISHED',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'CLOSING',
  'TIME_WAIT',
  'CLOSE_WAIT',
  'LAST_ACK',
  'CLOSE',
];

/**
 * How each state is drawn. Colour is never the only cue: every chart line also has its own dash
 * pattern and every label carries the state's name. The palette is Okabe–Ito (readable with the
 * common colour-vision deficiencies) plus neutral greys for the rare states.
 */
export const STATE_STYLE: Readonly<Record<StateName, { color: string; dash: readonly number[] }>> = {
  LISTEN: { color: '#0072b2', dash: [] },
  SYN_SENT: { color: '#56b4e9', dash: [6, 3] },
  SYN_RECV: { color: '#cc79a7', dash: [2, 3] },
  ESTABLISHED: { color: '#009e73', dash: [] },
  FIN_WAIT1: { color: '#8c8c8c', dash: [8, 3, 2, 3] },
  FIN_WAIT2: { color: '#6b6b6b', dash: [4, 4] },
  CLOSING: { color: '#a0a0a0', dash: [1, 3] },
  TIME_WAIT: { color: '#e69f00', dash: [10, 4] },
  CLOSE_WAIT: { color: '#d55e00', dash: [3, 2] },
  LAST_ACK: { color: '#b8860b', dash: [12, 3, 3, 3] },
  CLOSE: { color: '#444444', dash: [2, 6] },
};

export function isStateName(raw: string): raw is StateName {
  return (STATE_NAMES as readonly string[]).includes(raw);
}
