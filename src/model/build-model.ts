/**
 * A schema-valid model file → the validated Model: ids resolved to indices, every quantity compiled
 * and registered, dates turned into day indices. Checks what a schema cannot: unique ids, references
 * that exist, parameter ranges, expressions over known names. Problems are collected, then thrown
 * together as one UserError.
 */
import { compileQuantity, ExpressionError, RESERVED_NAMES, type Quantity } from './expressions.js';
import { dateOfDay, dayIndex } from './dates.js';
import { UserError, formatPath, type Issue } from './errors.js';
import type {
  ConsumerSpec, Distribution, EventSpec, FactorySpec, Model, Parameter, QuantityField, QuantityRef, QuantityRule, QuantityUnit,
  RouteSpec, StockpileSpec,
} from './model.js';
import { LIMITS, PARAMETER_NAME, unitOf, withUnit, type DistributionFile, type ModelFile } from './schema.js';
import { didYouMean, knownNamesHint } from './suggest.js';

export interface BuildContext {
  file: string;
  sha256: string;
  locate: (path: readonly PropertyKey[]) => Pick<Issue, 'line' | 'column'>;
}

export function buildModel(input: ModelFile, context: BuildContext): Model {
  const issues: Issue[] = [];
  const report = (path: readonly PropertyKey[], message: string, hint?: string) =>
    issues.push({ file: context.file, path: formatPath(path), ...context.locate(path), message, hint });

  const parameters = buildParameters(input, report);
  const parameterNames = new Set(parameters.map((p) => p.name));
  const munitionIndex = new Map(input.munitions.map((m, i) => [m.id, i]));
  const stockpileIndex = new Map(input.stockpiles.map((s, i) => [s.id, i]));

  // Ids name CSV columns, so they are unique across the whole model.
  const seen = new Map<string, string>();
  const sections = ['munitions', 'stockpiles', 'factories', 'routes', 'consumers'] as const;
  let components = 0;
  for (const section of sections) {
    (input[section] ?? []).forEach((item, i) => {
      components++;
      const previous = seen.get(item.id);
      if (previous && section !== 'munitions') report([section, i, 'id'], `duplicate id "${item.id}" (already used at ${previous})`, 'ids must be unique across the model');
      else if (previous) report([section, i, 'id'], `duplicate munition id "${item.id}" (already at ${previous})`);
      if (section === 'munitions') seen.set(item.id, `munitions`);
      if (!previous || section === 'munitions') seen.set(item.id, formatPath([section, i]));
    });
  }
  if (components > LIMITS.components) report([], `the model has ${components} components; at most ${LIMITS.components} are allowed`);

  const refer = (index: Map<string, number>, kind: string, id: string, path: readonly PropertyKey[]): number => {
    const found = index.get(id);
    if (found === undefined) report(path, `unknown ${kind} "${id}"`, didYouMean(id, index.keys()) ?? `known ${kind}s: ${[...index.keys()].join(', ') || 'none'}`);
    return found ?? 0;
  };

  const quantities: QuantityField[] = [];
  const quantityContext = {
    parameterNames,
    dayOf: (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? dayIndex(input.start, iso) : undefined),
  };
  const compile = (value: number | string, path: readonly PropertyKey[]): Quantity | undefined => {
    try {
      return compileQuantity(value, quantityContext);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      report(path, error.message, error.hint);
      return undefined;
    }
  };
  const quantity = (value: number | string, path: readonly PropertyKey[], rule: QuantityRule): QuantityRef => {
    const compiled = compile(value, path) ?? { kind: 'constant', value: 0 };
    const unit = unitOf(path);
    if (compiled.kind === 'constant') {
      const problem = checkRule(compiled.value, rule, unit);
      if (problem) report(path, `${problem}, got ${compiled.value}`);
    }
    // The location goes with the quantity: a value that breaks its rule on some day is found only when tabulated.
    quantities.push({ path: formatPath(path), quantity: compiled, rule, unit, ...context.locate(path) });
    return quantities.length - 1;
  };
  const distribution = (value: DistributionFile, path: readonly PropertyKey[]): Distribution => {
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

  const handles = input.stockpiles.map(() => new Set<number>());
  const stockpiles: StockpileSpec[] = input.stockpiles.map((s, i) => {
    const perMunition = (key: 'initial' | 'reserve') => {
      const list: (QuantityRef | undefined)[] = input.munitions.map(() => undefined);
      for (const [munition, value] of Object.entries(s[key] ?? {})) {
        const m = refer(munitionIndex, 'munition', munition, ['stockpiles', i, key, munition]);
        list[m] = quantity(value, ['stockpiles', i, key, munition], 'nonNegative');
        handles[i].add(m);
      }
      return list;
    };
    return {
      id: s.id,
      initial: perMunition('initial'),
      reserve: perMunition('reserve'),
      capacity: s.capacity === undefined ? undefined : quantity(s.capacity, ['stockpiles', i, 'capacity'], 'nonNegative'),
      handles: [],
    };
  });

  const factories: FactorySpec[] = (input.factories ?? []).map((f, i) => {
    const munition = refer(munitionIndex, 'munition', f.munition, ['factories', i, 'munition']);
    const to = refer(stockpileIndex, 'stockpile', f.to, ['factories', i, 'to']);
    handles[to].add(munition);
    return {
      id: f.id,
      munition,
      to,
      rate: quantity(f.rate, ['factories', i, 'rate'], 'nonNegative'),
      lotDays: f.lot_days ?? 1,
      breakdown: f.breakdown && {
        mtbfDays: quantity(f.breakdown.mtbf_days, ['factories', i, 'breakdown', 'mtbf_days'], 'positive'),
        mttrDays: quantity(f.breakdown.mttr_days, ['factories', i, 'breakdown', 'mttr_days'], 'positive'),
      },
      defectRate: f.defect_rate === undefined ? undefined : quantity(f.defect_rate, ['factories', i, 'defect_rate'], 'probability'),
      inputs: (f.inputs ?? []).map((input, j) => {
        const path = ['factories', i, 'inputs', j];
        const from = refer(stockpileIndex, 'stockpile', input.from, [...path, 'from']);
        const inputMunition = refer(munitionIndex, 'munition', input.munition, [...path, 'munition']);
        if (inputMunition === munition && input.munition === f.munition) report([...path, 'munition'], `a factory cannot consume its own output (${f.munition})`);
        handles[from].add(inputMunition);
        return { from, munition: inputMunition, perUnit: quantity(input.per_unit, [...path, 'per_unit'], 'positive') };
      }),
      expansions: (f.expansions ?? []).map((step, j) => {
        const path = ['factories', i, 'expansions', j];
        const day = dayIndex(input.start, step.date);
        const outside = horizonProblem(input, step.date, day, 'the expansion');
        if (outside) report([...path, 'date'], outside, 'move the date inside the horizon, or lengthen days');
        return { day, add: quantity(step.add, [...path, 'add'], 'nonNegative'), delayDays: quantity(step.delay_days ?? 0, [...path, 'delay_days'], 'nonNegative') };
      }),
    };
  });

  // A window bound may be the day after the last (a window open to the end); nothing else may leave the horizon.
  const checkBound = (path: readonly PropertyKey[], date: string, day: number) => {
    const outside = horizonProblem(input, date, day);
    if (outside) report(path, outside, 'move the date inside the horizon, or lengthen days');
  };
  const routes: RouteSpec[] = (input.routes ?? []).map((r, i) => {
    const from = refer(stockpileIndex, 'stockpile', r.from, ['routes', i, 'from']);
    const to = refer(stockpileIndex, 'stockpile', r.to, ['routes', i, 'to']);
    if (r.from === r.to) report(['routes', i, 'to'], `a route cannot lead from "${r.from}" back to itself`);
    const munitions = r.munitions.map((m, j) => refer(munitionIndex, 'munition', m, ['routes', i, 'munitions', j]));
    for (const m of munitions) { handles[from].add(m); handles[to].add(m); }
    return {
      id: r.id,
      from,
      to,
      munitions,
      everyDays: quantity(r.every_days ?? 0, ['routes', i, 'every_days'], 'nonNegative'),
      vehicles: r.vehicles ?? 1,
      staggerDays: quantity(r.stagger_days ?? 0, ['routes', i, 'stagger_days'], 'nonNegative'),
      shipment: quantity(r.shipment, ['routes', i, 'shipment'], 'nonNegative'),
      minLoad: quantity(r.min_load ?? 1, ['routes', i, 'min_load'], 'nonNegative'),
      transitDays: distribution(r.transit_days, ['routes', i, 'transit_days']),
      returnDays: r.return_days === undefined ? undefined : distribution(r.return_days, ['routes', i, 'return_days']),
      open: r.open?.map((w, j) => {
        const window = {
          fromDay: w.from === undefined ? -Infinity : dayIndex(input.start, w.from),
          untilDay: w.until === undefined ? Infinity : dayIndex(input.start, w.until),
        };
        if (w.from !== undefined) checkBound(['routes', i, 'open', j, 'from'], w.from, window.fromDay);
        if (w.until !== undefined) checkBound(['routes', i, 'open', j, 'until'], w.until, window.untilDay);
        if (window.fromDay >= window.untilDay) report(['routes', i, 'open', j], `the window opens (${w.from}) on or after it closes (${w.until})`);
        return window;
      }),
      detectProbability: quantity(r.detect_probability ?? 0, ['routes', i, 'detect_probability'], 'probability'),
      lossProbability: quantity(r.loss_probability ?? 0, ['routes', i, 'loss_probability'], 'probability'),
      approvalDelayDays: quantity(r.approval_delay_days ?? 0, ['routes', i, 'approval_delay_days'], 'nonNegative'),
      forwardShare: r.forward_share === undefined ? undefined : quantity(r.forward_share, ['routes', i, 'forward_share'], 'probability'),
      floor: r.floor === undefined ? undefined : quantity(r.floor, ['routes', i, 'floor'], 'nonNegative'),
      unserviceable: r.unserviceable && {
        share: quantity(r.unserviceable.share, ['routes', i, 'unserviceable', 'share'], 'probability'),
        becomes: new Map(Object.entries(r.unserviceable.becomes).map(([good, bad]) => {
          const path = ['routes', i, 'unserviceable', 'becomes', good];
          const g = refer(munitionIndex, 'munition', good, path);
          const b = refer(munitionIndex, 'munition', bad, path);
          if (!r.munitions.includes(good)) report(path, `the route does not carry "${good}"`, `it carries: ${r.munitions.join(', ')}`);
          if (good === bad) report(path, `"${good}" cannot become itself`);
          handles[to].add(b);
          return [g, b];
        })),
      },
    };
  });

  const consumers: ConsumerSpec[] = (input.consumers ?? []).map((c, i) => {
    const drawsFrom = c.draws_from.map((s, j) => refer(stockpileIndex, 'stockpile', s, ['consumers', i, 'draws_from', j]));
    const munitions = c.munitions.map((m, j) => refer(munitionIndex, 'munition', m, ['consumers', i, 'munitions', j]));
    for (const s of drawsFrom) for (const m of munitions) handles[s].add(m);
    return {
      id: c.id,
      drawsFrom,
      munitions,
      demand: quantity(c.demand, ['consumers', i, 'demand'], 'nonNegative'),
      demandCv: quantity(c.demand_cv ?? 0, ['consumers', i, 'demand_cv'], 'nonNegative'),
      backlog: c.backlog ?? false,
      keep: c.keep === undefined ? undefined : quantity(c.keep, ['consumers', i, 'keep'], 'nonNegative'),
    };
  });

  const routeIndex = new Map(routes.map((r, i) => [r.id, i]));
  const eventIds = new Set<string>();
  const events: EventSpec[] = (input.events ?? []).map((e, i) => {
    const id = e.id ?? `event-${i}`;
    if (eventIds.has(id)) report(['events', i, 'id'], `duplicate event id "${id}"`);
    eventIds.add(id);
    const day = e.date === undefined ? undefined : dayIndex(input.start, e.date);
    const outside = day === undefined ? undefined : horizonProblem(input, e.date!, day, 'the event');
    if (outside) report(['events', i, 'date'], outside, 'move the date inside the horizon, or lengthen days');
    const set = Object.entries(e.set ?? {}).map(([parameter, value]) => {
      const path = ['events', i, 'set', parameter];
      const target = parameters.find((p) => p.name === parameter);
      if (!target) report(path, `unknown parameter "${parameter}"`, knownNamesHint(parameter, [...parameterNames]));
      const compiled = compile(value, path) ?? { kind: 'constant' as const, value: 0 };
      // As a value given from outside is; an expression is checked on its day, when tabulated.
      const problem = target && compiled.kind === 'constant' ? outsideRange(target, compiled.value) : undefined;
      if (problem) report(path, problem, `widen min/max of parameters.${parameter} if the value is meant`);
      return { parameter, path: formatPath(path), ...context.locate(path), quantity: compiled };
    });
    let strike: EventSpec['strike'];
    if (e.strike && 'stockpile' in e.strike) {
      strike = {
        kind: 'stockpile',
        stockpile: refer(stockpileIndex, 'stockpile', e.strike.stockpile, ['events', i, 'strike', 'stockpile']),
        destroyFraction: quantity(e.strike.destroy_fraction, ['events', i, 'strike', 'destroy_fraction'], 'probability'),
      };
    } else if (e.strike) {
      strike = {
        kind: 'route',
        route: refer(routeIndex, 'route', e.strike.route, ['events', i, 'strike', 'route']),
        closeDays: quantity(e.strike.close_days, ['events', i, 'strike', 'close_days'], 'nonNegative'),
      };
    } else if (e.close) {
      // A pause (political, weather) closes a route the same way a strike does.
      strike = {
        kind: 'route',
        route: refer(routeIndex, 'route', e.close.route, ['events', i, 'close', 'route']),
        closeDays: quantity(e.close.days, ['events', i, 'close', 'days'], 'nonNegative'),
      };
    }
    const random = e.probability_per_day === undefined ? undefined : {
      probability: quantity(e.probability_per_day, ['events', i, 'probability_per_day'], 'probability'),
      fromDay: e.from === undefined ? 0 : dayIndex(input.start, e.from),
      untilDay: e.until === undefined ? Infinity : dayIndex(input.start, e.until),
    };
    if (random && e.from !== undefined) checkBound(['events', i, 'from'], e.from, random.fromDay);
    if (random && e.until !== undefined) checkBound(['events', i, 'until'], e.until, random.untilDay);
    if (e.date !== undefined && (e.from !== undefined || e.until !== undefined)) report(['events', i, 'from'], '`from`/`until` apply to random events only', 'a dated event happens on its `date`');
    return { id, day, date: e.date, random, set, strike };
  }).sort((a, b) => (a.day ?? Infinity) - (b.day ?? Infinity));

  stockpiles.forEach((s, i) => { s.handles = [...handles[i]].sort((a, b) => a - b); });
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
    factories,
    routes,
    consumers,
    events,
    quantities,
  };
}

function buildParameters(input: ModelFile, report: (path: readonly PropertyKey[], message: string, hint?: string) => void): Parameter[] {
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
    return parameter;
  });
}

/** Why `value` is outside the parameter's [min, max], or undefined when it is inside. */
export function outsideRange(parameter: Parameter, value: number): string | undefined {
  const { min, max } = parameter;
  if ((min === undefined || value >= min) && (max === undefined || value <= max)) return undefined;
  return `${value} is outside the parameter's range ${rangeOf(parameter)}`;
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
function horizonProblem(input: Pick<ModelFile, 'start' | 'days'>, date: string, day: number, what?: string): string | undefined {
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
  return undefined;
}
