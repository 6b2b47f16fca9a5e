/**
 * The day clock: at a whole day its tick comes before every timer due at that time, whenever the
 * timer was scheduled (before the previous tick, between ticks, or during that very tick), timers
 * at equal times keep simjs's order (the order they were scheduled in), and nothing due at t ≥ days happens.
 */
import { describe, expect, it } from 'vitest';
import { DayLoop } from '../../src/engine/clock.js';
import { Entity, schedule, type SimInstance } from '../../src/engine/simjs.js';

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

  it("keeps schedule()'s timers and simjs's own requests in one order: by time, then as scheduled", () => {
    const log: string[] = [];
    const loop = new DayLoop(3, { closeDay: () => {}, openDay: (day) => log.push(`open ${day}`) });
    class Mixed extends Entity {
      start(): void {
        const note = function (this: { label: string }, lot: { id: number }) { log.push(`${this.label} ${lot.id} @${loop.sim.time()}`); };
        // Equal times alternate between the two kinds: delivery follows the order of these calls.
        schedule(this, 1.25, note, { label: 'timer' }, { id: 1 });
        this.setTimer(1.25).done(() => log.push(`request 2 @${this.time()}`));
        schedule(this, 1.25, note, { label: 'timer' }, { id: 3 });
        schedule(this, 0.5, note, { label: 'timer' }, { id: 4 });
        this.setTimer(2).done(() => log.push(`request 5 @${this.time()}`));
        schedule(this, 2, () => { log.push(`timer 6 @${this.time()}`); schedule(this, 0, note, { label: 'timer' }, { id: 7 }); }, this);
      }
    }
    loop.sim.addEntity(Mixed, 'mixed');
    const events = loop.run();
    expect(log).toEqual([
      'open 0', 'timer 4 @0.5',
      'open 1', 'timer 1 @1.25', 'request 2 @1.25', 'timer 3 @1.25',
      'open 2', 'request 5 @2', 'timer 6 @2', 'timer 7 @2',
    ]);
    // 3 ticks + 7 timers and requests, each delivered once.
    expect(events).toBe(10);
  });
});
