/**
 * Morris elementary-effects screening: walk r random trajectories through a p-level grid, moving one
 * factor at a time by Δ, and summarise each factor's effects. A cheap way to find which of many
 * supply-chain inputs (rates, lead times, capacities) matter before spending a Sobol budget on them.
 */
import { randomStream } from '../engine/random.js';
import { type Problem, checkInteger, checkSample, fail, scaleToFactors, validateProblem } from './problem.js';
import { mean, normalQuantile, resampleIndices, variance } from './statistics.js';

/** Options of {@link sampleMorris}. */
export interface MorrisSampleOptions {
  /** Number of trajectories r (≥ 1; 10–50 is usual). */
  trajectories: number;
  /** Grid levels p: an even integer ≥ 2. Default 4. */
  levels?: number;
  /** Seed of the trajectory stream. */
  seed: number;
}

/** Options of {@link analyzeMorris}. */
export interface MorrisAnalyzeOptions {
  /** The `levels` the rows were sampled with. Default 4. */
  levels?: number;
  /** Bootstrap resamples for `muStarConf`; 0 gives NaN. Default 1000. */
  bootstrap?: number;
  /** Confidence level of `muStarConf`. Default 0.95. */
  confidence?: number;
  /** Seed of the bootstrap stream. Default 0. */
  seed?: number;
}

/** Morris summaries of one factor's elementary effects, in output units per factor range. */
export interface MorrisIndices {
  parameter: string;
  /** Mean of |EE| (Campolongo et al. 2007): overall importance. */
  muStar: number;
  /** Mean of EE (Morris 1991): effects of opposite sign cancel. */
  mu: number;
  /** Standard deviation of EE (n − 1 denominator): non-linearity or interaction. NaN for r = 1. */
  sigma: number;
  /** Half-width of the bootstrap confidence interval of `muStar` (see {@link analyzeMorris}). */
  muStarConf: number;
}

/** The Morris step Δ = p / (2(p − 1)) in unit-cube terms, for `levels` = p (Morris 1991). */
export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

function checkLevels(levels: number, path: string): void {
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

/**
 * Elementary effects of every factor, one per trajectory: `ee[i][t]`.
 *
 * EE_i = (y(x + Δeᵢ) − y(x)) / Δ with Δ in unit-cube terms (as SALib does), so an effect is the output
 * change per whole factor range: for y = Σ cᵢxᵢ it is exactly cᵢ·(maxᵢ − minᵢ).
 * Accepts only rows laid out as by {@link sampleMorris} with the same `levels` (checked).
 * @throws AnalysisInputError for a bad problem, a row count not a multiple of k + 1, a step that changes
 *   other than exactly one factor by Δ·range, a factor not stepped exactly once per trajectory, or bad outputs.
 */
export function elementaryEffects(problem: Problem, rows: number[][], Y: number[], levels = 4): number[][] {
  validateProblem(problem);
  checkLevels(levels, 'options.levels');
  const k = problem.factors.length;
  if (rows.length === 0 || rows.length % (k + 1) !== 0) {
    fail('bad_shape', 'rows', `has ${rows.length} rows, expected a positive multiple of k + 1 = ${k + 1} (one trajectory per k + 1 rows)`);
  }
  checkSample(problem, rows, Y, rows.length);
  const r = rows.length / (k + 1);
  const delta = morrisDelta(levels);
  const ranges = problem.factors.map(({ min, max }) => max - min);
  const ee = problem.factors.map(() => new Array<number>(r).fill(NaN));
  for (let t = 0; t < r; t++) {
    for (let m = 0; m < k; m++) {
      const a = t * (k + 1) + m;
      const changed: number[] = [];
      for (let i = 0; i < k; i++) {
        if (Math.abs(rows[a + 1][i] - rows[a][i]) > 1e-12 * ranges[i]) changed.push(i);
      }
      const where = `rows[${a + 1}]`;
      if (changed.length !== 1) {
        fail('not_from_sampler', where, `differs from rows[${a}] in ${changed.length} factors, expected exactly one; use rows from sampleMorris`);
      }
      const i = changed[0];
      const step = (rows[a + 1][i] - rows[a][i]) / ranges[i];
      if (Math.abs(Math.abs(step) - delta) > 1e-9) {
        fail('not_from_sampler', `${where}[${i}]`, `steps by ${Math.abs(step)} of the range, expected Δ = ${delta} for levels = ${levels}; were the rows sampled with other levels?`);
      }
      if (!Number.isNaN(ee[i][t])) {
        fail('not_from_sampler', `${where}[${i}]`, `${problem.factors[i].name} steps twice in trajectory ${t}; each factor must step exactly once`);
      }
      ee[i][t] = (step > 0 ? Y[a + 1] - Y[a] : Y[a] - Y[a + 1]) / delta;
    }
  }
  return ee;
}

/**
 * Morris screening measures μ*, μ, σ per factor, in problem order.
 *
 * - μ and σ: Morris, M. D. (1991) Factorial sampling plans for preliminary computational experiments.
 *   Technometrics 33(2), 161–174.
 * - μ* (mean absolute effect): Campolongo, F., Cariboni, J. & Saltelli, A. (2007) An effective screening
 *   design for sensitivity analysis of large models. Environmental Modelling & Software 22, 1509–1518.
 * - `muStarConf`, as in SALib: z₁₋₍₁₋c₎/₂ × the standard deviation of μ* over `bootstrap` resamples of
 *   the trajectories (drawn with replacement, jointly for all factors).
 *
 * Effects are scaled as in {@link elementaryEffects}. Accepts only rows from {@link sampleMorris}.
 * @throws AnalysisInputError as {@link elementaryEffects}, or for a bad option.
 */
export function analyzeMorris(problem: Problem, rows: number[][], Y: number[], options: MorrisAnalyzeOptions = {}): MorrisIndices[] {
  const { levels = 4, bootstrap = 1000, confidence = 0.95, seed = 0 } = options;
  checkInteger(bootstrap, 0, 'options.bootstrap');
  if (!(confidence > 0 && confidence < 1)) fail('bad_option', 'options.confidence', `must lie in (0, 1), got ${confidence}`);
  const ee = elementaryEffects(problem, rows, Y, levels);
  const r = ee[0].length;
  const absEe = ee.map((effects) => effects.map(Math.abs));
  const bootMuStar = ee.map(() => new Float64Array(bootstrap));
  const random = randomStream(seed, 'analysis', 'morris', 'bootstrap');
  const next = () => random.random();
  const picks = new Int32Array(r);
  for (let b = 0; b < bootstrap; b++) {
    resampleIndices(r, next, picks);
    absEe.forEach((effects, i) => {
      let sum = 0;
      for (const t of picks) sum += effects[t];
      bootMuStar[i][b] = sum / r;
    });
  }
  const z = normalQuantile(0.5 + confidence / 2);
  return problem.factors.map(({ name }, i): MorrisIndices => ({
    parameter: name,
    muStar: mean(absEe[i]),
    mu: mean(ee[i]),
    sigma: r > 1 ? Math.sqrt(variance(ee[i], 1)) : NaN,
    muStarConf: bootstrap > 1 ? z * Math.sqrt(variance(bootMuStar[i], 1)) : NaN,
  }));
}
