import { describe, expect, it } from 'vitest';
import { sobolSequence } from '../../src/sample/sobol.js';
import type { Problem } from '../../src/sample/problem.js';
import { sampleSaltelli } from '../../src/sample/saltelli.js';
import {
  type SobolIndices,
  analyzeSobol,
  sobolDiagnostics,
  sobolWarnings,
} from '../../src/analysis/sobol-indices.js';
import { type SobolTestFunction, ishigami, linearFunction, sobolG } from '../../src/analysis/test-functions.js';

const N = 4096;
/** Absolute tolerance on every index at N = 4096 (observed errors are below 0.006 for several seeds). */
const TOLERANCE = 0.03;

function run(f: SobolTestFunction, n: number, seed: number) {
  const rows = sampleSaltelli(f.problem, n, { seed });
  return analyzeSobol(f.problem, rows.map((x) => f.evaluate(x)), { n, seed });
}

function expectAnalytic(f: SobolTestFunction, result: SobolIndices[], tolerance: number) {
  result.forEach((r, i) => {
    const where = `${f.name}, ${r.parameter}`;
    expect(r.parameter, where).toBe(f.problem.factors[i].name);
    expect(Math.abs(r.S1 - f.S1[i]), `${where}: S1 = ${r.S1}, analytic ${f.S1[i]}`).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(r.ST - f.ST[i]), `${where}: ST = ${r.ST}, analytic ${f.ST[i]}`).toBeLessThanOrEqual(tolerance);
  });
}

function expectIntervalsCover(f: SobolTestFunction, result: SobolIndices[]) {
  result.forEach((r, i) => {
    const where = `${f.name}, ${r.parameter}`;
    expect(r.S1Low, `${where}: S1 interval [${r.S1Low}, ${r.S1High}] misses ${f.S1[i]}`).toBeLessThanOrEqual(f.S1[i]);
    expect(r.S1High, `${where}: S1 interval [${r.S1Low}, ${r.S1High}] misses ${f.S1[i]}`).toBeGreaterThanOrEqual(f.S1[i]);
    expect(r.STLow, `${where}: ST interval [${r.STLow}, ${r.STHigh}] misses ${f.ST[i]}`).toBeLessThanOrEqual(f.ST[i]);
    expect(r.STHigh, `${where}: ST interval [${r.STLow}, ${r.STHigh}] misses ${f.ST[i]}`).toBeGreaterThanOrEqual(f.ST[i]);
  });
}

