/** Terminal formatting helpers: pure string functions. */

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
}

const ESC = '\u001b[';

export const PLAIN: Style = { bold: (s) => s, dim: (s) => s, warn: (s) => s };
export const COLOUR: Style = {
  bold: (s) => `${ESC}1m${s}${ESC}22m`,
  dim: (s) => `${ESC}2m${s}${ESC}22m`,
  warn: (s) => `${ESC}33m${s}${ESC}39m`,
};

/** 27012 → `27,012` (core/text/thousands.ts). */
export { thousands } from '../../core/text/thousands.js';

export function percent(part: number, whole: number): string {
  if (whole === 0) return '-';
  return `${((100 * part) / whole).toFixed(1)} %`;
}

export type Align = 'left' | 'right';

/**
 * Aligned columns. `style` applies to whole cells after padding so escape codes never disturb the
 * widths.
 */
export function renderTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  align: readonly Align[],
  decorate?: (row: number, col: number, padded: string) => string,
): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const pad = (s: string, c: number) =>
    align[c] === 'right' ? s.padStart(widths[c] ?? 0) : s.padEnd(widths[c] ?? 0);
  const lines: string[] = [];
  const all = [header, ...rows];
  all.forEach((r, i) => {
    const cells = r.map((cell, c) => {
      const padded = pad(cell, c);
      return decorate ? decorate(i - 1, c, padded) : padded;
    });
    lines.push(cells.join('  ').trimEnd());
  });
  return lines;
}

/**
 * Columns a string takes on a terminal: East Asian wide and fullwidth characters (CJK, Hangul,
 * fullwidth forms) take two, everything else one. Enough for tcpdoctor's own labels.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

export function padEndW(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStartW(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

// --- internal ---

/** East Asian Wide and Fullwidth ranges (Unicode UAX #11) that tcpdoctor's texts use. */
function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0x303e) ||
    (c >= 0x3041 && c <= 0x33ff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xa000 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
