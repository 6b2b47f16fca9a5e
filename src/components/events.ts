/**
 * Strikes on depots and routes, scheduled or random, and dated parameter changes. A scheduled strike
 * happens at the start of its day; a random one draws from its own stream on every day of its
 * window, so it never disturbs another component's randomness. (Parameter changes are already in the
 * scenario's day tables.)
 */
import { z } from '../model/zod.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import { formatPath } from '../model/errors.js';
import type { EventSpec, Strike } from '../model/model.js';
import { notWhole, outsideRange } from '../model/rules.js';
import { DateInput, Id, IsoDate, QuantityInput } from '../model/schema.js';
import { knownNamesHint } from '../model/suggest.js';
import { kindOf, type Component, type RunContext } from './contract.js';
import { buildDate } from './moved-date.js';

const StrikeInput = z.union([
  z.strictObject({ stockpile: Id, destroy_fraction: QuantityInput }),
  z.strictObject({ route: Id, close_days: QuantityInput }),
], { error: 'expected { stockpile, destroy_fraction } or { route, close_days }' });

const EventInput = z.strictObject({
  id: Id.optional(),
  date: DateInput.optional(),
  probability_per_day: QuantityInput.optional(),
  from: IsoDate.optional(),
  until: IsoDate.optional(),
  set: z.record(z.string(), QuantityInput).optional(),
  strike: StrikeInput.optional(),
  close: z.strictObject({ route: Id, days: QuantityInput }).optional(),
  description: z.string().optional(),
}).refine((event) => event.set !== undefined || event.strike !== undefined || event.close !== undefined, {
  error: 'an event needs `set` (parameter values), `strike` or `close`',
}).refine((event) => event.strike === undefined || event.close === undefined, {
  error: 'an event has either `strike` or `close`; use two events for both',
}).refine((event) => (event.date === undefined) !== (event.probability_per_day === undefined), {
  error: 'an event needs either `date` (scheduled) or `probability_per_day` (random), not both',
}).refine((event) => event.probability_per_day === undefined || event.set === undefined, {
  error: 'a random event cannot `set` parameters (they are tabulated before the run); use a dated event',
});

/** A route as a strike sees it. */
interface Closable { closeUntil(day: number): void }

export class ScheduledEvent implements Component {
  readonly id: string;
  private readonly stream?: SimRandom;
  /** The day it happens in this scenario (its date moved by a parameter, if written so). */
  private readonly day?: number;

  constructor(private readonly spec: EventSpec, private readonly context: RunContext) {
    this.id = spec.id;
    this.day = spec.day === undefined || spec.shift === undefined ? spec.day : spec.day + context.tables[spec.shift][0];
    if (spec.random) this.stream = randomStream(context.seed, 'event', spec.id);
  }

  startDay(day: number): void {
    const { spec } = this;
    if (!spec.strike) return;
    if (this.day !== undefined) {
      if (this.day === day) this.strike(spec.strike, day);
      return;
    }
    const window = spec.random!;
    if (day < window.fromDay || day >= window.untilDay) return;
    if (this.stream!.random() < this.context.tables[window.probability][day]) this.strike(spec.strike, day);
  }

  private strike(strike: Strike, day: number): void {
    const { tables, stockpiles } = this.context;
    if (strike.kind === 'stockpile') stockpiles[strike.stockpile].destroy(tables[strike.destroyFraction][day]);
    else (this.context.section('routes')[strike.route] as unknown as Closable).closeUntil(day + Math.round(tables[strike.closeDays][day]));
  }
}

export const eventKind = kindOf<EventSpec, z.infer<typeof EventInput>>({
  kind: 'event',
  section: 'events',
  schema: EventInput,
  build(e, i, tools) {
    const id = e.id ?? `event-${i}`;
    if (!tools.firstUse('events', id)) tools.report(['events', i, 'id'], `duplicate event id "${id}"`);
    const date = e.date === undefined ? undefined : buildDate(e.date, ['events', i, 'date'], tools, 'the event');
    const set = Object.entries(e.set ?? {}).map(([parameter, value]) => {
      const path = ['events', i, 'set', parameter];
      const target = tools.parameters.find((p) => p.name === parameter);
      if (!target) tools.report(path, `unknown parameter "${parameter}"`, knownNamesHint(parameter, tools.parameters.map((p) => p.name)));
      const compiled = tools.compile(value, path) ?? { kind: 'constant' as const, value: 0 };
      // As a value given from outside is; an expression is checked on its day, when tabulated.
      const problem = target && compiled.kind === 'constant' ? outsideRange(target, compiled.value) : undefined;
      if (problem) tools.report(path, problem, `widen min/max of parameters.${parameter} if the value is meant`);
      const fractional = target && compiled.kind === 'constant' ? notWhole(target, compiled.value) : undefined;
      if (fractional) tools.report(path, fractional);
      return { parameter, path: formatPath(path), ...tools.locate(path), quantity: compiled };
    });
    let strike: EventSpec['strike'];
    if (e.strike && 'stockpile' in e.strike) {
      strike = {
        kind: 'stockpile',
        stockpile: tools.refer('stockpiles', e.strike.stockpile, ['events', i, 'strike', 'stockpile']),
        destroyFraction: tools.quantity(e.strike.destroy_fraction, ['events', i, 'strike', 'destroy_fraction'], 'probability'),
      };
    } else if (e.strike) {
      strike = {
        kind: 'route',
        route: tools.refer('routes', e.strike.route, ['events', i, 'strike', 'route']),
        closeDays: tools.quantity(e.strike.close_days, ['events', i, 'strike', 'close_days'], 'nonNegative'),
      };
    } else if (e.close) {
      // A pause (political, weather) closes a route the same way a strike does.
      strike = {
        kind: 'route',
        route: tools.refer('routes', e.close.route, ['events', i, 'close', 'route']),
        closeDays: tools.quantity(e.close.days, ['events', i, 'close', 'days'], 'nonNegative'),
      };
    }
    const random = e.probability_per_day === undefined ? undefined : {
      probability: tools.quantity(e.probability_per_day, ['events', i, 'probability_per_day'], 'probability'),
      fromDay: e.from === undefined ? 0 : tools.day(e.from, ['events', i, 'from']),
      untilDay: e.until === undefined ? Infinity : tools.day(e.until, ['events', i, 'until']),
    };
    if (e.date !== undefined && (e.from !== undefined || e.until !== undefined)) tools.report(['events', i, 'from'], '`from`/`until` apply to random events only', 'a dated event happens on its `date`');
    return { kind: 'event', id, day: date?.day, date: date?.text, ...(date?.shift === undefined ? {} : { shift: date.shift }), random, set, strike };
  },
  // Dated events in date order (the scenario applies their `set` in this order), random ones after.
  compare: (a, b) => (a.day ?? Infinity) - (b.day ?? Infinity),
  create: (spec, context) => new ScheduledEvent(spec, context),
});
