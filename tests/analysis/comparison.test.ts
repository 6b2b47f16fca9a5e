/** Paired differences of common-random-number runs, against hand-computed intervals. */
import { describe, expect, it } from 'vitest';
import { pairedDifference, verdictOf, welchHalfWidth } from '../../src/analysis/comparison.js';
import { summarizeSample } from '../../src/analysis/statistics.js';

describe('baseline 10, 12, 14, 16 against 11, 13.5, 15, 17.5 (the same four seeds)', () => {
  const d = pairedDifference([11, 13.5, 15, 17.5], [10, 12, 14, 16])!;

  it('pairs to differences 1, 1.5, 1, 1.5: mean 1.25, half-width t(0.975, 3)·s/√4 = 3.1824 × 0.28868 / 2 = 0.45934', () => {
    expect(d.difference).toBeCloseTo(1.25, 12);
    expect(d.paired.ciHalfWidth95).toBeCloseTo(0.45934, 4);
    expect(d.verdict).toBe('higher');
  });

  it('unpaired (Welch): se² = 6.6667/4 + 7.4167/4 = 3.5208, ν = 5.983, half-width t(0.975, 5.983)·1.8764 = 2.4485 × 1.8764 ≈ 4.594 — wider than the shift', () => {
    expect(d.unpairedHalfWidth).toBeCloseTo(4.594, 2);
    expect(verdictOf(d.difference, d.unpairedHalfWidth)).toBe('no clear difference');
  });
});

describe('verdicts', () => {
  it.each([
    [2, 1, 'higher'],
    [-2, 1, 'lower'],
    [0.5, 1, 'no clear difference'],
    [1, 1, 'no clear difference'],
    [3, Number.NaN, 'no clear difference'],
  ] as const)('difference %d ± %d → %s', (difference, half, verdict) => {
    expect(verdictOf(difference, half)).toBe(verdict);
  });

  it('calls a change that leaves every pair equal "no clear difference" with a zero interval, not NaN', () => {
    const d = pairedDifference([5, 7, 9], [5, 7, 9])!;
    expect(d.difference).toBe(0);
    expect(d.verdict).toBe('no clear difference');
  });

  it('drops replications where either run has no value (a milestone never reached)', () => {
    const d = pairedDifference([3, undefined, 5, 8], [1, 2, undefined, 4])!;
    expect(d.paired.n).toBe(2); // pairs (3 − 1) and (8 − 4)
    expect(d.difference).toBe(3);
  });

  it('refuses runs of different lengths: they were not paired by seed', () => {
    expect(() => pairedDifference([1, 2], [1, 2, 3])).toThrow(/same seeds/);
  });
});

describe('welchHalfWidth', () => {
  it('with equal variances and sizes is t(0.975, 2n − 2)·s·√(2/n): n = 5, s = 2 → 2.3060 × 1.2649 = 2.9168', () => {
    const a = summarizeSample([1, 3, 5, 2, 4].map((x) => x * Math.sqrt(1.6))); // sd 2
    const b = summarizeSample([1, 3, 5, 2, 4].map((x) => x * Math.sqrt(1.6) + 7));
    expect(a.sd).toBeCloseTo(2, 12);
    expect(welchHalfWidth(a, b)).toBeCloseTo(2.9168, 3);
  });
});
