/** History matching by hand: implausibility on three points, the NROY rule, conflict shares on a tiny design, the next wave's box. */
import { describe, expect, it } from 'vitest';
import { implausibility, isNroy, maxima, nextBox, observationMoments, targetConflicts } from '../../src/analysis/history-matching.js';

describe('implausibility', () => {
  // Range [90, 110]: obs 100, σ_obs = 20 / 4 = 5, var_obs 25.
  const target = { low: 90, high: 110 };
  it('reads the range as ±2σ around its midpoint', () => {
    expect(observationMoments(target)).toEqual({ obs: 100, varObs: 25 });
  });
  it.each([
    // One replication: var_sim 0 → |110 − 100| / 5 = 2.
    ['one run at 110', [110], 2],
    // Mean 112, sample variance ((−2)² + 2²) / 1 = 8, R = 2: √(25 + 4) = √29 → 12 / √29.
    ['two runs 110 and 114', [110, 114], 12 / Math.sqrt(29)],
    // Mean 88, sample variance ((−6)² + 0 + 6²) / 2 = 36, R = 3: √(25 + 12) → 12 / √37.
    ['three runs 82, 88, 94', [82, 88, 94], 12 / Math.sqrt(37)],
  ])('%s', (_label, values, expected) => {
    expect(implausibility(values, target)).toBeCloseTo(expected, 12);
  });
  it('is NaN when a run failed', () => {
    expect(implausibility([100, Number.NaN], target)).toBeNaN();
  });
});

describe('the NROY rule', () => {
  it('judges by the largest, or with second-max by the second-largest implausibility', () => {
    expect(maxima([1, 4, 2.5])).toEqual({ max: 4, second: 2.5 });
    expect(isNroy([1, 4, 2.5], 3)).toBe(false);
    expect(isNroy([1, 4, 2.5], 3, true)).toBe(true);
    expect(isNroy([1, 3, 2.5], 3)).toBe(true); // ≤ cutoff passes
    expect(isNroy([1, Number.NaN], 3)).toBe(false);
  });
});

describe('conflicts', () => {
  it('counts, per pair, the points where each target holds and where both do', () => {
    // Four points × three targets, cutoff 3. Target 0 holds at points 0, 1; target 1 at point 2 only;
    // target 2 at points 0, 1, 2, 3.
    const rows = [
      [1, 5, 0],
      [2, 4, 1],
      [4, 1, 2],
      [5, 6, 3],
    ];
    expect(targetConflicts(rows, 3)).toEqual([
      { a: 0, b: 1, shareA: 0.5, shareB: 0.25, shareBoth: 0 },
      { a: 0, b: 2, shareA: 0.5, shareB: 1, shareBoth: 0.5 },
      { a: 1, b: 2, shareA: 0.25, shareB: 1, shareBoth: 0.25 },
    ]);
  });
});

describe('the next wave', () => {
  it('is the NROY bounding box widened by the smaller of the design spacing (width × N^(−1/k)) and the NROY range ÷ (m − 1), clipped', () => {
    // Box [0, 10] × [0, 1], N = 4 points over k = 2: spacing 4^(−1/2) = 1/2 of the width: 5 and 0.5. NROY: points 1
    // and 2 (m = 2), whose ranges are 2 and 0.4, so the margins are min(5, 2 / 1) = 2 and min(0.5, 0.4) = 0.4.
    const points = [[1, 0.9], [4, 0.5], [6, 0.1], [9, 0.95]];
    const box = nextBox(points, [false, true, true, false], { low: [0, 0], high: [10, 1] })!;
    // NROY x in [4, 6] ± 2 → [2, 8]; y in [0.1, 0.5] ± 0.4 → [0, 0.9] clipped. With 100 points the spacing is
    // 1/10 (margins 1 and 0.1, under the ranges): x [3, 7], y [0, 0.6].
    expect(box.low[0]).toBeCloseTo(2, 12);
    expect(box.high[0]).toBeCloseTo(8, 12);
    expect(box.low[1]).toBe(0);
    expect(box.high[1]).toBeCloseTo(0.9, 12);
    // One NROY point: the design spacing alone (x 4 ± 5, y 0.5 ± 0.5, clipped).
    expect(nextBox(points, [false, true, false, false], { low: [0, 0], high: [10, 1] })).toEqual({ low: [0, 0], high: [9, 1] });
    const many = [...points, ...Array.from({ length: 96 }, () => [0, 0])];
    const tight = nextBox(many, [false, true, true, false, ...Array(96).fill(false)], { low: [0, 0], high: [10, 1] })!;
    expect(tight.low[0]).toBeCloseTo(3, 12);
    expect(tight.high[0]).toBeCloseTo(7, 12);
    expect(tight.low[1]).toBe(0);
    expect(tight.high[1]).toBeCloseTo(0.6, 12);
    expect(nextBox(points, [false, false, false, false], { low: [0, 0], high: [10, 1] })).toBeUndefined();
  });
});
