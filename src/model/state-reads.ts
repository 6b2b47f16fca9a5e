/**
 * Quantities that read the run (issue 8 §2): a front that fires less when its depot runs low, a donor
 * that sends more when the recipient is short. Only the per-day quantities listed here may call the
 * run-reading functions; their ids are resolved at load, and the values are computed in the run, as
 * each day opens, from the state the previous day left.
 */
import type { StateCall } from './expressions.js';
import { STATE_FUNCTIONS } from './expressions.js';
import type { QuantityRule, QuantityUnit, StateRead } from './model.js';
import { quote } from './errors.js';
import { didYouMean } from './suggest.js';

/** The fields whose expressions may read the run, as `section[].field`; every other field refuses a run-reading call. */
export const RUN_READING_FIELDS: readonly string[] = ['factories[].rate', 'consumers[].demand', 'routes[].shipment', 'routes[].capacity_per_day'];

/** A quantity that reads the run, as the scenario hands it to each run: where it is written, its rule, its text and its reads. */
export interface StatefulQuantity {
  ref: number;
  path: string;
  line?: number;
  column?: number;
  rule: QuantityRule;
  unit?: QuantityUnit;
  source: string;
  reads: StateRead[];
}

/** A parameter value a `set` event gives on `day`. */
export interface ParameterChange { day: number; parameter: string; value: number }

/** The sections an id may name, with their ids in file order (munitions included, for `stock`'s second argument). */
export type IdSections = Readonly<Record<'munitions' | 'stockpiles' | 'factories' | 'routes' | 'consumers', readonly string[]>>;

const NOUNS: Record<keyof IdSections, string> = { munitions: 'munition', stockpiles: 'stockpile', factories: 'factory', routes: 'route', consumers: 'front (consumer)' };

/**
 * Resolves the ids of `calls`; each problem (an unknown id, an id of another kind) goes to `report`
 * with a hint (the likely id, or what the id is), and the call reads component 0.
 */
export function resolveStateCalls(calls: readonly StateCall[], source: string, ids: IdSections, report: (message: string, hint?: string) => void): StateRead[] {
  return calls.map((call) => {
    const { section } = STATE_FUNCTIONS[call.name];
    const component = resolveId(call, call.ids[0], section, source, ids, report);
    if (call.name !== 'stock' || call.ids.length < 2) return { name: call.name, component };
    return { name: call.name, component, munition: resolveId(call, call.ids[1], 'munitions', source, ids, report) };
  });
}

function resolveId(call: StateCall, id: string, section: keyof IdSections, source: string, ids: IdSections, report: (message: string, hint?: string) => void): number {
  const index = ids[section].indexOf(id);
  if (index >= 0) return index;
  const noun = NOUNS[section];
  const other = (Object.keys(ids) as (keyof IdSections)[]).find((s) => s !== section && ids[s].includes(id));
  const written = `${call.name}(${call.ids.map((i) => `"${i}"`).join(', ')}${call.name === 'demand_avg' ? ', …' : ''})`;
  if (other) {
    report(`${quote(source)}: ${written} needs a ${noun} id, but "${id}" is a ${NOUNS[other]}`,
      didYouMean(id, ids[section]) ?? `${call.name}(${STATE_FUNCTIONS[call.name].args}): ${noun}s are ${ids[section].join(', ') || 'none'}`);
  } else {
    report(`${quote(source)}: ${written} names unknown ${noun} "${id}"`,
      didYouMean(id, ids[section]) ?? `known ${noun}s: ${ids[section].join(', ') || 'none'}`);
  }
  return 0;
}

/** `"rate"` of `factories[0].rate`: whether the field at `path` may read the run. */
export function mayReadRun(path: readonly PropertyKey[]): boolean {
  const key = `${String(path[0])}[].${path.slice(2).map(String).join('.')}`;
  return RUN_READING_FIELDS.includes(key);
}
