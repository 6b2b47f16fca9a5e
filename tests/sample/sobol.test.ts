import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIMS, sobolSequence } from '../../src/sample/sobol.js';
import { JOE_KUO_ROWS } from '../../src/sample/sobol-directions.js';

/** Each of the 2^k intervals [j/2^k, (j+1)/2^k) holds exactly one of the values. */
function oneValuePerInterval(values: number[], k: number): boolean {
  const counts = new Array<number>(2 ** k).fill(0);
  for (const x of values) counts[Math.floor(x * 2 ** k)] += 1;
  return values.length === 2 ** k && counts.every((c) => c === 1);
}

const column = (points: number[][], d: number): number[] => points.map((p) => p[d]);

describe('sobolSequence, unscrambled', () => {
  it('matches the published first 8 points of dimensions 1–3', () => {
    // Dimensions 1 and 2: scipy's test_qmc.py TestSobol.unscramble_nd ("theoretical values from
    // Joe Kuo2010"). Dimension 3: scipy's test_sobol.py test_Unscrambled3DSobol, expected_dim3.
    // All three agree with scipy.stats.qmc.Sobol(3, scramble=False).random(8).
    const dim1 = [0, 1 / 2, 3 / 4, 1 / 4, 3 / 8, 7 / 8, 5 / 8, 1 / 8];
    const dim2 = [0, 1 / 2, 1 / 4, 3 / 4, 3 / 8, 7 / 8, 1 / 8, 5 / 8];
    const dim3 = [0, 1 / 2, 1 / 4, 3 / 4, 5 / 8, 1 / 8, 7 / 8, 3 / 8];
    const points = sobolSequence(8, 3);
    expect(column(points, 0)).toEqual(dim1);
    expect(column(points, 1)).toEqual(dim2);
    expect(column(points, 2)).toEqual(dim3);
  });

  it('matches scipy in the last table rows (dimensions 61–64)', () => {
    // scipy 1.17.1: qmc.Sobol(64, scramble=False).random(1024)[1023, 60:] * 1024
    //   = [105, 201, 809, 41]. Our whole 4096 × 64 block was checked equal to scipy's.
    const point = sobolSequence(1024, 64)[1023];
    expect(point.slice(60)).toEqual([105 / 1024, 201 / 1024, 809 / 1024, 41 / 1024]);
  });

  it('makes the first 2^k points of each of the first 10 dimensions a (0,k,1)-net, k = 1..8', () => {
    const points = sobolSequence(256, 10);
    for (let k = 1; k <= 8; k++) {
      for (let d = 0; d < 10; d++) {
        expect(oneValuePerInterval(column(points.slice(0, 2 ** k), d), k), `dim ${d + 1}, k = ${k}`).toBe(true);
      }
    }
  });

  it('makes the first 2^k points of dimensions 1–2 a (0,k,2)-net (every elementary box of area 2^-k holds one)', () => {
    const points = sobolSequence(256, 2);
    for (let k = 1; k <= 8; k++) {
      const prefix = points.slice(0, 2 ** k);
      for (let a = 0; a <= k; a++) {
        const b = k - a;
        const boxes = new Set(prefix.map(([x, y]) => `${Math.floor(x * 2 ** a)},${Math.floor(y * 2 ** b)}`));
        expect(boxes.size, `k = ${k}, boxes 2^-${a} × 2^-${b}`).toBe(2 ** k);
      }
    }
  });

  it('fast-forwards with skip to the same points as generating from the start', () => {
    expect(sobolSequence(4, 3, { skip: 4 })).toEqual(sobolSequence(8, 3).slice(4));
    expect(sobolSequence(37, 64, { skip: 1000 })).toEqual(sobolSequence(1037, 64).slice(1000));
    // Far out, the direct Gray-code jump agrees with the incremental step.
    const skip = 2 ** 31 + 12345;
    expect(sobolSequence(3, 8, { skip })[2]).toEqual(sobolSequence(1, 8, { skip: skip + 2 })[0]);
    expect(sobolSequence(1, 1, { skip: 2 ** 32 - 1 })[0][0]).toBeLessThan(1);
  });

  it('carries the Joe–Kuo rows for dimensions 2..64 in order', () => {
    expect(SOBOL_MAX_DIMS).toBe(64);
    JOE_KUO_ROWS.forEach((row, i) => {
      expect(row.d).toBe(i + 2);
      expect(row.m).toHaveLength(row.s);
    });
    // Spot checks against new-joe-kuo-6.21201.
    expect(JOE_KUO_ROWS[0]).toEqual({ d: 2, s: 1, a: 0, m: [1] });
    expect(JOE_KUO_ROWS[5]).toEqual({ d: 7, s: 4, a: 4, m: [1, 3, 5, 13] });
    expect(JOE_KUO_ROWS[62]).toEqual({ d: 64, s: 9, a: 62, m: [1, 1, 3, 13, 25, 47, 39, 87, 257] });
  });
});

