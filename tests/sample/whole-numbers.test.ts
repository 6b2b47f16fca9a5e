/** stratumToWhole: strata of an n-point design onto m whole numbers, counted by hand. */
import { describe, expect, it } from 'vitest';
import { stratumToWhole } from '../../src/sample/whole-numbers.js';

describe('stratumToWhole', () => {
  it('maps the 5 strata of [0, 1) onto {0, 1} as 0, 0, 1, 1, 1 (midpoints 0.1 … 0.9 × 2 = 0.2, 0.6, 1.0, 1.4, 1.8)', () => {
    expect([0.05, 0.3, 0.5, 0.7, 0.99].map((x) => stratumToWhole(x, 5, 0, 2))).toEqual([0, 0, 1, 1, 1]);
  });

  it.each([[6, 3], [7, 3], [10, 4], [64, 5], [3, 7]])('%i strata onto %i whole numbers: each taken ⌊n/m⌋ or ⌈n/m⌉ times', (n, m) => {
    const counts = new Array<number>(m).fill(0);
    for (let k = 0; k < n; k++) counts[stratumToWhole((k + 0.5) / n, n, 10, m) - 10]++;
    for (const c of counts) expect([Math.floor(n / m), Math.ceil(n / m)]).toContain(c);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('keeps any point of a stratum on the stratum\'s whole number (x = k/n and just below (k+1)/n)', () => {
    expect(stratumToWhole(2 / 4, 4, 1, 2)).toBe(2);
    expect(stratumToWhole(3 / 4 - 1e-12, 4, 1, 2)).toBe(2);
    expect(stratumToWhole(1 / 4 - 1e-12, 4, 1, 2)).toBe(1);
  });

  it('refuses n or count below 1', () => {
    expect(() => stratumToWhole(0.5, 0, 0, 2)).toThrow(RangeError);
    expect(() => stratumToWhole(0.5, 2, 0, 0)).toThrow(RangeError);
  });
});
