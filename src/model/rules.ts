/**
 * The rules a model's values must keep, shared by the loader and the scenario: a quantity's rule
 * (non-negative, positive, a probability), a parameter's [min, max], and dates inside the horizon.
 */
import { dateOfDay } from './dates.js';
import type { Parameter, QuantityRule, QuantityUnit } from './model.js';
import { LIMITS, withUnit } from './schema.js';

/** Why `value` is outside the parameter's [min, max], or undefined when it is inside. */
export function outsideRange(parameter: Parameter, value: number): string | undefined {
  const { min, max } = parameter;
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return undefined;
  return `${value} is outside the parameter's range ${rangeOf(parameter)}`;
}

/** Why `value` is not a whole number for a parameter with `integer: true`, or undefined when it is fine. */
export function notWhole(parameter: Parameter, value: number): string | undefined {
  if (!parameter.integer || Number.isInteger(value)) return undefined;
  return `${parameter.name} takes whole numbers (integer: true), got ${value}`;
}

/** `[min, max]`, with -∞/∞ for a missing bound. */
export function rangeOf(parameter: Parameter): string {
  return `[${parameter.min ?? '-∞'}, ${parameter.max ?? '∞'}]`;
}

/**
 * Why a date lies outside the horizon, or undefined. The horizon runs from `start` for `days` days;
 * a day (`what` happens on it) must fall on one of them, a window bound may also be the day after
 * the last (a window open to the end).
 */
export function horizonProblem(input: { start: string; days: number }, date: string, day: number, what?: string): string | undefined {
  const { start, days } = input;
  if (day >= 0 && day <= (what ? days - 1 : days)) return undefined;
  const horizon = `the horizon is ${start} to ${dateOfDay(start, days - 1)} (${days} days)`;
  if (day < 0) return `${date} is before the model's start (${start}); ${horizon}`;
  if (what) return `${date} is after the horizon, so ${what} would never happen; ${horizon}`;
  return `${date} is after the horizon; ${horizon}, and a window may end at the latest on ${dateOfDay(start, days)}, the day after`;
}

/** Why `value` breaks `rule`, or undefined when it is fine. */
export function checkRule(value: number, rule: QuantityRule, unit?: QuantityUnit): string | undefined {
  if (!Number.isFinite(value)) return 'must be a finite number';
  if (Math.abs(value) > LIMITS.quantity) return `must be at most ${LIMITS.quantity.toExponential()} in size`;
  if (rule === 'nonNegative' && value < 0) return `must be ≥ ${withUnit(0, unit)}`;
  if (rule === 'positive' && value <= 0) return `must be > ${withUnit(0, unit)}`;
  if (rule === 'probability' && (value < 0 || value > 1)) return 'must be a probability between 0 and 1';
  if (rule === 'count' && (!Number.isInteger(value) || value < 1)) return `must be a whole number ≥ ${withUnit(1, unit)}`;
  return undefined;
}
