import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATES, spellingsOf, type TcpStateName } from '../model/tcp-state.js';
import { editDistance } from '../text/edit-distance.js';
import { STATE_FACTS, SYSCTL_FACTS, SYSCTL_KEYS } from './facts.js';
import { closeMatches, normaliseSysctlName, resolveSysctl, resolveTopic } from './lookup.js';

const SS_FILTERS: ReadonlyArray<readonly [string, TcpStateName]> = [
  ['established', 'ESTABLISHED'],
  ['syn-sent', 'SYN_SENT'],
  ['syn-recv', 'SYN_RECV'],
  ['syn-rcv', 'SYN_RECV'],
  ['fin-wait-1', 'FIN_WAIT1'],
  ['fin-wait-2', 'FIN_WAIT2'],
  ['time-wait', 'TIME_WAIT'],
  ['closed', 'CLOSE'],
  ['close', 'CLOSE'],
  ['close-wait', 'CLOSE_WAIT'],
  ['last-ack', 'LAST_ACK'],
  ['listening', 'LISTEN'],
  ['closing', 'CLOSING'],
];

describe('resolveTopic: states', () => {
  it('resolves every spelling spellingsOf lists, in upper, lower and mixed case', () => {
    for (const s of STATES) {
      for (const spelling of spellingsOf(s.code)) {
        for (const variant of [spelling, spelling.toLowerCase(), spelling.toUpperCase()]) {
          expect(resolveTopic(variant), variant).toEqual({ kind: 'state', code: s.code, name: s.name });
        }
      }
    }
  });

  it('resolves every ss state filter name', () => {
    for (const [filter, name] of SS_FILTERS) {
      expect(resolveTopic(filter), filter).toMatchObject({ kind: 'state', name });
    }
    for (const f of Object.values(STATE_FACTS))
      expect(resolveTopic(f.ssFilter)).toMatchObject({ name: f.name });
  });

  it('resolves the spellings the issue names: TIME-WAIT, SYN_RCVD, LISTENING, the /proc hex', () => {
    expect(resolveTopic('TIME-WAIT')).toMatchObject({ name: 'TIME_WAIT' });
    expect(resolveTopic('time_wait')).toMatchObject({ name: 'TIME_WAIT' });
    expect(resolveTopic('SYN_RCVD')).toMatchObject({ name: 'SYN_RECV' });
    expect(resolveTopic('LISTENING')).toMatchObject({ name: 'LISTEN' });
    expect(resolveTopic('ESTAB')).toMatchObject({ name: 'ESTABLISHED' });
    expect(resolveTopic('0A')).toMatchObject({ name: 'LISTEN' });
    expect(resolveTopic(' fin_wait_2 ')).toMatchObject({ name: 'FIN_WAIT2' });
  });

  it('resolves any casing of any spelling (property)', () => {
    const spellings = STATES.flatMap((s) => spellingsOf(s.code).map((sp) => [sp, s.name] as const));
    fc.assert(
      fc.property(
        fc.constantFrom(...spellings),
        fc.array(fc.boolean(), { maxLength: 20 }),
        ([sp, name], flips) => {
          const mixed = [...sp].map((ch, i) => (flips[i] ? ch.toLowerCase() : ch.toUpperCase())).join('');
          expect(resolveTopic(mixed)).toMatchObject({ kind: 'state', name });
        },
      ),
    );
  });
});

describe('resolveTopic: sysctls', () => {
  it('resolves short name, dotted name, slash path and /proc/sys path, in any case', () => {
    for (const key of SYSCTL_KEYS) {
      const full = SYSCTL_FACTS[key].name;
      const slashes = full.replace(/\./g, '/');
      for (const raw of [key, full, slashes, `/proc/sys/${slashes}`, full.toUpperCase(), key.toUpperCase()]) {
        expect(resolveTopic(raw), raw).toEqual({ kind: 'sysctl', key, name: full });
      }
    }
  });

  it('accepts the examples of the issue and a line copied from sysctl.conf', () => {
    expect(resolveSysctl('tcp_tw_reuse')).toBe('tcp_tw_reuse');
    expect(resolveSysctl('net.ipv4.tcp_tw_reuse')).toBe('tcp_tw_reuse');
    expect(resolveSysctl('net/ipv4/tcp_tw_reuse')).toBe('tcp_tw_reuse');
    expect(resolveSysctl('net.ipv4.tcp_fin_timeout')).toBe('tcp_fin_timeout');
    expect(resolveSysctl('net.core.somaxconn')).toBe('somaxconn');
    expect(resolveSysctl('net.ipv4.tcp_tw_reuse = 1')).toBe('tcp_tw_reuse');
    expect(normaliseSysctlName('/proc/sys/net/ipv4/tcp_mem')).toBe('net.ipv4.tcp_mem');
  });

  it('does not resolve a short name under the wrong prefix, nor unknown names', () => {
    expect(resolveSysctl('net.ipv6.tcp_tw_reuse')).toBeUndefined();
    expect(resolveSysctl('net.core.tcp_tw_reuse')).toBeUndefined();
    expect(resolveTopic('nonsense')).toBeUndefined();
    expect(resolveTopic('')).toBeUndefined();
  });
});

describe('closeMatches', () => {
  it('suggests the state meant by a typo', () => {
    expect(closeMatches('time_wiat', editDistance)).toEqual({ names: ['TIME_WAIT'], near: true });
    expect(closeMatches('listne', editDistance).names[0]).toBe('LISTEN');
    expect(closeMatches('estabished', editDistance).names[0]).toBe('ESTABLISHED');
  });

  it('suggests the sysctl meant by a typo or a fragment', () => {
    expect(closeMatches('tcp_tw_reus', editDistance).names[0]).toBe('net.ipv4.tcp_tw_reuse');
    expect(closeMatches('net.ipv4.tcp_fin_timout', editDistance).names[0]).toBe('net.ipv4.tcp_fin_timeout');
    expect(closeMatches('keepalive', editDistance)).toEqual({
      names: ['net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_keepalive_time'],
      near: true,
    });
    expect(closeMatches('tw_recycle', editDistance).names[0]).toBe('net.ipv4.tcp_tw_recycle');
  });

  it('lists every state a fragment matches, up to five', () => {
    const { names, near } = closeMatches('wait', editDistance);
    expect(near).toBe(true);
    expect(names).toEqual(expect.arrayContaining(['TIME_WAIT', 'CLOSE_WAIT', 'FIN_WAIT1', 'FIN_WAIT2']));
  });

  it('still offers the three least far names when nothing is near', () => {
    const m = closeMatches('nonsense', editDistance);
    expect(m.near).toBe(false);
    expect(m.names).toHaveLength(3);
  });
});
