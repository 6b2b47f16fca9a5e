/**
 * How much work a run or an experiment may ask for, checked before anything runs or is written:
 * component-days bound the day tables, the recorder and the day loop; an estimate of events bounds
 * breakdown cycles and vehicle trips; design cells bound sweep and sensitivity designs. Each refusal
 * names the figure, the limit and what to lower.
 */
import { formatCount } from '../base/format.js';
import { UserError, type Issue } from './errors.js';
import type { Distribution, Model } from './model.js';
import { LIMITS } from './schema.js';

const SEE_LIMITS = 'see "Limits" in docs/model-format.md';

/** What a run's size is made of: every component counts 1, and every vehicle of a route 1 more. */
export interface ComponentDays {
  /** Munitions, stockpiles, factories, routes and consumers. */
  components: number;
  /** The vehicles of all routes. */
  vehicles: number;
  days: number;
  /** (components + vehicles) × days. */
  total: number;
}

/** The component-days of `model` over `days` days. */
export function componentDays(model: Model, days: number): ComponentDays {
  const components = model.munitions.length + model.stockpiles.length + model.factories.length + model.routes.length + model.consumers.length;
  const vehicles = model.routes.reduce((sum, route) => sum + route.vehicles, 0);
  return { components, vehicles, days, total: (components + vehicles) * days };
}

/**
 * Refuses a run whose (components + vehicles) × days exceeds {@link LIMITS.componentDays}: the day
 * tables, the recorded series and the day loop all grow with it.
 * @throws UserError naming the figure and its factors
 */
export function checkComponentDays(model: Model, days: number): void {
  const size = componentDays(model, days);
  if (size.total <= LIMITS.componentDays) return;
  throw new UserError({
    file: model.file,
    path: 'days',
    message: `the run has ${formatCount(size.total)} component-days ((${formatCount(size.components)} components + ${formatCount(size.vehicles)} vehicles) × ${formatCount(days)} days); at most ${formatCount(LIMITS.componentDays)} are allowed`,
    hint: `shorten the horizon, or use fewer routes, vehicles or other components; ${SEE_LIMITS}`,
  });
}

/**
 * The expected number of events of a run, summed day by day from the day's quantity values:
 * breakdown cycles (1 / (mtbf_days + mttr_days) per factory per day, the mean cycle being an up time
 * and a repair) and vehicle trips (at most vehicles / max(1, every_days, shortest transit) per route
 * per day, as a vehicle departs at most once a day; with every_days below 1, vehicles / every_days,
 * one event per sortie slot). Memory does not grow with the horizon.
 */
export class EventEstimate {
  /** Expected breakdown cycles, per factory with a breakdown (in `model.factories` order). */
  private readonly cycles: number[];
  /** Most vehicle trips, per route. */
  private readonly trips: number[];
  /** Vehicles per route: as written, or the day-0 value of an expression. */
  private fleets?: number[];

  constructor(private readonly model: Model) {
    this.cycles = model.factories.map(() => 0);
    this.trips = model.routes.map(() => 0);
  }

  /** Adds one day; `values[ref]` is the day's value of quantity `ref`. */
  addDay(values: ArrayLike<number>): void {
    this.fleets ??= this.model.routes.map((route) => (route.fleet === undefined ? route.vehicles : values[route.fleet]));
    this.model.factories.forEach((factory, i) => {
      if (factory.breakdown) this.cycles[i] += 1 / (values[factory.breakdown.mtbfDays] + values[factory.breakdown.mttrDays]);
    });
    this.model.routes.forEach((route, i) => {
      // A route without vehicles (a pipeline) sends at most one lot a day.
      const vehicles = this.fleets![i];
      if (vehicles === 0 || route.everyDays === undefined) { this.trips[i] += 1; return; }
      // Below 1, every_days is a sortie interval: each slot of the day is an event, flown or not.
      const every = values[route.everyDays];
      this.trips[i] += vehicles / (every > 0 && every < 1 ? every : Math.max(1, every, shortest(route.transitDays, values)));
    });
  }

