/**
 * A scenario is a model with its parameter values fixed: every quantity becomes a table of one
 * value per day, computed once (events that `set` parameters included). Runs and replications of
 * the same scenario share these tables, so the event loop reads numbers instead of evaluating
 * expressions, and a value that breaks its rule is refused before any run starts.
 */
import { UserError, quote, type Issue } from './errors.js';
import { knownNamesHint } from './suggest.js';
import { ExpressionError, type Quantity } from './expressions.js';
import { calendar } from './dates.js';
import { checkRule, notWhole, outsideRange, rangeOf } from './rules.js';
import { resolveMovedDates } from './moved-dates.js';
import type { Model, QuantityField, QuantityRule, QuantityUnit } from './model.js';
import type { ParameterChange, StatefulQuantity } from './state-reads.js';
import { checkComponentDays, EventEstimate } from './limits.js';
import { LIMITS } from './schema.js';
import { wholeShells } from './whole-shells.js';

export interface ScenarioOptions {
  /** Parameter values that replace the model's own (from --set, a sweep's design point). */
  parameters?: Record<string, number>;
  /** Replaces the model's horizon. */
  days?: number;
  /** Parameter overrides may leave the declared [min, max] (sensitivity and sweeps keep them inside). */
  allowOutOfRange?: boolean;
}

export interface Scenario {
  model: Model;
  days: number;
  /** Parameter values on day 0, after overrides. */
  parameters: Record<string, number>;
  /**
   * One Float64Array of `days` values per entry of `model.quantities`. Quantities that cannot change
   * during the horizon share one table per distinct value, so tables must never be written to.
   */
  tables: Float64Array[];
  /** ISO date of each day. */
  dates: string[];
  /**
   * The quantities that read the run (src/model/state-reads.ts), computed in each run as the day
   * opens; their tables here hold NaN. Data only, so that the scenario can cross to a worker thread.
   */
  stateful?: StatefulQuantity[];
  /** Each value a `set` event gave, in the order applied: the parameters a stateful quantity sees on each day. */
  changes?: ParameterChange[];
}

/**
 * Fixes parameter values and tabulates every quantity.
 * @throws UserError naming field, day and value; or the component-days or estimated events of the
 *   run when they exceed LIMITS (src/model/limits.ts)
 */
export function resolveScenario(model: Model, options: ScenarioOptions = {}): Scenario {
  return tabulate(model, options, true);
}

/**
 * Makes every check {@link resolveScenario} makes without keeping the day tables, so the memory it
 * needs does not grow with components × days (what `validate` uses). @throws UserError as resolveScenario
 */
export function checkScenario(model: Model, options: ScenarioOptions = {}): void {
  tabulate(model, options, false);
}

