/**
 * The shape of a model file (YAML or JSON), as users write it. Unknown fields are refused so a typo
 * (`lot_day`) is an error, not a silently ignored setting. Cross-references between ids and the
 * meaning of quantities are checked later, in the loader.
 */
import { z } from 'zod';
import { RESERVED_KEYS } from './expressions.js';

/**
 * Limits that keep a run finite and integer arithmetic exact in doubles, and bound the work of a run
 * or an experiment (src/model/limits.ts checks the last three before anything runs or is written).
 */
export const LIMITS = {
  days: 36_500,
  vehicles: 10_000,
  components: 5_000,
  quantity: 1e15,
  /** (components + vehicles) × days of one run: the day tables, the recorded series and the day loop grow with it. */
  componentDays: 20_000_000,
  /** Estimated breakdown cycles + vehicle trips of one run (the engine does about a million events a second). */
  eventsPerRun: 50_000_000,
  /** Rows × parameters of a sweep design or of a sensitivity study's samples, held in memory and written whole. */
  designCells: 10_000_000,
} as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PARAMETER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const Id = z.string({ error: 'expected an id (letters, digits, _ or -)' })
  .regex(ID, { error: 'expected an id of letters, digits, _ and - that starts with a letter or digit (ids name CSV columns)' })
  // An id is also a key (stockpile `initial: { <munition>: … }`), where these names are refused.
  .refine((id) => !RESERVED_KEYS.has(id), { error: (issue) => `"${String(issue.input)}" is a reserved name; choose another id` });

export const IsoDate = z.string({ error: 'expected a date as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD', abort: true })
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
  }, { error: 'expected a calendar date' });

/** A number, or a mathjs expression over parameters and t, in quotes. */
export const QuantityInput = z.union([z.number(), z.string()], {
  error: 'expected a number or an expression in quotes (e.g. "nk_output * 0.5")',
});

const Text = z.string().optional();

export const DistributionInput = z.union([
  QuantityInput,
  z.discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('fixed'), value: QuantityInput }),
    z.strictObject({ dist: z.literal('uniform'), min: QuantityInput, max: QuantityInput }),
    z.strictObject({ dist: z.literal('triangular'), min: QuantityInput, mode: QuantityInput, max: QuantityInput }),
    z.strictObject({ dist: z.literal('normal'), mean: QuantityInput, sd: QuantityInput }),
    z.strictObject({ dist: z.literal('lognormal'), mean: QuantityInput, sd: QuantityInput }),
  ], { error: 'expected dist: fixed, uniform, triangular, normal or lognormal' }),
], { error: 'expected a number of days, an expression, or { dist: fixed|uniform|triangular|normal|lognormal, … }' });

export const ParameterInput = z.union([
  z.number(),
  z.strictObject({
    value: z.number({ error: 'expected a number' }),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: Text,
    source: Text,
    description: Text,
  }),
], { error: 'expected a number or { value, min, max, unit, source }' });

const MunitionInput = z.strictObject({
  id: Id,
  calibre_mm: z.number().positive().optional(),
  guided: z.boolean().optional(),
  kind: z.enum(['shell', 'component'], { error: 'expected shell or component' }).optional(),
  description: Text,
});

const StockpileInput = z.strictObject({
  id: Id,
  initial: z.record(z.string(), QuantityInput).optional(),
  reserve: z.record(z.string(), QuantityInput).optional(),
  capacity: QuantityInput.optional(),
  description: Text,
});

const FactoryInput = z.strictObject({
  id: Id,
  munition: Id,
  to: Id,
  rate: QuantityInput,
  lot_days: z.number().int({ error: 'expected a whole number of days' }).min(1).max(LIMITS.days).optional(),
  breakdown: z.strictObject({ mtbf_days: QuantityInput, mttr_days: QuantityInput }).optional(),
  defect_rate: QuantityInput.optional(),
  inputs: z.array(z.strictObject({ from: Id, munition: Id, per_unit: QuantityInput })).optional(),
  expansions: z.array(z.strictObject({ date: IsoDate, add: QuantityInput, delay_days: QuantityInput.optional() })).optional(),
  description: Text,
});

const WindowInput = z.strictObject({ from: IsoDate.optional(), until: IsoDate.optional() });