  /** The estimate so far: breakdown cycles, vehicle trips and their sum. */
  get totals(): { cycles: number; trips: number; events: number } {
    const cycles = sum(this.cycles);
    const trips = sum(this.trips);
    return { cycles, trips, events: cycles + trips };
  }

  /** An issue when the estimate exceeds {@link LIMITS.eventsPerRun}, naming the component that adds most. */
  issue(): Issue | undefined {
    const fleet = (this.fleets ?? []).findIndex((n) => n > LIMITS.vehicles);
    if (fleet >= 0) {
      const route = this.model.routes[fleet];
      return { file: this.model.file, path: `routes[${fleet}].vehicles`, message: `gives ${formatCount(this.fleets![fleet])} vehicles on day 0; a route may have at most ${formatCount(LIMITS.vehicles)}`, hint: `lower the parameters ${route.id}'s vehicles read; ${SEE_LIMITS}` };
    }
    const { cycles, trips, events } = this.totals;
    if (!(events > LIMITS.eventsPerRun)) return undefined;
    const factory = argmax(this.cycles);
    const route = argmax(this.trips);
    const byFactory = factory >= 0 && (route < 0 || this.cycles[factory] >= this.trips[route]);
    const path = byFactory ? `factories[${factory}].breakdown` : `routes[${route}]`;
    const id = byFactory ? this.model.factories[factory].id : this.model.routes[route].id;
    return {
      file: this.model.file,
      path,
      message: `the run would have about ${formatCount(events)} events (${formatCount(cycles)} breakdown cycles + ${formatCount(trips)} vehicle trips; most are ${byFactory ? 'breakdowns' : 'trips'} of ${id}); at most ${formatCount(LIMITS.eventsPerRun)} are allowed`,
      hint: byFactory
        ? `a factory breaks down about days / (mtbf_days + mttr_days) times: lengthen mtbf_days and mttr_days, or shorten the horizon; ${SEE_LIMITS}`
        : `a route makes at most vehicles × days / max(1, every_days, shortest transit_days) trips (vehicles × days / every_days sortie slots when every_days is below 1): use fewer vehicles, a longer every_days, or a shorter horizon; ${SEE_LIMITS}`,
    };
  }
}

/**
 * Refuses a design of more than {@link LIMITS.designCells} cells (rows × parameters): its points are
 * held in memory and written out whole.
 * @param path - where the design comes from, in the library's words (`samples`, `design`)
 * @param hint - what to lower, in the library's words
 * @throws UserError naming the figure and its factors
 */
export function checkDesignCells(rows: number, parameters: number, path: string, hint: string): void {
  const issue = designCellsIssue(rows, parameters, path, hint);
  if (issue) throw new UserError(issue);
}

/** The issue {@link checkDesignCells} throws, or undefined when the design is small enough. */
export function designCellsIssue(rows: number, parameters: number, path: string, hint: string): Issue | undefined {
  const cells = rows * parameters;
  if (cells <= LIMITS.designCells) return undefined;
  return {
    path,
    message: `the design has ${formatCount(cells)} cells (${formatCount(rows)} ${rows === 1 ? 'row' : 'rows'} × ${formatCount(parameters)} ${parameters === 1 ? 'parameter' : 'parameters'}); at most ${formatCount(LIMITS.designCells)} are allowed`,
    hint: `${hint}; ${SEE_LIMITS}`,
  };
}

/** The least a lead time can be on a day: a fixed value, or the lower end of a bounded distribution. */
function shortest(dist: Distribution, values: ArrayLike<number>): number {
  switch (dist.kind) {
    case 'fixed': return values[dist.value];
    case 'uniform':
    case 'triangular': return values[dist.min];
    // Normal (truncated at 0) and lognormal may come arbitrarily close to 0.
    case 'normal':
    case 'lognormal': return 0;
  }
}

function sum(values: number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function argmax(values: number[]): number {
  let best = -1;
  values.forEach((v, i) => { if (v > 0 && (best < 0 || v > values[best])) best = i; });
  return best;
}
