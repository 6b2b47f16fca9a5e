import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ciHalfWidth95, mean, normalQuantile, quantileSorted, RunningStats, studentTQuantile, summarizeSample, variance, type SampleSummary,
} from '../../src/analysis/statistics.js';

describe('normalQuantile', () => {
  // Reference values: R's qnorm to 15 significant digits.
  it.each([
    [0.5, 0],
    [0.975, 1.95996398454005],
    [0.025, -1.95996398454005],
    [0.3, -0.524400512708041],
    [0.9999999, 5.19933758229066],
    [1e-10, -6.36134090240406],
  ])('Φ⁻¹(%d) = %d', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 12);
  });

  it.each([0, 1, -0.1, NaN])('refuses p = %d', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe('sample statistics', () => {
  it('mean and variance by hand', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(variance([1, 2, 3, 4])).toBe(1.25);
    expect(variance([1, 2, 3, 4], 1)).toBeCloseTo(5 / 3, 15);
  });

  it('quantiles interpolate between order statistics (NumPy default)', () => {
    const sorted = [1, 2, 3, 4, 10];
    expect(quantileSorted(sorted, 0)).toBe(1);
    expect(quantileSorted(sorted, 1)).toBe(10);
    expect(quantileSorted(sorted, 0.5)).toBe(3);
    // numpy.quantile([1, 2, 3, 4, 10], 0.9) = 7.6
    expect(quantileSorted(sorted, 0.9)).toBeCloseTo(7.6, 12);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('studentTQuantile', () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2 "Critical values of the Student's t
  // distribution" (3 decimals): columns 0.95 and 0.975.
  it.each([
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 5, 2.571],
    [0.975, 10, 2.228],
    [0.975, 30, 2.042],
    [0.975, 100, 1.984],
    [0.95, 1, 6.314],
    [0.95, 10, 1.812],
    [0.95, 30, 1.697],
  ])('t(%d, %d) = %d', (p, df, t) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 3);
  });

  it('is symmetric: t(0.025, 7) = −t(0.975, 7)', () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-2.365, 3);
  });

  it('gives the 95 % half-width t · sd / √n, NaN below two values', () => {
    // n = 11: t_{0.975,10} = 2.228, sd 3 → 2.228 · 3 / √11 = 2.01532…
    expect(ciHalfWidth95(3, 11)).toBeCloseTo((2.228139 * 3) / Math.sqrt(11), 5);
    expect(ciHalfWidth95(3, 1)).toBeNaN();
  });
});

describe('sample quantiles (type 7)', () => {
  it.each([
    [[1, 2, 3, 4], 0.5, 2.5],
    [[0, 10], 0.05, 0.5],
    [[5], 0.3, 5],
  ])('quantile of %j at %d is %d', (sorted, p, q) => {
    expect(quantileSorted(sorted, p)).toBeCloseTo(q, 12);
  });
});

/**
 * t_{0.975, ν}, the two-sided 95% critical values of Student's t. The NIST/SEMATECH e-Handbook of
 * Statistical Methods, §1.3.6.7.2, tabulates them as 12.706, 2.365 and 2.042; the longer digits are
 * from higher-precision published tables.
 */
const T975 = { 1: 12.7062047, 7: 2.364624252, 30: 2.0422725 };

function streamed(values: number[]): SampleSummary {
  const stats = new RunningStats();
  for (const v of values) stats.push(v);
  return stats.summary();
}

