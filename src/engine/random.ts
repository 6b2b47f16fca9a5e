/**
 * Seeded random streams. Every component (and every purpose within it) draws from its own simjs
 * Random stream, keyed by (run seed, names…): adding or changing one component leaves every other
 * stream untouched, which gives common random numbers across scenarios.
 */
import { Random, type SimRandom } from './simjs.js';

/** FNV-1a over the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A Mersenne Twister stream for (seed, ...key); the same arguments always give the same draws. */
export function randomStream(seed: number, ...key: string[]): SimRandom {
  return new Random(hash32(`${seed}\u0000${key.join('\u0000')}`));
}

export type { SimRandom };
