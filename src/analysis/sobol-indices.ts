/**
 * Variance-based (Sobol') sensitivity: how much of the spread of an output — days of shortfall at a
 * front, say — each uncertain input explains alone (first order, S1) and with all its interactions
 * (total order, ST). Saltelli's design needs N·(k + 2) model runs; the analyser only reads the outputs.
 */
import { formatDecimals } from '../base/format.js';
import { randomStream } from '../engine/random.js';
import { type Problem, checkInteger, checkOutputs, fail, validateProblem } from '../sample/problem.js';
import { quantileSorted, resampleIndices } from './statistics.js';

/** Options of {@link analyzeSobol}. */
export interface SobolAnalyzeOptions {
  /** Base sample size N the outputs came from; checked against `Y.length / (k + 2)` when given. */
  n?: number;
  /** Bootstrap resamples for the intervals; 0 gives NaN intervals. Default 1000. */
  bootstrap?: number;
  /** Seed of the bootstrap stream. Default 0. */
  seed?: number;
  /** Confidence level of the percentile intervals. Default 0.95. */
  confidence?: number;
}

/** First- and total-order Sobol' indices of one factor with percentile bootstrap intervals. */
export interface SobolIndices {
  parameter: string;
  S1: number;
  S1Low: number;
  S1High: number;
  ST: number;
  STLow: number;
  STHigh: number;
}

/** A reason to distrust a Sobol' result, as data; `message` is a sentence for people. */
export interface SobolDiagnostic {
  code: 'undefined_indices' | 'no_intervals' | 'negative_s1' | 'sum_s1_above_one' | 'st_below_s1' | 'wide_interval' | 'not_power_of_two';
  /** The factor concerned, when the diagnostic is about one factor. */
  parameter?: string;
  message: string;
}

/** Outputs of Saltelli's sample, centred, split into f(A), f(B) and f(AB_i) as laid out by `sampleSaltelli` (src/sample/saltelli.ts). */
interface SaltelliOutputs {
  n: number;
  fA: Float64Array;
  fB: Float64Array;
  fAB: Float64Array[];
}

function splitOutputs(k: number, Y: number[], n: number): SaltelliOutputs {
  const step = k + 2;
  // Centring leaves every index unchanged but removes the term mean(f)·(f(ABᵢ) − f(A)) from the S1
  // estimator, whose variance grows with the square of the output's mean (SALib centres likewise).
  let offset = 0;
  for (const y of Y) offset += y;
  offset /= Y.length;
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = Array.from({ length: k }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    fA[j] = Y[j * step] - offset;
    for (let i = 0; i < k; i++) fAB[i][j] = Y[j * step + 1 + i] - offset;
    fB[j] = Y[j * step + k + 1] - offset;
  }
  return { n, fA, fB, fAB };
}

/**
 * S1 and ST of every factor from the base rows listed in `picks` (a bootstrap resample, or every row).
 * Both are NaN when f(A) and f(B) are all the same number: with no variance there is nothing to apportion.
 */
function estimate({ fA, fB, fAB }: SaltelliOutputs, picks: Int32Array, S1: Float64Array, ST: Float64Array): void {
  const m = picks.length;
  const first = fA[picks[0]];
  let constant = true;
  let sum = 0;
  for (const j of picks) {
    sum += fA[j] + fB[j];
    if (fA[j] !== first || fB[j] !== first) constant = false;
  }
  if (constant) {
    S1.fill(NaN);
    ST.fill(NaN);
    return;
  }
  // V: variance (n denominator) of f(A) and f(B) pooled, as in SALib.
  const meanY = sum / (2 * m);
  let squares = 0;
  for (const j of picks) squares += (fA[j] - meanY) ** 2 + (fB[j] - meanY) ** 2;
  const V = squares / (2 * m);
  for (let i = 0; i < fAB.length; i++) {
    const ab = fAB[i];
    let firstSum = 0;
    let totalSum = 0;
    for (const j of picks) {
      firstSum += fB[j] * (ab[j] - fA[j]);
      totalSum += (fA[j] - ab[j]) ** 2;
    }
    S1[i] = firstSum / m / V;
    ST[i] = totalSum / (2 * m) / V;
  }
}

