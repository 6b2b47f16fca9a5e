/**
 * Latin hypercube designs: n runs that, in every parameter taken alone, visit each of n equal
 * strata exactly once. Points only — this module never runs a model.
 */
import { randomStream } from '../engine/random.js';

function assertInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`sampleLhs: ${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

/**
 * A random Latin hypercube sample of `n` points in [0,1)^dims, one row per point (McKay, Beckman &
 * Conover 1979, "A comparison of three methods for selecting values of input variables in the
 * analysis of output from a computer code", Technometrics 21(2):239–245).
 *
 * For each dimension, a uniformly random permutation assigns the strata [k/n, (k+1)/n) to the
 * points (Fisher–Yates) and each point is jittered uniformly inside its stratum, so
 * `Math.floor(x * n)` over a column is a permutation of 0..n-1. Dimension `d` (0-based) draws only
 * from `randomStream(seed, 'lhs', String(d))`: the same seed gives the same design, and adding
 * dimensions leaves the earlier columns unchanged. Jitter resolution is 2^-32 of a stratum.
 *
 * @param n - number of points, an integer ≥ 1
 * @param dims - number of dimensions, an integer ≥ 1
 * @param seed - the design's seed, a finite number
 * @returns `n` rows of `dims` coordinates, each in [0, 1)
 * @throws RangeError if n or dims is not a positive integer or seed is not finite
 */
export function sampleLhs(n: number, dims: number, seed: number): number[][] {
  assertInteger('n', n, 1);
  assertInteger('dims', dims, 1);
  if (!Number.isFinite(seed)) throw new RangeError(`sampleLhs: seed must be a finite number, got ${seed}`);

  const points: number[][] = Array.from({ length: n }, () => new Array<number>(dims));
  for (let d = 0; d < dims; d++) {
    const stream = randomStream(seed, 'lhs', String(d));
    const strata = Array.from({ length: n }, (_, k) => k);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(stream.random() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    for (let i = 0; i < n; i++) {
      const k = strata[i];
      const x = (k + stream.random()) / n;
      // Rounding must never carry a point into the next stratum; fall back to the stratum's edge.
      points[i][d] = Math.floor(x * n) === k ? x : k / n;
    }
  }
  return points;
}
