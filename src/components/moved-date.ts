/**
 * Dates in a model file that a parameter may move: `YYYY-MM-DD`, `{ date, plus_days }` or `{ day }`.
 * A fixed one is checked against the horizon at load; one that reads parameters becomes a day plus a
 * shift quantity, resolved (and checked) once per scenario by src/model/moved-dates.ts.
 */
import { dateOfDay, dayIndex } from '../model/dates.js';
import type { QuantityRef } from '../model/model.js';
import type { BuildTools, Path } from './contract.js';

/** A date as parsed by the schema's DateInput. */
export type DateValue = string | { date: string; plus_days: number | string } | { day: number | string };

/** A resolved date: its day, the shift a parameter adds to it (per scenario), and how it was written. */
export interface BuiltDate { day: number; shift?: QuantityRef; text: string }

/**
 * The day of `value`; `what` happens on it (it must be a day of the horizon), or without `what` it is
 * a window bound (it may also be the day after the last). Reports a fractional number of days.
 */
export function buildDate(value: DateValue, path: Path, tools: BuildTools, what?: string): BuiltDate {
  if (typeof value === 'string') return { day: tools.day(value, path, what), text: value };
  const [base, offset, offsetPath] = 'day' in value
    ? [0, value.day, [...path, 'day']]
    : [dayIndex(tools.start, value.date), value.plus_days, [...path, 'plus_days']];
  if (typeof offset === 'number') {
    if (!Number.isInteger(offset)) {
      tools.report(offsetPath, `must be a whole number of days, got ${offset}`);
      return { day: base, text: dateOfDay(tools.start, base) };
    }
    const date = dateOfDay(tools.start, base + offset);
    return { day: tools.day(date, path, what), text: date };
  }
  const shift = tools.quantity(offset, offsetPath, 'nonNegative');
  return { day: base, shift, text: 'day' in value ? `day ${offset}` : `${value.date} + ${offset}` };
}
