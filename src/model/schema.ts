/**
 * The shape of a model file (YAML or JSON), as users write it. Unknown fields are refused so a typo
 * (`lot_day`) is an error, not a silently ignored setting. These are the pieces every section uses;
 * each component kind declares its own entry (src/components/), and src/assembly/model-schema.ts
 * composes the file's schema from them. Cross-references and the meaning of quantities are checked later.
 */
import { z } from './zod.js';
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

/**
 * A number, or a mathjs expression over parameters and t, in quotes. `reason` says why a series
 * (`per`, `table`, `csv`: rate fields only, src/model/series.ts) is refused in this field.
 */
export function quantityInput(reason = 'this field is not a rate per time') {
  return z.union([z.number(), z.string()], {
    error: (issue) => {
      const input = issue.input;
      const series = input !== null && typeof input === 'object' && ['per', 'table', 'csv'].some((key) => Object.hasOwn(input, key));
      return series
        ? `per, table and csv are accepted only on rates (a factory's rate and expansions' add, a consumer's demand, a pipeline's capacity_per_day); ${reason}`
        : 'expected a number or an expression in quotes (e.g. "nk_output * 0.5")';
    },
  });
}

export const QuantityInput = quantityInput();

/**
 * A date a parameter may move: `YYYY-MM-DD`, `{ date: YYYY-MM-DD, plus_days: EXPR }` or `{ day: EXPR }`
 * (days since start). Issues come out as the chosen form's own (a bad date string: "expected a calendar date").
 */
const DayForm = z.strictObject({ day: QuantityInput });
const PlusDaysForm = z.strictObject({ date: IsoDate, plus_days: QuantityInput });
export const DateInput = z.unknown().transform((value, ctx) => {
  const form = typeof value !== 'object' || value === null ? IsoDate : 'day' in value ? DayForm : PlusDaysForm;
  const parsed = form.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data as string | { date: string; plus_days: number | string } | { day: number | string };
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  return z.NEVER;
});

const Text = z.string().optional();

/**
 * A count such as `vehicles` or `lot_days`: a number, checked by `whole` as written (whole, in range),
 * or an expression in quotes over parameters, whose day-0 value the scenario checks.
 */
export function WholeOrExpression(whole: z.ZodNumber) {
  return QuantityInput.superRefine((value, ctx) => {
    if (typeof value !== 'number') return;
    const parsed = whole.safeParse(value, { reportInput: true });
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
  });
}

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
    integer: z.boolean({ error: 'expected true or false' }).optional(),
    unit: Text,
    source: Text,
    description: Text,
  }),
], { error: 'expected a number or { value, min, max, unit, source }' });

export const MunitionInput = z.strictObject({
  id: Id,
  calibre_mm: z.number().positive().optional(),
  guided: z.boolean().optional(),
  kind: z.enum(['shell', 'component'], { error: 'expected shell or component' }).optional(),
  description: Text,
});

/**
 * One entry of a section that several kinds share: the first kind whose `claims` takes the entry
 * parses it, else the kind without `claims` (the section's default). Issues come out exactly as that kind's own schema
 * gives them, with their paths; `dispatchTarget` tells the loader which schema an entry was read with.
 */
export function dispatchSchema(options: readonly { schema: z.ZodType; claims?: (entry: Record<string, unknown>) => boolean }[]): z.ZodType {
  const pick = (value: unknown): z.ZodType => {
    const entry = value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
    return (entry && options.find((o) => o.claims?.(entry))?.schema) ?? options.find((o) => !o.claims)!.schema;
  };
  const schema = z.unknown().transform((value, ctx) => {
    const parsed = pick(value).safeParse(value, { reportInput: true });
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue });
    return z.NEVER;
  });
  DISPATCH.set(schema, pick);
  return schema;
}

const DISPATCH = new WeakMap<z.ZodType, (value: unknown) => z.ZodType>();

/** The schema a dispatching entry schema reads `value` with, or undefined when `schema` does not dispatch. */
export function dispatchTarget(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  return DISPATCH.get(schema)?.(value);
}

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
