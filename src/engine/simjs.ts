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
  cancelled: boolean;
  /** Runs its callbacks (unless cancelled): what `simulate` does with each request it takes off the queue. */
  deliver(): void;
}

/** simjs's simulator: a clock and a priority queue of requests, ordered by time then insertion. */
export interface SimInstance {
  time(): number;
  /** The current time, which `simulate` sets to each request's `deliverAt` before delivering it. */
  simTime: number;
  addEntity<E extends SimEntity>(klass: new (sim: SimInstance, name?: string) => E, name?: string, ...args: unknown[]): E;
  /** Delivers events until the queue empties or the next one lies beyond `endTime`. */
  simulate(endTime: number, maxEvents?: number): boolean;
  /**
   * The event queue, a binary heap on (deliverAt, order): `data[0]` is the next request, `remove()`
   * takes it off, and `order` counts every request ever inserted (the tie-breaker at equal times).
   */
  queue: { order: number; readonly data: readonly SimRequest[]; remove(): SimRequest | null; insert(request: SimRequest): void };
}

/** Something that acts in simulated time; subclasses define `start(...args)`, called by `addEntity`. */
export interface SimEntity {
  sim: SimInstance;
  name: string;
  time(): number;
  setTimer(duration: number): SimRequest;
}

/** simjs's Mersenne Twister with variate generators (the ones munisim's streams reproduce). */
export interface SimjsRandom {
  random(): number;
  uniform(lower: number, upper: number): number;
  triangular(lower: number, upper: number, mode: number): number;
  normal(mu: number, sigma: number): number;
  exponential(lambda: number): number;
  gamma(alpha: number, beta: number): number;
}

interface SimjsExports {
  Sim: new () => SimInstance;
  Request: new (entity: SimEntity, currentTime: number, deliverAt: number) => SimRequest & { callbacks: unknown[][] };
  Entity: new (sim: SimInstance, name?: string) => SimEntity;
  Random: new (seed: number) => SimjsRandom;
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

export const Sim = simjs.Sim;
export const Entity = simjs.Entity as abstract new (sim: SimInstance, name?: string) => SimEntity;
/** simjs's own Random, untouched: munisim draws from src/engine/mersenne.ts, which tests check against it. */
export const Random = simjs.Random;

const Request = simjs.Request;

/**
 * `entity.setTimer(delay).done(callback, context, argument)`, the same request built the same way,
 * without the two argument checks (of `setTimer` and `done`) around it: timers are the hot path.
 */
export function schedule<A>(entity: SimEntity, delay: number, callback: (argument: A) => void, context: unknown, argument?: A): void {
  const sim = entity.sim;
  const request = new Request(entity, sim.simTime, sim.simTime + delay);
  request.callbacks.push([callback, context, argument]);
  sim.queue.insert(request);
}
