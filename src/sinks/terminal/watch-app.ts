import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { createElement as h, type ReactElement, useEffect, useRef, useState } from 'react';
import type { WatchFrame } from '../../core/watch/watch-frame.js';
import { padEndW, padStartW, thousands } from './format.js';
import { WATCH_TEXT, type WatchLang } from './watch-text.js';

/** What the screen can ask of the controller that feeds it frames. */
export interface WatchControl {
  subscribe(listener: (frame: WatchFrame) => void): () => void;
  cycleGrouping(): void;
  cycleSort(): void;
  togglePause(): boolean;
  setFilter(text: string): void;
  quit(): void;
  readonly header: string;
  readonly intervalText: string;
  readonly sort: string;
  readonly socketListEvery: number;
}

interface Props {
  control: WatchControl;
  lang: WatchLang;
  colour: boolean;
}

/** The full-screen view: states with change and trend, top groups, counter rates, findings. */
export function WatchApp({ control, lang, colour }: Props): ReactElement {
  const t = WATCH_TEXT[lang];
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [frame, setFrame] = useState<WatchFrame | undefined>(undefined);
  const [paused, setPaused] = useState(false);
  const [help, setHelp] = useState(false);
  const [typing, setTyping] = useState<string | undefined>(undefined);
  const [size, setSize] = useState({ columns: stdout.columns || 80, rows: stdout.rows || 24 });

  useEffect(() => control.subscribe(setFrame), [control]);
  useEffect(() => {
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);

  // Keys typed fast (or sent by a script) arrive as one chunk: handle it character by character.
  const typed = useRef<string | undefined>(undefined);
  const onChar = (ch: string) => {
    if (typed.current !== undefined) {
      if (ch === '\r' || ch === '\n') {
        control.setFilter(typed.current);
        typed.current = undefined;
      } else if (ch === '\u001b') typed.current = undefined;
      else if (ch === '\u007f' || ch === '\b') typed.current = typed.current.slice(0, -1);
      else if (ch >= ' ') typed.current += ch;
      return;
    }
    if (help) {
      setHelp(false);
      return;
    }
    if (ch === 'q') {
      control.quit();
      exit();
    } else if (ch === 'g') control.cycleGrouping();
    else if (ch === 's') control.cycleSort();
    else if (ch === 'p') setPaused(control.togglePause());
    else if (ch === '/') typed.current = '';
    else if (ch === '?') setHelp(true);
  };
  useInput((input, key) => {
    if (key.return) onChar('\r');
    else if (key.escape) onChar('\u001b');
    else if (key.backspace || key.delete) onChar('\u007f');
    else if (!key.ctrl && !key.meta) for (const ch of input) onChar(ch);
    setTyping(typed.current);
  });

  const c = (color: string) => (colour ? color : undefined);
  const width = Math.max(40, size.columns);
  const lines: ReactElement[] = [];
  const line = (key: string, ...children: Array<ReactElement | string>) =>
    lines.push(h(Text, { key, wrap: 'truncate-end' }, ...children));

  line(
    'head',
    h(Text, { bold: true }, 'tcpdoctor watch'),
    // what the user changed comes first, so a narrow terminal never truncates it away
    paused ? h(Text, { color: c('yellow'), bold: true }, `  ${t.paused}`) : '',
    frame?.filter ? h(Text, { color: c('cyan') }, `  ${t.filter}: ${frame.filter}`) : '',
    ` · ${t.every} ${control.intervalText} · ${control.header}`,
  );
  if (help) {
    line('blank-h', ' ');
    t.help.forEach((l, i) => {
      line(`help${i}`, l);
    });
    return h(Box, { flexDirection: 'column', width }, ...lines);
  }
  if (!frame) {
    line('wait', '…');
    return h(Box, { flexDirection: 'column', width }, ...lines);
  }
  const spark = Math.max(8, Math.min(40, width - 46));
  line('blank1', ' ');
  line(
    'sh',
    h(
      Text,
      { bold: true },
      `${padEndW(t.state, 12)}${padStartW(t.sockets, 11)}${padStartW(t.perSecond, 11)}  ${t.trend}`,
    ),
  );
  for (const s of frame.states) {
    const zero = s.count === 0 && s.perSecond === 0;
    line(
      `s-${s.name}`,
      h(
        Text,
        { dimColor: zero },
        `${s.name.padEnd(12)}${thousands(s.count).padStart(11)}${signed(s.perSecond).padStart(11)}  `,
      ),
      h(
        Text,
        { color: c(s.perSecond > 0 ? 'yellow' : s.perSecond < 0 ? 'green' : 'gray') },
        s.spark.slice(-spark),
      ),
    );
  }
  line(
    'total',
    h(
      Text,
      { bold: true },
      `${padEndW(t.total, 12)}${thousands(frame.total).padStart(11)}${signed(frame.totalPerSecond).padStart(11)}`,
    ),
  );
  if (frame.groups) {
    line('blank2', ' ');
    const title = `${t.groups[frame.groups.key]} (${t.sort}: ${t.sorts[control.sort as keyof typeof t.sorts]})`;
    line('gt', h(Text, { bold: true }, title));
    const labelWidth = Math.min(48, Math.max(12, ...frame.groups.rows.map((r) => r.label.length)));
    line(
      'gh',
      h(
        Text,
        { dimColor: true },
        `${padEndW(t.group, labelWidth)}  ${padStartW(t.sockets, 9)}  ${padStartW(t.change, 7)}  ${t.states}`,
      ),
    );
    const room = Math.max(1, size.rows - frame.states.length - 14 - Math.min(3, frame.findings.length));
    for (const [i, r] of frame.groups.rows.slice(0, room).entries()) {
      line(
        `g${i}`,
        `${r.label.slice(0, labelWidth).padEnd(labelWidth)}  ${thousands(r.total).padStart(9)}  ${signed(r.change).padStart(7)}  ${r.mix}`,
      );
    }
    if (control.socketListEvery > 1) {
      line(
        'every',
        h(Text, { dimColor: true }, t.socketsEvery.replace('{n}', String(control.socketListEvery))),
      );
    }
  }
  line('blank3', ' ');
  const rates = frame.rates
    .map((r) => `${r.key.replace(/^(Tcp|TcpExt)\./, '')} ${r.perSecond.toFixed(1)}`)
    .join(' · ');
  line('rates', h(Text, { bold: true }, `${t.counters}: `), rates || '-');
  line(
    'findings-h',
    h(Text, { bold: true }, `${t.findings}: `),
    frame.findings.length === 0 ? t.noFindings : '',
  );
  for (const [i, f] of frame.findings.slice(0, 3).entries()) {
    line(
      `f${i}`,
      h(
        Text,
        { color: c(f.severity === 'critical' ? 'red' : 'yellow'), bold: true },
        `${f.severity.toUpperCase()} `,
      ),
      `[${f.id}] ${f.summary}`,
    );
  }
  line('blank4', ' ');
  if (typing !== undefined) line('prompt', h(Text, { color: c('cyan') }, `${t.filterPrompt} ${typing}█`));
  else line('keys', h(Text, { dimColor: true }, t.keys));
  return h(Box, { flexDirection: 'column', width }, ...lines);
}

// --- internal ---

function signed(n: number): string {
  if (Math.abs(n) < 0.05) return '0';
  const v = Math.abs(n) >= 100 ? thousands(Math.abs(n)) : Math.abs(n).toFixed(1);
  return `${n > 0 ? '+' : '-'}${v}`;
}