/**
 * First- and total-order Sobol' indices with percentile bootstrap intervals, in problem order.
 *
 * The outputs are first centred on their mean (as SALib does): the indices do not change, but the S1
 * estimator's variance no longer grows with the square of the output's mean. With V the variance of
 * f(A) and f(B) pooled:
 * - S1ᵢ = mean(f(B)·(f(ABᵢ) − f(A))) / V — Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M.
 *   & Tarantola, S. (2010) Variance based sensitivity analysis of model output. Design and estimator for the
 *   total sensitivity index. Computer Physics Communications 181(2), 259–270, Table 2 (b).
 * - STᵢ = ½·mean((f(A) − f(ABᵢ))²) / V — Jansen, M. J. W. (1999) Analysis of variance designs for model
 *   output. Computer Physics Communications 117(1–2), 35–43 (Saltelli et al. 2010, Table 2 (f)).
 *
 * Intervals: `bootstrap` resamples of the n base rows drawn with replacement, each keeping its A, B and
 * every ABᵢ together; the (1 ∓ confidence)/2 quantiles of the resampled indices (Efron & Tibshirani 1993,
 * ch. 13). Resamples in which the output happens to be constant are left out.
 *
 * A constant output gives NaN indices (not an error). Accepts only outputs of rows from
 * `sampleSaltelli` (src/sample/saltelli.ts) (with `secondOrder: false`), in its row order.
 * @param Y - model output for each sample row.
 * @throws AnalysisInputError for a bad problem, `Y.length` not a multiple of k + 2 (or not n·(k + 2) when
 *   `n` is given), a non-finite output, or a bad option.
 */
export function analyzeSobol(problem: Problem, Y: number[], options: SobolAnalyzeOptions = {}): SobolIndices[] {
  validateProblem(problem);
  const { bootstrap = 1000, seed = 0, confidence = 0.95 } = options;
  const k = problem.factors.length;
  const n = options.n ?? Y.length / (k + 2);
  if (!Number.isInteger(n) || n < 1) {
    fail('bad_shape', 'Y', `has ${Y.length} outputs, expected a positive multiple of k + 2 = ${k + 2} (Saltelli's design)`);
  }
  checkInteger(n, 1, 'options.n');
  checkInteger(bootstrap, 0, 'options.bootstrap');
  if (!(confidence > 0 && confidence < 1)) fail('bad_option', 'options.confidence', `must lie in (0, 1), got ${confidence}`);
  checkOutputs(Y, n * (k + 2));

  const outputs = splitOutputs(k, Y, n);
  const S1 = new Float64Array(k);
  const ST = new Float64Array(k);
  estimate(outputs, Int32Array.from({ length: n }, (_, j) => j), S1, ST);

  const bootS1 = Array.from({ length: k }, () => [] as number[]);
  const bootST = Array.from({ length: k }, () => [] as number[]);
  const random = randomStream(seed, 'analysis', 'sobol', 'bootstrap');
  const next = () => random.random();
  const picks = new Int32Array(n);
  const s1 = new Float64Array(k);
  const st = new Float64Array(k);
  for (let b = 0; b < bootstrap; b++) {
    estimate(outputs, resampleIndices(n, next, picks), s1, st);
    for (let i = 0; i < k; i++) {
      if (Number.isFinite(s1[i])) bootS1[i].push(s1[i]);
      if (Number.isFinite(st[i])) bootST[i].push(st[i]);
    }
  }
  const lowP = (1 - confidence) / 2;
  const highP = (1 + confidence) / 2;
  const interval = (replicates: number[]): [number, number] => {
    replicates.sort((x, y) => x - y);
    return [quantileSorted(replicates, lowP), quantileSorted(replicates, highP)];
  };
  return problem.factors.map(({ name }, i): SobolIndices => {
    const [S1Low, S1High] = interval(bootS1[i]);
    const [STLow, STHigh] = interval(bootST[i]);
    return { parameter: name, S1: S1[i], S1Low, S1High, ST: ST[i], STLow, STHigh };
  });
}

/** Options of {@link sobolDiagnostics}. */
export interface SobolDiagnosticOptions {
  /** Widest acceptable interval (high − low) of any index. Default 0.1. */
  maxWidth?: number;
}

const fmt = (x: number): string => formatDecimals(x, 3);
const range = (low: number, high: number): string => `[${fmt(low)}, ${fmt(high)}]`;
const nextPowerOfTwo = (x: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, x)));

/**
 * Reasons to distrust `result` as a whole, because the base sample of size `n` was too small or badly
 * chosen. Empty when nothing is wrong. Checks, using the bootstrap intervals as the measure of noise:
 * - an index is NaN (the output did not vary);
 * - an S1 interval lies wholly below 0 (true S1 ≥ 0);
 * - ΣS1 exceeds 1 by more than √Σ(half-width²) (true ΣS1 ≤ 1);
 * - an ST interval lies wholly below its S1 interval (true ST ≥ S1);
 * - an interval is wider than `maxWidth` (default 0.1); widths shrink about as 1/√n;
 * - n is not a power of two (Sobol balance is lost).
 */
