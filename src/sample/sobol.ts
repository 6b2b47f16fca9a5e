/**
 * Sobol low-discrepancy points for sweeps and sensitivity designs: every prefix of 2^k points puts
 * exactly one point in each of 2^k equal intervals of every coordinate, so few runs cover a
 * parameter box evenly. Points only — this module never runs a model.
 */
import { randomStream, type SimRandom } from '../engine/random.js';
import { JOE_KUO_ROWS } from './sobol-directions.js';

/** Bits per coordinate: points lie on the grid k / 2^32, and at most 2^32 points exist. */
const BITS = 32;
const TWO_POW_32 = 2 ** 32;

/** The number of dimensions the direction-number table supports (van der Corput + 63 Joe–Kuo rows). */
export const SOBOL_MAX_DIMS = 1 + JOE_KUO_ROWS.length;

/** Options for {@link sobolSequence}. */
export interface SobolOptions {
  /** Randomise the points (linear matrix scramble + digital shift). Default false. */
  scramble?: boolean;
  /** Seed of the scramble; required when `scramble` is true, ignored otherwise. */
  seed?: number;
  /** Points to skip from the start of the sequence (fast-forward). Default 0. */
  skip?: number;
}

const directionCache: Uint32Array[] = [];

/**
 * The 32 direction numbers v_1..v_32 of dimension `dim` (1-based), left-aligned so that bit 31 is
 * the first binary digit. Dimension 1 is van der Corput (v_k = 2^-k); the others follow Bratley &
 * Fox's recurrence on the Joe–Kuo initial numbers (Joe & Kuo 2008, "Notes on generating Sobol
 * sequences", eq. for v_{k} with k > s).
 */
function directionNumbers(dim: number): Uint32Array {
  const cached = directionCache[dim];
  if (cached) return cached;
  const v = new Uint32Array(BITS);
  if (dim === 1) {
    for (let k = 0; k < BITS; k++) v[k] = (1 << (31 - k)) >>> 0;
  } else {
    const row = JOE_KUO_ROWS[dim - 2];
    const { s, a, m } = row;
    if (row.d !== dim || m.length !== s) {
      throw new Error(`Sobol direction table is corrupt at dimension ${dim}: row ${JSON.stringify(row)}`);
    }
    for (let k = 0; k < s; k++) {
      if (m[k] % 2 !== 1 || m[k] >= 2 ** (k + 1)) {
        throw new Error(`Sobol direction table is corrupt at dimension ${dim}: m_${k + 1} = ${m[k]}`);
      }
      v[k] = (m[k] << (31 - k)) >>> 0;
    }
    for (let k = s; k < BITS; k++) {
      let x = v[k - s] ^ (v[k - s] >>> s);
      for (let i = 1; i < s; i++) {
        if ((a >>> (s - 1 - i)) & 1) x ^= v[k - i];
      }
      v[k] = x >>> 0;
    }
  }
  directionCache[dim] = v;
  return v;
}

/** Parity (XOR of all bits) of a 32-bit word. */
function parity32(word: number): number {
  let x = word >>> 0;
  x ^= x >>> 16;
  x ^= x >>> 8;
  x ^= x >>> 4;
  x ^= x >>> 2;
  x ^= x >>> 1;
  return x & 1;
}

/** A uniform 32-bit unsigned integer: simjs's `random()` is exactly genrand_int32 / 2^32. */
function randomUint32(stream: SimRandom): number {
  return Math.floor(stream.random() * TWO_POW_32) >>> 0;
}

/**
 * Scrambles one dimension's direction numbers in place with a random nonsingular lower-triangular
 * binary matrix L (unit diagonal): output digit i depends on input digits 1..i only, so the leading
 * m×m block of every generating matrix stays nonsingular and the (t,m,s)-net properties survive.
 * Returns the random digital shift for the same dimension.
 */