describe('sobolSequence, scrambled (LMS + digital shift)', () => {
  it('stays in [0,1) and drops the origin', () => {
    const points = sobolSequence(1024, 20, { scramble: true, seed: 3 });
    for (const point of points) {
      for (const x of point) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(1);
      }
    }
    expect(points[0].every((x) => x === 0)).toBe(false);
  });

  it('is deterministic given the seed and differs across seeds', () => {
    const a = sobolSequence(64, 5, { scramble: true, seed: 11 });
    expect(sobolSequence(64, 5, { scramble: true, seed: 11 })).toEqual(a);
    const b = sobolSequence(64, 5, { scramble: true, seed: 12 });
    for (let d = 0; d < 5; d++) expect(column(a, d)).not.toEqual(column(b, d));
    expect(a).not.toEqual(sobolSequence(64, 5));
  });

  it('leaves earlier columns unchanged when dimensions are added', () => {
    const narrow = sobolSequence(128, 3, { scramble: true, seed: 5 });
    const wide = sobolSequence(128, 7, { scramble: true, seed: 5 });
    expect(wide.map((p) => p.slice(0, 3))).toEqual(narrow);
  });

  it.each([0, 1, 99, 123456789])('keeps one point per interval in each 1-D projection (seed %s)', (seed) => {
    const points = sobolSequence(256, 10, { scramble: true, seed });
    for (let k = 1; k <= 8; k++) {
      for (let d = 0; d < 10; d++) {
        expect(oneValuePerInterval(column(points.slice(0, 2 ** k), d), k), `dim ${d + 1}, k = ${k}`).toBe(true);
      }
    }
  });

  it('keeps the (0,k,2)-net of dimensions 1–2', () => {
    const points = sobolSequence(256, 2, { scramble: true, seed: 8 });
    for (let a = 0; a <= 8; a++) {
      const boxes = new Set(points.map(([x, y]) => `${Math.floor(x * 2 ** a)},${Math.floor(y * 2 ** (8 - a))}`));
      expect(boxes.size).toBe(256);
    }
  });

  it('has a mean close to 1/2 in every dimension (integrates x exactly up to the grid)', () => {
    // For a scrambled net of 2^m points, the mean of one coordinate is 1/2 within 2^-m.
    const points = sobolSequence(1024, 16, { scramble: true, seed: 21 });
    for (let d = 0; d < 16; d++) {
      const mean = column(points, d).reduce((s, x) => s + x, 0) / 1024;
      expect(Math.abs(mean - 0.5)).toBeLessThan(1 / 1024);
    }
  });
});

describe('sobolSequence, validation', () => {
  it.each([
    [0, 2, {}, 'sobolSequence: n must be an integer in [1, 4294967296], got 0'],
    [2.5, 2, {}, 'sobolSequence: n must be an integer in [1, 4294967296], got 2.5'],
    [8, 0, {}, 'sobolSequence: dims must be an integer in [1, 64], got 0'],
    [8, 65, {}, 'sobolSequence: dims must be an integer in [1, 64], got 65'],
    [8, 2, { skip: -1 }, 'sobolSequence: skip must be an integer in [0, 4294967295], got -1'],
    [8, 2, { skip: 2 ** 32 - 4 }, 'sobolSequence: n + skip must be ≤ 2^32 (32-bit digits), got 8 + 4294967292'],
    [8, 2, { scramble: true }, 'sobolSequence: options.seed must be a finite number when scramble is true, got undefined'],
  ])('sobolSequence(%s, %s, %j) throws %s', (n, dims, options, message) => {
    expect(() => sobolSequence(n, dims, options)).toThrow(new RangeError(message));
  });
});