export function sobolDiagnostics(result: SobolIndices[], n: number, options: SobolDiagnosticOptions = {}): SobolDiagnostic[] {
  const { maxWidth = 0.1 } = options;
  const diagnostics: SobolDiagnostic[] = [];
  const tooSmall = `n = ${n} is too small for stable indices`;

  const undefinedIndices = result.filter((r) => Number.isNaN(r.S1) || Number.isNaN(r.ST));
  if (undefinedIndices.length > 0) {
    diagnostics.push({
      code: 'undefined_indices',
      message: `Indices of ${undefinedIndices.map((r) => r.parameter).join(', ')} are undefined (NaN): the output did not vary over the sample, so there is no variance to apportion.`,
    });
  }
  const defined = result.filter((r) => !Number.isNaN(r.S1) && !Number.isNaN(r.ST));
  const withIntervals = defined.filter((r) => [r.S1Low, r.S1High, r.STLow, r.STHigh].every(Number.isFinite));
  if (withIntervals.length < defined.length) {
    diagnostics.push({
      code: 'no_intervals',
      message: 'Some indices have no bootstrap interval, so their noise cannot be judged; run analyzeSobol with bootstrap ≥ 100.',
    });
  }

  for (const r of withIntervals) {
    if (r.S1High < 0) {
      diagnostics.push({
        code: 'negative_s1',
        parameter: r.parameter,
        message: `${r.parameter}: S1 = ${fmt(r.S1)} with interval ${range(r.S1Low, r.S1High)} lies below zero, which a first-order index cannot; ${tooSmall}.`,
      });
    }
    if (r.STHigh < r.S1Low) {
      diagnostics.push({
        code: 'st_below_s1',
        parameter: r.parameter,
        message: `${r.parameter}: ST = ${fmt(r.ST)} ${range(r.STLow, r.STHigh)} lies below S1 = ${fmt(r.S1)} ${range(r.S1Low, r.S1High)}, but a total effect cannot be smaller than the first-order effect; ${tooSmall}.`,
      });
    }
  }

  if (withIntervals.length > 0 && withIntervals.length === result.length) {
    const sumS1 = withIntervals.reduce((sum, r) => sum + r.S1, 0);
    const noise = Math.sqrt(withIntervals.reduce((sum, r) => sum + ((r.S1High - r.S1Low) / 2) ** 2, 0));
    if (sumS1 > 1 + noise) {
      diagnostics.push({
        code: 'sum_s1_above_one',
        message: `The first-order indices sum to ${fmt(sumS1)}, above 1 by more than their noise (±${fmt(noise)}), but they cannot exceed 1; ${tooSmall}.`,
      });
    }
  }

  const widths = withIntervals.flatMap((r) => [
    { label: `S1 of ${r.parameter}`, width: r.S1High - r.S1Low },
    { label: `ST of ${r.parameter}`, width: r.STHigh - r.STLow },
  ]);
  const wide = widths.filter((w) => w.width > maxWidth).sort((a, b) => b.width - a.width);
  if (wide.length > 0) {
    const suggested = nextPowerOfTwo(n * (wide[0].width / maxWidth) ** 2);
    diagnostics.push({
      code: 'wide_interval',
      message: `${wide.length} of ${widths.length} intervals are wider than ${maxWidth} (widest: ${wide[0].label}, ${fmt(wide[0].width)}); widths shrink about as 1/√n, so n = ${suggested} instead of ${n} should bring them under ${maxWidth}.`,
    });
  }

  if (Number.isInteger(n) && n > 0 && !Number.isInteger(Math.log2(n))) {
    diagnostics.push({
      code: 'not_power_of_two',
      message: `n = ${n} is not a power of two, so the Sobol points lose their balance; use n = ${nextPowerOfTwo(n)} or ${nextPowerOfTwo(n) / 2}.`,
    });
  }
  return diagnostics;
}

/**
 * The messages of {@link sobolDiagnostics}: sentences saying why the sample size `n` behind `result` is
 * too small for stable indices. Empty when nothing is wrong.
 */
export function sobolWarnings(result: SobolIndices[], n: number, options: SobolDiagnosticOptions = {}): string[] {
  return sobolDiagnostics(result, n, options).map((diagnostic) => diagnostic.message);
}
