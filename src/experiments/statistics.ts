/**
 * Replication statistics: a scenario is run n times with independent seeds and each output is
 * summarised by its mean and a 95% Student-t confidence interval. The batch and the streaming
 * summaries give the same numbers.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

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
 * t_{0.975, n−1} · sd / √n, the half-width of the two-sided 95% confidence interval for the mean of
 * n independent replications (Law 2015, Simulation Modeling and Analysis, 5th ed., §9.4.1, the
 * fixed-sample-size procedure). NaN when n < 2.
 */
function ciHalfWidth95(sd: number, n: number): number {
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
