/**
 * One-at-a-time (OAT) sensitivity: hold every factor at its baseline (the planner's best guess of a
 * factory's rate, a route's transit days) and swing one factor to its minimum and its maximum. The
 * swings, sorted, are the bars of a tornado chart. OAT sees no interactions; use Morris or Sobol for those.
 */
import { type Problem, checkSample, fail, validateProblem } from '../sample/problem.js';

/** The outputs of one factor's swing, all other factors held at the baseline. */
export interface OatIndices {
  parameter: string;
  /** Output with this factor at its minimum. */
  low: number;
  /** Output with this factor at its maximum. */
  high: number;
  /** Output at the baseline. */
  base: number;
  /** |high − low|. */
  swing: number;
}

/**
 * One-at-a-time swings, sorted by swing, largest first (tornado order; ties keep factor order).
 *
 * Accepts only rows from `sampleOat` (src/sample/oat.ts) (checked: row 2i + 1 / 2i + 2 must equal row 0 except for
 * factor i at its min / max).
 * @param Y - model output for each row of `rows`.
 * @throws AnalysisInputError for a bad problem, rows not laid out by `sampleOat`, or a bad output vector.
 */
export function analyzeOat(problem: Problem, rows: number[][], Y: number[]): OatIndices[] {
  validateProblem(problem);
  const k = problem.factors.length;
  checkSample(problem, rows, Y, 2 * k + 1);
  const base = rows[0];
  problem.factors.forEach(({ name, min, max }, i) => {
    [min, max].forEach((bound, side) => {
      const r = 2 * i + 1 + side;
      rows[r].forEach((value, j) => {
        const expected = j === i ? bound : base[j];
        if (value !== expected) {
          fail('not_from_sampler', `rows[${r}][${j}]`, `expected ${expected} (baseline with ${name} at its ${side ? 'max' : 'min'}), got ${value}; use rows from sampleOat`);
        }
      });
    });
  });
  const indices = problem.factors.map(({ name }, i): OatIndices => {
    const low = Y[2 * i + 1];
    const high = Y[2 * i + 2];
    return { parameter: name, low, high, base: Y[0], swing: Math.abs(high - low) };
  });
  // Array.prototype.sort is stable, so equal swings stay in factor order.
  return indices.sort((a, b) => b.swing - a.swing);
}
