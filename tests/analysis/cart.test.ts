import { describe, expect, it } from 'vitest';
import { cart } from '../../src/analysis/cart.js';
import { randomStream } from '../../src/engine/random.js';

describe('CART', () => {
  it('splits a 1-D example where Gini says: at 5.5, into a pure leaf of each class', () => {
    // x = 0…9, interest x ≥ 6: the split between 5 and 6 leaves both sides pure (impurity 0).
    const x = Array.from({ length: 10 }, (_, i) => [i]);
    const y = x.map(([v]) => v >= 6);
    const result = cart(x, y, { minLeaf: 1, bounds: [[0, 9]] });
    expect(result.leaves.map((l) => [l.limits.lower[0], l.limits.upper[0], l.cases, l.interest, l.ofInterest])).toEqual([
      [0, 5.5, 6, 0, false],
      [5.5, 9, 4, 4, true],
    ]);
    const [box] = result.boxes;
    expect([box.coverage, box.density, box.mass]).toEqual([1, 1, 0.4]);
  });

  it('a split must lower the impurity and leave minLeaf cases each side', () => {
    // interest at x = 0 only: with minLeaf 3 the best split is at 2.5 (1 of 3 vs 0 of 7), impurity
    // (3 · 2·⅓·⅔ + 0) / 10 = 0.1333 < parent 2 · 0.1 · 0.9 = 0.18, and the left leaf is not of interest.
    const x = Array.from({ length: 10 }, (_, i) => [i]);
    const y = x.map(([v]) => v === 0);
    const result = cart(x, y, { minLeaf: 3, maxDepth: 1 });
    expect(result.leaves.map((l) => [l.limits.upper[0], l.cases, l.interest])).toEqual([[2.5, 3, 1], [9, 7, 0]]);
    expect(result.boxes).toEqual([]);
  });

  it('finds the known box x1 > 0.6 and x2 < 0.3 on the 5-D cube, other dimensions at their range', () => {
    const random = randomStream(5, 'cart-test');
    const x = Array.from({ length: 2000 }, () => Array.from({ length: 5 }, () => random.random()));
    const y = x.map((row) => row[0] > 0.6 && row[1] < 0.3);
    const bounds = Array.from({ length: 5 }, (): [number, number] => [0, 1]);
    const result = cart(x, y, { bounds, maxDepth: 3 });
    const [box] = result.boxes;
    expect(box.limits.lower[0]).toBeCloseTo(0.6, 1);
    expect(box.limits.upper[1]).toBeCloseTo(0.3, 1);
    expect([box.limits.upper[0], box.limits.lower[1]]).toEqual([1, 0]);
    for (const j of [2, 3, 4]) expect([box.limits.lower[j], box.limits.upper[j]]).toEqual([0, 1]);
    expect(box.density).toBe(1);
  });

  it.each([
    [{ maxDepth: -1 }, /maxDepth/],
    [{ minLeaf: 0 }, /minLeaf/],
  ])('refuses %j', (options, message) => {
    expect(() => cart([[1]], [true], options)).toThrow(message);
  });
});
