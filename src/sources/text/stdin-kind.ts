import { fstatSync } from 'node:fs';

/** What standard input is: only a pipe or a file is read without `--input -` (conventions.md). */
export function stdinKind(): 'fifo' | 'file' | 'tty-or-device' | 'socket' | 'closed' {
  try {
    const st = fstatSync(0);
    if (st.isFIFO()) return 'fifo';
    if (st.isFile()) return 'file';
    if (st.isSocket()) return 'socket';
    return 'tty-or-device';
  } catch {
    return 'closed';
  }
}