const RouteInput = z.strictObject({
  id: Id,
  from: Id,
  to: Id,
  munitions: z.array(Id).min(1, { error: 'list at least one munition the route carries' }),
  every_days: QuantityInput.optional(),
  vehicles: z.number().int({ error: 'expected a whole number' }).min(1).max(LIMITS.vehicles).optional(),
  stagger_days: QuantityInput.optional(),
  shipment: QuantityInput,
  min_load: QuantityInput.optional(),
  transit_days: DistributionInput,
  return_days: DistributionInput.optional(),
  open: z.array(WindowInput).optional(),
  detect_probability: QuantityInput.optional(),
  loss_probability: QuantityInput.optional(),
  approval_delay_days: QuantityInput.optional(),
  forward_share: QuantityInput.optional(),
  floor: QuantityInput.optional(),
  unserviceable: z.strictObject({ share: QuantityInput, becomes: z.record(z.string(), Id) }).optional(),
  description: Text,
});

const ConsumerInput = z.strictObject({
  id: Id,
  draws_from: z.array(Id).min(1, { error: 'list at least one stockpile' }),
  munitions: z.array(Id).min(1, { error: 'list at least one munition' }),
  demand: QuantityInput,
  demand_cv: QuantityInput.optional(),
  backlog: z.boolean().optional(),
  keep: QuantityInput.optional(),
  description: Text,
});

const StrikeInput = z.union([
  z.strictObject({ stockpile: Id, destroy_fraction: QuantityInput }),
  z.strictObject({ route: Id, close_days: QuantityInput }),
], { error: 'expected { stockpile, destroy_fraction } or { route, close_days }' });

const EventInput = z.strictObject({
  id: Id.optional(),
  date: IsoDate.optional(),
  probability_per_day: QuantityInput.optional(),
  from: IsoDate.optional(),
  until: IsoDate.optional(),
  set: z.record(z.string(), QuantityInput).optional(),
  strike: StrikeInput.optional(),
  close: z.strictObject({ route: Id, days: QuantityInput }).optional(),
  description: Text,
}).refine((event) => event.set !== undefined || event.strike !== undefined || event.close !== undefined, {
  error: 'an event needs `set` (parameter values), `strike` or `close`',
}).refine((event) => event.strike === undefined || event.close === undefined, {
  error: 'an event has either `strike` or `close`; use two events for both',
}).refine((event) => (event.date === undefined) !== (event.probability_per_day === undefined), {
  error: 'an event needs either `date` (scheduled) or `probability_per_day` (random), not both',
}).refine((event) => event.probability_per_day === undefined || event.set === undefined, {
  error: 'a random event cannot `set` parameters (they are tabulated before the run); use a dated event',
});

export const ModelInput = z.strictObject({
  name: z.string({ error: 'expected a name' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { error: 'expected a name of letters, digits, ., _ and - (it names the output folder under runs/)' })
    .refine((name) => !name.includes('..'), { error: 'a name may not contain ".."' }),
  description: Text,
  start: IsoDate,
  days: z.number({ error: 'expected a number of days' }).int({ error: 'expected a whole number of days' })
    .min(1, { error: 'the horizon must be at least 1 day' })
    .max(LIMITS.days, { error: `the horizon may be at most ${LIMITS.days} days (100 years)` }),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  parameters: z.record(z.string(), ParameterInput).optional(),
  munitions: z.array(MunitionInput).min(1, { error: 'list at least one munition' }),
  stockpiles: z.array(StockpileInput).min(1, { error: 'list at least one stockpile' }),
  factories: z.array(FactoryInput).optional(),
  routes: z.array(RouteInput).optional(),
  consumers: z.array(ConsumerInput).optional(),
  events: z.array(EventInput).optional(),
});

export type ModelFile = z.infer<typeof ModelInput>;
export type DistributionFile = z.infer<typeof DistributionInput>;
export { PARAMETER as PARAMETER_NAME };

/** The unit a field's numbers are in, read from its name: a field named `days` or `…_days` (and what is inside it) counts days. */
export function unitOf(path: readonly PropertyKey[]): 'days' | undefined {
  return path.some((key, i) => typeof key === 'string' && (key.endsWith('_days') || (key === 'days' && i > 0))) ? 'days' : undefined;
}

/** `0 days`, `1 day`, or the bare number when there is no unit. */
export function withUnit(value: number, unit: 'days' | undefined): string {
  return unit === undefined ? String(value) : `${value} ${value === 1 ? 'day' : 'days'}`;
}
