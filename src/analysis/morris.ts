/**
 * Morris elementary-effects screening: walk r random trajectories through a p-level grid, moving one
 * factor at a time by Δ, and summarise each factor's effects. A cheap way to find which of many
 * supply-chain inputs (rates, lead times, capacities) matter before spending a Sobol budget on them.
 */
import { randomStream } from '../engine/random.js';
import { checkLevels, morrisDelta } from '../sample/morris.js';
import { type Problem, checkInteger, checkSample, fail, validateProblem } from '../sample/problem.js';
import { mean, normalQuantile, resampleIndices, variance } from './statistics.js';

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

/**
 * Elementary effects of every factor, one per trajectory: `ee[i][t]`.
 *
 * EE_i = (y(x + Δeᵢ) − y(x)) / Δ with Δ in unit-cube terms (as SALib does), so an effect is the output
 * change per whole factor range: for y = Σ cᵢxᵢ it is exactly cᵢ·(maxᵢ − minᵢ).
 * Accepts only rows laid out as by `sampleMorris` (src/sample/morris.ts) with the same `levels` (checked).
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
 * Effects are scaled as in {@link elementaryEffects}. Accepts only rows from `sampleMorris` (src/sample/morris.ts).
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
