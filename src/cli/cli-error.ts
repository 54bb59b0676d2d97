/**
 * Exit codes, one table for every command (README, "Exit codes").
 */
export const EXIT = {
  OK: 0,
  /** diagnose: a finding of warning or worse; tune --check: harmful configuration. */
  FINDING: 1,
  USAGE: 2,
  /** Unreadable, unknown format, binary, truncated input. */
  INPUT: 3,
  PERMISSION: 4,
  /** The live source failed. */
  LIVE: 5,
  /** A bug in tcpdoctor itself: please report it. */
  INTERNAL: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A user-facing failure with its exit code. Only cli/main.ts turns it into text. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT.USAGE);
}
