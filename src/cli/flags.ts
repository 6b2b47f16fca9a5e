/**
 * The one table from the library's option names to the flags that set them. Library errors locate
 * a problem by a path into the options a function got (`samples`, `vary[1]`, `fixed.nk_output`) and
 * name options in backticks; here they become `--samples`, `--vary nk_output=…`, `--set …`.
 */
import { UserError, type Issue } from '../model/errors.js';

/**
 * Library option → CLI flag. Paths into model files (issues with a `file`) are never mapped; their
 * words are, like every issue's and warning's.
 */
export const FLAGS: Readonly<Record<string, string>> = {
  vary: '--vary',
  kind: '--design',
  designSeed: '--design-seed',
  samples: '--samples',
  fixed: '--set',
  set: '--set',
  replications: '--replications',
  every: '--every',
  seed: '--seed',
  jobs: '--jobs',
  days: '--days',
  keep: '--keep',
  // Sensitivity studies.
  method: '--method',
  parameters: '--params',
  targets: '--targets',
  outputs: '--outputs',
  series: '--series',
  // Scenario comparisons.
  scenarios: '--scenario',
  kpis: '--kpi',
  // Replications to a precision (sweeps).
  precision: '--precision',
  precisionKpis: '--kpi',
  maxReplications: '--max-replications',
  // The experiment's folder (runSweep's `dir`, `replace`, `resume`; checkOutputDir's `dir`, `replace`).
  dir: '--out',
  replace: '--force',
  resume: '--resume',
  // The Redis evaluator and worker.
  url: '--redis',
  queue: '--queue',
};

/**
 * The root option of an option path: `vary` of `vary[2]`, `fixed` of `fixed.nk_output`; undefined for
 * anything else (a folder such as `runs/x` is no option path).
 */
function rootOf(path: string): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/.exec(path);
  return match !== null && Object.hasOwn(FLAGS, match[1]) ? match[1] : undefined;
}

/** `` `samples` `` → `--samples` for every option in the table; other backticked text stays. */
export function flagText(text: string): string {
  return text.replace(/`([A-Za-z_][A-Za-z0-9_]*)`/g, (whole, name: string) => (Object.hasOwn(FLAGS, name) ? FLAGS[name] : whole));
}

/**
 * An issue as the CLI shows it: option names in its words as flags; an option issue's path as the
 * flag (and the text given to it). An issue in a file keeps its path, and is returned as it is when
 * its words name no option.
 */
export function flagIssue(issue: Issue): Issue {
  const mapped = flagWords(issue);
  const root = issue.file === undefined && issue.path !== undefined ? rootOf(issue.path) : undefined;
  if (root === undefined) return mapped;
  const flag = FLAGS[root];
  const { input, ...rest } = mapped;
  return { ...rest, path: input !== undefined ? `${flag} ${input}` : flag };
}

/** An issue with the option names of its message and hint as flags; its path untouched. The same issue when they name none. */
export function flagWords(issue: Issue): Issue {
  const message = flagText(issue.message);
  const hint = issue.hint !== undefined ? flagText(issue.hint) : undefined;
  return message === issue.message && hint === issue.hint ? issue : { ...issue, message, ...(hint !== undefined ? { hint } : {}) };
}

/** A warning as the CLI prints it: option names in its words as flags. */
export function flagWarning<W extends { message: string }>(warning: W): W {
  const message = flagText(warning.message);
  return message === warning.message ? warning : { ...warning, message };
}

/**
 * Runs a library call whose option problems the user should see as flags: a UserError it throws is
 * rethrown with every issue through {@link flagIssue}. Wrap calls whose issue paths are option paths
 * or folders (`runs/x`); a folder named exactly like an option (`samples`) would be shown as its flag.
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
