/**
 * The one contract every component kind keeps. A kind is one file: how its section of a model file
 * reads (schema), what it becomes (builder → spec), what it does at the start and end of each day
 * and on its own timers, what it records (metrics), what it adds to the stock balance, and what it
 * reports in summary.csv and `validate`. Recorder columns, CSV, charts, the balance and the summary
 * are all derived from these declarations; nothing else lists a kind's columns.
 */
import type { z } from 'zod';
import type { Meter, Meters } from '../engine/meter.js';
import type { SimInstance } from '../engine/simjs.js';
import type { Quantity } from '../model/expressions.js';
import type { QuantityValue } from '../model/series.js';
import type { Distribution, Model, Parameter, QuantityRef, QuantityRule } from '../model/model.js';

/** The sections of a model file that hold components, in file order. */
export type Section = 'stockpiles' | 'factories' | 'routes' | 'consumers' | 'events';

/** A path into the model file, e.g. `['routes', 0, 'shipment']`. */
export type Path = readonly PropertyKey[];

/**
 * What a kind's builder may use, supplied by the assembly: problems are reported (collected, never
 * thrown), quantities compiled and registered, ids resolved, dates turned into day indices.
 */
export interface BuildTools {
  /** Calendar date of day 0 (YYYY-MM-DD) and the model's horizon in days. */
  readonly start: string;
  readonly days: number;
  readonly parameters: readonly Parameter[];
  readonly munitionCount: number;
  report(path: Path, message: string, hint?: string): void;
  /** Index of the munition, stockpile or route `id`; reports an unknown id (with the likely one) and returns 0. */
  refer(section: 'munitions' | 'stockpiles' | 'routes', id: string, path: Path): number;
  /** Compiles and registers a quantity that must keep `rule` on every day; returns its reference. */
  /** A series (`{ value, per }`, `{ table, … }`, `{ csv, … }`, src/model/series.ts) becomes one per-day quantity. */
  quantity(value: QuantityValue, path: Path, rule: QuantityRule): QuantityRef;
  /** A lead time: a number or expression (fixed), or `{ dist, … }`. */
  distribution(value: number | string | Record<string, unknown>, path: Path): Distribution;
  /** Compiles an expression without registering it; reports and returns undefined when it is wrong. */
  compile(value: number | string, path: Path): Quantity | undefined;
  /**
   * Day index of `date`, reported when outside the horizon: a day on which `what` happens must be one
   * of the horizon's days; without `what` it is a window bound, which may also be the day after the last.
   */
  day(date: string, path: Path, what?: string): number;
  /** Stockpile `stockpile` holds or receives munition `munition` (it gets columns for it). */
  handles(stockpile: number, munition: number): void;
  /** False when `id` was already used in `scope` (e.g. event ids); records it either way. */
  firstUse(scope: string, id: string): boolean;
  /** Where `path` is in the model file. */
  locate(path: Path): { line?: number; column?: number };
  /** The model's `report_dates` (inside the horizon, each once), with their day indices. */
  readonly reportDays: readonly { date: string; day: number }[];
}

/** A stockpile as other components see it: stock moves only through `take` and `put`. */
export interface StockpileAccess {
  readonly id: string;
  readonly handles: readonly number[];
  readonly stock: Float64Array;
  readonly initial: Float64Array;
  /** Shells received, per munition (today and over the run). */
  readonly received: Meter;
  readonly level: number;
  room(day: number): number;
  roomAfterTaking(amount: number, day: number): number;
  releasable(munition: number, day: number): number;
  put(munition: number, amount: number, day: number): number;
  take(munition: number, amount: number): number;
  reclassifyReceived(from: number, to: number, amount: number): number;
  destroy(fraction: number): void;
}

/** What every component of a run can see. */
export interface RunContext {
  /** The scenario's day tables: `tables[ref][day]` is quantity `ref` on `day`. */
  readonly tables: Float64Array[];
  readonly seed: number;
  readonly days: number;
  readonly munitionCount: number;
  /** Whether munition `m` is a shell (not `kind: component`): only shells count in shell totals and the chart. */
  isShell(munition: number): boolean;
  /** simjs, for components with timers of their own (they are entities on it). */
  readonly sim: SimInstance;
  /** Meters made here are zeroed at the end of every day, after the day is recorded. */
  readonly meters: Meters;
  readonly stockpiles: readonly StockpileAccess[];
  /** The components already created in `section`, in file order (sections are created in file order). */
  section(section: Section): readonly Component[];
  /** Day index of simulated time `time` (the day that contains it, clamped to the horizon). */
  dayAt(time: number): number;
}

export type MetricKind = 'flow' | 'level';

