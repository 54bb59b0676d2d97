/**
 * What a parser could not read. Parsers never throw on bad input: they count what parsed and log
 * the rest here; the CLI reports the first few with file and line.
 */
export interface ParseIssue {
  lineNumber: number;
  /** The offending line, cut to a readable length. */
  line: string;
  reason: string;
}

/** Keeps the first `keep` issues and counts all of them: memory stays constant on a bad file. */
export class IssueLog {
  count = 0;
  readonly first: ParseIssue[] = [];

  constructor(readonly keep = 20) {}

  add(lineNumber: number, line: string, reason: string): void {
    this.count++;
    if (this.first.length < this.keep) {
      this.first.push({ lineNumber, line: line.length > 160 ? `${line.slice(0, 157)}...` : line, reason });
    }
  }
}

/** Latin-1 text of bytes [start, end) without a trailing CR: safe for any byte value. */
export function lineText(buf: Uint8Array, start: number, end: number): string {
  let e = end;
  if (e > start && buf[e - 1] === 13) e--;
  let s = '';
  for (let i = start; i < e; i += 4096) {
    s += String.fromCharCode(...buf.subarray(i, Math.min(e, i + 4096)));
  }
  return s;
}
