/**
 * The only place that turns errors into exit codes: 2 for the user's input (with the issues, no
 * stack), 3 when some runs of an experiment failed, 130 for Ctrl-C, 1 for anything else (an internal
 * error: a bug, reported as one).
 */
import { InternalError, UserError, formatUserError } from '../model/errors.js';
import { flagWords } from './flags.js';

export const EXIT = { ok: 0, internal: 1, user: 2, interrupted: 130 } as const;

/** Exit code when a sweep or sensitivity study finished but some runs failed (see failures.csv). */
export const EXIT_RUNS_FAILED = 3;

export function reportError(error: unknown): number {
  if (error instanceof UserError) {
    // Option names in the library's words (`replace`) are shown as flags (--force); paths are mapped
    // only where a command asks for it (withFlags), since a path may also be a folder or a parameter.
    process.stderr.write(`${formatUserError(new UserError(error.issues.map(flagWords)))}\n`);
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
