/**
 * The only place that turns errors into exit codes: 2 for the user's input (with the issues, no
 * stack), 130 for Ctrl-C, 1 for anything else (an internal error: a bug, reported as one).
 */
import { InternalError, UserError, formatUserError } from '../model/errors.js';

export const EXIT = { ok: 0, internal: 1, user: 2, interrupted: 130 } as const;

export function reportError(error: unknown): number {
  if (error instanceof UserError) {
    process.stderr.write(`${formatUserError(error)}\n`);
    return EXIT.user;
  }
  if (error instanceof InternalError) {
    process.stderr.write(`internal error (a bug in munisim, please report it): ${error.message}\n`);
    return EXIT.internal;
  }
  process.stderr.write(`internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.internal;
}

/** Runs a command body and exits with the right code. */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  let code: number;
  try {
    code = (await body()) ?? EXIT.ok;
  } catch (error) {
    code = reportError(error);
  }
  process.exitCode = code;
}
