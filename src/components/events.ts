/**
 * Strikes on depots and routes, scheduled or random. Scheduled ones happen at the start of their
 * day; a random one draws from its own stream on every day of its window, so it never disturbs
 * another component's randomness. (Parameter changes are already in the scenario's day tables.)
 */
import { randomStream, type SimRandom } from '../engine/random.js';
import type { EventSpec, Strike } from '../model/model.js';
import type { RunContext } from './context.js';
import type { Route } from './route.js';

export class EventSchedule {
  private readonly scheduled: EventSpec[];
  private readonly random: { spec: EventSpec; stream: SimRandom }[];
  private next = 0;
  /** Strikes that happened, per event id (for the summary). */
  readonly strikeCount = new Map<string, number>();

  constructor(events: EventSpec[], private readonly context: RunContext, private readonly routes: Route[]) {
    this.scheduled = events.filter((e) => e.day !== undefined && e.strike);
    this.random = events.filter((e) => e.random).map((spec) => ({ spec, stream: randomStream(context.seed, 'event', spec.id) }));
  }

  startDay(day: number): void {
    while (this.next < this.scheduled.length && this.scheduled[this.next].day! <= day) {
      const event = this.scheduled[this.next++];
      if (event.day === day) this.strike(event, day);
    }
    const { tables } = this.context;
    for (const { spec, stream } of this.random) {
      const window = spec.random!;
      if (day < window.fromDay || day >= window.untilDay) continue;
      if (stream.random() < tables[window.probability][day]) this.strike(spec, day);
    }
  }

  private strike(event: EventSpec, day: number): void {
    const strike = event.strike as Strike;
    const { tables, stockpiles } = this.context;
    if (strike.kind === 'stockpile') stockpiles[strike.stockpile].destroy(tables[strike.destroyFraction][day]);
    else this.routes[strike.route].closeUntil(day + Math.round(tables[strike.closeDays][day]));
    this.strikeCount.set(event.id, (this.strikeCount.get(event.id) ?? 0) + 1);
  }
}