/** Evaluates every quantity day by day; `keep` keeps the tables (without it, only day 0's values). */
function tabulate(model: Model, options: ScenarioOptions, keep: boolean): Scenario {
  const days = options.days ?? model.days;
  if (!Number.isInteger(days) || days < 1 || days > LIMITS.days) {
    throw new UserError({ path: 'days', message: `must be a whole number of days from 1 to ${LIMITS.days}, got ${days}` });
  }
  checkComponentDays(model, days);
  const parameters = resolveParameters(model, options.parameters ?? {}, options.allowOutOfRange ?? false);
  const scope = new Map<string, number>(Object.entries(parameters));
  // Dates moved by parameters are resolved before any event; the dated events then go in day order.
  const moved = resolveMovedDates(model, scope);
  if (moved.issues.length > 0) throw new UserError(moved.issues);
  const events = model.events.map((event, i) => ({ event, day: moved.eventDays[i] })).sort((a, b) => (a.day ?? Infinity) - (b.day ?? Infinity));
  // The day's value of every quantity; constants were checked when the model was built.
  const current = new Float64Array(model.quantities.length);
  const expressions: number[] = [];
  const stateful: StatefulQuantity[] = [];
  model.quantities.forEach((field, i) => {
    if (field.quantity.kind === 'constant') current[i] = field.quantity.value;
    else if (field.reads) { current[i] = Number.NaN; stateful.push(statefulQuantity(field, i)); }
    else expressions.push(i);
  });
  const changes: ParameterChange[] = [];
  // Fields of one text share one compiled quantity (build-model.ts): it is evaluated once a day, in
  // its slot, and its daily values go in one table that all of them read.
  const slotOf = new Int32Array(model.quantities.length).fill(-1);
  const slotQuantities: Extract<Quantity, { kind: 'expression' }>[] = [];
  const slots = new Map<Quantity, number>();
  const groups = new Map<string, FieldGroup>();
  for (const i of expressions) {
    const field = model.quantities[i];
    const q = field.quantity as Extract<Quantity, { kind: 'expression' }>;
    let slot = slots.get(q);
    if (slot === undefined) { slot = slotQuantities.push(q) - 1; slots.set(q, slot); }
    slotOf[i] = slot;
    // A group shares the slot, the rule and the unit: one check a day tells whether any of its fields breaks it.
    const key = `${slot}\u0000${field.rule}\u0000${field.unit ?? ''}`;
    const group = groups.get(key);
    if (group) group.fields.push(i); else groups.set(key, { slot, quantity: q, rule: field.rule, unit: field.unit, fields: [i] });
  }
  const values = new Float64Array(slotQuantities.length);
  const evaluatedOn = new Int32Array(slotQuantities.length).fill(-1);
  // Only these need a table of their own: an expression without t changes only when an event sets
  // a parameter it reads after day 0; every other quantity keeps its day-0 value.
  const setLater = new Set(events.flatMap(({ event: e, day: on }) => (on !== undefined && on >= 1 && on < days ? e.set.map((set) => set.parameter) : [])));
  const dailySlots = keep ? slotQuantities.flatMap((q, slot) => (q.usesT || q.symbols.some((name) => setLater.has(name)) ? [slot] : [])) : [];
  const dailyTables = new Map<number, Float64Array>();
  const tables: Float64Array[] = [];
  const estimate = new EventEstimate(model);
  const issues: Issue[] = [];
  const dates = calendar(model.start, days);
  // mathjs could not compute the expression on this day (round's digits read from a parameter, say): the model's fault.
  const evaluate = (q: Extract<Quantity, { kind: 'expression' }>, where: Pick<Issue, 'path' | 'line' | 'column'>, day: number): number => {
    try {
      return q.evaluate(scope);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      const { path, line, column } = where;
      throw new UserError([...issues, { file: model.file, path, line, column, message: `${error.message} on day ${day} (${dates[day]})`, hint: describeScope(q.symbols, scope) }]);
    }
  };
  // A count (vehicles, lot_days) is read on day 0 only; what its expression gives later is never used.
  const problemOf = (value: number, rule: QuantityRule, unit: QuantityUnit | undefined, day: number) => (rule === 'count' && day > 0 ? undefined : checkRule(value, rule, unit));
  /** The day's values, one evaluation and one check per group; false if some field fails (nothing is reported then). */
  const quickDay = (day: number, changed: boolean): boolean => {
    for (const group of groups.values()) {
      const { slot, quantity: q } = group;
      // Expressions that ignore t only change when an event sets a parameter.
      if (!changed && !q.usesT) continue;
      if (evaluatedOn[slot] !== day) {
        try {
          values[slot] = q.evaluate(scope);
        } catch (error) {
          if (error instanceof ExpressionError) return false;
          throw error;
        }
        evaluatedOn[slot] = day;
      }
      const value = values[slot];
      if (problemOf(value, group.rule, group.unit, day)) return false;
      for (const i of group.fields) current[i] = value;
    }
    return true;
  };
  /** The day field by field, in file order, each problem reported with its field (the values already known are reused). */
  const slowDay = (day: number, changed: boolean): void => {
    for (const i of expressions) {
      const field = model.quantities[i];
      const q = field.quantity;
      if (q.kind === 'constant') continue;
      if (!changed && !q.usesT) continue;
      const slot = slotOf[i];
      if (evaluatedOn[slot] !== day) { values[slot] = evaluate(q, field, day); evaluatedOn[slot] = day; }
      const value = values[slot];
      current[i] = value;
      const problem = problemOf(value, field.rule, field.unit, day);
      if (problem && issues.length < 20) {
        issues.push({
          file: model.file,
          path: field.path,
          line: field.line,
          column: field.column,
          message: `${quote(q.source)} ${problem}, but is ${value} on day ${day} (${dates[day]})`,
          hint: describeScope(q.symbols, scope),
        });
      }
    }
  };
  let nextEvent = 0;
  const parameterOf = new Map(model.parameters.map((p) => [p.name, p]));
  for (let day = 0; day < days; day++) {
    let changed = day === 0;
    while (nextEvent < events.length && (events[nextEvent].day ?? Infinity) <= day) {
      const { event } = events[nextEvent++];
      scope.set('t', day);
      for (const set of event.set) {
        const value = set.quantity.kind === 'constant' ? set.quantity.value : evaluate(set.quantity, set, day);
        if (!Number.isFinite(value)) issues.push({ file: model.file, path: set.path, message: `evaluates to ${value} on ${dates[day]}` });
        // Constants were checked at load; an expression's value is known only on its day.
        const q = set.quantity;
        const target = parameterOf.get(set.parameter)!;
        if (q.kind === 'expression' && Number.isFinite(value) && outsideRange(target, value)) {
          issues.push({ file: model.file, path: set.path, line: set.line, column: set.column, message: `${quote(q.source)} gives ${value} on ${dates[day]}, outside the parameter's range ${rangeOf(target)}`, hint: describeScope(q.symbols, scope) });
        }
        if (q.kind === 'expression' && Number.isFinite(value) && notWhole(target, value)) {
          issues.push({ file: model.file, path: set.path, line: set.line, column: set.column, message: `${quote(q.source)} gives ${value} on ${dates[day]}, but ${notWhole(target, value)}`, hint: describeScope(q.symbols, scope) });
        }
        scope.set(set.parameter, value);
        if (stateful.length > 0) changes.push({ day, parameter: set.parameter, value });
      }
      changed = true;
    }
    scope.set('t', day);
    if (!quickDay(day, changed)) slowDay(day, changed);
    if (issues.length > 0) break;
    if (day === 0) {
      for (const slot of dailySlots) dailyTables.set(slot, new Float64Array(days));
      const shared = new Map<number | string, Float64Array>();
      current.forEach((value, i) => {
        if (!keep) { tables.push(Float64Array.of(value)); return; }
        const own = slotOf[i] < 0 ? undefined : dailyTables.get(slotOf[i]);
        if (own) { tables.push(own); return; }
        const key = Object.is(value, -0) ? '-0' : value; // a Map would take -0 for 0
        let table = shared.get(key);
        if (table === undefined) { table = new Float64Array(days).fill(value); shared.set(key, table); }
        tables.push(table);
      });
    }
    for (const [slot, table] of dailyTables) table[day] = values[slot];
    estimate.addDay(current);
  }
  model.stockpiles.forEach((stockpile, i) => {
    if (issues.length > 0 || stockpile.capacity === undefined) return;
    const initial = stockpile.initial.reduce((sum: number, ref) => sum + (ref === undefined ? 0 : wholeShells(tables[ref][0])), 0);
    const capacity = wholeShells(tables[stockpile.capacity][0]);
    if (initial > capacity) {
      issues.push({ file: model.file, path: `stockpiles[${i}].initial`, message: `${initial} shells on day 0 exceed the capacity of ${capacity}`, hint: 'raise capacity or lower initial' });
    }
  });
  const tooMuch = issues.length > 0 ? undefined : estimate.issue();
  if (tooMuch) issues.push(tooMuch);
  if (issues.length > 0) throw new UserError(issues);
  return stateful.length > 0 ? { model, days, parameters, tables, dates, stateful, changes } : { model, days, parameters, tables, dates };
}

