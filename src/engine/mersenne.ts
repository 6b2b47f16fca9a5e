/**
 * Matsumoto & Nishimura's MT19937 (mt19937ar.c, 2002), on an Int32Array, with the variate
 * generators simjs's Random puts on top of it. Draw for draw it gives what simjs's Random gives for
 * the same seed (simjs seeds with init_by_array([seed])), and it is cheaper in four ways: the state
 * is a typed array multiplied with Math.imul instead of a plain array and split 16-bit products;
 * init_genrand(19650218), the same for every seed, is computed once and copied; streams are seeded
 * together (two at a time, see {@link initBySeedPair}, in one block of memory) at the first draw from
 * any of them, or once {@link SEED_BATCH} are waiting (so a run whose streams never draw seeds few, if
 * any); and words of the state are regenerated one at a time as they are drawn, not 624 at once.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** `mti` of a stream not seeded yet: its first draw seeds it. */
const UNSEEDED = N + 1;

/** init_genrand(s): the state from one 32-bit seed. */
export function initGenrand(mt: Int32Array, s: number): void {
  mt[0] = s >>> 0;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = (Math.imul(prev, 1812433253) + i) | 0; // modulo 2^32: the words are kept as signed 32-bit integers
  }
}

/** The state init_genrand(19650218) gives: where init_by_array starts from, whatever the key. */
const BASE = new Int32Array(N);
initGenrand(BASE, 19650218);

/** init_by_array(key): the state from a key of 32-bit words. */
export function initByArray(mt: Int32Array, key: ArrayLike<number>): void {
  mt.set(BASE);
  const length = key.length;
  const words = Int32Array.from(key); // the key's words modulo 2^32, so the sums below stay 32-bit
  let i = 1;
  let j = 0;
  for (let k = N > length ? N : length; k > 0; k--) {
    const s = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(s, 1664525)) + words[j] + j) | 0; // non linear
    i++; j++;
    if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
    if (j >= length) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const s = mt[i - 1] ^ (mt[i - 1] >>> 30);
    mt[i] = ((mt[i] ^ Math.imul(s, 1566083941)) - i) | 0; // non linear
    i++;
    if (i >= N) { mt[0] = mt[N - 1]; i = 1; }
  }
  mt[0] = 0x80000000 | 0; // MSB is 1; assuring non-zero initial array
}

/**
 * init_by_array([seed]), the key simjs seeds with, unrolled: the same words as {@link initByArray}
 * with a one-word key, with the previous word kept in a local and the wrap-arounds taken out of the loops.
 */
