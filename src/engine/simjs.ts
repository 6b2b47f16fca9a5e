/**
 * The one door to simjs, the discrete-event engine. Its npm bundle exports nothing to Node
 * (it assigns to `window.Sim`), so we evaluate the bundle once with a private `window` object:
 * no global is touched, and every module shares the same classes.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

/**
 * What simjs's event queue holds and delivers: a time, a cancelled flag, and `deliver()`. simjs's own
 * Request is one (with callbacks, groups and renege clauses munisim never uses); munisim's timers
 * ({@link schedule}) are another, cut to what a timer needs.
 */
export interface QueuedEvent {
  deliverAt: number;
  cancelled: boolean;
  /** Runs what the event does: what `simulate` does with each event it takes off the queue. */
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
  queue: { order: number; readonly data: readonly QueuedEvent[]; remove(): QueuedEvent | null; insert(event: QueuedEvent): void };
}

/** Something that acts in simulated time; subclasses define `start(...args)`, called by `addEntity`. */
export interface SimEntity {
  sim: SimInstance;
  name: string;
  time(): number;
  /** simjs's own timer (a Request), for code that uses simjs directly; components use {@link schedule}. */
  setTimer(duration: number): SimRequest;
}

/** simjs's Request, as `setTimer` returns it: `done` chains a callback for when it is delivered. */
export interface SimRequest extends QueuedEvent {
  done<A>(callback: (argument: A) => void, context?: unknown, argument?: A): SimRequest;
  cancel(): void;
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

/**
 * A timer on simjs's queue. `entity.setTimer(delay).done(callback, context, argument)` puts a
 * Request there: an object of eight fields, an array of callbacks grown by a push, and an array per
 * callback, about 400 bytes; this is one object of six fields. The queue orders both alike (by
 * `deliverAt`, then by `order`, which its `insert` stamps), and delivery calls the callback on its
 * context with its argument, as a Request's does; what munisim leaves out (a Request's callback
 * bookkeeping fields on the context, spreading an array argument) no component uses.
 */
class Timer<A> implements QueuedEvent {
  cancelled = false;
  constructor(
    readonly deliverAt: number,
    private readonly callback: (argument: A) => void,
    private readonly context: object,
    private readonly argument: A,
  ) {}

  deliver(): void {
    this.cancelled = true; // delivered once, as a Request cancels itself on delivery
    this.callback.call(this.context, this.argument);
  }
}

/**
 * Runs `callback` on `context` with `argument` once `delay` has passed on `entity`'s simulator: what
 * `entity.setTimer(delay).done(callback, context, argument)` does, through a {@link Timer}, without
 * the two argument checks (of `setTimer` and `done`) around it: timers are the hot path. The context
 * is given (simjs would fall back on the entity), and an array argument is passed as it is (simjs
 * would spread it into arguments).
 */
export function schedule<A extends object | undefined>(entity: SimEntity, delay: number, callback: (argument: A) => void, context: object, argument?: A): void {
  const sim = entity.sim;
  sim.queue.insert(new Timer(sim.simTime + delay, callback, context, argument as A));
}
