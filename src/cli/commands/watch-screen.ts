import { emitKeypressEvents, type Key } from 'node:readline';
import {
  beginSynchronizedOutput,
  clearViewport,
  cursorHide,
  cursorShow,
  endSynchronizedOutput,
  enterAlternativeScreen,
  exitAlternativeScreen,
} from 'ansi-escapes';
import type { WatchFrame } from '../../core/watch/watch-frame.js';
import { screenPatch } from '../../sinks/terminal/screen-patch.js';
import { renderWatchView, type WatchViewState } from '../../sinks/terminal/watch-view.js';
import { EXIT } from '../cli-error.js';

/** What the screen can ask of the controller that feeds it frames. */
export interface WatchControl {
  subscribe(listener: (frame: WatchFrame) => void): () => void;
  cycleGrouping(): void;
  cycleSort(): void;
  togglePause(): boolean;
  setFilter(text: string): void;
  /** Start the timed frames (after the first one, which subscribe hands over at once). */
  run(): void;
  quit(): void;
  readonly header: string;
  readonly intervalText: string;
  readonly sort: string;
  readonly socketListEvery: number;
}

/**
 * The full-screen view on a terminal, in the alternate screen (the user's scrollback comes back
 * untouched). Each frame rewrites only the lines that changed (screenPatch); keys come through
 * Node's readline keypress parser in raw mode. The terminal is restored on q, Ctrl-C, SIGINT,
 * SIGTERM, SIGHUP and crashes. `count` frames are drawn, then it stops.
 */
export async function runScreen(
  control: WatchControl,
  o: { lang: 'en' | 'zh'; colour: boolean; count: number },
): Promise<number> {
  const out = process.stdout;
  const stdin = process.stdin;
  const state: WatchViewState = {
    frame: undefined,
    paused: false,
    help: false,
    typing: undefined,
    columns: out.columns || 80,
    rows: out.rows || 24,
  };
  let shown: string[] = [];
  let closed = false;
  let unsubscribe = () => {};

  const draw = () => {
    if (closed) return;
    const lines = renderWatchView(state, {
      lang: o.lang,
      colour: o.colour,
      header: control.header,
      intervalText: control.intervalText,
      sort: control.sort,
      socketListEvery: control.socketListEvery,
    });
    const patch = screenPatch(shown, lines);
    shown = lines;
    // one write per frame, marked as one update for terminals that hold the display until its end
    if (patch) out.write(beginSynchronizedOutput + patch + endSynchronizedOutput);
  };

  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const raw = stdin.isTTY === true;
  const onResize = () => {
    state.columns = out.columns || 80;
    state.rows = out.rows || 24;
    // the terminal may have reflowed what was there: start from a blank screen
    shown = [];
    out.write(clearViewport);
    draw();
  };
  const onKey = (str: string | undefined, key: Key | undefined) => {
    // raw mode turns Ctrl-C into a key rather than SIGINT
    if (key?.ctrl && key.name === 'c') return close();
    if (key?.name === 'return' || key?.name === 'enter') onChar('\r');
    else if (key?.name === 'escape') onChar('\u001b');
    else if (key?.name === 'backspace' || key?.name === 'delete') onChar('\u007f');
    else if (str && !key?.ctrl && !key?.meta) for (const ch of str) onChar(ch);
    draw();
  };
  const onChar = (ch: string) => {
    if (state.typing !== undefined) {
      if (ch === '\r' || ch === '\n') {
        control.setFilter(state.typing);
        state.typing = undefined;
      } else if (ch === '\u001b') state.typing = undefined;
      else if (ch === '\u007f' || ch === '\b') state.typing = state.typing.slice(0, -1);
      else if (ch >= ' ') state.typing += ch;
      return;
    }
    if (state.help) {
      state.help = false;
      return;
    }
    if (ch === 'q') close();
    else if (ch === 'g') control.cycleGrouping();
    else if (ch === 's') control.cycleSort();
    else if (ch === 'p') state.paused = control.togglePause();
    else if (ch === '/') state.typing = '';
    else if (ch === '?') state.help = true;
  };
  const onSignal = () => close();
  const crash = (err: unknown) => {
    close();
    process.stderr.write(`tcpdoctor: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EXIT.INTERNAL);
  };

  /** Stop the frames and give the terminal back as it was; safe to call more than once. */
  function close(): void {
    if (closed) return;
    closed = true;
    control.quit();
    unsubscribe();
    out.off('resize', onResize);
    stdin.off('keypress', onKey);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
    out.write(cursorShow + exitAlternativeScreen);
    done();
  }

  out.write(enterAlternativeScreen + cursorHide + clearViewport);
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, onSignal);
  out.on('resize', onResize);
  emitKeypressEvents(stdin);
  if (raw) stdin.setRawMode(true);
  stdin.on('keypress', onKey);
  stdin.resume();

  let frames = 0;
  unsubscribe = control.subscribe((frame) => {
    frames++;
    if (frames > o.count) return close();
    state.frame = frame;
    draw();
  });
  if (!closed) control.run();
  await finished;
  process.off('uncaughtException', crash);
  process.off('unhandledRejection', crash);
  return EXIT.OK;
}
