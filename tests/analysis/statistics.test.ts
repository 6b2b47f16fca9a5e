import { describe, expect, it } from 'vitest';
import { mean, normalQuantile, quantileSorted, variance } from '../../src/analysis/statistics.js';

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
