/**
 * The day clock: at a whole day its tick comes before every timer due at that time, whenever the
 * timer was scheduled (before the previous tick, between ticks, or during that very tick), timers
 * at equal times keep simjs's order (the order they were scheduled in), and nothing due at t ≥ days happens.
 */
import { describe, expect, it } from 'vitest';
import { DayLoop } from '../../src/engine/clock.js';
import { Entity, type SimInstance } from '../../src/engine/simjs.js';

/** Logs every tick and timer; `plan` says what each does when it happens. */
function runLogged(days: number, plan: (sim: SimInstance, at: (delay: number, label: string) => void, log: string[]) => { openDay?: (day: number) => void }) {
  const log: string[] = [];
  let handlers: { openDay?: (day: number) => void } = {};
  const loop = new DayLoop(days, {
    closeDay: (day) => log.push(`close ${day} @${loop.sim.time()}`),
    openDay: (day) => { log.push(`open ${day} @${loop.sim.time()}`); handlers.openDay?.(day); },
  });
  class Timers extends Entity {
    start(): void {}
    at(delay: number, label: string): void {
      this.setTimer(delay).done(() => { log.push(`${label} @${this.time()}`); if (label === 'a') this.at(1.5, 'a+1.5'); });
    }
  }
  const timers = loop.sim.addEntity(Timers, 'timers');
  handlers = plan(loop.sim, (delay, label) => timers.at(delay, label), log);
  const events = loop.run();
  return { log, events };
}

describe('the day clock', () => {
  it('ticks before every timer due at the same whole day, and timers tie in scheduling order', () => {
    const { log, events } = runLogged(4, (_sim, at) => {
      at(2, 'set at 0, due 2'); // scheduled before the ticks of days 1 and 2
      at(0.5, 'a'); // at 0.5 schedules 'a+1.5', due 2, between the ticks of days 0 and 1
      at(0, 'set at 0, due 0');
      return { openDay: (day) => { if (day === 2) at(0, 'set in tick 2, due 2'); if (day === 3) at(1, 'due 4'); } };
    });
    expect(log).toEqual([
      'open 0 @0',
      'set at 0, due 0 @0',
      'a @0.5',
      'close 0 @1',
      'open 1 @1',
      'close 1 @2',
      'open 2 @2',
      'set at 0, due 2 @2',
      'a+1.5 @2',
      'set in tick 2, due 2 @2',
      'close 2 @3',
      'open 3 @3',
      'close 3 @3', // the timer due at t = 4 = days never happens; the last close comes at the last event's time
    ]);
    // 4 ticks + 6 timers scheduled (the one due at t = 4 included).
    expect(events).toBe(10);
  });

  it('closes the last day after the timers before the horizon, at the time of the last of them', () => {
    const { log } = runLogged(2, (_sim, at) => { at(1.75, 'late'); return {}; });
    expect(log).toEqual(['open 0 @0', 'close 0 @1', 'open 1 @1', 'late @1.75', 'close 1 @1.75']);
  });
});
