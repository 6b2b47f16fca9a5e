/**
 * The one table from the library's option names to the flags that set them. Library errors locate
 * a problem by a path into the options a function got (`samples`, `vary[1]`, `fixed.nk_output`) and
 * name options in backticks; here they become `--samples`, `--vary nk_output=…`, `--set …`.
 */
import { UserError, type Issue } from '../model/errors.js';

/** Library option → CLI flag. Paths into model files (issues with a `file`) are never mapped. */
export const FLAGS: Readonly<Record<string, string>> = {
  vary: '--vary',
  kind: '--design',
  samples: '--samples',
  fixed: '--set',
  set: '--set',
  replications: '--replications',
  every: '--every',
  seed: '--seed',
  jobs: '--jobs',
  days: '--days',
};

/** The root option of a path: `vary` of `vary[2]`, `fixed` of `fixed.nk_output`. */
function rootOf(path: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*/.exec(path)?.[0] ?? '';
}

/** `` `samples` `` → `--samples` for every option in the table; other backticked text stays. */
function flagText(text: string | undefined): string | undefined {
  return text?.replace(/`([A-Za-z_][A-Za-z0-9_]*)`/g, (whole, name: string) => FLAGS[name] ?? whole);
}

/** An option issue as the CLI shows it: its path as the flag (and the text given to it), its words with flags. */
export function flagIssue(issue: Issue): Issue {
  if (issue.file !== undefined) return issue;
  const flag = issue.path !== undefined ? FLAGS[rootOf(issue.path)] : undefined;
  const mapped: Issue = { ...issue, message: flagText(issue.message)!, ...(issue.hint !== undefined ? { hint: flagText(issue.hint) } : {}) };
  if (flag === undefined) return mapped;
  const { input, ...rest } = mapped;
  return { ...rest, path: input !== undefined ? `${flag} ${input}` : flag };
}

/**
 * Runs a library call whose option problems the user should see as flags: a UserError it throws is
 * rethrown with every issue through {@link flagIssue}. Only wrap calls whose paths are option paths.
 */
export function withFlags<T>(body: () => T): T {
  try {
    const result = body();
    if (result instanceof Promise) return result.catch((error: unknown) => { throw mapError(error); }) as T;
    return result;
  } catch (error) {
    throw mapError(error);
  }
}

function mapError(error: unknown): unknown {
  return error instanceof UserError ? new UserError(error.issues.map(flagIssue)) : error;
}
