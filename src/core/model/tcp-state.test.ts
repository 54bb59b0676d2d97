import { describe, expect, it } from 'vitest';
import { LIFECYCLE_ORDER, parseStateName, STATE_NAMES, STATES, spellingsOf } from './tcp-state.js';

describe('tcp states as data', () => {
  it('numbers the eleven states as include/net/tcp_states.h does', () => {
    expect(STATES.map((s) => s.code)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(STATES.map((s) => s.name)).toEqual([...STATE_NAMES]);
    expect(STATES.map((s) => Number.parseInt(s.hex, 16))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect([...LIFECYCLE_ORDER].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('resolves every tool spelling, case-insensitively', () => {
    const cases: Array<[string, string]> = [
      ['ESTAB', 'ESTABLISHED'],
      ['time-wait', 'TIME_WAIT'],
      ['TIME-WAIT', 'TIME_WAIT'],
      ['SYN_RCVD', 'SYN_RECV'],
      ['syn-rcv', 'SYN_RECV'],
      ['SYN_RECEIVED', 'SYN_RECV'],
      ['FIN_WAIT_1', 'FIN_WAIT1'],
      ['fin-wait-2', 'FIN_WAIT2'],
      ['LISTENING', 'LISTEN'],
      ['UNCONN', 'CLOSE'],
      ['CLOSED', 'CLOSE'],
      ['ABHÖREN', 'LISTEN'],
      ['HERGESTELLT', 'ESTABLISHED'],
      ['WARTEND', 'TIME_WAIT'],
      ['SCHLIESSEN_WARTEN', 'CLOSE_WAIT'],
      ['0A', 'LISTEN'],
    ];
    for (const [spelling, name] of cases) {
      const code = parseStateName(spelling);
      expect(code === undefined ? undefined : STATE_NAMES[code - 1], spelling).toBe(name);
    }
    for (const s of STATES) for (const sp of spellingsOf(s.code)) expect(parseStateName(sp)).toBe(s.code);
    expect(parseStateName('BOGUS')).toBeUndefined();
    expect(parseStateName('NEW_SYN_RECV')).toBeUndefined();
  });
});
