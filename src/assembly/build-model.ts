/**
 * A schema-valid model file → the validated Model: the checks every section shares (unique ids,
 * references that exist, parameter ranges, expressions over known names, dates in the horizon), then
 * each entry built by its kind (src/components/, registered in registry.ts). Problems are collected,
 * then thrown together as one UserError.
 */
import type { BuildTools, ComponentSpec, Path } from '../components/contract.js';
import { kindsOf, SECTIONS } from '../components/registry.js';
import { dayIndex, dayOfIsoDate } from '../model/dates.js';
import { UserError, formatPath, quote, type Issue } from '../model/errors.js';
import { compileQuantity, ExpressionError, RESERVED_NAMES, type Quantity } from '../model/expressions.js';
import type {
  ConsumerSpec, Distribution, EventSpec, FactorySpec, Model, Parameter, QuantityField, QuantityRef, QuantityRule, RouteSpec, StockpileSpec,
} from '../model/model.js';
import { checkRule, horizonProblem, notWhole } from '../model/rules.js';
import { LIMITS, PARAMETER_NAME, unitOf, type DistributionFile } from '../model/schema.js';
import type { QuantityValue } from '../model/series.js';
import { mayReadRun, resolveStateCalls, RUN_READING_FIELDS, type IdSections } from '../model/state-reads.js';
import { didYouMean } from '../model/suggest.js';
import type { ModelFile } from './model-schema.js';
import { buildSeries, type InputReader } from './build-series.js';
import { buildTargets } from './build-targets.js';

export interface BuildContext {
  file: string;
  sha256: string;
  locate: (path: readonly PropertyKey[]) => Pick<Issue, 'line' | 'column'>;
  /** Where CSV files are read from; default the disk beside `file`. */
  readInput?: InputReader;
}

