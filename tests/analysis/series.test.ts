import { describe, expect, it } from 'vitest';
import { analyzeMorris } from '../../src/analysis/morris.js';
import { sampleMorris } from '../../src/sample/morris.js';
import { analyzeSeries, outputColumns } from '../../src/analysis/series.js';
import { analyzeSobol } from '../../src/analysis/sobol-indices.js';
import { sampleSaltelli } from '../../src/sample/saltelli.js';
import { ishigami, screeningFunction } from '../../src/analysis/test-functions.js';

/** A stockpile-like series: flat at the opening stock on day 0, then Ishigami-driven drift growing with t. */
const series = (x: readonly number[]) => {
  const f = ishigami();
  return [0, 1, 2, 3].map((day) => 100 + day * f.evaluate(x) + (day === 3 ? x[2] ** 2 : 0));
};

describe('analyzeSeries', () => {
  it('equals the scalar Sobol analysis column by column, flagging the constant day 0 with NaN indices', () => {
    const { problem } = ishigami();
    const rows = sampleSaltelli(problem, 256, { seed: 2 });
    const Y = rows.map(series);
    const result = analyzeSeries(Y, (y) => analyzeSobol(problem, y, { seed: 3, bootstrap: 100 }));
    expect(result).toHaveLength(4);
    result.forEach(({ column, constant, indices }) => {
      expect(indices).toEqual(analyzeSobol(problem, Y.map((row) => row[column]), { seed: 3, bootstrap: 100 }));
      expect(constant).toBe(column === 0);
    });
    expect(result[0].indices.every((r) => Number.isNaN(r.S1) && Number.isNaN(r.ST))).toBe(true);
    // Days 1 and 2 are the same function scaled, so their indices agree.
    result[1].indices.forEach((r, i) => expect(r.S1).toBeCloseTo(result[2].indices[i].S1, 12));
  });

  it('equals the scalar Morris analysis column by column (a constant column gives zeros)', () => {
    const f = screeningFunction();
    const rows = sampleMorris(f.problem, { trajectories: 6, seed: 1 });
    const Y = rows.map((x) => [f.evaluate(x), 5, -f.evaluate(x)]);
    const result = analyzeSeries(Y, (y) => analyzeMorris(f.problem, rows, y, { seed: 1 }));
    result.forEach(({ column, indices }) => {
      expect(indices).toEqual(analyzeMorris(f.problem, rows, Y.map((row) => row[column]), { seed: 1 }));
    });
    expect(result[1]).toMatchObject({ constant: true });
    expect(result[1].indices.every((r) => r.muStar === 0 && r.sigma === 0)).toBe(true);
    result[2].indices.forEach((r, i) => expect(r.mu).toBeCloseTo(-result[0].indices[i].mu, 12));
  });

  it('passes the column index to the analyser', () => {
    expect(analyzeSeries([[1, 2, 3]], (_, column) => column * 10).map((c) => c.indices)).toEqual([0, 10, 20]);
  });

  it('refuses a ragged or empty matrix', () => {
    expect(() => outputColumns([[1, 2], [3]])).toThrow('Y[1]: has 1 time steps, but Y[0] has 2');
    expect(() => analyzeSeries([], () => 0)).toThrow('Y: has no rows');
  });

  it("prefixes an analyser's error with the column it came from", () => {
    const { problem } = ishigami();
    const Y = sampleSaltelli(problem, 4).map((_, j) => [j, j === 7 ? NaN : j]);
    expect(() => analyzeSeries(Y, (y) => analyzeSobol(problem, y))).toThrow('columns[1].Y[7]: must be a finite number, got NaN');
  });
});
