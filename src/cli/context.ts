/** What a command may touch of the process: passed in so commands stay testable. */
export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** Write to stdout; output to a closed pipe ends the process quietly (main.ts). */
  out(text: string): void;
  err(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

/** Colour only on a TTY and never with NO_COLOR (https://no-color.org) or --no-color. */
export function colourWanted(ctx: CliContext, noColorFlag: boolean | undefined): boolean {
  return ctx.stdoutIsTTY && !noColorFlag && !(ctx.env.NO_COLOR !== undefined && ctx.env.NO_COLOR !== '');
}
