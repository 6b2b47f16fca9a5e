/**
 * The model's `targets:` → TargetSpecs: one way to read the run (by, over + stat, or on), one accepted
 * range (range, or value ± tolerance), node ids and a munition that exist, dates inside the horizon.
 * Whether each node has the metric is known only once its component exists (run-targets.ts).
 */
import type { Path } from '../components/contract.js';
import { dateOfDay, dayIndex } from '../model/dates.js';
import { formatPath, type Issue } from '../model/errors.js';
import { didYouMean } from '../model/suggest.js';
import type { TargetFile, TargetSpec, TargetWindow } from '../model/targets.js';

export interface TargetContext {
  start: string;
  days: number;
  munitions: string[];
  /** Ids of the nodes that have metrics (stockpiles, factories, routes, consumers). */
  nodes: string[];
  report: (path: Path, message: string, hint?: string) => void;
  locate: (path: readonly PropertyKey[]) => Pick<Issue, 'line' | 'column'>;
}

/** Builds every target, reporting each problem at its field. */
export function buildTargets(targets: TargetFile[] | undefined, context: TargetContext): TargetSpec[] {
  const seen = new Map<string, number>();
  return (targets ?? []).flatMap((entry, i) => {
    const path = ['targets', i];
    const { report } = context;
    const first = seen.get(entry.id);
    if (first !== undefined) report([...path, 'id'], `duplicate target id "${entry.id}" (already targets[${first}])`, 'target ids name columns of targets.csv; keep them unique');
    else seen.set(entry.id, i);

    const of = typeof entry.of === 'string' ? [entry.of] : entry.of;
    const nodes = new Set(context.nodes);
    of.forEach((id, j) => {
      const at = typeof entry.of === 'string' ? [...path, 'of'] : [...path, 'of', j];
      if (!nodes.has(id)) report(at, `unknown node "${id}"`, didYouMean(id, nodes) ?? `known nodes: ${context.nodes.join(', ') || 'none'}`);
      else if (of.indexOf(id) !== j) report(at, `"${id}" is listed twice; it would be counted twice`);
    });
    let munition: number | undefined;
    if (entry.munition !== undefined) {
      munition = context.munitions.indexOf(entry.munition);
      if (munition < 0) report([...path, 'munition'], `unknown munition "${entry.munition}"`, didYouMean(entry.munition, context.munitions) ?? `known munitions: ${context.munitions.join(', ')}`);
    }
    const window = windowOf(entry, path, context);
    const range = rangeOf(entry, path, report);
    if (!window || !range) return [];
    const spec: TargetSpec = {
      id: entry.id, metric: entry.metric, of, window, low: range[0], high: range[1], path: formatPath(path), ...context.locate(path),
      ...(munition !== undefined && munition >= 0 ? { munition } : {}),
      ...(entry.source !== undefined ? { source: entry.source } : {}),
      ...(entry.description !== undefined ? { description: entry.description } : {}),
    };
    return [spec];
  });
}

function windowOf(entry: TargetFile, path: Path, context: TargetContext): TargetWindow | undefined {
  const { report, start, days } = context;
  const given = (['by', 'over', 'on'] as const).filter((key) => entry[key] !== undefined);
  const how = 'by: DATE (a flow summed from the start), over: [FROM, TO] with stat (a window), or on: DATE (a level)';
  if (given.length !== 1) {
    report(given.length === 0 ? path : [...path, given[1]], given.length === 0 ? 'says neither by, over nor on' : `gives both ${given[0]} and ${given[1]}; give one`, how);
    return undefined;
  }
  if (entry.stat !== undefined && given[0] !== 'over') {
    report([...path, 'stat'], `stat goes with over, not with ${given[0]}, got stat: ${entry.stat}`, how);
    return undefined;
  }
  const last = dateOfDay(start, days - 1);
  const horizon = `the horizon is ${start} to ${last} (${days} days)`;
  const inside = (date: string, at: Path, latest: number, earliest = 0): number | undefined => {
    const day = dayIndex(start, date);
    if (day >= earliest && day <= latest) return day;
    const bound = day < earliest ? `before ${dateOfDay(start, earliest)}` : `after ${dateOfDay(start, latest)}`;
    report(at, `${date} is ${bound}; ${horizon}`, earliest === 1 ? 'a level on a date is read at its start (the end of the day before), so the first date is the day after the start' : 'move the date inside the horizon, or lengthen days');
    return undefined;
  };
  if (entry.by !== undefined) {
    const day = inside(entry.by, [...path, 'by'], days - 1);
    return day === undefined ? undefined : { kind: 'by', day, date: entry.by };
  }
  if (entry.on !== undefined) {
    const day = inside(entry.on, [...path, 'on'], days, 1);
    return day === undefined ? undefined : { kind: 'on', day, date: entry.on };
  }
  const [a, b] = entry.over!;
  if (entry.stat === undefined) {
    report([...path, 'over'], 'over needs a stat: mean_per_day or total', 'e.g. { over: [2023-10-01, 2023-12-31], stat: mean_per_day }');
    return undefined;
  }
  const from = inside(a, [...path, 'over', 0], days - 1);
  const to = inside(b, [...path, 'over', 1], days - 1);
  if (from === undefined || to === undefined) return undefined;
  if (from > to) {
    report([...path, 'over'], `the window ends (${b}) before it starts (${a})`);
    return undefined;
  }
  return { kind: 'over', from, to, dates: [a, b], stat: entry.stat };
}

function rangeOf(entry: TargetFile, path: Path, report: TargetContext['report']): [number, number] | undefined {
  const how = 'give range: [low, high], or value with tolerance (a share: 0.25 accepts ±25 %)';
  if (entry.range !== undefined) {
    if (entry.value !== undefined || entry.tolerance !== undefined) {
      report([...path, entry.value !== undefined ? 'value' : 'tolerance'], `gives both range and ${entry.value !== undefined ? 'value' : 'tolerance'}; give one`, how);
      return undefined;
    }
    const [low, high] = entry.range;
    if (!(low < high)) {
      report([...path, 'range'], `expected low < high, got [${low}, ${high}]`, 'a range of one value has no spread to judge runs by; give value with tolerance');
      return undefined;
    }
    return [low, high];
  }
  if (entry.value === undefined) {
    report(entry.tolerance !== undefined ? [...path, 'tolerance'] : path, entry.tolerance !== undefined ? 'tolerance needs a value' : 'says neither range nor value', how);
    return undefined;
  }
  if (entry.tolerance === undefined) {
    report([...path, 'value'], `value ${entry.value} needs a tolerance`, how);
    return undefined;
  }
  if (!(entry.tolerance > 0 && entry.tolerance <= 1)) {
    report([...path, 'tolerance'], `expected a share above 0 and at most 1, got ${entry.tolerance}`, 'e.g. 0.25 accepts value ± 25 %');
    return undefined;
  }
  const spread = Math.abs(entry.value) * entry.tolerance;
  if (spread === 0) {
    report([...path, 'value'], 'value 0 with a tolerance (a share of it) accepts only 0; give range: [0, high]');
    return undefined;
  }
  return [entry.value - spread, entry.value + spread];
}
