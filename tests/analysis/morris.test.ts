import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeMorris, elementaryEffects } from '../../src/analysis/morris.js';
import { morrisDelta, sampleMorris } from '../../src/sample/morris.js';
import type { Problem } from '../../src/sample/problem.js';
import { linearFunction, screeningFunction } from '../../src/analysis/test-functions.js';

const unitProblem = (k: number): Problem => ({
  factors: Array.from({ length: k }, (_, i) => ({ name: `x${i + 1}`, min: -i, max: 2 * i + 1 })),
});

describe('sampleMorris', () => {
  it('Δ = p / (2(p − 1))', () => {
    expect(morrisDelta(4)).toBeCloseTo(2 / 3, 15);
    expect(morrisDelta(2)).toBe(1);
    expect(morrisDelta(8)).toBeCloseTo(4 / 7, 15);
  });

  it('builds trajectories on the grid, one factor stepping by Δ·range at a time, each once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom(2, 4, 6, 8),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (k, levels, trajectories, seed) => {
          const problem = unitProblem(k);
          const rows = sampleMorris(problem, { trajectories, levels, seed });
          expect(rows).toHaveLength((k + 1) * trajectories);
          const delta = morrisDelta(levels);
          rows.forEach((row) =>
            row.forEach((x, i) => {
              const { min, max } = problem.factors[i];
              const level = ((x - min) / (max - min)) * (levels - 1);
              expect(Math.abs(level - Math.round(level))).toBeLessThan(1e-9);
              expect(x).toBeGreaterThanOrEqual(min);
              expect(x).toBeLessThanOrEqual(max);
            }),
          );
          for (let t = 0; t < trajectories; t++) {
            const stepped = new Set<number>();
            for (let m = 0; m < k; m++) {
              const a = rows[t * (k + 1) + m];
              const b = rows[t * (k + 1) + m + 1];
              const changed = a.map((_, i) => i).filter((i) => a[i] !== b[i]);
              expect(changed).toHaveLength(1);
              const i = changed[0];
              const { min, max } = problem.factors[i];
              expect(Math.abs(b[i] - a[i]) / (max - min)).toBeCloseTo(delta, 12);
              stepped.add(i);
            }
            expect(stepped.size).toBe(k);
          }
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });

  it('is reproducible from its seed and changes with it', () => {
    const problem = unitProblem(4);
    const a = sampleMorris(problem, { trajectories: 5, seed: 3 });
    expect(sampleMorris(problem, { trajectories: 5, seed: 3 })).toEqual(a);
    expect(sampleMorris(problem, { trajectories: 5, seed: 4 })).not.toEqual(a);
  });

  it.each([
    ['zero trajectories', { trajectories: 0, seed: 1 }, 'options.trajectories: must be an integer ≥ 1, got 0'],
    ['odd levels', { trajectories: 2, levels: 5, seed: 1 }, 'options.levels: must be even'],
    ['one level', { trajectories: 2, levels: 1, seed: 1 }, 'options.levels: must be an integer ≥ 2'],
  ])('refuses %s', (_, options, message) => {
    expect(() => sampleMorris(unitProblem(2), options)).toThrow(message);
  });
});

describe('elementary effects', () => {
  it('match a hand computation on y = x1·x2 (levels 4, Δ = 2/3)', () => {
    const problem: Problem = { factors: [{ name: 'x1', min: 0, max: 1 }, { name: 'x2', min: 0, max: 1 }] };
    const rows = [
      [0, 1 / 3],
      [2 / 3, 1 / 3], // x1 up:   (2/9 − 0) / (2/3) = 1/3
      [2 / 3, 1], //     x2 up:   (2/3 − 2/9) / (2/3) = 2/3
      [1, 1],
      [1, 1 / 3], //     x2 down: (1 − 1/3) / (2/3) = 1
      [1 / 3, 1 / 3], // x1 down: (1/3 − 1/9) / (2/3) = 1/3
    ];
    const Y = rows.map(([x1, x2]) => x1 * x2);
    const ee = elementaryEffects(problem, rows, Y, 4);
    expect(ee[0][0]).toBeCloseTo(1 / 3, 14);
    expect(ee[1][0]).toBeCloseTo(2 / 3, 14);
    expect(ee[1][1]).toBeCloseTo(1, 14);
    expect(ee[0][1]).toBeCloseTo(1 / 3, 14);
    const [x1, x2] = analyzeMorris(problem, rows, Y, { seed: 1 });
    expect(x1).toMatchObject({ parameter: 'x1', sigma: expect.closeTo(0, 14) });
    expect(x1.muStar).toBeCloseTo(1 / 3, 14);
    expect(x2.mu).toBeCloseTo(5 / 6, 14);
    expect(x2.sigma).toBeCloseTo(Math.sqrt(((2 / 3 - 5 / 6) ** 2 + (1 - 5 / 6) ** 2) / 1), 14);
  });

  it.each([
    ['a row count not a multiple of k + 1', (rows: number[][]) => rows.slice(0, 5), 'rows: has 5 rows, expected a positive multiple of k + 1 = 3'],
    ['two factors changed in one step', (rows: number[][]) => [[0, 0], [2 / 3, 2 / 3], [2 / 3, 0], ...rows.slice(3)], 'rows[1]: differs from rows[0] in 2 factors'],
    ['a factor stepped twice', (rows: number[][]) => [[0, 0], [2 / 3, 0], [0, 0], ...rows.slice(3)], 'x1 steps twice in trajectory 0'],
    ['a step other than Δ', (rows: number[][]) => [[0, 0], [1 / 3, 0], [1 / 3, 2 / 3], ...rows.slice(3)], 'expected Δ = 0.666'],
  ])('refuses %s', (_, tamper, message) => {
    const problem = unitProblem(2);
    problem.factors.forEach((factor) => Object.assign(factor, { min: 0, max: 1 }));
    const rows = tamper(sampleMorris(problem, { trajectories: 2, seed: 5 }));
    expect(() => elementaryEffects(problem, rows, rows.map(() => 0), 4)).toThrow(message);
  });

  it('refuses rows analysed with other levels than they were sampled with', () => {
    const problem = unitProblem(3);
    const rows = sampleMorris(problem, { trajectories: 3, levels: 4, seed: 9 });
    expect(() => analyzeMorris(problem, rows, rows.map(() => 0), { levels: 6 })).toThrow('were the rows sampled with other levels?');
  });
});

