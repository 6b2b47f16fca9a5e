/**
 * The day clock of a run over [0, days): it ticks at every whole day d, closing day d−1 and then
 * opening day d. What a close or an open does is the caller's; the clock only keeps time. Everything
 * between ticks is a simjs timer, and one timed at t ≥ days never happens.
 */
import { Entity, Sim, type SimInstance } from './simjs.js';

/** What happens at a tick: `closeDay(d − 1)` (for d > 0), then `openDay(d)` (for d < days). */
export interface DayHandlers {
  closeDay(day: number): void;
  openDay(day: number): void;
}

class Clock extends Entity {
  private handlers!: DayHandlers;
  private days = 0;
  private day = 0;

  /**
   * Schedules the ticks of days 0 … days−1 up front: the clock is the first entity, so at any whole
   * day its tick comes before other events at the same time, and an arrival at t = 2.0 belongs to day 2.
   */
  start(handlers: DayHandlers, days: number): void {
    this.handlers = handlers;
    this.days = days;
    for (let day = 0; day < days; day++) this.setTimer(day).done(this.tick, this);
  }

  /** The tick at t = days: closes the last day, once everything timed before t = days has happened. */
  finish(): void {
    this.tick();
  }

  private tick(): void {
    const day = this.day++;
    if (day > 0) this.handlers.closeDay(day - 1);
    if (day < this.days) this.handlers.openDay(day);
  }
}

/** A simulator whose first entity is the day clock; add components to `sim`, then `run()`. */
export class DayLoop {
  readonly sim: SimInstance = new Sim();
  private readonly clock: Clock;

  constructor(private readonly days: number, handlers: DayHandlers) {
    this.clock = this.sim.addEntity(Clock, 'clock', handlers, days); // first: see Clock.start
  }

  /** Runs every day; returns the number of events scheduled on simjs (ticks, arrivals, breakdowns, repairs). */
  run(): number {
    // simjs delivers events up to and including its end time: stop just before t = days, so an
    // arrival at exactly t = days stays in transit and the last row is the end state.
    this.sim.simulate(justBelow(this.days));
    this.clock.finish();
    return this.sim.queue.order;
  }
}

/** The largest double below `x` (x > 0). */
function justBelow(x: number): number {
  const value = new Float64Array([x]);
  new BigInt64Array(value.buffer)[0] -= 1n;
  return value[0];
}