export function buildModel(input: ModelFile, context: BuildContext): Model {
  const issues: Issue[] = [];
  const report = (path: Path, message: string, hint?: string) =>
    issues.push({ file: context.file, path: formatPath(path), ...context.locate(path), message, hint });

  const parameters = buildParameters(input, report);
  const parameterNames = new Set(parameters.map((p) => p.name));
  const entries = (section: string) => ((input as Record<string, unknown>)[section] ?? []) as { id?: string }[];
  const indexOf = (section: string) => new Map(entries(section).map((e, i) => [e.id as string, i]));
  const indices = { munitions: indexOf('munitions'), stockpiles: indexOf('stockpiles'), routes: indexOf('routes') };
  const nouns: Record<string, string> = { munitions: 'munition', ...Object.fromEntries(SECTIONS.map((s) => [s.name, s.noun])) };

  // Ids name CSV columns, so they are unique across the whole model.
  const seen = new Map<string, string>();
  let components = 0;
  for (const section of ['munitions', ...SECTIONS.filter((s) => s.columns).map((s) => s.name)]) {
    entries(section).forEach((item, i) => {
      components++;
      const id = item.id as string;
      const previous = seen.get(id);
      if (previous && section !== 'munitions') report([section, i, 'id'], `duplicate id "${id}" (already used at ${previous})`, 'ids must be unique across the model');
      else if (previous) report([section, i, 'id'], `duplicate munition id "${id}" (already at ${previous})`);
      if (section === 'munitions') seen.set(id, `munitions`);
      if (!previous || section === 'munitions') seen.set(id, formatPath([section, i]));
    });
  }
  if (components > LIMITS.components) report([], `the model has ${components} components; at most ${LIMITS.components} are allowed`);

  const refer = (section: keyof typeof indices, id: string, path: Path): number => {
    const index = indices[section];
    const kind = nouns[section];
    const found = index.get(id);
    if (found === undefined) report(path, `unknown ${kind} "${id}"`, didYouMean(id, index.keys()) ?? `known ${kind}s: ${[...index.keys()].join(', ') || 'none'}`);
    return found ?? 0;
  };

  const quantities: QuantityField[] = [];
  const quantityContext = {
    parameterNames,
    dayOf: (iso: string) => dayOfIsoDate(input.start, iso),
  };
  // Each distinct text is compiled once: a model of a thousand components repeats a few expressions
  // many times, and fields that share a compiled quantity share its day table in the scenario.
  const compiledTexts = new Map<string, Quantity | ExpressionError>();
  const compileOnce = (value: number | string): Quantity => {
    if (typeof value === 'number') return compileQuantity(value, quantityContext);
    let compiled = compiledTexts.get(value);
    if (compiled === undefined) {
      try {
        compiled = compileQuantity(value, quantityContext);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        compiled = error;
      }
      compiledTexts.set(value, compiled);
    }
    if (compiled instanceof ExpressionError) throw compiled;
    return compiled;
  };
  const compile = (value: number | string, path: Path, readsRun = false): Quantity | undefined => {
    try {
      const compiled = compileOnce(value);
      if (compiled.kind === 'expression' && compiled.state && !readsRun) {
        report(path, `${quote(compiled.source)} calls ${compiled.state[0].name}(), but this field cannot read the run`,
          `only ${RUN_READING_FIELDS.join(', ')} can, written as a plain expression`);
        return undefined;
      }
      return compiled;
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      report(path, error.message, error.hint);
      return undefined;
    }
  };
  const idSections: IdSections = Object.fromEntries(['munitions', 'stockpiles', 'factories', 'routes', 'consumers']
    .map((section) => [section, entries(section).map((e) => e.id as string)])) as unknown as IdSections;
  const seriesTools = { file: context.file, start: input.start, readInput: context.readInput, compile, report, issue: (issue: Issue) => { issues.push(issue); } };
  const quantity = (value: QuantityValue, path: Path, rule: QuantityRule): QuantityRef => {
    const compiled = typeof value === 'object' ? buildSeries(value, path, rule, seriesTools) : compile(value, path, mayReadRun(path)) ?? { kind: 'constant', value: 0 };
    const unit = unitOf(path);
    if (compiled.kind === 'constant') {
      const problem = checkRule(compiled.value, rule, unit);
      if (problem) report(path, `${problem}, got ${compiled.value}`);
    }
    // The location goes with the quantity: a value that breaks its rule on some day is found only when tabulated.
    const state = compiled.kind === 'expression' ? compiled.state : undefined;
    const reads = state && resolveStateCalls(state, compiled.kind === 'expression' ? compiled.source : '', idSections, (message, hint) => report(path, message, hint));
    quantities.push({ path: formatPath(path), quantity: compiled, rule, unit, ...context.locate(path), ...(reads ? { reads } : {}) });
    return quantities.length - 1;
  };
  const distribution = (value: DistributionFile, path: Path): Distribution => {
    if (typeof value !== 'object') return { kind: 'fixed', value: quantity(value, path, 'nonNegative') };
    const q = (key: string, rule: QuantityRule = 'nonNegative') => quantity((value as Record<string, number | string>)[key], [...path, key], rule);
    switch (value.dist) {
      case 'fixed': return { kind: 'fixed', value: q('value') };
      case 'uniform': {
        if (typeof value.min === 'number' && typeof value.max === 'number' && value.min > value.max) report([...path, 'min'], `min (${value.min}) is above max (${value.max})`);
        return { kind: 'uniform', min: q('min'), max: q('max') };
      }
      case 'triangular': {
        const { min, mode, max } = value;
        if ([min, mode, max].every((x) => typeof x === 'number') && !((min as number) <= (mode as number) && (mode as number) <= (max as number))) {
          report([...path, 'mode'], `needs min ≤ mode ≤ max, got ${min} ≤ ${mode} ≤ ${max}`);
        }
        return { kind: 'triangular', min: q('min'), mode: q('mode'), max: q('max') };
      }
      case 'normal': return { kind: 'normal', mean: q('mean'), sd: q('sd') };
      case 'lognormal': return { kind: 'lognormal', mean: q('mean', 'positive'), sd: q('sd') };
    }
  };

  const handles = entries('stockpiles').map(() => new Set<number>());
  const reportDays = buildReportDays(input, report);
  const used = new Map<string, Set<string>>();
  const tools: BuildTools = {
    start: input.start,
    days: input.days,
    parameters,
    munitionCount: input.munitions.length,
    report,
    refer,
    quantity,
    distribution: (value, path) => distribution(value as DistributionFile, path),
    compile,
    day: (date, path, what) => {
      const day = dayIndex(input.start, date);
      const outside = horizonProblem(input, date, day, what);
      if (outside) report(path, outside, 'move the date inside the horizon, or lengthen days');
      return day;
    },
    handles: (stockpile, munition) => { handles[stockpile]?.add(munition); },
    firstUse: (scope, id) => {
      let ids = used.get(scope);
      if (!ids) used.set(scope, ids = new Set());
      if (ids.has(id)) return false;
      ids.add(id);
      return true;
    },
    locate: context.locate,
    reportDays,
  };

  const specs: Record<string, ComponentSpec[]> = {};
  for (const { name } of SECTIONS) {
    const kinds = kindsOf(name);
    const built = entries(name).map((entry, i) => {
      const kind = kinds.find((k) => k.claims?.(entry as Record<string, unknown>)) ?? kinds.find((k) => !k.claims)!;
      return kind.build(entry as never, i, tools);
    });
    // One kind orders a section (events by date); a stable sort keeps file order among equals.
    const compare = kinds.find((k) => k.compare)?.compare;
    specs[name] = compare ? built.sort(compare) : built;
  }

  const stockpiles = specs.stockpiles as StockpileSpec[];
  stockpiles.forEach((s, i) => { s.handles = [...handles[i]].sort((a, b) => a - b); });
  const targets = buildTargets(input.targets, {
    start: input.start, days: input.days, munitions: input.munitions.map((m) => m.id), report, locate: context.locate,
    nodes: SECTIONS.filter((s) => s.columns).flatMap((s) => entries(s.name).map((e) => e.id as string)),
  });
  if (issues.length > 0) throw new UserError(issues);

  return {
    file: context.file,
    sha256: context.sha256,
    name: input.name,
    description: input.description,
    start: input.start,
    days: input.days,
    seed: input.seed ?? 1,
    parameters,
    munitions: input.munitions.map((m) => ({ id: m.id, calibreMm: m.calibre_mm, guided: m.guided, kind: m.kind ?? 'shell' })),
    stockpiles,
    factories: specs.factories as FactorySpec[],
    routes: specs.routes as RouteSpec[],
    consumers: specs.consumers as ConsumerSpec[],
    events: specs.events as EventSpec[],
    quantities,
    ...(targets.length > 0 ? { targets } : {}),
  };
}

