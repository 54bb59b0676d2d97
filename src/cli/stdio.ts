import { fstatSync, writeSync } from 'node:fs';

/**
 * Standard output and the terminal test without Node's stdio streams. Creating `process.stdout`
 * (or loading `node:tty`) loads Node's stream modules: ~4 ms of a one-shot census that takes
 * ~80 ms in all (docs/benchmarks.md). A command's output is written with write(2) on descriptor 1
 * instead, whole, in order; the stream is created only when a descriptor will not block
 * (EAGAIN), and then used for the rest of the process so that nothing is reordered.
 */
export function writeStdout(text: string): void {
  if (stream) {
    process.stdout.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(0); // `tcpdoctor | head`: the reader has what it wanted
    if (code !== 'EAGAIN') throw err;
    stream = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
    process.stdout.write(bytes.subarray(done));
  }
}

/**
 * Whether a descriptor is a terminal. Pipes and files (the usual non-terminal case) are told
 * apart by fstat alone; only a character device (a terminal, or /dev/null) asks `node:tty`.
 */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // closed
  }
  // process.getBuiltinModule (Node >= 20.16) loads node:tty only now; older Node asks the stream
  const tty = process.getBuiltinModule?.('node:tty');
  if (tty) return tty.isatty(fd);
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

let stream = false;