describe('sampleSaltelli', () => {
  const problem: Problem = {
    factors: [
      { name: 'a', min: 0, max: 1 },
      { name: 'b', min: 10, max: 20 },
      { name: 'c', min: -1, max: 1 },
    ],
  };
  const scale = (u: number[]) => u.map((v, i) => problem.factors[i].min + v * (problem.factors[i].max - problem.factors[i].min));

  it('lays out A, AB_1 … AB_k, B per base point from a 2k-dimensional Sobol sequence', () => {
    const n = 8;
    const rows = sampleSaltelli(problem, n, { seed: 4 });
    expect(rows).toHaveLength(n * 5);
    const points = sobolSequence(n, 6, { scramble: true, seed: 4 });
    points.forEach((point, j) => {
      const A = scale(point.slice(0, 3));
      const B = scale(point.slice(3));
      expect(rows[j * 5]).toEqual(A);
      for (let i = 0; i < 3; i++) expect(rows[j * 5 + 1 + i]).toEqual(A.map((x, c) => (c === i ? B[i] : x)));
      expect(rows[j * 5 + 4]).toEqual(B);
    });
  });

  it('is unscrambled without a seed (first point at every min) and scrambled with one', () => {
    expect(sampleSaltelli(problem, 4)[0]).toEqual([0, 10, -1]);
    expect(sampleSaltelli(problem, 4, { seed: 1 })[0]).not.toEqual([0, 10, -1]);
    expect(sampleSaltelli(problem, 4, { seed: 1 })).toEqual(sampleSaltelli(problem, 4, { seed: 1 }));
  });

  it('has every smaller power-of-two design as a prefix', () => {
    const big = sampleSaltelli(problem, 64, { seed: 9 });
    expect(big.slice(0, 16 * 5)).toEqual(sampleSaltelli(problem, 16, { seed: 9 }));
  });

  it.each([
    ['n = 0', () => sampleSaltelli(problem, 0), 'n: must be an integer ≥ 1, got 0'],
    ['second-order indices', () => sampleSaltelli(problem, 8, { secondOrder: true as unknown as false }), 'options.secondOrder'],
    ['a scramble without a seed', () => sampleSaltelli(problem, 8, { scramble: true }), 'options.seed: a finite seed is required'],
    [
      'more factors than the Sobol table can double',
      () => sampleSaltelli({ factors: Array.from({ length: 40 }, (_, i) => ({ name: `x${i}`, min: 0, max: 1 })) }, 8),
      "problem.factors: Saltelli's design needs a 80-dimensional Sobol sequence for 40 factors",
    ],
  ])('refuses %s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('analyzeSobol on test functions with analytic indices', () => {
  it(`Ishigami, N = ${N}: every index within ±${TOLERANCE}, 95% intervals cover the analytic values`, () => {
    const f = ishigami();
    for (const seed of [1, 2]) {
      const result = run(f, N, seed);
      expectAnalytic(f, result, TOLERANCE);
      expectIntervalsCover(f, result);
    }
  });

  it(`Sobol' G (a = 0, 1, 4.5, 9, 99, 99, 99, 99), N = ${N}: within ±${TOLERANCE}, intervals cover`, () => {
    const f = sobolG([0, 1, 4.5, 9, 99, 99, 99, 99]);
    const result = run(f, N, 3);
    expectAnalytic(f, result, TOLERANCE);
    expectIntervalsCover(f, result);
  });

  it('linear function, N = 4096: within ±0.002, intervals cover', () => {
    const f = linearFunction([1, -2, 3], {
      factors: [
        { name: 'ratePerDay', min: 100, max: 200 },
        { name: 'transitDays', min: 10, max: 30 },
        { name: 'stock', min: 0, max: 5 },
      ],
    });
    const result = run(f, N, 4);
    expectAnalytic(f, result, 0.002);
    expectIntervalsCover(f, result);
  });

  it('is reproducible from its bootstrap seed; the point estimates do not depend on it', () => {
    const f = ishigami();
    const Y = sampleSaltelli(f.problem, 256, { seed: 1 }).map((x) => f.evaluate(x));
    const a = analyzeSobol(f.problem, Y, { seed: 5, bootstrap: 200 });
    expect(analyzeSobol(f.problem, Y, { seed: 5, bootstrap: 200 })).toEqual(a);
    const b = analyzeSobol(f.problem, Y, { seed: 6, bootstrap: 200 });
    expect(b.map((r) => [r.S1, r.ST])).toEqual(a.map((r) => [r.S1, r.ST]));
    expect(b.map((r) => r.S1Low)).not.toEqual(a.map((r) => r.S1Low));
  });

  it('does not change when the output is shifted (outputs are centred)', () => {
    const f = ishigami();
    const Y = sampleSaltelli(f.problem, 256, { seed: 1 }).map((x) => f.evaluate(x));
    const a = analyzeSobol(f.problem, Y, { bootstrap: 0 });
    const b = analyzeSobol(f.problem, Y.map((y) => y + 1000), { bootstrap: 0 });
    b.forEach((r, i) => {
      expect(r.S1).toBeCloseTo(a[i].S1, 9);
      expect(r.ST).toBeCloseTo(a[i].ST, 9);
    });
  });

  it('gives NaN indices, not an error, for a constant output; bootstrap 0 gives NaN intervals', () => {
    const f = ishigami();
    const rows = sampleSaltelli(f.problem, 16);
    const result = analyzeSobol(f.problem, rows.map(() => 7), { seed: 1 });
    for (const r of result) for (const key of ['S1', 'S1Low', 'S1High', 'ST', 'STLow', 'STHigh'] as const) expect(r[key]).toBeNaN();
    const noBootstrap = analyzeSobol(f.problem, rows.map((x) => f.evaluate(x)), { bootstrap: 0 });
    expect(noBootstrap[0].S1).not.toBeNaN();
    expect(noBootstrap[0].S1Low).toBeNaN();
  });

  it.each([
    ['a length not a multiple of k + 2', Array(11).fill(0), {}, 'Y: has 11 outputs, expected a positive multiple of k + 2 = 5'],
    ['a length that disagrees with n', Array(10).fill(0), { n: 4 }, 'Y: has 10 outputs, expected one per sample row (20)'],
    ['a non-finite output', [0, 1, 2, Infinity, 4], {}, 'Y[3]: must be a finite number, got Infinity'],
    ['a confidence of 1', Array(5).fill(0), { confidence: 1 }, 'options.confidence: must lie in (0, 1), got 1'],
    ['a fractional bootstrap', Array(5).fill(0), { bootstrap: 2.5 }, 'options.bootstrap: must be an integer ≥ 0'],
  ])('refuses %s', (_, Y, options, message) => {
    expect(() => analyzeSobol(ishigami().problem, Y, options)).toThrow(message);
  });
});

describe('sobolWarnings', () => {
  it('fires for a tiny sample and stays quiet for a large one', () => {
    const f = ishigami();
    const tiny = sobolWarnings(run(f, 16, 1), 16);
    expect(tiny.length).toBeGreaterThan(0);
    expect(tiny.join(' ')).toMatch(/intervals are wider than 0.1/);
    expect(sobolWarnings(run(f, N, 1), N)).toEqual([]);
  });

  const index = (parameter: string, S1: [number, number, number], ST: [number, number, number]): SobolIndices => ({
    parameter,
    S1: S1[1],
    S1Low: S1[0],
    S1High: S1[2],
    ST: ST[1],
    STLow: ST[0],
    STHigh: ST[2],
  });
  const fine = index('fine', [0.28, 0.3, 0.32], [0.38, 0.4, 0.42]);

  it.each([
    ['nothing for a sound result', [fine], 1024, []],
    ['an S1 interval wholly below zero', [fine, index('x', [-0.09, -0.05, -0.01], [0.1, 0.12, 0.14])], 1024, ['negative_s1']],
    ['a negative S1 whose interval reaches zero is noise', [fine, index('x', [-0.04, -0.01, 0.02], [0.1, 0.12, 0.14])], 1024, []],
    ['ΣS1 above 1 beyond the noise', [index('a', [0.58, 0.6, 0.62], [0.6, 0.62, 0.64]), index('b', [0.5, 0.52, 0.54], [0.5, 0.53, 0.56])], 1024, ['sum_s1_above_one']],
    ['ΣS1 above 1 within the noise', [index('a', [0.455, 0.5, 0.545], [0.5, 0.52, 0.54]), index('b', [0.475, 0.52, 0.565], [0.5, 0.53, 0.56])], 1024, []],
    ['ST wholly below S1', [index('x', [0.4, 0.42, 0.44], [0.3, 0.33, 0.36])], 1024, ['st_below_s1']],
    ['an interval wider than 0.1', [index('x', [0.2, 0.3, 0.41], [0.3, 0.35, 0.4])], 1024, ['wide_interval']],
    ['n not a power of two', [fine], 1000, ['not_power_of_two']],
    ['NaN indices', [index('x', [NaN, NaN, NaN], [NaN, NaN, NaN])], 1024, ['undefined_indices']],
    ['missing intervals', [index('x', [NaN, 0.3, NaN], [NaN, 0.4, NaN])], 1024, ['no_intervals']],
  ] as const)('%s', (_, result, n, codes) => {
    const diagnostics = sobolDiagnostics(result as unknown as SobolIndices[], n);
    expect(diagnostics.map((d) => d.code)).toEqual(codes);
    expect(sobolWarnings(result as unknown as SobolIndices[], n)).toEqual(diagnostics.map((d) => d.message));
  });

  it('names the factor and suggests a sample size', () => {
    const [negative] = sobolWarnings([index('transitDays', [-0.09, -0.05, -0.01], [0.1, 0.12, 0.14])], 64);
    expect(negative).toBe(
      'transitDays: S1 = -0.050 with interval [-0.090, -0.010] lies below zero, which a first-order index cannot; n = 64 is too small for stable indices.',
    );
    const [wide] = sobolWarnings([index('x', [0.1, 0.3, 0.5], [0.3, 0.35, 0.4])], 64);
    // Width 0.4 at n = 64 → 64·(0.4/0.1)² = 1024.
    expect(wide).toContain('n = 1024 instead of 64');
  });
});
