/**
 * Numbers, times and host strings as the dashboard prints them. Pure and browser-safe (no DOM, no
 * Node): the page imports this file as is, the unit tests import it from src.
 */
export type Lang = 'en' | 'zh';

const LOCALES: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };

/** `27012` → `27,012`. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(n);
}

/** A ratio as a percentage: one decimal below 10 %, whole numbers above (`0.956` → `96 %`). */
export function formatPercent(ratio: number, lang: Lang): string {
  const pct = ratio * 100;
  const digits = pct > 0 && pct < 10 ? 1 : 0;
  const text = new Intl.NumberFormat(LOCALES[lang], {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  }).format(pct);
  return lang === 'zh' ? `${text}%` : `${text} %`;
}

/** A change with its sign always shown: `+12`, `−3` (a true minus sign), `±0`. */
export function formatChange(delta: number, lang: Lang): string {
  if (delta === 0) return '±0';
  const abs = formatCount(Math.abs(delta), lang);
  return delta > 0 ? `+${abs}` : `\u2212${abs}`;
}

/** A duration for people: `45 s`, `3 min`, `2 h 5 min` (`45 秒`, `3 分钟`, `2 小时 5 分钟`). */
export function formatDuration(ms: number, lang: Lang): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const u =
    lang === 'zh' ? { s: '秒', m: '分钟', h: '小时', sep: ' ' } : { s: 's', m: 'min', h: 'h', sep: ' ' };
  if (s < 90) return `${s}${u.sep}${u.s}`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m}${u.sep}${u.m}`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest === 0 ? `${h}${u.sep}${u.h}` : `${h}${u.sep}${u.h} ${rest}${u.sep}${u.m}`;
}

/** Wall-clock time of day, 24 h, in the browser's time zone: `21:50:19` (`21:50` without seconds). */
export function formatClock(ms: number, lang: Lang, seconds = true): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hour12: false,
  }).format(new Date(ms));
}

/**
 * A string from the host (a process name, a path, an address) made safe to look at. The page
 * never parses host strings as HTML (it only sets textContent), so markup is already inert; what
 * remains dangerous is what text itself can do: control characters, and the invisible bidirectional
 * and zero-width characters that make `evil\u202Egnp.exe` read as `evilexe.png`. Those become
 * visible escapes like `\u202E`. Overlong strings are cut with an ellipsis.
 */
export function visible(raw: string, max = 200): string {
  const out = raw.replace(INVISIBLE, (c) => escapeCodePoint(c));
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** `closeWait` → `close wait`, `maxNewConnectionsPerSecondPerTuple` → `max new connections per second per tuple`. */
export function humanizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
}

// --- internal ---

/** C0 and C1 controls, DEL, the bidirectional marks, overrides and isolates, zero-width characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escapeCodePoint(c: string): string {
  return `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
