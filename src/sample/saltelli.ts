/**
 * Saltelli's sample for variance-based (Sobol') indices: two Sobol point sets A and B and, for each
 * factor, A with that factor's column taken from B — N·(k + 2) rows. The analyser
 * (analysis/sobol-indices.ts) reads the outputs in exactly this row order.
 */
import { type Problem, checkInteger, fail, scaleToFactors, validateProblem } from './problem.js';
import { sobolSequence } from './sobol.js';

/** Options of {@link sampleSaltelli}. */
export interface SaltelliSampleOptions {
  /** Seed of the Sobol scramble. Giving a seed turns scrambling on unless `scramble` says otherwise. */
  seed?: number;
  /** Scramble the Sobol sequence (Owen-type linear scramble + digital shift). Default: `seed !== undefined`. */
  scramble?: boolean;
  /** Sobol points to skip before the first one used. Default 0. */
  skip?: number;
  /** Second-order indices are not supported; the only accepted value is false. */
  secondOrder?: false;
}

/**
 * Saltelli's sample for first- and total-order indices, scaled to the factor ranges.
 *
 * Takes the first `n` points of a 2k-dimensional Sobol sequence (`sobolSequence` from
 * src/sample); A is its first k columns and B its last k; ABᵢ is A with column i taken from B
 * (Saltelli 2002; Saltelli et al. 2010, §3).
 *
 * Row order (as SALib, N·(k + 2) rows): for each base point j = 0 … n−1, the block
 * `A_j, AB_1j, …, AB_kj, B_j` occupies rows j(k+2) … j(k+2) + k + 1. Any prefix of whole blocks is itself
 * a valid design with a smaller n. Sobol balance holds when n is a power of two.
 * @throws AnalysisInputError for a bad problem, n < 1, `secondOrder: true`, `scramble: true` without a
 *   seed, or more factors than the Sobol direction table can double.
 */
export function sampleSaltelli(problem: Problem, n: number, options: SaltelliSampleOptions = {}): number[][] {
  validateProblem(problem);
  checkInteger(n, 1, 'n');
  const { seed, scramble = seed !== undefined, skip = 0, secondOrder = false } = options;
  if (secondOrder !== false) fail('bad_option', 'options.secondOrder', 'second-order indices are not supported; pass false or leave it out');
  if (scramble && (seed === undefined || !Number.isFinite(seed))) {
    fail('bad_option', 'options.seed', `a finite seed is required to scramble, got ${seed}`);
  }
  checkInteger(skip, 0, 'options.skip');
  const k = problem.factors.length;
  let points: number[][];
  try {
    points = sobolSequence(n, 2 * k, { scramble, seed, skip });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    fail('bad_option', 'problem.factors', `Saltelli's design needs a ${2 * k}-dimensional Sobol sequence for ${k} factors: ${error.message}`);
  }
  const unitRows: number[][] = [];
  for (const point of points) {
    const a = point.slice(0, k);
    const b = point.slice(k);
    unitRows.push(a);
    for (let i = 0; i < k; i++) {
      const ab = a.slice();
      ab[i] = b[i];
      unitRows.push(ab);
    }
    unitRows.push(b);
  }
  return scaleToFactors(unitRows, problem);
}
