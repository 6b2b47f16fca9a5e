import { describe, expect, it } from 'vitest';
import { binomialUpperTail, peelingTrajectory, prim, quantileLikeSdToolkit, selectStep } from '../../src/analysis/prim.js';
import { randomStream } from '../../src/engine/random.js';

/** n points uniform on the unit cube of `d` dimensions, seeded. */
function uniformCube(n: number, d: number, seed: number): number[][] {
  const random = randomStream(seed, 'prim-test');
  return Array.from({ length: n }, () => Array.from({ length: d }, () => random.random()));
}

describe('PRIM on a known box', () => {
  // y = 1 when x1 > 0.6 and x2 < 0.3 on the 5-D unit cube: the box is x1 ∈ (0.6, 1], x2 ∈ [0, 0.3).
  const x = uniformCube(2000, 5, 7);
  const y = x.map((row) => row[0] > 0.6 && row[1] < 0.3);
  const bounds = Array.from({ length: 5 }, (): [number, number] => [0, 1]);
  const result = prim(x, y, { bounds, resamples: 10, seed: 3 });
  const [box] = result.boxes;

  it('recovers the limits within ±0.05 and leaves the other dimensions at their full range', () => {
    expect(box.limits.lower[0]).toBeGreaterThan(0.55);
    expect(box.limits.lower[0]).toBeLessThan(0.65);
    expect(box.limits.upper[0]).toBe(1);
    expect(box.limits.lower[1]).toBe(0);
    expect(box.limits.upper[1]).toBeGreaterThan(0.25);
    expect(box.limits.upper[1]).toBeLessThan(0.35);
    expect(box.restricted).toEqual([true, true, false, false, false]);
    for (const j of [2, 3, 4]) expect([box.limits.lower[j], box.limits.upper[j]]).toEqual([0, 1]);
  });

  it('finds it dense and covering (true box: 12 % of the cube, all of the cases of interest)', () => {
    expect(result.baseRate).toBeCloseTo(0.12, 1);
    expect(box.density).toBeGreaterThan(0.9);
    expect(box.coverage).toBeGreaterThan(0.8);
    // quasi-p of each real restriction is tiny; unrestricted dimensions have none
    expect(box.quasiP[0]).toBeLessThan(1e-6);
    expect(box.quasiP[1]).toBeLessThan(1e-6);
    expect(box.quasiP.slice(2).every(Number.isNaN)).toBe(true);
  });

  it('resamples restrict x1 and x2 nearly always, the others rarely', () => {
    expect(box.resampledRestriction[0]).toBeGreaterThanOrEqual(0.9);
    expect(box.resampledRestriction[1]).toBeGreaterThanOrEqual(0.9);
    for (const j of [2, 3, 4]) expect(box.resampledRestriction[j]).toBeLessThanOrEqual(0.3);
  });

  it('is the same for the same seed', () => {
    const again = prim(x, y, { bounds, resamples: 10, seed: 3 });
    expect(again.boxes.map((b) => b.resampledRestriction)).toEqual(result.boxes.map((b) => b.resampledRestriction));
  });
});

describe('a hand-checked trajectory', () => {
  // x = 0, 1, …, 19; the cases of interest are x ≥ 15 (5 of 20). With α = 0.05 and at most 20 cases,
  // (n − 1)·0.05 < 1, so each peel cuts halfway between the two lowest (or highest) values: one case.
  // Peeling the top removes a case of interest (the mean falls); the bottom removes one that is not,
  // so PRIM peels the bottom 15 times; a 16th peel would leave the mean at 1 (no gain) and is not made.
  const x = Array.from({ length: 20 }, (_, i) => [i]);
  const y = x.map(([v]) => v >= 15);
  const trajectory = peelingTrajectory(x, y, { bounds: [[0, 19]] });

  it('has the start and 15 peels, each with coverage 1, density 5/(20 − k), mass (20 − k)/20', () => {
    expect(trajectory).toHaveLength(16);
    trajectory.forEach((step, k) => {
      expect(step.stage).toBe(k === 0 ? 'start' : 'peel');
      expect(step.cases).toBe(20 - k);
      expect(step.interest).toBe(5);
      expect(step.coverage).toBe(1);
      expect(step.density).toBeCloseTo(5 / (20 - k), 12);
      expect(step.mass).toBeCloseTo((20 - k) / 20, 12);
      expect(step.restricted).toBe(k === 0 ? 0 : 1);
      expect(step.limits.lower[0]).toBe(k === 0 ? 0 : k - 0.5);
      expect(step.limits.upper[0]).toBe(19);
    });
  });

  it('selects the densest box with coverage ≥ 0.8 and gives its quasi-p: 0.25⁵ = 1/1024', () => {
    const result = prim(x, y, { bounds: [[0, 19]], maxBoxes: 1 });
    const [box] = result.boxes;
    expect(box.selected).toBe(15);
    expect([box.limits.lower[0], box.limits.upper[0]]).toEqual([14.5, 19]);
    // Without the restriction the density is 5/20; P(X ≥ 5) for X ~ B(5, 0.25)
    expect(box.quasiP[0]).toBeCloseTo(1 / 1024, 12);
  });

  it('a coverage threshold picks an earlier box', () => {
    // coverage is 1 everywhere, so any threshold keeps all 16 steps: the densest is still the last
    expect(selectStep(trajectory, 0.5)).toBe(15);
    const fake = trajectory.map((s, k) => ({ ...s, coverage: k <= 10 ? 1 : 0.5 }));
    expect(selectStep(fake, 0.8)).toBe(10);
  });
});