function scrambleDimension(v: Uint32Array, stream: SimRandom): number {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    const bit = 31 - i; // digit i + 1, counted from the most significant
    const above = bit === 31 ? 0 : (~((2 ** (bit + 1) - 1) >>> 0)) >>> 0;
    rows[i] = ((randomUint32(stream) & above) | (1 << bit)) >>> 0;
  }
  for (let k = 0; k < BITS; k++) {
    let scrambled = 0;
    for (let i = 0; i < BITS; i++) {
      if (parity32(rows[i] & v[k])) scrambled |= 1 << (31 - i);
    }
    v[k] = scrambled >>> 0;
  }
  return randomUint32(stream);
}

function assertInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`sobolSequence: ${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
}

/**
 * The first `n` points (after `skip`) of the `dims`-dimensional Sobol sequence in [0,1)^dims, one
 * row per point.
 *
 * Construction: Sobol (1967) with the Joe & Kuo (2008) direction numbers `new-joe-kuo-6.21201`,
 * generated in Gray-code order (Antonov & Saleev 1979) with 32-bit digits. Unscrambled, the
 * sequence starts at the origin and matches `scipy.stats.qmc.Sobol(d, scramble=False)`.
 * For any k, the first 2^k points (skip = 0) put exactly one point in each interval
 * [j/2^k, (j+1)/2^k) of every coordinate; balance properties hold for powers of two only.
 *
 * With `scramble: true` the points are randomised as in SciPy's `Sobol(scramble=True)`: a linear
 * matrix scramble (Matoušek 1998, "On the L2-discrepancy for anchored boxes", J. Complexity
 * 14:527–556) followed by a random digital shift (Owen 2003, "Variance with alternative scramblings
 * of digital nets", ACM TOMACS 13(4):363–378). The randomness comes from one seeded stream per
 * dimension (`randomStream(seed, 'sobol-scramble', String(dim))`), so a dimension's scrambled
 * column does not change when dimensions are added. Scrambled points keep the net properties and
 * no longer include the origin. The draws are not bit-identical to SciPy's (different generator).
 *
 * @param n - number of points, an integer ≥ 1
 * @param dims - dimensions, an integer in [1, {@link SOBOL_MAX_DIMS}]
 * @param options - `scramble` (default false), `seed` (required when scrambling), `skip` (default 0)
 * @returns `n` rows of `dims` coordinates, each in [0, 1)
 * @throws RangeError if n, dims or skip is out of range, n + skip > 2^32, or a scramble has no finite seed
 */
export function sobolSequence(n: number, dims: number, options: SobolOptions = {}): number[][] {
  const { scramble = false, seed, skip = 0 } = options;
  assertInteger('n', n, 1, TWO_POW_32);
  assertInteger('dims', dims, 1, SOBOL_MAX_DIMS);
  assertInteger('skip', skip, 0, TWO_POW_32 - 1);
  if (n + skip > TWO_POW_32) {
    throw new RangeError(`sobolSequence: n + skip must be ≤ 2^32 (32-bit digits), got ${n} + ${skip}`);
  }
  if (scramble && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new RangeError(`sobolSequence: options.seed must be a finite number when scramble is true, got ${seed}`);
  }

  const directions: Uint32Array[] = [];
  const shifts = new Uint32Array(dims);
  for (let d = 0; d < dims; d++) {
    const v = Uint32Array.from(directionNumbers(d + 1));
    if (scramble) shifts[d] = scrambleDimension(v, randomStream(seed as number, 'sobol-scramble', String(d + 1)));
    directions.push(v);
  }

  // The point at index i is the XOR of v_k over the set bits k of gray(i) = i ^ (i >> 1).
  const x = new Uint32Array(dims);
  const gray = (skip ^ Math.floor(skip / 2)) >>> 0;
  for (let k = 0; k < BITS; k++) {
    if ((gray >>> k) & 1) for (let d = 0; d < dims; d++) x[d] ^= directions[d][k];
  }

  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // gray(index) differs from gray(index - 1) in exactly the lowest set bit of index.
      const index = skip + i;
      const k = 31 - Math.clz32(index & -index);
      for (let d = 0; d < dims; d++) x[d] ^= directions[d][k];
    }
    const point = new Array<number>(dims);
    for (let d = 0; d < dims; d++) point[d] = ((x[d] ^ shifts[d]) >>> 0) / TWO_POW_32;
    points.push(point);
  }
  return points;
}
