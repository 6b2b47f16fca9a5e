/**
 * The one door to simjs, the discrete-event engine. Its npm bundle exports nothing to Node
 * (it assigns to `window.Sim`), so we evaluate the bundle once with a private `window` object:
 * no global is touched, and every module shares the same classes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

/** A pending timer or request; `done` chains a callback when it is delivered. */
export interface SimRequest {
  done<A>(callback: (argument: A) => void, context?: unknown, argument?: A): SimRequest;
  cancel(): void;
  deliverAt: number;
}

/** simjs's simulator: a clock and a priority queue of requests, ordered by time then insertion. */
export interface SimInstance {
  time(): number;
  addEntity<E extends SimEntity>(klass: new (sim: SimInstance, name?: string) => E, name?: string, ...args: unknown[]): E;
  /** Delivers events until the queue empties or the next one lies beyond `endTime`. */
  simulate(endTime: number, maxEvents?: number): boolean;
  /** The event queue; `order` counts every event ever scheduled (simjs's tie-breaker). */
  queue: { order: number };
}

/** Something that acts in simulated time; subclasses define `start(...args)`, called by `addEntity`. */
export interface SimEntity {
  sim: SimInstance;
  name: string;
  time(): number;
  setTimer(duration: number): SimRequest;
}

/** simjs's Mersenne Twister with variate generators. */
export interface SimRandom {
  random(): number;
  uniform(lower: number, upper: number): number;
  triangular(lower: number, upper: number, mode: number): number;
  normal(mu: number, sigma: number): number;
  exponential(lambda: number): number;
  gamma(alpha: number, beta: number): number;
}

interface SimjsExports {
  Sim: new () => SimInstance;
  Entity: new (sim: SimInstance, name?: string) => SimEntity;
  Random: new (seed: number) => SimRandom;
  /** simjs's Buffer; renamed so it never shadows Node's Buffer. */
  Buffer: new (name: string, capacity: number, initial?: number) => unknown;
}

function loadSimjs(): SimjsExports {
  const require = createRequire(import.meta.url);
  const bundlePath = require.resolve('simjs/sim.js');
  const source = readFileSync(bundlePath, 'utf8');
  const privateWindow: { Sim?: SimjsExports } = {};
  // The bundle is a browserify prelude: it only needs `window` (to publish) and `require` (unused).
  compileFunction(source, ['window', 'require'], { filename: bundlePath })(privateWindow, undefined);
  if (!privateWindow.Sim?.Sim) throw new Error(`simjs bundle at ${bundlePath} did not publish its classes`);
  return privateWindow.Sim;
}

const simjs = loadSimjs();
memoizeSeeding(simjs.Random);

/**
 * Every simjs Random starts from `initGenrand(19650218)` (Mersenne Twister's init_by_array), the same
 * 624-word state whatever the seed. Computing it once and copying it gives identical streams and
 * takes a fifth of the cost of seeding, which every run pays for each of its streams.
 */
function memoizeSeeding(random: SimjsExports['Random']): void {
  const prototype = random.prototype as unknown as { initGenrand(s: number): void; mt: number[]; mti: number; N: number };
  const compute = prototype.initGenrand;
  const cache = new Map<number, number[]>();
  prototype.initGenrand = function initGenrand(this: typeof prototype, s: number) {
    let state = cache.get(s);
    if (state === undefined) {
      compute.call(this, s);
      state = this.mt.slice();
      if (cache.size < 4) cache.set(s, state);
      return;
    }
    for (let i = 0; i < state.length; i++) this.mt[i] = state[i];
    this.mti = this.N;
  };
}

export const Sim = simjs.Sim;
export const Entity = simjs.Entity as abstract new (sim: SimInstance, name?: string) => SimEntity;
export const Random = simjs.Random;
