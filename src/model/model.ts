/**
 * A validated model: what the loader makes of a model file. Ids are resolved to indices, every
 * quantity is compiled and registered in `quantities` (components refer to it by index), dates are
 * day indices. Nothing here changes during a run.
 */
import type { TargetSpec } from './targets.js';
import type { Quantity } from './expressions.js';

/**
 * What a quantity must satisfy on every day of the horizon; `count` (vehicles, lot_days) is a whole
 * number ≥ 1 read once, on day 0, and checked on that day only.
 */
export type QuantityRule = 'nonNegative' | 'positive' | 'probability' | 'count';

/** The unit of a quantity's numbers, when messages should name it. */
export type QuantityUnit = 'days';

export interface QuantityField {
  /** Where it was written, e.g. `factories[0].rate`; errors name it. */
  path: string;
  /** 1-based line and column in the model file, when known. */
  line?: number;
  column?: number;
  quantity: Quantity;
  rule: QuantityRule;
  unit?: QuantityUnit;
  /** Its run-reading calls, ids resolved (in the order of `quantity.state`): it is computed in each run, not tabulated. */
  reads?: StateRead[];
}

/** A run-reading call with its ids resolved: `component` indexes the function's section, `munition` the munitions. */
export interface StateRead {
  /** `stock`, `in_transit`, `shipped`, `delivered`, `consumed`, `produced` or `demand_avg` (src/model/expressions.ts STATE_FUNCTIONS). */
  name: string;
  component: number;
  munition?: number;
}

/** Index into `Model.quantities`; the scenario turns it into a day-by-day table. */
export type QuantityRef = number;

export interface Parameter {
  name: string;
  value: number;
  min?: number;
  max?: number;
  /** Takes whole numbers only (a count of ships, a day): designs round to them, other values are refused. */
  integer?: boolean;
  unit?: string;
  source?: string;
  description?: string;
}

/** `component`: an input to production (propellant, fuzes), not counted in shell totals. */
export interface Munition { id: string; calibreMm?: number; guided?: boolean; kind: 'shell' | 'component' }

/** A lead time: fixed, or drawn from a distribution whose arguments are quantities. */
export type Distribution =
  | { kind: 'fixed'; value: QuantityRef }
  | { kind: 'uniform'; min: QuantityRef; max: QuantityRef }
  | { kind: 'triangular'; min: QuantityRef; mode: QuantityRef; max: QuantityRef }
  | { kind: 'normal'; mean: QuantityRef; sd: QuantityRef }
  | { kind: 'lognormal'; mean: QuantityRef; sd: QuantityRef };

export interface StockpileSpec {
  kind: 'stockpile';
  id: string;
  /** Per munition index; undefined where the file says nothing (0). */
  initial: (QuantityRef | undefined)[];
  reserve: (QuantityRef | undefined)[];
  capacity?: QuantityRef;
  /** Munition indices this stockpile holds or receives, in model order. */
  handles: number[];
}

export interface FactorySpec {
  kind: 'factory';
  id: string;
  munition: number;
  to: number;
  rate: QuantityRef;
  /** Written as a number; with `lotDaysRef` (an expression), 1 until the scenario gives its day-0 value. */
  lotDays: number;
  lotDaysRef?: QuantityRef;
  breakdown?: { mtbfDays: QuantityRef; mttrDays: QuantityRef };
  defectRate?: QuantityRef;
  /** Bill of materials: `perUnit` of `munition` from stockpile `from` per shell made. */
  inputs: { from: number; munition: number; perUnit: QuantityRef }[];
  /** Capacity steps: `add` shells/day from day `day + delay` (add and delay read on day `day`). */
  expansions: { day: number; add: QuantityRef; delayDays: QuantityRef }[];
}

/**
 * A half-open window of days [fromDay, untilDay) in which departures may happen. A bound moved by a
 * parameter is its day plus the day-0 value of its shift (resolved per scenario).
 */
export interface DayWindow { fromDay: number; untilDay: number; fromShift?: QuantityRef; untilShift?: QuantityRef }

/**
 * What every kind of route shares (the model layer reads only these): where it runs, what it carries,
 * how lots travel and arrive, and the loading rules at the source. A kind adds its own fields.
 */
