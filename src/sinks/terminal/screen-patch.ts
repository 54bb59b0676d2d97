import { cursorTo, eraseDown, eraseLine } from 'ansi-escapes';

/**
 * What to write to turn a full-screen view showing `prev` into one showing `next`: only the
 * lines that changed, each addressed by its row (so nothing scrolls), then the rows below the new
 * last line cleared when the view got shorter. Empty when nothing changed. Lines must already fit
 * the terminal's width and height (renderWatchView makes sure of it). An empty `prev` (the first
 * frame, or after a resize cleared the screen) draws every line.
 */
export function screenPatch(prev: readonly string[], next: readonly string[]): string {
  let out = '';
  for (const [y, line] of next.entries()) {
    if (line === prev[y]) continue;
    // erase first, then write: a line that fills the last column never meets an erase behind it
    out += cursorTo(0, y) + eraseLine + line;
  }
  if (next.length < prev.length) out += cursorTo(0, next.length) + eraseDown;
  return out;
}
