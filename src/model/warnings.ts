/**
 * Warnings: what is legal but suspicious, as data `{ code, path, message }` — a parameter nothing
 * reads, a varied value that a dated event later overrides, an event past a shortened horizon, a
 * parameter with no effect on a study, an output that never varies. The quietest wrong answer is
 * the most expensive; the CLI prints these, manifests and reports record them.
 */
import { quote } from './errors.js';
import { dateOfDay } from './dates.js';
import type { Model } from './model.js';
import { eventDayOf } from './moved-dates.js';

/** What a warning is about; stable, for scripts and `validate --strict` in CI. */
export type WarningCode =
  | 'unused_parameter'
  | 'overridden_parameter'
  | 'beyond_horizon'
  | 'zero_sensitivity'
  | 'constant_output'
  | (string & {});

/** One warning: `path` names the model field (`events[0].set.front_demand`) or output it is about. */
export interface Warning {
  code: WarningCode;
  path?: string;
  message: string;
}

export interface WarningContext {
  /** Horizon of the runs in days, when it replaces the model's. */
  days?: number;
  /** Parameters the experiment varies or fixes (sweep factors, study parameters, fixed values). */
  varied?: readonly string[];
}

/** The warnings a model gives on its own (`varied` empty) or inside an experiment. */
export function modelWarnings(model: Model, context: WarningContext = {}): Warning[] {
  return [...unusedParameters(model), ...overriddenParameters(model, context), ...beyondHorizon(model, context.days ?? model.days)];
}

/**
 * Parameters no quantity reads. A parameter read only by an event's `set` expression counts as
 * used when the parameter that event sets is itself used (followed to a fixed point).
 */
function unusedParameters(model: Model): Warning[] {
  const used = new Set<string>();
  for (const field of model.quantities) if (field.quantity.kind === 'expression') for (const s of field.quantity.symbols) used.add(s);
  for (let grew = true; grew;) {
    grew = false;
    for (const event of model.events) {
      for (const set of event.set) {
        if (!used.has(set.parameter) || set.quantity.kind !== 'expression') continue;
        for (const s of set.quantity.symbols) if (!used.has(s)) { used.add(s); grew = true; }
      }
    }
  }
  return model.parameters.filter((p) => !used.has(p.name)).map((p) => ({
    code: 'unused_parameter',
    path: `parameters.${p.name}`,
    message: `${p.name} is used by no quantity: whatever its value, every run is the same`,
  }));
}

/**
 * Varied parameters that a dated `set` event within the horizon replaces by a value that does not
 * depend on them (a constant, or an expression without the parameter itself): from that day the
 * varied value no longer matters. Only the first such event is named.
 */
function overriddenParameters(model: Model, context: WarningContext): Warning[] {
  const days = context.days ?? model.days;
  const warnings: Warning[] = [];
  for (const name of new Set(context.varied ?? [])) {
    for (const event of model.events) {
      // A date moved by a parameter is named as the model's own values resolve it.
      const day = eventDayOf(model, event);
      if (day === undefined || day >= days) continue;
      const set = event.set.find((s) => s.parameter === name);
      if (!set) continue;
      if (set.quantity.kind === 'expression' && set.quantity.symbols.includes(name)) break; // still depends on it
      const value = set.quantity.kind === 'constant' ? String(set.quantity.value) : quote(set.quantity.source);
      warnings.push({
        code: 'overridden_parameter',
        path: set.path,
        message: `${name} is varied but the event on ${dateOfDay(model.start, day)} sets it to ${value}; from that day the varied value no longer matters`,
      });
      break;
    }
  }
  return warnings;
}

