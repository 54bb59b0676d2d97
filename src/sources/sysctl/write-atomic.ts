import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { SourceError } from '../source-error.js';

/**
 * Replace `path` with `text` or leave it as it was: a temp file in the same directory (a dot
 * name ending in .tmp, which neither systemd-sysctl nor a backup listing reads), fsync, rename
 * over the target, fsync the directory. Permission problems are SourceError('EACCES') (exit 4);
 * the temp file never stays behind.
 */
export function writeAtomic(path: string, text: string, mode: number): void {
  const dir = dirname(path);
  const tmp = `${dir}/.${basename(path)}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new SourceError('EACCES', `permission denied writing ${path}; run as root`);
    }
    if (code === 'ENOENT') throw new SourceError('EINPUT', `cannot write ${path}: ${dir} does not exist`);
    throw new SourceError('ELIVE', `writing ${path} failed: ${code ?? String(err)}`);
  }
  try {
    const dfd = openSync(dir, 'r');
    fsyncSync(dfd);
    closeSync(dfd);
  } catch {
    // the rename is done; a directory fsync is best effort
  }
}