describe('summarizeSample', () => {
  it('matches a hand-computed summary of [2,4,4,4,5,5,7,9]', () => {
    // mean = 40 / 8 = 5; deviations -3,-1,-1,-1,0,0,2,4; squares sum to 9+1+1+1+0+0+4+16 = 32;
    // sample sd = sqrt(32 / 7) ≈ 2.1380899; half-width = t_{0.975,7} · sqrt(32/7) / sqrt(8)
    //   = 2.364624252 · 0.7559289460 ≈ 1.7874879.
    const summary = summarizeSample([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(summary.n).toBe(8);
    expect(summary.mean).toBe(5);
    expect(summary.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(summary.ciHalfWidth95).toBeCloseTo(T975[7] * Math.sqrt(4 / 7), 8);
    expect(summary.ciHalfWidth95).toBeCloseTo(1.7874879, 6);
    expect(summary.min).toBe(2);
    expect(summary.max).toBe(9);
  });

  it('uses t_{0.975,1} = 12.7062047 for two values', () => {
    // [0, 2]: mean 1, sd = sqrt(2), sd / sqrt(2) = 1, so the half-width is the t quantile itself.
    expect(summarizeSample([0, 2]).ciHalfWidth95).toBeCloseTo(T975[1], 6);
  });

  it('uses t_{0.975,30} = 2.0422725 for 31 values', () => {
    // 15 × (−a), 15 × (+a), one 0 with a = sqrt(31): mean 0, sd² = 30a² / 30 = 31, sd / sqrt(31) = 1.
    const a = Math.sqrt(31);
    const values = [...Array<number>(15).fill(-a), ...Array<number>(15).fill(a), 0];
    const summary = summarizeSample(values);
    expect(summary.sd).toBeCloseTo(a, 12);
    expect(summary.ciHalfWidth95).toBeCloseTo(T975[30], 6);
  });

  it('gives NaN sd and half-width for a single value', () => {
    expect(summarizeSample([4.5])).toEqual({ n: 1, mean: 4.5, sd: Number.NaN, ciHalfWidth95: Number.NaN, min: 4.5, max: 4.5 });
  });

  it('stays accurate when the mean dwarfs the spread', () => {
    // 1e9 + [4, 7, 13, 16] (Chan, Golub & LeVeque's test): variance = (36+9+9+36)/3 = 30.
    const values = [4, 7, 13, 16].map((v) => 1e9 + v);
    expect(summarizeSample(values).sd).toBeCloseTo(Math.sqrt(30), 9);
    expect(streamed(values).sd).toBeCloseTo(Math.sqrt(30), 6);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('rejects %s, naming the value', (bad) => {
    expect(() => summarizeSample([1, bad, 3])).toThrow(
      new RangeError(`summarizeSample: values[1] is ${bad}; every value must be a finite number`),
    );
  });

  it('rejects an empty sample', () => {
    expect(() => summarizeSample([])).toThrow(RangeError);
  });
});

describe('RunningStats', () => {
  it('gives the same summary as summarizeSample on random data', () => {
    const close = (a: number, b: number, scale: number) =>
      (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * scale;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (values) => {
          const batch = summarizeSample(values);
          const stream = streamed(values);
          const scale = 1 + Math.max(...values.map(Math.abs));
          expect(stream.n).toBe(batch.n);
          expect(stream.min).toBe(batch.min);
          expect(stream.max).toBe(batch.max);
          expect(close(stream.mean, batch.mean, scale), `mean ${stream.mean} vs ${batch.mean}`).toBe(true);
          expect(close(stream.sd, batch.sd, scale), `sd ${stream.sd} vs ${batch.sd}`).toBe(true);
          expect(close(stream.ciHalfWidth95, batch.ciHalfWidth95, scale * 20)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('matches the hand-computed example while streaming', () => {
    const summary = streamed([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(summary.mean).toBeCloseTo(5, 14);
    expect(summary.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(summary.ciHalfWidth95).toBeCloseTo(T975[7] * Math.sqrt(4 / 7), 8);
  });

  it('rejects non-finite values and keeps its state', () => {
    const stats = new RunningStats();
    stats.push(1);
    expect(() => stats.push(Number.NaN)).toThrow(
      new RangeError('RunningStats.push: value #2 is NaN; every value must be a finite number'),
    );
    stats.push(3);
    expect(stats.summary()).toMatchObject({ n: 2, mean: 2, min: 1, max: 3 });
    expect(stats.n).toBe(2);
  });

  it('refuses a summary before any value', () => {
    expect(() => new RunningStats().summary()).toThrow(RangeError);
  });
});
