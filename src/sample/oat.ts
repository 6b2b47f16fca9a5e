/**
 * The one-at-a-time (OAT) sample: every factor at its baseline (the planner's best guess of a factory's
 * rate, a route's transit days), then each factor swung alone to its minimum and its maximum. The
 * analyser (analysis/oat.ts) reads the outputs of exactly these rows.
 */
import { type Problem, fail, validateProblem } from './problem.js';

/**
 * Builds the one-at-a-time sample.
 *
 * Row order (2k + 1 rows for k factors, values in factor order): row 0 is the baseline; rows 2i + 1 and
 * 2i + 2 are the baseline with factor i at its `min` and at its `max`.
 * @throws AnalysisInputError for a bad problem, a factor missing from `baseline`, a baseline name that is
 *   not a factor, or a baseline value that is not finite or lies outside [min, max].
 */
export function sampleOat(problem: Problem, baseline: Record<string, number>): number[][] {
  validateProblem(problem);
  const names = new Set(problem.factors.map((factor) => factor.name));
  for (const name of Object.keys(baseline)) {
    if (!names.has(name)) fail('bad_option', `baseline.${name}`, `is not a factor of the problem (factors: ${[...names].join(', ')})`);
  }
  const base = problem.factors.map(({ name, min, max }) => {
    const value = baseline[name];
    if (value === undefined) fail('bad_option', `baseline.${name}`, 'is missing; the baseline needs a value for every factor');
    if (!Number.isFinite(value) || value < min || value > max) {
      fail('bad_value', `baseline.${name}`, `must be a finite number in [${min}, ${max}], got ${value}`);
    }
    return value;
  });
  const rows = [base];
  problem.factors.forEach(({ min, max }, i) => {
    for (const bound of [min, max]) {
      const row = base.slice();
      row[i] = bound;
      rows.push(row);
    }
  });
  return rows;
}
