import { describe, expect, it } from 'vitest';
import { decodeProcAddress, formatIPv6 } from './endpoint.js';

describe('addresses', () => {
  it('decodes host-endian /proc words (tcp-facts.md §4)', () => {
    expect(decodeProcAddress('0100007F', true)).toBe('127.0.0.1');
    expect(decodeProcAddress('0A01A8C0', true)).toBe('192.168.1.10');
    expect(decodeProcAddress('7F000001', false)).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000', true)).toBe('::1');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F', true)).toBe('::ffff:127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000000000000', true)).toBe('::');
    expect(decodeProcAddress('B80D0120000000000000000001000000', true)).toBe('2001:db8::1');
    expect(decodeProcAddress('XYZ00000', true)).toBeUndefined();
  });

  it('prints RFC 5952 text', () => {
    const b = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    expect(formatIPv6(b('20010db8000000010000000000000001'))).toBe('2001:db8:0:1::1');
    expect(formatIPv6(b('20010db8000100010001000100010001'))).toBe('2001:db8:1:1:1:1:1:1');
    expect(formatIPv6(b('fe800000000000000000000000000000'))).toBe('fe80::');
  });
});