describe('pasting and covering on a small example', () => {
  it('pastes back a limit that was peeled too far: more cases, higher density, one limit widened', () => {
    // Two overlapping regions in 3-D; peeling x1 from below overshoots and pasting widens it again.
    const x = uniformCube(500, 3, 17);
    const y = x.map(([a, b, c]) => (a > 0.5 && b < 0.5) || (a > 0.3 && c > 0.7 && b < 0.7));
    const trajectory = peelingTrajectory(x, y, { bounds: [[0, 1], [0, 1], [0, 1]] });
    const pastes = trajectory.filter((s) => s.stage === 'paste');
    expect(pastes.length).toBeGreaterThan(0);
    for (const step of pastes) {
      const before = trajectory[step.index - 1];
      expect(step.cases).toBeGreaterThan(before.cases);
      expect(step.density).toBeGreaterThan(before.density);
      const widened = [0, 1, 2].flatMap((j) => [step.limits.lower[j] < before.limits.lower[j], step.limits.upper[j] > before.limits.upper[j]]);
      expect(widened.filter(Boolean)).toHaveLength(1);
      // the counts are those of the widened box, recounted here
      const inside = x.filter((row) => row.every((v, j) => v >= step.limits.lower[j] && v <= step.limits.upper[j]));
      expect(step.cases).toBe(inside.length);
      expect(step.interest).toBe(x.filter((row, i) => y[i] && inside.includes(row)).length);
    }
  });

  it('covering finds the second box in what the first leaves, and stops when no case of interest is left', () => {
    // A: x1 > 0.7 (30 % of the square); B: x2 > 0.9 where x1 ≤ 0.7 (7 %). Base rate 0.37; A alone
    // covers 0.30/0.37 = 81 % of the cases of interest, so it is the first box, B the second.
    const x = uniformCube(3000, 2, 11);
    const y = x.map(([a, b]) => a > 0.7 || b > 0.9);
    const result = prim(x, y, { bounds: [[0, 1], [0, 1]], maxBoxes: 4 });
    expect(result.baseRate).toBeCloseTo(0.37, 1);
    const [first, second] = result.boxes;
    expect(first.limits.lower[0]).toBeCloseTo(0.7, 1);
    expect(first.restricted).toEqual([true, false]);
    expect(second.limits.lower[1]).toBeCloseTo(0.9, 1);
    // the second box is drawn from what the first left: it may keep x1's full range, its cases cannot
    expect(second.members.every((i) => x[i][0] < first.limits.lower[0])).toBe(true);
    // coverage is of all cases of interest: the two boxes together hold nearly all of them
    expect(first.coverage + second.coverage).toBeGreaterThan(0.95);
    expect(first.members.filter((i) => second.members.includes(i))).toEqual([]);
    for (const box of result.boxes) expect(box.density).toBeGreaterThanOrEqual(result.baseRate);
    expect(['no_interest_left', 'below_base_rate']).toContain(result.stop);
  });
});

describe('helpers', () => {
  it.each([
    // k, n, p, P(X ≥ k) by hand
    [3, 4, 0.5, 5 / 16],
    [0, 4, 0.5, 1],
    [5, 4, 0.5, 0],
    [1, 3, 0.1, 1 - 0.9 ** 3],
    [2, 2, 0.3, 0.09],
  ])('P(X ≥ %d) for B(%d, %d)', (k, n, p, expected) => {
    expect(binomialUpperTail(k, n, p)).toBeCloseTo(expected, 12);
  });

  it('cuts between distinct values, past ties', () => {
    expect(quantileLikeSdToolkit([1, 2, 3, 4, 5], 0.05)).toBe(1.5);
    expect(quantileLikeSdToolkit([1, 1, 1, 4, 5], 0.05)).toBe(2.5);
    expect(quantileLikeSdToolkit([1, 2, 5, 5, 5], 0.95)).toBe(3.5);
  });

  it('refuses ragged data and bad options', () => {
    expect(() => prim([[1, 2], [3]], [true, false])).toThrow(/x\[1\] has 1 values, expected 2/);
    expect(() => prim([[1]], [true, false])).toThrow(/y has 2/);
    expect(() => prim([[1]], [true], { peelAlpha: 0.7 })).toThrow(/peelAlpha/);
    expect(() => prim([[2]], [true], { bounds: [[0, 1]] })).toThrow(/outside its bounds/);
  });
});
