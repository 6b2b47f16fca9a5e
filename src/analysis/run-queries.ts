/**
 * Questions asked of one run's records over a calendar window — shells delivered in 2024, the mean
 * fire per day over a quarter, the stock on a date, the busiest month — as calibration and notebooks
 * ask them. Windows are [from, until) in ISO dates, clipped to the run's horizon.
 */
import { dayIndex } from '../model/dates.js';

/** What the queries read of a run (a `RunResult` is one): its calendar and its recorded columns. */
export interface RecordedRun {
  scenario: { model: { start: string }; days: number };
  recorder: { column(name: string): ArrayLike<number> };
}

/** Day index of `iso` in the run (may fall outside the horizon; callers clip). */
function dayOf(run: RecordedRun, iso: string): number {
  return dayIndex(run.scenario.model.start, iso);
}

/** The days [a, b) of the window [from, until), clipped to the run. */
function windowOf(run: RecordedRun, from: string, until: string): [number, number] {
  return [Math.max(0, dayOf(run, from)), Math.min(run.scenario.days, dayOf(run, until))];
}

/** Sum of a flow column (e.g. `ru-front.consumed`) over [from, until). */
export function totalBetween(run: RecordedRun, column: string, from: string, until: string): number {
  const values = run.recorder.column(column);
  const [a, b] = windowOf(run, from, until);
  let sum = 0;
  for (let d = a; d < b; d++) sum += values[d];
  return sum;
}

/** Mean per day of a flow column over [from, until) (NaN for an empty window). */
export function perDayBetween(run: RecordedRun, column: string, from: string, until: string): number {
  const [a, b] = windowOf(run, from, until);
  return totalBetween(run, column, from, until) / (b - a);
}

/** A level column (e.g. `ru-west.stock.152mm`) at the end of the day before `iso`: the stock "on" that date. */
export function levelOn(run: RecordedRun, column: string, iso: string): number {
  const values = run.recorder.column(column);
  return values[Math.min(run.scenario.days, dayOf(run, iso)) - 1];
}

/** Largest total of a flow column over any `span` consecutive days of the run. */
export function peakWindowTotal(run: RecordedRun, column: string, span: number): number {
  const values = run.recorder.column(column);
  let sum = 0, best = 0;
  for (let d = 0; d < values.length; d++) {
    sum += values[d];
    if (d >= span) sum -= values[d - span];
    best = Math.max(best, sum);
  }
  return best;
}