/**
 * A series of the run chart: `produced`, `consumed` and `demand` are flows summed over every metric
 * that adds to them; `stock` draws one line per component.
 */
export type ChartSeries = 'produced' | 'consumed' | 'demand' | 'stock';

/**
 * One recorded series of a component: column `<id>.<name>`, plus `<id>.<name>.<munition>` per
 * munition when it counts several. A flow is an amount during the day, a level an end-of-day value.
 */
export interface Metric {
  name: string;
  kind: MetricKind;
  /** Per munition index (summed over `munitions`), or a function read at the end of every day. */
  read: Float64Array | (() => number);
  /** The munitions it counts; omitted: a single value (slot 0 of `read`, or the function). */
  munitions?: readonly number[];
  /** The run chart's series its total column adds to, if any. */
  chart?: ChartSeries;
}

/** One munition's stock balance: initial + produced + converted = final + in transit + consumed + lost + destroyed + used. */
export interface BalanceTerms {
  initial: number;
  produced: number;
  converted: number;
  final: number;
  inTransit: number;
  consumed: number;
  lost: number;
  destroyed: number;
  used: number;
}

/** A component's part in the run's shell totals (munitions of `kind: component` left out). */
export interface ShellTotals {
  produced?: number;
  consumed?: number;
  demand?: number;
}

/** A component in a run. Every member but `id` is optional: a kind declares only what it does. */
export interface Component {
  readonly id: string;
  /** Start of `day`, in the order of `DAY_ORDER.startDay` (registry.ts), then file order. */
  startDay?(day: number): void;
  /** End of `day`, before the day is recorded, in the order of `DAY_ORDER.endDay`. */
  endDay?(day: number): void;
  /** Its series, asked for once before the run. */
  metrics?(): Metric[];
  /** Adds its terms to munition `munition`'s balance, once after the run. */
  balance?(munition: number, terms: BalanceTerms): void;
  /** Its part in produced_total, consumed_total and demand_total. */
  shellTotals?(isShell: (munition: number) => boolean): ShellTotals | undefined;
  /** Summary columns `<name>.<id>`, in this order; undefined where the milestone never happened. */
  milestones?(): [name: string, value: number | undefined][];
  /** Munitions it turns shells into (found unserviceable): stock of these is reported apart. */
  unserviceableMunitions?(): readonly number[];
  /**
   * Summary columns `<name>.<id>` (`<name>.<id>.<suffix>` with a suffix) after every component's
   * milestones: KPIs added later go here, so the earlier columns of summary.csv keep their order.
   */
  kpis?(): [name: string, value: number | undefined, suffix?: string][];
  /**
   * What a run-reading expression may read of it (`shipped("r")`, src/model/state-reads.ts): each
   * reading gives the value now, summed over the munitions it counts, as its column would.
   */
  readings?(): Partial<Record<Reading, () => number>>;
}

/** A component's value that expressions can read during a run: run totals, or (`in_transit`) a level. */
export type Reading = 'shipped' | 'delivered' | 'in_transit' | 'consumed' | 'demand' | 'produced';

/** The spec every kind's builder returns: what the Model holds for one entry of a section. */
export interface ComponentSpec {
  /** The kind that built it, and creates it in a run. */
  kind: string;
  id: string;
}

/**
 * A component kind: its section of the file, its schema and builder, and how a run creates it.
 * `Input` is what its schema parses an entry to.
 */
export interface ComponentKind<Spec extends ComponentSpec = ComponentSpec, Input = never> {
  kind: string;
  section: Section;
  /**
   * In a section with several kinds, whether this kind takes the entry (e.g. a route with
   * `capacity_per_day` is a pipeline); the section's kind without `claims` takes the rest.
   */
  claims?(entry: Record<string, unknown>): boolean;
  /** One entry of the section as written (a strict object: unknown keys are refused). */
  schema: z.ZodType;
  /** Entry `index` of the section → spec; reports problems through `tools`. */
  build(entry: Input, index: number, tools: BuildTools): Spec;
  /** Orders the section's specs once built (events: by day); stable. */
  compare?(a: Spec, b: Spec): number;
  /** The component of `spec` in a run. */
  create(spec: Spec, context: RunContext): Component;
  /** One line of `validate`'s flows (e.g. `a → b by ship (2 vehicles, 152mm)`), if it moves shells. */
  describe?(spec: Spec, model: Model): string | undefined;
}

/** Erases a kind's types for the registry (each kind is typed in its own file). */
export function kindOf<Spec extends ComponentSpec, Input>(kind: ComponentKind<Spec, Input>): ComponentKind {
  return kind as unknown as ComponentKind;
}