/** The data of a stateful field, without its compiled code (which cannot cross to a worker). */
function statefulQuantity(field: QuantityField, ref: number): StatefulQuantity {
  const { path, line, column, rule, unit, quantity, reads } = field;
  return { ref, path, line, column, rule, unit, source: quantity.kind === 'expression' ? quantity.source : String(quantity.value), reads: reads! };
}

/** Fields of one compiled quantity with the same rule and unit: checked together while none breaks it. */
interface FieldGroup {
  slot: number;
  quantity: Extract<Quantity, { kind: 'expression' }>;
  rule: QuantityRule;
  unit?: QuantityUnit;
  fields: number[];
}

function resolveParameters(model: Model, overrides: Record<string, number>, allowOutOfRange: boolean): Record<string, number> {
  const values: Record<string, number> = Object.fromEntries(model.parameters.map((p) => [p.name, p.value]));
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(overrides)) {
    const parameter = model.parameters.find((p) => p.name === name);
    if (!parameter) {
      issues.push({ path: name, message: `unknown parameter "${name}"`, hint: knownNamesHint(name, model.parameters.map((p) => p.name), `parameters in ${model.file}`) });
    } else if (!Number.isFinite(value)) {
      issues.push({ path: name, message: `expected a finite number, got ${value}` });
    } else if (!allowOutOfRange && outsideRange(parameter, value)) {
      issues.push({ path: name, message: outsideRange(parameter, value)!, hint: `widen min/max in ${model.file} if the value is meant` });
    } else if (notWhole(parameter, value)) {
      issues.push({ path: name, message: notWhole(parameter, value)! });
    } else {
      values[name] = value;
    }
  }
  if (issues.length > 0) throw new UserError(issues);
  return values;
}

function describeScope(symbols: string[], scope: Map<string, number>): string | undefined {
  if (symbols.length === 0) return undefined;
  return `with ${symbols.map((s) => `${s} = ${scope.get(s)}`).join(', ')}`;
}