describe('analyzeMorris', () => {
  it('gives μ* = |cᵢ|·range exactly (up to rounding) for a linear function, with σ = 0', () => {
    const f = linearFunction([2, -3, 0.5, 40], {
      factors: [
        { name: 'ratePerDay', min: 0, max: 10 },
        { name: 'transitDays', min: -1, max: 1 },
        { name: 'stock', min: 100, max: 400 },
        { name: 'share', min: 0.2, max: 0.25 },
      ],
    });
    for (const levels of [4, 6]) {
      const rows = sampleMorris(f.problem, { trajectories: 12, levels, seed: 11 });
      const result = analyzeMorris(f.problem, rows, rows.map(f.evaluate), { levels, seed: 2 });
      result.forEach((r, i) => {
        expect(r.parameter).toBe(f.problem.factors[i].name);
        // Exact up to rounding: relative error below 1e-12.
        expect(Math.abs(r.muStar - f.muStar[i])).toBeLessThan(1e-12 * f.muStar[i]);
        expect(Math.abs(r.mu - f.mu[i])).toBeLessThan(1e-12 * f.muStar[i]);
        expect(r.sigma).toBeLessThan(1e-12 * f.muStar[i]);
        expect(r.muStarConf).toBeLessThan(1e-12 * f.muStar[i]);
      });
      [20, 6, 150, 2].forEach((muStar, i) => expect(f.muStar[i]).toBeCloseTo(muStar, 12));
    }
  });

  it.each([
    [4, 4, 1],
    [4, 10, 2],
    [6, 20, 3],
    [8, 50, 4],
    [2, 8, 5],
  ])('ranks the screening function in its known order (levels %i, %i trajectories, seed %i)', (levels, trajectories, seed) => {
    const f = screeningFunction();
    const rows = sampleMorris(f.problem, { trajectories, levels, seed });
    const result = analyzeMorris(f.problem, rows, rows.map(f.evaluate), { levels, seed });
    const ranked = [...result].sort((a, b) => b.muStar - a.muStar).map((r) => r.parameter);
    expect(ranked).toEqual(f.order);
    result.forEach((r, i) => {
      const [low, high] = f.muStarBounds[i];
      expect(r.muStar).toBeGreaterThanOrEqual(low - 1e-9);
      expect(r.muStar).toBeLessThanOrEqual(high + 1e-9);
    });
  });

  it('muStarConf is about z·sd(|EE|)/√r, reproducible from the seed', () => {
    const f = screeningFunction();
    const trajectories = 40;
    const rows = sampleMorris(f.problem, { trajectories, seed: 21 });
    const Y = rows.map(f.evaluate);
    const result = analyzeMorris(f.problem, rows, Y, { seed: 8, bootstrap: 2000 });
    expect(analyzeMorris(f.problem, rows, Y, { seed: 8, bootstrap: 2000 })).toEqual(result);
    const ee = elementaryEffects(f.problem, rows, Y);
    result.forEach((r, i) => {
      const abs = ee[i].map(Math.abs);
      const m = abs.reduce((s, v) => s + v, 0) / trajectories;
      // The bootstrap standard error of a mean is sd·√((r − 1)/r)/√r (population sd of the resampled values).
      const se = Math.sqrt(abs.reduce((s, v) => s + (v - m) ** 2, 0) / trajectories / trajectories);
      if (se < 1e-9) expect(r.muStarConf).toBeLessThan(1e-9); // x1 (linear) and x5 (inert)
      // Monte Carlo error of 2000 bootstrap resamples: ±1.6% (sd of an sd ≈ 1/√(2B)); allow 10%.
      else expect(r.muStarConf / (1.959964 * se)).toBeCloseTo(1, 1);
    });
  });
});
