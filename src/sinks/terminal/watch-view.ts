import type { WatchFrame } from '../../core/watch/watch-frame.js';
import { displayWidth, padEndW, padStartW, thousands } from './format.js';
import { WATCH_TEXT, type WatchLang } from './watch-text.js';

/** What the full-screen view shows besides the frame: the user's state and the terminal size. */
export interface WatchViewState {
  frame: WatchFrame | undefined;
  paused: boolean;
  help: boolean;
  /** The filter being typed after `/`, or undefined when no prompt is open. */
  typing: string | undefined;
  columns: number;
  rows: number;
}

export interface WatchViewOptions {
  lang: WatchLang;
  colour: boolean;
  /** Where the numbers come from (host, kernel, source), one line. */
  header: string;
  intervalText: string;
  sort: string;
  /** How many frames pass between two reads of the socket list. */
  socketListEvery: number;
}

/**
 * The full-screen view as terminal lines: states with change and trend, top groups, counter
 * rates, findings, and the key line. Every line fits `columns` (cut with `…`) and there are never
 * more than `rows` lines, so drawing them never wraps or scrolls the terminal.
 */
export function renderWatchView(state: WatchViewState, o: WatchViewOptions): string[] {
  const t = WATCH_TEXT[o.lang];
  const frame = state.frame;
  const width = Math.max(40, state.columns);
  const head: Line[] = [
    [
      seg('tcpdoctor watch', 'bold'),
      // what the user changed comes first, so a narrow terminal never cuts it away
      state.paused ? seg(`  ${t.paused}`, 'yellow', 'bold') : none,
      frame?.filter ? seg(`  ${t.filter}: ${frame.filter}`, 'cyan') : none,
      seg(` · ${t.every} ${o.intervalText} · ${o.header}`),
    ],
  ];
  if (state.help) return finish([...head, [], ...t.help.map((l) => [seg(l)])], state, o.colour);
  if (!frame) return finish([...head, [seg('…')]], state, o.colour);

  const spark = Math.max(8, Math.min(40, width - 46));
  const top: Line[] = [
    ...head,
    [],
    [
      seg(
        `${padEndW(t.state, 12)}${padStartW(t.sockets, 11)}${padStartW(t.perSecond, 11)}  ${t.trend}`,
        'bold',
      ),
    ],
  ];
  for (const s of frame.states) {
    const zero = s.count === 0 && s.perSecond === 0;
    top.push([
      seg(
        `${s.name.padEnd(12)}${thousands(s.count).padStart(11)}${signed(s.perSecond).padStart(11)}  `,
        zero ? 'dim' : undefined,
      ),
      seg(s.spark.slice(-spark), s.perSecond > 0 ? 'yellow' : s.perSecond < 0 ? 'green' : 'gray'),
    ]);
  }
  top.push([
    seg(
      `${padEndW(t.total, 12)}${thousands(frame.total).padStart(11)}${signed(frame.totalPerSecond).padStart(11)}`,
      'bold',
    ),
  ]);

  const rates = frame.rates
    .map((r) => `${r.key.replace(/^(Tcp|TcpExt)\./, '')} ${r.perSecond.toFixed(1)}`)
    .join(' · ');
  const bottom: Line[] = [
    [],
    [seg(`${t.counters}: `, 'bold'), seg(rates || '-')],
    [seg(`${t.findings}: `, 'bold'), seg(frame.findings.length === 0 ? t.noFindings : '')],
  ];
  for (const f of frame.findings.slice(0, 3)) {
    bottom.push([
      seg(`${f.severity.toUpperCase()} `, f.severity === 'critical' ? 'red' : 'yellow', 'bold'),
      seg(`[${f.id}] ${f.summary}`),
    ]);
  }
  bottom.push([]);
  bottom.push(
    state.typing !== undefined ? [seg(`${t.filterPrompt} ${state.typing}█`, 'cyan')] : [seg(t.keys, 'dim')],
  );

  const middle: Line[] = [];
  if (frame.groups) {
    const title = `${t.groups[frame.groups.key]} (${t.sort}: ${t.sorts[o.sort as keyof typeof t.sorts]})`;
    const labelWidth = Math.min(48, Math.max(12, ...frame.groups.rows.map((r) => r.label.length)));
    middle.push([], [seg(title, 'bold')]);
    middle.push([
      seg(
        `${padEndW(t.group, labelWidth)}  ${padStartW(t.sockets, 9)}  ${padStartW(t.change, 7)}  ${t.states}`,
        'dim',
      ),
    ]);
    const every =
      o.socketListEvery > 1
        ? [seg(t.socketsEvery.replace('{n}', String(o.socketListEvery)), 'dim')]
        : undefined;
    // the group rows get what the screen has left, at least one
    const room = Math.max(1, state.rows - top.length - bottom.length - middle.length - (every ? 1 : 0));
    for (const r of frame.groups.rows.slice(0, room)) {
      middle.push([
        seg(
          `${r.label.slice(0, labelWidth).padEnd(labelWidth)}  ${thousands(r.total).padStart(9)}  ${signed(r.change).padStart(7)}  ${r.mix}`,
        ),
      ]);
    }
    if (every) middle.push(every);
  }
  return finish([...top, ...middle, ...bottom], state, o.colour);
}

// --- internal ---

/** SGR parameters (ECMA-48 §8.3.117) of the few styles the view uses; 0 resets them all. */
const SGR = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, cyan: 36, gray: 90 } as const;
type StyleName = keyof typeof SGR;

interface Seg {
  text: string;
  styles: StyleName[];
}
type Line = Seg[];

const none: Seg = { text: '', styles: [] };

function seg(text: string, ...styles: Array<StyleName | undefined>): Seg {
  return { text, styles: styles.filter((s): s is StyleName => s !== undefined) };
}

/** Lines cut to the terminal: at most `rows` of them, each at most `columns` wide. */
function finish(lines: Line[], state: WatchViewState, colour: boolean): string[] {
  const columns = Math.max(1, state.columns);
  return lines.slice(0, Math.max(1, state.rows)).map((l) => paint(cut(l, columns), colour));
}

/** The segments that fit in `columns`, the last one ending in `…` when something was cut. */
function cut(line: Line, columns: number): Line {
  const total = line.reduce((n, s) => n + displayWidth(s.text), 0);
  if (total <= columns) return line;
  let room = columns - 1; // for the ellipsis
  const out: Line = [];
  for (const s of line) {
    const w = displayWidth(s.text);
    if (w <= room) {
      out.push(s);
      room -= w;
      continue;
    }
    let text = '';
    for (const ch of s.text) {
      const cw = displayWidth(ch);
      if (cw > room) break;
      text += ch;
      room -= cw;
    }
    out.push({ text: `${text}…`, styles: s.styles });
    return out;
  }
  return out;
}

function paint(line: Line, colour: boolean): string {
  let out = '';
  for (const s of line) {
    if (!colour || s.styles.length === 0 || s.text === '') out += s.text;
    else out += `\u001b[${s.styles.map((n) => SGR[n]).join(';')}m${s.text}\u001b[0m`;
  }
  return out.trimEnd();
}

function signed(n: number): string {
  if (Math.abs(n) < 0.05) return '0';
  const v = Math.abs(n) >= 100 ? thousands(Math.abs(n)) : Math.abs(n).toFixed(1);
  return `${n > 0 ? '+' : '-'}${v}`;
}