export interface RouteSpec {
  /** `route` (vehicles on a schedule), `pipeline` (a daily capacity), or a later kind. */
  kind: string;
  id: string;
  from: number;
  to: number;
  munitions: number[];
  /** Vehicles of the route; 0 for a kind without vehicles, which sends at most one lot a day. */
  vehicles: number;
  /** `vehicles` written as an expression: the fleet is its day-0 value (and `vehicles` is 1 until a scenario resolves it). */
  fleet?: QuantityRef;
  /** `every_days` of a route with vehicles. */
  everyDays?: QuantityRef;
  /** No lot smaller than this leaves. */
  minLoad: QuantityRef;
  transitDays: Distribution;
  /** Undefined: always open. */
  open?: DayWindow[];
  detectProbability: QuantityRef;
  lossProbability: QuantityRef;
  /** Political gate: no departure before this day (read on day 0). */
  approvalDelayDays: QuantityRef;
  /** At most this share of what the source has held (initial + received) is ever shipped. */
  forwardShare?: QuantityRef;
  /** Shells of the carried munitions the source keeps, whatever the stockpile's reserve. */
  floor?: QuantityRef;
  /** Most shells the route ever ships (a loan, a pledge, a contract), whole shells of its day-0 value. */
  total?: QuantityRef;
  /** Part of each delivery found unserviceable on arrival: munition index → unserviceable munition index. */
  unserviceable?: { share: QuantityRef; becomes: Map<number, number> };
}

/** A route of vehicles that leave on a schedule, each carrying up to `shipment`. */
export interface VehicleRouteSpec extends RouteSpec {
  kind: 'route';
  everyDays: QuantityRef;
  /** Vehicle k is first ready on day k · stagger (read on day 0), so a fleet need not sail in convoy. */
  staggerDays: QuantityRef;
  shipment: QuantityRef;
  /** Undefined: a vehicle comes back empty in the same time it took to get there. */
  returnDays?: Distribution;
}

export interface ConsumerSpec {
  kind: 'consumer';
  id: string;
  drawsFrom: number[];
  munitions: number[];
  demand: QuantityRef;
  demandCv: QuantityRef;
  backlog: boolean;
  /** Shells the front leaves in each stockpile it draws from (rationing). */
  keep?: QuantityRef;
  /** The model's `report_dates`, with their day indices: its shortfall so far is reported on each. */
  reportDays: readonly { date: string; day: number }[];
}

export type Strike =
  | { kind: 'stockpile'; stockpile: number; destroyFraction: QuantityRef }
  | { kind: 'route'; route: number; closeDays: QuantityRef };

export interface EventSpec {
  kind: 'event';
  id: string;
  /** Scheduled events: the day it happens (plus the day-0 value of `shift`, when a parameter moves it). */
  day?: number;
  /** The date as written (`2024-01-01 + pause_start` when moved). */
  date?: string;
  shift?: QuantityRef;
  /** Random events: chance per day within [fromDay, untilDay). */
  random?: { probability: QuantityRef; fromDay: number; untilDay: number };
  /** Parameter changes from this day on; values are expressions evaluated on the day. */
  set: { parameter: string; path: string; line?: number; column?: number; quantity: Quantity }[];
  strike?: Strike;
}

/** A file the model read besides its own text (a CSV series), as it was read. */
export interface ModelInputFile {
  /** Relative to the model file's folder, with forward slashes (`data/us-output.csv`). */
  path: string;
  /** SHA-256 of its text (UTF-8). */
  sha256: string;
  text: string;
}

export interface Model {
  file: string;
  /** SHA-256 of its text, or of its text and its input files when it read any (see modelSha256). */
  sha256: string;
  /** The text it was parsed from: what evaluators in other processes parse. */
  text?: string;
  /** The files it read (CSV series), in path order; absent when it read none. */
  inputs?: ModelInputFile[];
  name: string;
  description?: string;
  /** Calendar date of day 0, YYYY-MM-DD. */
  start: string;
  days: number;
  seed: number;
  parameters: Parameter[];
  munitions: Munition[];
  stockpiles: StockpileSpec[];
  factories: FactorySpec[];
  routes: RouteSpec[];
  consumers: ConsumerSpec[];
  events: EventSpec[];
  quantities: QuantityField[];
  /** Reported figures the runs should reproduce (`targets:`), in file order. */
  targets?: TargetSpec[];
}
