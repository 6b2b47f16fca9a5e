/**
 * Errors are data: a user error carries issues `{ file, path, message, hint }`; turning them into
 * text for people is a separate step (`formatUserError`). Library code throws; only the CLI prints
 * and picks the exit code (2 for user errors, 1 for internal ones).
 */

/**
 * One problem in the user's input: where it is and what was expected. Without a `file`, `path` is a
 * path into the options the library function was given (`samples`, `vary[1]`, `fixed.nk_output`),
 * and option names in `message` and `hint` are written in backticks (`` `samples` ``): the CLI shows
 * both as its flags (src/cli/flags.ts); the library never names a flag.
 */
export interface Issue {
  /** What kind of problem, for programs: e.g. `invalid_format`, `unknown_name`, `out_of_range`, `conflict`. */
  code?: string;
  /** File the problem is in, when it comes from a file. */
  file?: string;
  /** Path inside the document, e.g. `routes[0].transit_days.min`; empty for the whole document. */
  path?: string;
  /** The text received at `path`, when it locates the problem better than the path (`nk_output=3000:9000`). */
  input?: string;
  /** 1-based line and column, when known. */
  line?: number;
  column?: number;
  message: string;
  /** How to fix it, when we can tell. */
  hint?: string;
}

/** Bad input from the user: a model file, a flag, a parameter value. Exit code 2. */
export class UserError extends Error {
  readonly issues: Issue[];
  constructor(issues: Issue[] | Issue) {
    const list = Array.isArray(issues) ? issues : [issues];
    super(list.map(formatIssue).join('\n'));
    this.name = 'UserError';
    this.issues = list;
  }
}

/** A broken invariant inside munisim (conservation, negative stock): a bug, reported with its numbers. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/** `routes[0].transit_days.min` from `['routes', 0, 'transit_days', 'min']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function formatIssue(issue: Issue): string {
  const where = [issue.file, issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : undefined]
    .filter(Boolean)
    .join(':');
  const located = issue.input !== undefined ? `${issue.path ?? ''} ${issue.input}`.trim() : issue.path;
  const path = located ? `${located}: ` : '';
  const hint = issue.hint ? ` (${issue.hint})` : '';
  return `${where ? `${where}: ` : ''}${path}${issue.message}${hint}`;
}

/** A one-paragraph message for people, at most `limit` issues listed. */
export function formatUserError(error: UserError, limit = 12): string {
  const shown = error.issues.slice(0, limit).map((issue) => `  ${formatIssue(issue)}`);
  const more = error.issues.length > limit ? [`  … and ${error.issues.length - limit} more`] : [];
  const noun = error.issues.length === 1 ? 'problem' : 'problems';
  return [`error: ${error.issues.length} ${noun}:`, ...shown, ...more].join('\n');
}

/**
 * A received value as a message shows it: strings in double quotes, numbers and booleans as written,
 * lists and mappings by kind. Text longer than `max` characters is cut with an ellipsis, so a
 * 200 KB expression does not flood the terminal.
 */
export function quote(value: unknown, max = 60): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  if (typeof value !== 'string') return String(value);
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…"`;
}
