/**
 * Dates that parameters move (an event's `date`, a route's `open` bound written `{ date, plus_days }`
 * or `{ day }`), resolved once per scenario: the shift is read with the scenario's parameters before
 * any event (t = 0), must be a whole number of days, and must leave the date inside the model's
 * horizon. No event may set a parameter a date reads, so the day tables agree with what is resolved here.
 */
import { dateOfDay } from './dates.js';
import { quote, type Issue } from './errors.js';
import { ExpressionError } from './expressions.js';
import type { EventSpec, Model, QuantityRef } from './model.js';
import { horizonProblem } from './rules.js';

/**
 * The day of every event of `model` in the scenario whose parameter values are `scope` (in
 * `model.events` order; undefined for random events), and the problems of every moved date.
 */
export function resolveMovedDates(model: Model, scope: ReadonlyMap<string, number>): { eventDays: (number | undefined)[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const setByEvents = new Set(model.events.flatMap((e) => e.set.map((s) => s.parameter)));
  const values = new Map(scope).set('t', 0);
  /** The whole-day shift of quantity `ref`, or undefined (with an issue) when it cannot be used. */
  const shiftOf = (ref: QuantityRef): number | undefined => {
    const field = model.quantities[ref];
    const where = { file: model.file, path: field.path, line: field.line, column: field.column };
    const q = field.quantity;
    if (q.kind === 'expression') {
      const set = q.symbols.find((name) => setByEvents.has(name));
      if (set) {
        issues.push({ ...where, message: `${quote(q.source)} moves a date, so no event may set ${set}`, hint: 'a date is resolved once, before the run; set another parameter, or date the event itself' });
        return undefined;
      }
    }
    let value: number;
    try {
      value = q.kind === 'constant' ? q.value : q.evaluate(values);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      issues.push({ ...where, message: error.message });
      return undefined;
    }
    if (!Number.isInteger(value)) {
      issues.push({ ...where, message: `${describe(q)} must be a whole number of days, but is ${value}`, hint: 'give the parameter `integer: true`, or round it in the expression' });
      return undefined;
    }
    return value;
  };
  /** `day` + the shift, or undefined with an issue when the result is outside the horizon. */
  const moved = (day: number, ref: QuantityRef, what?: string): number | undefined => {
    const shift = shiftOf(ref);
    if (shift === undefined) return undefined;
    const date = dateOfDay(model.start, day + shift);
    const problem = horizonProblem(model, date, day + shift, what);
    if (!problem) return day + shift;
    const field = model.quantities[ref];
    issues.push({ file: model.file, path: field.path, line: field.line, column: field.column, message: `${describe(field.quantity)} is ${shift}, so the date is ${date}: ${problem}` });
    return undefined;
  };

  const eventDays = model.events.map((event) => (event.day === undefined || event.shift === undefined ? event.day : moved(event.day, event.shift, 'the event')));
  model.routes.forEach((route) => route.open?.forEach((w, j) => {
    const from = w.fromShift === undefined ? w.fromDay : moved(w.fromDay, w.fromShift);
    const until = w.untilShift === undefined ? w.untilDay : moved(w.untilDay, w.untilShift);
    if (from === undefined || until === undefined || (w.fromShift === undefined && w.untilShift === undefined) || from < until) return;
    issues.push({ file: model.file, path: `routes[${model.routes.indexOf(route)}].open[${j}]`, message: `the window opens on ${dateOfDay(model.start, from)}, on or after it closes (${dateOfDay(model.start, until)})` });
  }));
  return { eventDays, issues };
}

/** The event's day with the model's own parameter values (what warnings name); undefined for a random event or a date that cannot be resolved. */
export function eventDayOf(model: Model, event: EventSpec): number | undefined {
  if (event.day === undefined || event.shift === undefined) return event.day;
  const scope = new Map(model.parameters.map((p) => [p.name, p.value]));
  return resolveMovedDates({ ...model, events: [event], routes: [] }, scope).eventDays[0];
}

function describe(q: Model['quantities'][number]['quantity']): string {
  return q.kind === 'expression' ? quote(q.source) : String(q.value);
}
