/**
 * The boundary error of everything that reads the OS. `code` is stable; `cli/main.ts` maps it to
 * an exit code (EACCES/EPERM → 4, input problems → 3, a live source that failed → 5).
 */
export type SourceErrorCode =
  | 'EACCES' // permission denied
  | 'ESRCH' // no such process (--netns PID)
  | 'ENOENT' // a file or namespace that does not exist
  | 'ELIVE' // the live source failed for another reason
  | 'EINPUT'; // an offline input cannot be read as a capture

export class SourceError extends Error {
  constructor(
    readonly code: SourceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Turn a Node fs error on `path` into a SourceError with a one-line message. */
export function fromFsError(err: unknown, path: string, what: string): SourceError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new SourceError('EACCES', `permission denied reading ${path} (${what}); try again as root`);
  }
  if (code === 'ENOENT') return new SourceError('ENOENT', `${path} does not exist (${what})`);
  const msg = err instanceof Error ? err.message : String(err);
  return new SourceError('ELIVE', `cannot read ${path} (${what}): ${msg}`);
}
