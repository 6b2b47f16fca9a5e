import { describe, expect, it } from 'vitest';
import { analyzeOat } from '../../src/analysis/oat.js';
import { sampleOat } from '../../src/sample/oat.js';
import type { Problem } from '../../src/sample/problem.js';

// y = 2·rate − 3·transitDays + stock, worked by hand below.
const problem: Problem = {
  factors: [
    { name: 'rate', min: 0, max: 10 },
    { name: 'transitDays', min: 1, max: 3 },
    { name: 'stock', min: 50, max: 150 },
  ],
};
const baseline = { rate: 4, transitDays: 2, stock: 100 };
const model = ([rate, transitDays, stock]: number[]) => 2 * rate - 3 * transitDays + stock;

describe('sampleOat', () => {
  it('gives the baseline, then each factor at its min and its max', () => {
    expect(sampleOat(problem, baseline)).toEqual([
      [4, 2, 100],
      [0, 2, 100],
      [10, 2, 100],
      [4, 1, 100],
      [4, 3, 100],
      [4, 2, 50],
      [4, 2, 150],
    ]);
  });

  it.each([
    ['a missing factor', { rate: 4, transitDays: 2 }, 'baseline.stock: is missing'],
    ['an unknown name', { ...baseline, rat: 1 }, 'baseline.rat: is not a factor'],
    ['a value outside the range', { ...baseline, stock: 151 }, 'baseline.stock: must be a finite number in [50, 150], got 151'],
    ['NaN', { ...baseline, rate: NaN }, 'baseline.rate: must be a finite number'],
  ])('refuses %s', (_, bad, message) => {
    expect(() => sampleOat(problem, bad)).toThrow(message);
  });
});

describe('analyzeOat', () => {
  it('computes swings of a linear function by hand, in tornado order', () => {
    const rows = sampleOat(problem, baseline);
    const Y = rows.map(model);
    // base = 8 − 6 + 100 = 102; rate: 94 … 114; transitDays: 105 … 99; stock: 52 … 152.
    expect(analyzeOat(problem, rows, Y)).toEqual([
      { parameter: 'stock', low: 52, high: 152, base: 102, swing: 100 },
      { parameter: 'rate', low: 94, high: 114, base: 102, swing: 20 },
      { parameter: 'transitDays', low: 105, high: 99, base: 102, swing: 6 },
    ]);
  });

  it('keeps factor order among equal swings', () => {
    const rows = sampleOat(problem, baseline);
    const result = analyzeOat(problem, rows, rows.map(() => 1));
    expect(result.map((r) => r.parameter)).toEqual(['rate', 'transitDays', 'stock']);
    expect(result.every((r) => r.swing === 0)).toBe(true);
  });

  it('refuses rows that sampleOat did not lay out', () => {
    const rows = sampleOat(problem, baseline);
    rows[4] = [4, 3, 101];
    expect(() => analyzeOat(problem, rows, rows.map(model))).toThrow('rows[4][2]: expected 100');
  });

  it('refuses outputs of the wrong length or not finite', () => {
    const rows = sampleOat(problem, baseline);
    expect(() => analyzeOat(problem, rows, [1, 2, 3])).toThrow('Y: has 3 outputs, expected one per sample row (7)');
    expect(() => analyzeOat(problem, rows, [1, 2, 3, 4, NaN, 6, 7])).toThrow('Y[4]: must be a finite number, got NaN');
  });
});
