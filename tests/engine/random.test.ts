/**
 * Seeded streams: munisim's typed-array Mersenne Twister against Matsumoto & Nishimura's published
 * reference output (mt19937ar.out) and, draw for draw, against simjs's own Random.
 */
import { describe, expect, it } from 'vitest';
import { initByArray, initBySeed, initBySeedPair, initGenrand, MersenneTwister } from '../../src/engine/mersenne.js';
import { hash32, randomStream } from '../../src/engine/random.js';
import { Random } from '../../src/engine/simjs.js';

/** mt19937ar.out, init_by_array({0x123, 0x234, 0x345, 0x456}): the first 25 of "1000 outputs of genrand_int32()". */
const REFERENCE_INT32 = [
  1067595299, 955945823, 477289528, 4107218783, 4228976476,
  3344332714, 3355579695, 227628506, 810200273, 2591290167,
  2560260675, 3242736208, 646746669, 1479517882, 4245472273,
  1143372638, 3863670494, 3221021970, 1773610557, 1138697238,
  1421897700, 1269916527, 2859934041, 1764463362, 3874892047,
];
/** The same file, the first 10 of "1000 outputs of genrand_real2()" (draws 1001–1010 of the stream), printed %10.8f. */
const REFERENCE_REAL2 = ['0.76275443', '0.99000644', '0.98670464', '0.10143112', '0.27933125', '0.69867227', '0.94218740', '0.03427201', '0.78842173', '0.28180608'];

type SimjsInternals = { genrandInt32(): number; genrandRes53(): number; random(): number; normal(mu: number, sigma: number): number; uniform(a: number, b: number): number; triangular(a: number, b: number, c: number): number; exponential(l: number): number };

describe('MersenneTwister', () => {
  it('matches mt19937ar.out for init_by_array({0x123, 0x234, 0x345, 0x456})', () => {
    const mt = new MersenneTwister([0x123, 0x234, 0x345, 0x456]);
    expect(Array.from({ length: 25 }, () => mt.genrandInt32())).toEqual(REFERENCE_INT32);
    for (let i = 25; i < 1000; i++) mt.genrandInt32();
    expect(Array.from({ length: 10 }, () => mt.random().toFixed(8))).toEqual(REFERENCE_REAL2);
  });

  it('matches init_genrand(5489), the reference default seed (first output 3499211612)', () => {
    const state = new Int32Array(624);
    initGenrand(state, 5489);
    expect(state[1]).toBe(1301868182); // 1812433253 · (5489 ⊕ (5489 >> 30)) + 1 mod 2^32
    const simjs = new Random(1) as unknown as SimjsInternals & { initGenrand(s: number): void };
    simjs.initGenrand(5489);
    expect(simjs.genrandInt32()).toBe(3499211612);
  });

  it('draws exactly what simjs Random draws for the same seed, in every generator munisim uses', () => {
    for (const seed of [0, 1, 7, 12345, 0x7fffffff, 0xffffffff, hash32('1\u0000consumer\u0000ru-front\u0000demand')]) {
      const ours = new MersenneTwister(seed);
      const theirs = new Random(seed) as unknown as SimjsInternals;
      // Mixed calls, as components make them, past several twists of the 624-word state.
      for (let i = 0; i < 3000; i++) {
        switch (i % 7) {
          case 0: expect(ours.random()).toBe(theirs.random()); break;
          case 1: expect(ours.normal(3, 2)).toBe(theirs.normal(3, 2)); break;
          case 2: expect(ours.uniform(1, 4)).toBe(theirs.uniform(1, 4)); break;
          case 3: expect(ours.triangular(1, 4, 2)).toBe(theirs.triangular(1, 4, 2)); break;
          case 4: expect(ours.exponential(1 / 60)).toBe(theirs.exponential(1 / 60)); break;
          case 5: expect(ours.genrandRes53()).toBe(theirs.genrandRes53()); break;
          default: expect(ours.normal(0, 1)).toBe(theirs.normal(0, 1)); expect(ours.normal(0, 1)).toBe(theirs.normal(0, 1));
        }
      }
    }
  });

  it('seeds from one word as init_by_array does from a one-word key', () => {
    for (const seed of [0, 1, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const byArray = new Int32Array(624);
      const bySeed = new Int32Array(624);
      initByArray(byArray, [seed]);
      initBySeed(bySeed, seed);
      expect(bySeed).toEqual(byArray);
    }
  });

  it('seeds two states at once word for word as init_by_array seeds each', () => {
    const seeds = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 12345];
    for (let k = 0; k + 1 < seeds.length; k++) {
      const a = new Int32Array(624);
      const b = new Int32Array(624);
      initBySeedPair(a, seeds[k], b, seeds[k + 1]);
      const aAlone = new Int32Array(624);
      const bAlone = new Int32Array(624);
      initByArray(aAlone, [seeds[k]]);
      initByArray(bAlone, [seeds[k + 1]]);
      expect(a).toEqual(aAlone);
      expect(b).toEqual(bAlone);
    }
  });

  it('draws as simjs does however many streams are seeded together, and in whatever order they first draw', () => {
    // 1, 2, 3 streams (a pair and one alone) and 70 (past the batch of 32 seeded as they are made);
    // the first draws go last-made first, so the stream that seeds the batch is not its first.
    for (const count of [1, 2, 3, 70]) {
      const seeds = Array.from({ length: count }, (_, k) => hash32(`run ${count} stream ${k}`));
      const ours = seeds.map((seed) => new MersenneTwister(seed));
      const theirs = seeds.map((seed) => new Random(seed) as unknown as SimjsInternals);
      for (let round = 0; round < 700; round++) {
        for (let k = count - 1; k >= 0; k--) expect(ours[k].random()).toBe(theirs[k].random());
      }
    }
  });
});

describe('randomStream', () => {
  it('is simjs Random seeded with the FNV-1a hash of the seed and key', () => {
    const ours = randomStream(3, 'route', 'sea', 'transit');
    const theirs = new Random(hash32('3\u0000route\u0000sea\u0000transit')) as unknown as SimjsInternals;
    for (let i = 0; i < 1000; i++) expect(ours.random()).toBe(theirs.random());
  });

  it('gives the same draws for the same key and different draws for another', () => {
    const draws = (seed: number, ...key: string[]) => { const r = randomStream(seed, ...key); return [r.random(), r.random(), r.random()]; };
    expect(draws(7, 'route', 'sea', 'transit')).toEqual(draws(7, 'route', 'sea', 'transit'));
    expect(draws(7, 'route', 'sea', 'transit')).not.toEqual(draws(7, 'route', 'sea', 'detect'));
    expect(draws(7, 'route', 'sea', 'transit')).not.toEqual(draws(7, 'route', 'rail', 'transit'));
    expect(draws(7, 'route', 'sea', 'transit')).not.toEqual(draws(8, 'route', 'sea', 'transit'));
  });

  it('hashes keys with FNV-1a over UTF-8', () => {
    // FNV-1a 32-bit test vectors: "" → 0x811c9dc5, "a" → 0xe40c292c, "foobar" → 0xbf9cf968.
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
    expect(hash32('foobar')).toBe(0xbf9cf968);
    // Non-ASCII ids hash their UTF-8 bytes: "é" is C3 A9, so hash("xé") = FNV over 78 C3 A9.
    let h = 0x811c9dc5;
    for (const byte of [0x78, 0xc3, 0xa9]) h = Math.imul(h ^ byte, 0x01000193);
    expect(hash32('xé')).toBe(h >>> 0);
  });
});
