/**
 * Sensitivity of outputs that evolve in time — a stockpile's level each day, cumulative shortfall each
 * week: one scalar analysis per time step, through the same analyser used for a single output.
 * A step where the output never varies (every run still at the opening stock) is flagged, not an error.
 */
import { AnalysisInputError, fail } from '../sample/problem.js';

/** The analysis of one column (time step) of a series output. */
export interface SeriesColumn<R> {
  /** Column index in the output matrix. */
  column: number;
  /** True when every sample gave the same value here: variance-based indices are then NaN. */
  constant: boolean;
  /** What the scalar analyser returned for this column. */
  indices: R;
}

/**
 * The columns of a sample × time-step output matrix.
 * @throws AnalysisInputError when `Y` has no rows or its rows differ in length.
 */
export function outputColumns(Y: number[][]): number[][] {
  if (Y.length === 0) fail('bad_shape', 'Y', 'has no rows; expected one row of outputs per sample row');
  const steps = Y[0].length;
  Y.forEach((row, r) => {
    if (row.length !== steps) fail('bad_shape', `Y[${r}]`, `has ${row.length} time steps, but Y[0] has ${steps}`);
  });
  return Array.from({ length: steps }, (_, c) => Y.map((row) => row[c]));
}

/**
 * Runs a scalar analyser on every column of `Y` (rows = sample rows, columns = time steps) — for example
 * `analyzeSeries(Y, (y) => analyzeSobol(problem, y, { seed: 1 }))`. The result for column c is exactly
 * `analyse(column c, c)`. Constant columns are still passed to `analyse` (Sobol gives NaN, Morris and
 * OAT give zeros) and are flagged `constant`.
 * @throws AnalysisInputError for a ragged or empty `Y`, or when `analyse` throws one for a column (its
 *   paths are then prefixed with `columns[c].`).
 */
export function analyzeSeries<R>(Y: number[][], analyse: (y: number[], column: number) => R): SeriesColumn<R>[] {
  return outputColumns(Y).map((y, column) => {
    const constant = y.every((value) => value === y[0]);
    try {
      return { column, constant, indices: analyse(y, column) };
    } catch (error) {
      if (error instanceof AnalysisInputError) {
        throw new AnalysisInputError(error.issues.map((issue) => ({ ...issue, path: `columns[${column}].${issue.path}` })));
      }
      throw error;
    }
  });
}
