/**
 * Persist a drop-in atomically (write-atomic.ts), never replacing a file tcpdoctor did not write
 * unless forced.
 */
import { readFileSync } from 'node:fs';
import { isTcpdoctorDropin } from '../../core/tune/render-dropin.js';
import { SourceError } from '../source-error.js';
import { writeAtomic } from './write-atomic.js';

export type DropinOutcome = 'created' | 'replaced';

/** `not-ours`: the path holds a file tcpdoctor did not write, and `force` is off: nothing was written. */
export function writeDropin(path: string, text: string, force: boolean): DropinOutcome | 'not-ours' {
  const existing = readExisting(path);
  if (existing !== undefined && !isTcpdoctorDropin(existing) && !force) return 'not-ours';
  writeAtomic(path, text, 0o644);
  return existing === undefined ? 'created' : 'replaced';
}

// --- internal ---

function readExisting(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new SourceError('EACCES', `permission denied reading ${path}; run as root`);
    }
    if (code === 'EISDIR')
      throw new SourceError('EINPUT', `${path} is a directory; --write takes a file path`);
    throw new SourceError('ELIVE', `cannot read ${path}: ${code}`);
  }
}
