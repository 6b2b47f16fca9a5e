/**
 * Morris trajectories: random walks through a p-level grid over the factors (rates, lead times,
 * capacities), one factor moved by Δ per step, so that each step is one elementary effect. The
 * analyser (analysis/morris.ts) accepts only rows laid out as these are.
 */
import { randomStream } from '../engine/random.js';
import { type Problem, checkInteger, fail, scaleToFactors, validateProblem } from './problem.js';

/** Options of {@link sampleMorris}. */
export interface MorrisSampleOptions {
  /** Number of trajectories r (≥ 1; 10–50 is usual). */
  trajectories: number;
  /** Grid levels p: an even integer ≥ 2. Default 4. */
  levels?: number;
  /** Seed of the trajectory stream. */
  seed: number;
}

/** The Morris step Δ = p / (2(p − 1)) in unit-cube terms, for `levels` = p (Morris 1991). */
export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

/** Refuses `levels` that is not an even integer ≥ 2 (the walk would leave the grid). */
export function checkLevels(levels: number, path: string): void {
  checkInteger(levels, 2, path);
  // With p odd, Δ = p/(2(p−1)) is not a multiple of the grid spacing 1/(p−1): the walk would leave the grid.
  if (levels % 2 !== 0) fail('bad_option', path, `must be even so that Δ = p/(2(p−1)) stays on the grid, got ${levels}`);
}

/**
 * Morris trajectories, scaled to the factor ranges.
 *
 * Each trajectory is Morris's (1991) randomised orientation B* = (J·x* + (Δ/2)[(2B − J)D* + J])P*: a base
 * point x* drawn uniformly from the grid levels {0, 1/(p−1), …, 1 − Δ}, a random sign per factor (D*), and a
 * random order of factors (P*); consecutive rows differ in exactly one factor, by Δ·(max − min).
 *
 * Row order: (k + 1)·r rows; trajectory t occupies rows t(k+1) … t(k+1) + k.
 * @throws AnalysisInputError for a bad problem, `trajectories` < 1, or `levels` not an even integer ≥ 2.
 */
export function sampleMorris(problem: Problem, options: MorrisSampleOptions): number[][] {
  validateProblem(problem);
  const { trajectories, levels = 4, seed } = options;
  checkInteger(trajectories, 1, 'options.trajectories');
  checkLevels(levels, 'options.levels');
  const k = problem.factors.length;
  const delta = morrisDelta(levels);
  const random = randomStream(seed, 'analysis', 'morris', 'trajectories');
  const draw = (n: number) => Math.floor(random.random() * n);
  const unitRows: number[][] = [];
  for (let t = 0; t < trajectories; t++) {
    // Base levels 0 … p/2 − 1 are exactly those with x* + Δ ≤ 1.
    const low = Array.from({ length: k }, () => draw(levels / 2) / (levels - 1));
    const up = Array.from({ length: k }, () => random.random() < 0.5);
    const order = Array.from({ length: k }, (_, i) => i);
    for (let i = k - 1; i > 0; i--) {
      const j = draw(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    // A factor stepping up starts at x*, one stepping down starts at x* + Δ.
    let row = low.map((x, i) => (up[i] ? x : x + delta));
    unitRows.push(row);
    for (const i of order) {
      row = row.slice();
      row[i] = up[i] ? low[i] + delta : low[i];
      unitRows.push(row);
    }
  }
  // x* + Δ can exceed 1 by a rounding error; the grid's top level is exactly 1.
  return scaleToFactors(unitRows.map((row) => row.map((x) => Math.min(x, 1))), problem);
}
