import { describe, expect, it } from 'vitest';
import { type SobolTestFunction, ishigami, linearFunction, screeningFunction, sobolG } from '../../src/analysis/test-functions.js';

/**
 * Sobol' indices of a 3-factor function by brute force on an m³ midpoint grid: V_i = Var(E[y | x_i]) and
 * VT_i = E[Var(y | x_~i)] — an independent check of each closed form.
 */
function gridIndices(f: SobolTestFunction, m: number): { S1: number[]; ST: number[]; variance: number } {
  const axes = f.problem.factors.map(({ min, max }) => Array.from({ length: m }, (_, j) => min + ((j + 0.5) / m) * (max - min)));
  const y = new Float64Array(m ** 3);
  for (let a = 0; a < m; a++)
    for (let b = 0; b < m; b++)
      for (let c = 0; c < m; c++) y[(a * m + b) * m + c] = f.evaluate([axes[0][a], axes[1][b], axes[2][c]]);
  const at = (i: number, fixed: number, free1: number, free2: number) =>
    i === 0 ? (fixed * m + free1) * m + free2 : i === 1 ? (free1 * m + fixed) * m + free2 : (free1 * m + free2) * m + fixed;
  const meanY = y.reduce((s, v) => s + v, 0) / y.length;
  const variance = y.reduce((s, v) => s + (v - meanY) ** 2, 0) / y.length;
  const S1: number[] = [];
  const ST: number[] = [];
  for (let i = 0; i < 3; i++) {
    let v1 = 0;
    for (let fixed = 0; fixed < m; fixed++) {
      let sum = 0;
      for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) sum += y[at(i, fixed, p, q)];
      v1 += (sum / (m * m) - meanY) ** 2;
    }
    S1.push(v1 / m / variance);
    let vt = 0;
    for (let p = 0; p < m; p++)
      for (let q = 0; q < m; q++) {
        let sum = 0;
        let squares = 0;
        for (let fixed = 0; fixed < m; fixed++) {
          const v = y[at(i, fixed, p, q)];
          sum += v;
          squares += v * v;
        }
        vt += squares / m - (sum / m) ** 2;
      }
    ST.push(vt / (m * m) / variance);
  }
  return { S1, ST, variance };
}

describe('Ishigami', () => {
  const f = ishigami();

  it('has the published indices for a = 7, b = 0.1 (Sobol\' & Levitan 1999)', () => {
    [0.3139, 0.4424, 0].forEach((s, i) => expect(f.S1[i]).toBeCloseTo(s, 4));
    [0.5576, 0.4424, 0.2437].forEach((s, i) => expect(f.ST[i]).toBeCloseTo(s, 4));
    expect(f.variance).toBeCloseTo(13.8446, 4);
  });

  it('closed forms agree with a 120³ midpoint-grid integration to 1e-3', () => {
    const grid = gridIndices(f, 120);
    expect(Math.abs(grid.variance / f.variance - 1)).toBeLessThan(1e-3);
    grid.S1.forEach((s, i) => expect(Math.abs(s - f.S1[i])).toBeLessThan(1e-3));
    grid.ST.forEach((s, i) => expect(Math.abs(s - f.ST[i])).toBeLessThan(1e-3));
  });

  it('evaluates the formula', () => {
    expect(f.evaluate([Math.PI / 2, Math.PI / 2, 1])).toBeCloseTo(1 + 7 + 0.1, 12);
  });
});

describe("Sobol' G", () => {
  it('closed forms agree with a 120³ midpoint-grid integration to 1e-3', () => {
    const f = sobolG([0, 1, 9]);
    const grid = gridIndices(f, 120);
    expect(Math.abs(grid.variance / f.variance - 1)).toBeLessThan(1e-3);
    grid.S1.forEach((s, i) => expect(Math.abs(s - f.S1[i])).toBeLessThan(1e-3));
    grid.ST.forEach((s, i) => expect(Math.abs(s - f.ST[i])).toBeLessThan(1e-3));
  });

  it('has first-order indices summing below 1 and ST ≥ S1 (interactions present)', () => {
    const f = sobolG();
    expect(f.problem.factors).toHaveLength(8);
    expect(f.S1.reduce((s, v) => s + v, 0)).toBeLessThan(1);
    f.S1.forEach((s, i) => expect(f.ST[i]).toBeGreaterThan(s));
    // With a₁ = 0: V₁ = 1/3.
    expect(f.S1[0] * f.variance).toBeCloseTo(1 / 3, 15);
  });

  it.each([[[]], [[-1]], [[NaN]]])('refuses coefficients %j', (a) => {
    expect(() => sobolG(a)).toThrow(RangeError);
  });
});

describe('linear function', () => {
  it('apportions variance as cᵢ²·range²/12', () => {
    const f = linearFunction([1, 2], { factors: [{ name: 'a', min: 0, max: 2 }, { name: 'b', min: 0, max: 1 }] });
    // Partial variances 1·4/12 and 4·1/12: equal.
    expect(f.S1).toEqual([0.5, 0.5]);
    expect(f.ST).toEqual(f.S1);
    expect(f.muStar).toEqual([2, 2]);
    expect(f.evaluate([1, 1])).toBe(3);
  });

  it('refuses mismatched or all-zero coefficients', () => {
    expect(() => linearFunction([1, 2], { factors: [{ name: 'a', min: 0, max: 1 }] })).toThrow('coefficients: has 2 values');
    expect(() => linearFunction([0, 0])).toThrow('coefficients: must not all be zero');
  });
});

describe('screening function', () => {
  it('has elementary effects inside the stated bounds at every grid step', () => {
    const f = screeningFunction();
    const grid = [0, 1 / 3, 2 / 3, 1];
    const delta = 2 / 3;
    let points: number[][] = [[]];
    for (let i = 0; i < 5; i++) points = points.flatMap((p) => grid.map((g) => [...p, g]));
    expect(points).toHaveLength(4 ** 5);
    for (const x of points) {
      for (const [i] of f.muStarBounds.entries()) {
        if (x[i] + delta > 1) continue;
        const up = x.slice();
        up[i] += delta;
        const ee = (f.evaluate(up) - f.evaluate(x)) / delta;
        expect(ee).toBeGreaterThanOrEqual(f.muStarBounds[i][0] - 1e-12);
        expect(ee).toBeLessThanOrEqual(f.muStarBounds[i][1] + 1e-12);
      }
    }
  });
});