export function initBySeed(mt: Int32Array, seed: number): void {
  const key = seed | 0;
  let prev = BASE[0];
  // The first pass: N iterations from i = 1, wrapping once after i = N − 1 (mt[0] = mt[N − 1]).
  for (let i = 1; i < N; i++) {
    prev = ((BASE[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key) | 0;
    mt[i] = prev;
  }
  mt[0] = prev;
  prev = ((mt[1] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key) | 0;
  mt[1] = prev;
  // The second pass: N − 1 iterations from i = 2, wrapping once more.
  for (let i = 2; i < N; i++) {
    prev = ((mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) | 0;
    mt[i] = prev;
  }
  mt[0] = prev;
  mt[1] = ((mt[1] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - 1) | 0;
  mt[0] = 0x80000000 | 0;
}

/**
 * {@link initBySeed} of two states at once, word for word the same. Each is a chain of 1,247 steps,
 * every step waiting on the one before (a multiply among them); two chains side by side keep the
 * processor busy while each waits, and seed two streams in little more than the time of one.
 */
export function initBySeedPair(a: Int32Array, seedA: number, b: Int32Array, seedB: number): void {
  const keyA = seedA | 0;
  const keyB = seedB | 0;
  let prevA = BASE[0];
  let prevB = BASE[0];
  for (let i = 1; i < N; i++) {
    const base = BASE[i];
    prevA = ((base ^ Math.imul(prevA ^ (prevA >>> 30), 1664525)) + keyA) | 0;
    prevB = ((base ^ Math.imul(prevB ^ (prevB >>> 30), 1664525)) + keyB) | 0;
    a[i] = prevA;
    b[i] = prevB;
  }
  a[0] = prevA;
  b[0] = prevB;
  prevA = ((a[1] ^ Math.imul(prevA ^ (prevA >>> 30), 1664525)) + keyA) | 0;
  prevB = ((b[1] ^ Math.imul(prevB ^ (prevB >>> 30), 1664525)) + keyB) | 0;
  a[1] = prevA;
  b[1] = prevB;
  for (let i = 2; i < N; i++) {
    prevA = ((a[i] ^ Math.imul(prevA ^ (prevA >>> 30), 1566083941)) - i) | 0;
    prevB = ((b[i] ^ Math.imul(prevB ^ (prevB >>> 30), 1566083941)) - i) | 0;
    a[i] = prevA;
    b[i] = prevB;
  }
  a[1] = ((a[1] ^ Math.imul(prevA ^ (prevA >>> 30), 1566083941)) - 1) | 0;
  b[1] = ((b[1] ^ Math.imul(prevB ^ (prevB >>> 30), 1566083941)) - 1) | 0;
  a[0] = 0x80000000 | 0;
  b[0] = 0x80000000 | 0;
}

/**
 * Streams with a one-word seed made and not seeded yet, oldest first: the first draw from any of
 * them seeds them all. The streams of a run are made as its components are, before most of them
 * draw, so they are seeded together; one that never draws may be seeded with the others (wasted
 * work, no change to any draw: a stream's words depend on its seed alone). Every stream in it is
 * unseeded, and every unseeded stream with a one-word seed is in it; at {@link SEED_BATCH} streams
 * they are seeded at once, so a program that makes streams and never draws holds few.
 */
let unseeded: MersenneTwister[] = [];
const SEED_BATCH = 32;

/** The state of a stream not seeded yet (it gets its own at seeding). */
const NO_STATE = new Int32Array(0);

/**
 * A Mersenne Twister stream seeded as simjs's `new Random(seed)` is (init_by_array([seed])), with
 * the same variate generators, computed the same way, so every draw is the same double.
 */
export class MersenneTwister {
  /** The state, once seeded. */
  private mt = NO_STATE;
  private mti = UNSEEDED;
  /** The second normal deviate of the last pair, kept for the next `normal` call (simjs's lastNormal). */
  private lastNormal = NaN;

  /** Seeds every stream in `streams`, in pairs, their states side by side in one new block. */
  private static seedTogether(streams: readonly MersenneTwister[]): void {
    const block = new Int32Array(N * streams.length);
    for (let k = 0; k < streams.length; k++) streams[k].mt = block.subarray(k * N, (k + 1) * N);
    let k = 0;
    for (; k + 1 < streams.length; k += 2) initBySeedPair(streams[k].mt, streams[k].key as number, streams[k + 1].mt, streams[k + 1].key as number);
    if (k < streams.length) initBySeed(streams[k].mt, streams[k].key as number);
    for (const stream of streams) stream.mti = N; // seeded: the next draw regenerates word 0
  }

  /** `key`: a seed (simjs's `new Random(seed)`, i.e. init_by_array([seed])) or an init_by_array key, used at the first draw. */
  constructor(private readonly key: number | ArrayLike<number>) {
    if (typeof key === 'number' && unseeded.push(this) === SEED_BATCH) MersenneTwister.seedUnseeded();
  }

  /** Seeds every stream waiting in `unseeded`. */
  private static seedUnseeded(): void {
    const streams = unseeded;
    unseeded = [];
    MersenneTwister.seedTogether(streams);
  }

  /**
   * genrand_int32: a uniform 32-bit unsigned integer. The reference regenerates all N words when the
   * last is used (the "twist"); here word k is regenerated when it is drawn. The twist goes through
   * the words in order, and word k needs only old words after it and new words before it, so the
   * words are the same, and a stream that draws 40 numbers computes 40 words, not 624.
   */
  genrandInt32(): number {
    if (this.mti >= N) {
      if (this.mti === UNSEEDED) {
        if (typeof this.key === 'number') {
          MersenneTwister.seedUnseeded(); // this stream among them
        } else {
          this.mt = new Int32Array(N);
          initByArray(this.mt, this.key);
        }
      }
      this.mti = 0;
    }
    const mt = this.mt;
    const k = this.mti++;
    let y: number;
    if (k < N - M) {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      y = mt[k] = mt[k + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    } else if (k < N - 1) {
      y = (mt[k] & UPPER_MASK) | (mt[k + 1] & LOWER_MASK);
      y = mt[k] = mt[k + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    } else {
      y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      y = mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    // Tempering (of the signed word: every step is a bit operation, and the result is made unsigned).
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** genrand_real2: uniform on [0, 1) with 32-bit resolution; simjs's `random()`. */
  random(): number {
    return this.genrandInt32() * (1.0 / 4294967296.0);
  }

  /** genrand_res53: uniform on [0, 1) with 53-bit resolution (two words). */
  genrandRes53(): number {
    const a = this.genrandInt32() >>> 5;
    const b = this.genrandInt32() >>> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
  }

  /** lower + u · (upper − lower). */
  uniform(lower: number, upper: number): number {
    return lower + this.random() * (upper - lower);
  }

  /** Exponential with rate `lambda`: −ln(u) / λ. */
  exponential(lambda: number): number {
    const r = this.random();
    return -Math.log(r) / lambda;
  }

  /** Triangular on [lower, upper] with mode `mode`, by inversion of one uniform. */
  triangular(lower: number, upper: number, mode: number): number {
    const c = (mode - lower) / (upper - lower);
    const u = this.random();
    if (u <= c) return lower + Math.sqrt(u * (upper - lower) * (mode - lower));
    return upper - Math.sqrt((1 - u) * (upper - lower) * (upper - mode));
  }

  /**
   * Normal by Box–Muller: a pair from two uniforms, the cosine deviate now and the sine deviate at
   * the next call. As in simjs, a kept deviate of exactly 0 counts as none (a new pair is drawn).
   */
  normal(mu: number, sigma: number): number {
    let z = this.lastNormal;
    this.lastNormal = NaN;
    if (!z) {
      const a = this.random() * 2 * Math.PI;
      const b = Math.sqrt(-2.0 * Math.log(1.0 - this.random()));
      z = Math.cos(a) * b;
      this.lastNormal = Math.sin(a) * b;
    }
    return mu + z * sigma;
  }
}
