/**
 * Addresses as the kernel prints them, decoded to text. Pure: byte order is passed in.
 */

export type Family = 4 | 6;

/**
 * Decode one /proc/net/tcp address word group (`0100007F`, or 32 hex digits for IPv6) into text.
 * The kernel prints each network-order 32-bit word with `%08X` as a host integer, so on a
 * little-endian host the bytes of each word come out reversed (tcp-facts.md §4, ss.c
 * `proc_parse_inet_addr`). Returns undefined when the token is not 8 or 32 hex digits.
 */
export function decodeProcAddress(hex: string, littleEndian: boolean): string | undefined {
  if (hex.length !== 8 && hex.length !== 32) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let w = 0; w < hex.length / 8; w++) {
    const digits = hex.slice(w * 8, w * 8 + 8);
    if (!/^[0-9A-Fa-f]{8}$/.test(digits)) return undefined;
    const word = Number.parseInt(digits, 16);
    for (let b = 0; b < 4; b++) {
      const shift = littleEndian ? 8 * b : 8 * (3 - b);
      bytes[w * 4 + b] = (word >>> shift) & 0xff;
    }
  }
  return bytes.length === 4 ? formatIPv4(bytes, 0) : formatIPv6(bytes);
}

export function formatIPv4(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/**
 * RFC 5952 text for 16 bytes: lower case, the longest run (≥ 2) of zero groups as `::`, and the
 * IPv4-mapped form `::ffff:a.b.c.d` as ss and inet_ntop print it.
 */
export function formatIPv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIPv4(bytes, 12)}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. */
export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** `addr:port` for IPv4, `[addr]:port` for IPv6, as ss prints an endpoint. */
export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
