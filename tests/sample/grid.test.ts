import { describe, expect, it } from 'vitest';
import { gridDesign, linspace } from '../../src/sample/grid.js';

describe('gridDesign', () => {
  it('writes out a 2×3 factorial with the first factor varying slowest', () => {
    // Nested loops by hand: for a of [1, 2] { for b of [10, 20, 30] { [a, b] } }.
    expect(gridDesign([
      [1, 2],
      [10, 20, 30],
    ])).toEqual([
      [1, 10],
      [1, 20],
      [1, 30],
      [2, 10],
      [2, 20],
      [2, 30],
    ]);
  });

  it('has the product of the level counts as its size, each combination once', () => {
    const design = gridDesign([[0, 1], [0, 1, 2], [0, 1, 2, 3]]);
    expect(design).toHaveLength(2 * 3 * 4);
    expect(new Set(design.map((row) => row.join(','))).size).toBe(24);
    expect(design[0]).toEqual([0, 0, 0]);
    expect(design[1]).toEqual([0, 0, 1]);
    expect(design[23]).toEqual([1, 2, 3]);
  });

  it('gives the single empty point for no factors and a column for one factor', () => {
    expect(gridDesign([])).toEqual([[]]);
    expect(gridDesign([[5, 6, 7]])).toEqual([[5], [6], [7]]);
  });

  it('rejects a factor with no levels, naming it', () => {
    expect(() => gridDesign([[1], []])).toThrow(new RangeError('gridDesign: levels[1] has no levels'));
  });
});

describe('linspace', () => {
  it('spaces values evenly with exact endpoints', () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(10, -10, 3)).toEqual([10, 0, -10]);
    const values = linspace(0.1, 0.7, 7);
    expect(values[0]).toBe(0.1);
    expect(values[6]).toBe(0.7);
    values.forEach((v, i) => expect(v).toBeCloseTo(0.1 + 0.1 * i, 14));
  });

  it('gives [low] for n = 1', () => {
    expect(linspace(3, 9, 1)).toEqual([3]);
  });

  it.each([
    [0, 1, 0, 'linspace: n must be an integer ≥ 1, got 0'],
    [0, 1, 2.5, 'linspace: n must be an integer ≥ 1, got 2.5'],
    [Number.NaN, 1, 3, 'linspace: low and high must be finite, got NaN and 1'],
    [0, Number.POSITIVE_INFINITY, 3, 'linspace: low and high must be finite, got 0 and Infinity'],
  ])('linspace(%s, %s, %s) throws %s', (low, high, n, message) => {
    expect(() => linspace(low, high, n)).toThrow(new RangeError(message));
  });
});
