import { render } from 'ink';
import { createElement } from 'react';
import { WatchApp, type WatchControl } from '../../sinks/terminal/watch-app.js';
import { EXIT } from '../cli-error.js';
import type { WatchController } from './watch.js';

// The alternate screen, as every full-screen terminal program uses it (xterm private mode
// 1049): the user's scrollback comes back untouched on exit. Cursor shown again on the way out.
const ENTER_ALT = '\u001b[?1049h\u001b[H';
const LEAVE_ALT = '\u001b[?1049l\u001b[?25h';

/** The full-screen view on a terminal; restores the terminal on q, Ctrl-C, SIGTERM and crashes. */
export async function runScreen(
  controller: WatchController,
  o: { lang: 'en' | 'zh'; colour: boolean; count: number },
): Promise<number> {
  process.stdout.write(ENTER_ALT);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    controller.quit();
    process.stdout.write(LEAVE_ALT);
  };
  const control: WatchControl = controller;
  const app = render(createElement(WatchApp, { control, lang: o.lang, colour: o.colour }), {
    exitOnCtrlC: true,
    patchConsole: false,
  });
  const crash = (err: unknown) => {
    app.unmount();
    restore();
    process.stderr.write(`tcpdoctor: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(EXIT.INTERNAL);
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  process.once('SIGTERM', () => app.unmount());
  process.once('SIGHUP', () => app.unmount());
  let frames = 0;
  controller.subscribe(() => {
    frames++;
    if (frames > o.count) app.unmount();
  });
  controller.run();
  try {
    await app.waitUntilExit();
  } finally {
    restore();
  }
  return EXIT.OK;
}
