import { describe, expect, it } from 'vitest';
import * as analysis from '../../src/analysis/index.js';

describe('public API', () => {
  it('runs all three methods on a plain TypeScript function, never calling it itself', () => {
    // Days of shortfall at a front: demand outruns a factory slowed by transit time.
    const problem: analysis.Problem = {
      factors: [
        { name: 'ratePerDay', min: 80, max: 120 },
        { name: 'transitDays', min: 2, max: 6 },
        { name: 'demandPerDay', min: 90, max: 110 },
      ],
    };
    const shortfallDays = ([ratePerDay, transitDays, demandPerDay]: number[]) =>
      Math.max(0, demandPerDay - ratePerDay) * 0.5 + transitDays;

    const oatRows = analysis.sampleOat(problem, { ratePerDay: 100, transitDays: 4, demandPerDay: 100 });
    const oat = analysis.analyzeOat(problem, oatRows, oatRows.map(shortfallDays));
    expect(oat[0]).toMatchObject({ parameter: 'ratePerDay', low: 14, high: 4, swing: 10 });

    const morrisRows = analysis.sampleMorris(problem, { trajectories: 10, seed: 1 });
    const morris = analysis.analyzeMorris(problem, morrisRows, morrisRows.map(shortfallDays), { seed: 1 });
    // transitDays enters linearly with slope 1 over a range of 4.
    expect(morris[1].muStar).toBeCloseTo(4, 12);

    const sobolRows = analysis.sampleSaltelli(problem, 1024, { seed: 1 });
    const sobol = analysis.analyzeSobol(problem, sobolRows.map(shortfallDays), { seed: 1, bootstrap: 200 });
    expect(sobol.map((r) => r.parameter)).toEqual(analysis.factorNames(problem));
    expect(analysis.sobolWarnings(sobol, 1024)).toEqual(expect.any(Array));
  });
});