/** Events and expansions a shortened horizon cuts off (the loader refuses them past the model's own). */
function beyondHorizon(model: Model, days: number): Warning[] {
  if (days >= model.days) return [];
  const ignored: string[] = [];
  for (const event of model.events) {
    const day = eventDayOf(model, event);
    if (day !== undefined && day >= days) ignored.push(`${event.id} (${event.shift === undefined ? event.date : `${dateOfDay(model.start, day)}, ${event.date}`})`);
    else if (event.random && event.random.fromDay >= days) ignored.push(`${event.id} (random, from ${dateOfDay(model.start, event.random.fromDay)})`);
  }
  for (const factory of model.factories) {
    factory.expansions.forEach((step, j) => {
      if (step.day >= days) ignored.push(`${factory.id} expansion ${j + 1} (${dateOfDay(model.start, step.day)})`);
    });
  }
  if (ignored.length === 0) return [];
  return [{
    code: 'beyond_horizon',
    path: 'days',
    message: `the horizon is shortened to ${days} days (${model.start} to ${dateOfDay(model.start, days - 1)}), so ${ignored.length === 1 ? 'this event is' : `these ${ignored.length} events are`} ignored: ${ignored.join(', ')}`,
  }];
}

/**
 * Parameters with exactly zero effect on every output of a study; `isZero(parameter, output)` says
 * whether the method's index is exactly 0 (or the output does not vary at all).
 */
export function zeroSensitivityWarnings(parameters: readonly string[], outputs: readonly string[], isZero: (parameter: string, output: string) => boolean): Warning[] {
  return parameters.filter((p) => outputs.every((o) => isZero(p, o))).map((p) => ({
    code: 'zero_sensitivity',
    path: `parameters.${p}`,
    message: `${p} has no effect on ${outputs.length === 1 ? outputs[0] : `any output (${outputs.join(', ')})`}: every output is the same at each of its levels`,
  }));
}

/**
 * Outputs that have the same value in every run of an experiment (`where`: "the sweep", "the study").
 * `range(output)` gives the smallest and largest value over all runs, or undefined when some runs
 * have a value and others not (a milestone reached in some runs only: it varies) or none has one.
 */
export function constantOutputWarnings(outputs: readonly string[], range: (output: string) => { min: number; max: number } | undefined, where: string): Warning[] {
  const warnings: Warning[] = [];
  for (const output of outputs) {
    const r = range(output);
    if (r === undefined || r.min !== r.max) continue;
    warnings.push({ code: 'constant_output', path: output, message: `${output} is ${r.min} in every run of ${where}: it does not tell the runs apart` });
  }
  return warnings;
}

/** Warnings alike (see {@link warningLines}) beyond this many are one line, not one each. */
export const ALIKE_SHOWN = 4;
/** Paths the one line of a group names before an ellipsis and the last: enough to see the pattern (an ellipsis stands for two or more). */
const ALIKE_NAMED = 3;

/**
 * Warnings as lines for people, in order. Warnings alike, of one code with messages that differ
 * only where each names its own subject (the last part of its path: `front-7` of
 * `days_of_supply_min.front-7`), are each a line while there are at most {@link ALIKE_SHOWN}; more
 * are one line at the place of the first: its message, how many more there are and a few of their
 * paths. A model of 1,000 fronts then warns once, not 1,000 times. `fullList` says where every
 * warning is kept (a manifest), for the group lines.
 */
export function warningLines(warnings: readonly Warning[], fullList?: string): string[] {
  const byPattern = new Map<string, Warning[]>();
  const groupOf = warnings.map((warning) => {
    const pattern = patternOf(warning);
    if (pattern === undefined) return [warning];
    const group = byPattern.get(pattern) ?? byPattern.set(pattern, []).get(pattern)!;
    group.push(warning);
    return group;
  });
  return warnings.flatMap((warning, i) => {
    const group = groupOf[i];
    if (group.length <= ALIKE_SHOWN) return [warning.message];
    if (group[0] !== warning) return [];
    const others = group.slice(1).map((w) => w.path as string);
    const named = others.length <= ALIKE_NAMED + 2 ? others : [...others.slice(0, ALIKE_NAMED), '…', others[others.length - 1]];
    const where = fullList === undefined ? '' : `; all ${group.length} are in ${fullList}`;
    return [`${warning.message} — and the same for ${others.length} more: ${named.join(', ')}${where}`];
  });
}

/** A warning's message with its subject taken out, keyed by its code; undefined when the message does not name its subject. */
function patternOf(warning: Warning): string | undefined {
  if (warning.path === undefined) return undefined;
  const subject = warning.path.slice(warning.path.lastIndexOf('.') + 1);
  if (subject === '' || !warning.message.includes(subject)) return undefined;
  return `${warning.code}\u0000${warning.message.split(subject).join('\u0001')}`;
}
