/**
 * The uncertain inputs of a sensitivity study: named factors, each varied uniformly between a
 * lower and an upper bound (a factory's output rate, a route's transit days, a front's demand).
 * Every sampler works in the unit hypercube and maps to factor ranges only through `scaleToFactors`.
 */

/** One uncertain input, varied uniformly on [min, max]. */
export interface Factor {
  name: string;
  min: number;
  max: number;
}

/** The factors of a study, in the order used by every row of every sample. */
export type Problem = { factors: Factor[] };

/** One thing wrong with an analysis input, as data: a machine code, where it is, and a sentence. */
export interface AnalysisIssue {
  code:
    | 'no_factors'
    | 'blank_name'
    | 'duplicate_name'
    | 'not_finite'
    | 'min_not_below_max'
    | 'bad_option'
    | 'bad_shape'
    | 'bad_value'
    | 'not_from_sampler';
  /** Where the problem lies, e.g. `factors[2].max` or `rows[7]`. */
  path: string;
  message: string;
}

/**
 * Thrown for a bad problem, option, sample or output vector. It is a RangeError whose message lists
 * every issue as `path: message`; the issues themselves stay available as data for a caller to format.
 */
export class AnalysisInputError extends RangeError {
  readonly issues: AnalysisIssue[];

  constructor(issues: AnalysisIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
    this.name = 'AnalysisInputError';
    this.issues = issues;
  }
}

/** Throws an {@link AnalysisInputError} for a single issue. */
export function fail(code: AnalysisIssue['code'], path: string, message: string): never {
  throw new AnalysisInputError([{ code, path, message }]);
}

/** Every issue with `problem`, or an empty list when it is usable. Never throws. */
export function problemIssues(problem: Problem): AnalysisIssue[] {
  const issues: AnalysisIssue[] = [];
  if (!problem || !Array.isArray(problem.factors) || problem.factors.length === 0) {
    return [{ code: 'no_factors', path: 'factors', message: 'a problem needs at least one factor' }];
  }
  const seen = new Map<string, number>();
  problem.factors.forEach((factor, i) => {
    const path = `factors[${i}]`;
    if (typeof factor.name !== 'string' || factor.name.trim() === '') {
      issues.push({ code: 'blank_name', path: `${path}.name`, message: 'must be a non-empty string' });
    } else if (seen.has(factor.name)) {
      issues.push({
        code: 'duplicate_name',
        path: `${path}.name`,
        message: `"${factor.name}" is already the name of factors[${seen.get(factor.name)}]; names must be unique`,
      });
    } else {
      seen.set(factor.name, i);
    }
    let bothFinite = true;
    for (const bound of ['min', 'max'] as const) {
      const value = factor[bound];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issues.push({ code: 'not_finite', path: `${path}.${bound}`, message: `must be a finite number, got ${String(value)}` });
        bothFinite = false;
      }
    }
    if (bothFinite && !(factor.min < factor.max)) {
      issues.push({
        code: 'min_not_below_max',
        path: path,
        message: `min must be below max, got min = ${factor.min} and max = ${factor.max}`,
      });
    }
  });
  return issues;
}

/**
 * Checks a problem.
 * @throws AnalysisInputError (a RangeError) listing every issue: no factors, blank or duplicate names,
 *   non-finite bounds, or min ≥ max.
 */
export function validateProblem(problem: Problem): void {
  const issues = problemIssues(problem);
  if (issues.length > 0) throw new AnalysisInputError(issues);
}

/** The names of the factors, in row order. */
export function factorNames(problem: Problem): string[] {
  return problem.factors.map((factor) => factor.name);
}

/**
 * Maps points of the unit hypercube to factor ranges: `min + u · (max − min)` column by column.
 * @throws AnalysisInputError for a bad problem, a row of the wrong length, or a value outside [0, 1].
 */
export function scaleToFactors(unitRows: number[][], problem: Problem): number[][] {
  validateProblem(problem);
  const k = problem.factors.length;
  return unitRows.map((row, r) => {
    if (row.length !== k) fail('bad_shape', `unitRows[${r}]`, `has ${row.length} values, expected one per factor (${k})`);
    return row.map((u, i) => {
      if (!(u >= 0 && u <= 1)) fail('bad_value', `unitRows[${r}][${i}]`, `must lie in [0, 1], got ${u}`);
      const { min, max } = problem.factors[i];
      return min + u * (max - min);
    });
  });
}

/**
 * Checks that a sample has `expectedRows` rows of one value per factor, and an output per row.
 * @throws AnalysisInputError naming the first bad row or output.
 */
export function checkSample(problem: Problem, rows: number[][] | undefined, Y: number[], expectedRows: number): void {
  const k = problem.factors.length;
  if (rows !== undefined) {
    if (rows.length !== expectedRows) {
      fail('bad_shape', 'rows', `has ${rows.length} rows, expected ${expectedRows}`);
    }
    rows.forEach((row, r) => {
      if (row.length !== k) fail('bad_shape', `rows[${r}]`, `has ${row.length} values, expected one per factor (${k})`);
      row.forEach((value, i) => {
        if (!Number.isFinite(value)) fail('bad_value', `rows[${r}][${i}]`, `must be a finite number, got ${value}`);
      });
    });
  }
  checkOutputs(Y, expectedRows);
}

/**
 * Checks the model outputs: one finite number per sample row.
 * @throws AnalysisInputError for a wrong length or a non-finite output (a failed run must be re-run
 *   or the sample shrunk; sensitivity estimators cannot skip rows).
 */
export function checkOutputs(Y: number[], expectedRows: number): void {
  if (Y.length !== expectedRows) fail('bad_shape', 'Y', `has ${Y.length} outputs, expected one per sample row (${expectedRows})`);
  for (let j = 0; j < Y.length; j++) {
    if (!Number.isFinite(Y[j])) fail('bad_value', `Y[${j}]`, `must be a finite number, got ${Y[j]}`);
  }
}

/** @throws AnalysisInputError unless `value` is an integer ≥ `least`. */
export function checkInteger(value: number, least: number, path: string): void {
  if (!Number.isInteger(value) || value < least) fail('bad_option', path, `must be an integer ≥ ${least}, got ${value}`);
}