/** The model's `report_dates`: each a day of the horizon, given once. */
function buildReportDays(input: ModelFile, report: (path: Path, message: string, hint?: string) => void): { date: string; day: number }[] {
  const seen = new Set<string>();
  return (input.report_dates ?? []).flatMap((date, j) => {
    const path = ['report_dates', j];
    const day = dayIndex(input.start, date);
    const outside = horizonProblem(input, date, day, 'the report');
    if (outside) { report(path, outside, 'move the date inside the horizon, or lengthen days'); return []; }
    if (seen.has(date)) { report(path, `${date} is listed twice`); return []; }
    seen.add(date);
    return [{ date, day }];
  });
}

function buildParameters(input: ModelFile, report: (path: Path, message: string, hint?: string) => void): Parameter[] {
  return Object.entries(input.parameters ?? {}).map(([name, spec]) => {
    const path = ['parameters', name];
    if (!PARAMETER_NAME.test(name)) report(path, `"${name}" is not a usable parameter name`, 'use letters, digits and _, starting with a letter');
    else if (RESERVED_NAMES.has(name)) report(path, `"${name}" is reserved in expressions`, 'rename the parameter');
    const parameter: Parameter = typeof spec === 'number' ? { name, value: spec } : { name, ...spec };
    const { value, min, max } = parameter;
    if (!Number.isFinite(value)) report([...path, 'value'], `must be a finite number, got ${value}`);
    if (min !== undefined && max !== undefined && min > max) report([...path, 'min'], `min (${min}) is above max (${max})`);
    else {
      if (min !== undefined && value < min) report([...path, 'value'], `${value} is below min (${min})`);
      if (max !== undefined && value > max) report([...path, 'value'], `${value} is above max (${max})`);
    }
    const fractional = notWhole(parameter, value);
    if (fractional) report([...path, 'value'], fractional);
    return parameter;
  });
}
