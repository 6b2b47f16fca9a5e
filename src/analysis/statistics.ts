/**
 * The statistics every part of munisim shares, written once: means, variances, sample quantiles,
 * the normal and Student-t quantiles, and the replication summary (mean and 95 % Student-t
 * confidence interval) that sweeps, sensitivity studies and notebooks all report.
 */
import { createRequire } from 'node:module';

type TQuantile = (p: number, df: number) => number;
let loadedTQuantile: TQuantile | undefined;

/**
 * @stdlib's Student-t quantile, loaded on first use: it pulls in some 500 modules, which
 * `import('munisim')` should not pay for. `require` is the CLI bundle's (esbuild bundles the call and
 * runs it only here); elsewhere a createRequire of this file loads the same package.
 */
function tQuantile(p: number, df: number): number {
  loadedTQuantile ??= (typeof require === 'function' ? require('@stdlib/stats-base-dists-t-quantile') : createRequire(import.meta.url)('@stdlib/stats-base-dists-t-quantile')) as TQuantile;
  return loadedTQuantile(p, df);
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * Variance with `ddof` delta degrees of freedom (0 = population, 1 = sample), computed about the mean
 * in two passes so that large offsets do not swamp small spreads.
 */
export function variance(values: ArrayLike<number>, ddof = 0): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return sum / (values.length - ddof);
}

/**
 * The `p`-quantile of values already sorted ascending, by linear interpolation between order statistics
 * (Hyndman & Fan 1996, definition 7 — the default of R and NumPy).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * The standard normal quantile Φ⁻¹(p), to about 1e-16 relative accuracy.
 * Wichura, M. J. (1988) Algorithm AS 241: The percentage points of the normal distribution.
 * Applied Statistics 37(3), 477–484.
 * @throws RangeError unless 0 < p < 1.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must lie in (0, 1), got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r + 6.7265770927008700853e4) * r +
          4.5921953931549871457e4) * r + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r +
          1.3314166789178437745e2) * r + 3.387132872796366608)) /
      (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r + 3.9307895800092710610e4) * r +
        2.1213794301586595867e4) * r + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r +
        4.2313330701600911252e1) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 2.27238449892691845833e-2) * r + 2.4178072517745061177e-1) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 1.51986665636164571966e-2) * r +
        1.4810397642748007459e-1) * r + 6.8976733498510000455e-1) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.2426609473880784386e-3) * r +
        2.6532189526576123093e-2) * r + 2.9656057182850489123e-1) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 1.4875361290850614852e-2) * r + 1.3692988092273580531e-1) * r +
        5.9983220655588793769e-1) * r + 1);
  }
  return q < 0 ? -value : value;
}

/** Draws `n` indices uniformly from 0…n−1 with replacement, using `random()` ∈ [0, 1). */
export function resampleIndices(n: number, random: () => number, into: Int32Array = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) into[i] = Math.floor(random() * n);
  return into;
}

/** Summary of n replications of one output. */
export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); NaN when n = 1. */
  sd: number;
  /** Half-width of the 95% Student-t confidence interval for the mean; NaN when n = 1. */
  ciHalfWidth95: number;
  min: number;
  max: number;
}

/**
 * The `p`-quantile of Student's t distribution with `df` degrees of freedom (e.g. t_{0.975, 7} =
 * 2.3646), as tabulated in the NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2.
 * NaN unless 0 ≤ p ≤ 1 and df > 0.
 */
export function studentTQuantile(p: number, df: number): number {
  return tQuantile(p, df);
}

/**
 * t_{0.975, n−1} · sd / √n, the half-width of the two-sided 95% confidence interval for the mean of
 * n independent replications (Law 2015, Simulation Modeling and Analysis, 5th ed., §9.4.1, the
 * fixed-sample-size procedure). NaN when n < 2.
 */
export function ciHalfWidth95(sd: number, n: number): number {
  if (n < 2) return Number.NaN;
  return (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
}

function assertFinite(value: number, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`${where} is ${String(value)}; every value must be a finite number`);
  }
}

/**
 * Mean, sample standard deviation, 95% confidence half-width, min and max of replication outputs.
 *
 * The variance is the corrected two-pass formula of Chan, Golub & LeVeque (1983, "Algorithms for
 * computing the sample variance: analysis and recommendations", The American Statistician
 * 37(3):242–247, eq. 1.7), accurate even when the mean is large relative to the spread. With one
 * value, `sd` and `ciHalfWidth95` are NaN (callers print empty cells).
 *
 * @param values - replication outputs, at least one, all finite
 * @throws RangeError if `values` is empty or holds a non-finite value (naming its index)
 */
export function summarizeSample(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) throw new RangeError('summarizeSample: needs at least one value, got none');
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  values.forEach((value, index) => {
    assertFinite(value, `summarizeSample: values[${index}]`);
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  });
  const mean = sum / n;
  let sumSquares = 0;
  let sumDeviations = 0;
  for (const value of values) {
    const deviation = value - mean;
    sumSquares += deviation * deviation;
    sumDeviations += deviation;
  }
  // The correction term removes the rounding error of the mean (it is exactly 0 in exact arithmetic).
  const variance = n > 1 ? Math.max(0, (sumSquares - (sumDeviations * sumDeviations) / n) / (n - 1)) : Number.NaN;
  const sd = Math.sqrt(variance);
  return { n, mean, sd, ciHalfWidth95: ciHalfWidth95(sd, n), min, max };
}

/**
 * A streaming accumulator with the same summary as {@link summarizeSample}, in O(1) memory:
 * Welford's update (Welford 1962, "Note on a method for calculating corrected sums of squares and
 * products", Technometrics 4(3):419–420) for the mean and the sum of squared deviations, plus min
 * and max. Results agree with `summarizeSample` to rounding (a few ulps), not bit for bit.
 */
export class RunningStats {
  private count = 0;
  private runningMean = 0;
  /** Sum of squared deviations from the running mean (Welford's M2). */
  private m2 = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  /**
   * Adds one replication output.
   * @throws RangeError if `x` is not a finite number (the accumulator is left unchanged)
   */
  push(x: number): void {
    assertFinite(x, `RunningStats.push: value #${this.count + 1}`);
    this.count += 1;
    const delta = x - this.runningMean;
    this.runningMean += delta / this.count;
    this.m2 += delta * (x - this.runningMean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** The number of values pushed so far. */
  get n(): number {
    return this.count;
  }

  /**
   * The summary of the values pushed so far; `sd` and `ciHalfWidth95` are NaN after one value.
   * @throws RangeError if no value has been pushed
   */
  summary(): SampleSummary {
    const n = this.count;
    if (n === 0) throw new RangeError('RunningStats.summary: needs at least one value, got none');
    const sd = n > 1 ? Math.sqrt(Math.max(0, this.m2 / (n - 1))) : Number.NaN;
    return { n, mean: this.runningMean, sd, ciHalfWidth95: ciHalfWidth95(sd, n), min: this.min, max: this.max };
  }
}
