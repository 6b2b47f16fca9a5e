/**
 * Seeded random streams. Every component (and every purpose within it) draws from its own Mersenne
 * Twister stream, keyed by (run seed, names…): adding or changing one component leaves every other
 * stream untouched, which gives common random numbers across scenarios. A stream is the one simjs's
 * `new Random(hash)` would be, draw for draw (src/engine/mersenne.ts), seeded together with the
 * others made since, at the first draw from any stream or once 32 wait (when it is seeded changes
 * none of its draws).
 */
import { MersenneTwister } from './mersenne.js';

/** A seeded stream of variates (the generators of simjs's Random that munisim uses). */
export interface SimRandom {
  random(): number;
  uniform(lower: number, upper: number): number;
  triangular(lower: number, upper: number, mode: number): number;
  normal(mu: number, sigma: number): number;
  exponential(lambda: number): number;
}

/** FNV-1a over the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return hashBytes(h, new TextEncoder().encode(text.slice(i))); // the rest as UTF-8
    h ^= code;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hashBytes(h: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A Mersenne Twister stream for (seed, ...key); the same arguments always give the same draws. */
export function randomStream(seed: number, ...key: string[]): SimRandom {
  return new MersenneTwister(hash32(`${seed}\u0000${key.join('\u0000')}`));
}
