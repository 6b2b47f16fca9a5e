import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleLhs } from '../../src/sample/lhs.js';

/** For each dimension, the stratum index floor(x·n) of every point, sorted. */
function strataPerDimension(points: number[][], n: number, dims: number): number[][] {
  return Array.from({ length: dims }, (_, d) => points.map((p) => Math.floor(p[d] * n)).sort((a, b) => a - b));
}

describe('sampleLhs', () => {
  it('puts exactly one point in each stratum [k/n, (k+1)/n) of every dimension', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 6 }), fc.integer(), (n, dims, seed) => {
        const points = sampleLhs(n, dims, seed);
        expect(points).toHaveLength(n);
        for (const point of points) {
          expect(point).toHaveLength(dims);
          for (const x of point) {
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(1);
          }
        }
        const everyStratum = Array.from({ length: n }, (_, k) => k);
        for (const strata of strataPerDimension(points, n, dims)) expect(strata).toEqual(everyStratum);
        // Also against the interval bounds themselves, not only floor(x·n).
        for (let d = 0; d < dims; d++) {
          const sorted = points.map((p) => p[d]).sort((a, b) => a - b);
          sorted.forEach((x, k) => {
            expect(x).toBeGreaterThanOrEqual(k / n);
            expect(x).toBeLessThan((k + 1) / n);
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic given the seed', () => {
    expect(sampleLhs(50, 4, 42)).toEqual(sampleLhs(50, 4, 42));
  });

  it('differs for different seeds', () => {
    const a = sampleLhs(50, 4, 1);
    const b = sampleLhs(50, 4, 2);
    for (let d = 0; d < 4; d++) expect(a.map((p) => p[d])).not.toEqual(b.map((p) => p[d]));
  });

  it('leaves earlier columns unchanged when a dimension is added', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (n, dims, seed) => {
        const narrow = sampleLhs(n, dims, seed);
        const wide = sampleLhs(n, dims + 1, seed);
        expect(wide.map((p) => p.slice(0, dims))).toEqual(narrow);
      }),
      { numRuns: 50 },
    );
  });

  it('is a single point in [0,1) for n = 1', () => {
    const [[x]] = sampleLhs(1, 1, 7);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThan(1);
  });

  it.each([
    [0, 2, 1, 'sampleLhs: n must be an integer ≥ 1, got 0'],
    [1.5, 2, 1, 'sampleLhs: n must be an integer ≥ 1, got 1.5'],
    [10, 0, 1, 'sampleLhs: dims must be an integer ≥ 1, got 0'],
    [10, 2, Number.NaN, 'sampleLhs: seed must be a finite number, got NaN'],
  ])('sampleLhs(%s, %s, %s) throws %s', (n, dims, seed, message) => {
    expect(() => sampleLhs(n, dims, seed)).toThrow(new RangeError(message));
  });
});
