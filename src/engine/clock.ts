/**
 * The day clock of a run over [0, days): it ticks at every whole day d, closing day d−1 and then
 * opening day d. What a close or an open does is the caller's; the clock only keeps time. Everything
 * between ticks is a simjs timer, and one timed at t ≥ days never happens.
 *
 * The ticks are not simjs timers: the clock drives simjs's queue itself, one day at a time. It
 * delivers every timer due before d (in simjs's order: by time, then by scheduling order), then
 * ticks at d, then goes on. So at a whole day the tick comes before every timer due at that same
 * time, however early it was scheduled (an arrival at t = 2.0 belongs to day 2, after its opening),
 * and the queue holds only components' timers, never a year of ticks.
 */
import { Sim, type SimInstance } from './simjs.js';

/** What happens at a tick: `closeDay(d − 1)` (for d > 0), then `openDay(d)` (for d < days). */
export interface DayHandlers {
  closeDay(day: number): void;
  openDay(day: number): void;
}

/** A simulator ticked by the day clock; add components to `sim`, then `run()`. */
export class DayLoop {
  readonly sim: SimInstance = new Sim();

  constructor(private readonly days: number, private readonly handlers: DayHandlers) {}

  /**
   * Runs every day; returns the number of events on simjs: each day's tick, and every timer
   * scheduled (arrivals, breakdowns, repairs, sorties), as if the ticks were timers too.
   */
  run(): number {
    const { sim, days, handlers } = this;
    for (let day = 0; day < days; day++) {
      sim.simTime = day;
      if (day > 0) handlers.closeDay(day - 1);
      handlers.openDay(day);
      deliverBefore(sim, day + 1);
    }
    // The tick at t = days closes the last day (the time is still that of the last event).
    if (days > 0) handlers.closeDay(days - 1);
    return sim.queue.order + days;
  }
}

/**
 * Delivers, in simjs's order, every timer due before `end`, including those scheduled meanwhile: what
 * `Sim.simulate` does, except that the first timer at or after `end` stays in the queue.
 */
function deliverBefore(sim: SimInstance, end: number): void {
  const queue = sim.queue;
  const pending = queue.data;
  while (pending.length > 0 && pending[0].deliverAt < end) {
    const request = queue.remove()!;
    sim.simTime = request.deliverAt;
    if (!request.cancelled) request.deliver();
  }
}
