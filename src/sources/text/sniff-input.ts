/**
 * What the first bytes of an input are: gzip (read through), UTF-16 (PowerShell's `>` writes
 * UTF-16LE with a BOM), UTF-8 with a BOM, plain text, or something tcpdoctor cannot read (another
 * compressor, a packet capture, a binary) — with the one-line reason.
 */
export type Sniffed =
  | { kind: 'gzip' }
  | { kind: 'utf16le'; bom: number }
  | { kind: 'utf16be'; bom: number }
  | { kind: 'text'; bom: number }
  | { kind: 'unreadable'; reason: string };

/** Looks at up to the first 8 KiB of `head` (all of it when the input is shorter). */
export function sniffInput(head: Uint8Array): Sniffed {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x1f && b(1) === 0x8b) return { kind: 'gzip' };
  if (b(0) === 0xff && b(1) === 0xfe) return { kind: 'utf16le', bom: 2 };
  if (b(0) === 0xfe && b(1) === 0xff) return { kind: 'utf16be', bom: 2 };
  if (b(0) === 0xef && b(1) === 0xbb && b(2) === 0xbf) return { kind: 'text', bom: 3 };
  for (const [magic, what] of MAGIC) {
    if (magic.every((m, i) => b(i) === m)) return { kind: 'unreadable', reason: what };
  }
  const n = Math.min(head.length, 8192);
  // UTF-16LE without a BOM: ASCII text with a NUL after every byte
  if (n >= 8 && looksUtf16le(head, n)) return { kind: 'utf16le', bom: 0 };
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i] as number;
    if (c === 0) return { kind: 'unreadable', reason: BINARY };
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) control++;
  }
  if (control > n / 10) return { kind: 'unreadable', reason: BINARY };
  return { kind: 'text', bom: 0 };
}

// --- internal ---

const BINARY = 'a binary file, not the text output of netstat, ss or /proc/net/tcp';

const MAGIC: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x42, 0x5a, 0x68], 'bzip2-compressed: decompress it first (bzcat FILE | tcpdoctor)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed: decompress it first (xzcat FILE | tcpdoctor)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed: decompress it first (zstdcat FILE | tcpdoctor)'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive: extract the capture first (unzip -p FILE | tcpdoctor)'],
  [[0xd4, 0xc3, 0xb2, 0xa1], 'a packet capture (pcap), not a socket table'],
  [[0xa1, 0xb2, 0xc3, 0xd4], 'a packet capture (pcap), not a socket table'],
  [[0x0a, 0x0d, 0x0d, 0x0a], 'a packet capture (pcapng), not a socket table'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF), not a socket table'],
];

function looksUtf16le(head: Uint8Array, n: number): boolean {
  let pairs = 0;
  for (let i = 0; i + 1 < n && pairs < 64; i += 2, pairs++) {
    const lo = head[i] as number;
    const hi = head[i + 1] as number;
    if (hi !== 0 || lo === 0) return false;
  }
  return pairs >= 4;
}
