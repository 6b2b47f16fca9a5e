/**
 * Rates as analysts have them: reported per month or per year, or as a dated series (a production
 * ramp reported month by month). Every rate is turned into shells per day once, at load — a month
 * is 365.25/12 days, a year 365.25 — so the run only ever reads per-day tables. A series holds from
 * its first row (which must be on or before the model's start) and keeps its last value after its last row.
 */
import { z } from './zod.js';
import type { Quantity } from './expressions.js';
import { IsoDate, QuantityInput } from './schema.js';

/** Days in each period a rate may be given per. */
export const DAYS_PER = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 } as const;

export type Period = keyof typeof DAYS_PER;
export type Interpolation = 'step' | 'linear';

const Per = z.enum(['day', 'week', 'month', 'year'], { error: 'expected per: day, week, month or year' });
const InterpolateInput = z.enum(['step', 'linear'], { error: 'expected interpolate: step or linear' });

/**
 * A rate written as an object: `{ value, per }`, `{ table: [[date, value], …], per, interpolate }`
 * or `{ csv: file, column, per, interpolate }`. Exactly one of value, table and csv; `per` is
 * required (a series without it would be read per day, a silent ×30 for a monthly one).
 */
export const SeriesInput = z.strictObject({
  value: QuantityInput.optional(),
  table: z.array(z.tuple([IsoDate, QuantityInput], { error: 'expected a row [YYYY-MM-DD, value]' }), { error: 'expected a list of rows [YYYY-MM-DD, value]' })
    .min(1, { error: 'list at least one row [YYYY-MM-DD, value]' }).optional(),
  csv: z.string({ error: 'expected the path of a CSV file, relative to the model file' }).min(1).optional(),
  column: z.string({ error: 'expected the name of a column of the CSV file' }).min(1).optional(),
  per: Per.optional(),
  interpolate: InterpolateInput.optional(),
}).superRefine((entry, ctx) => {
  const forms = (['value', 'table', 'csv'] as const).filter((key) => entry[key] !== undefined);
  if (forms.length !== 1) {
    ctx.addIssue({ code: 'custom', path: [], message: forms.length === 0 ? 'expected one of value, table or csv beside per' : `give one of ${forms.join(' and ')}, not both` });
    return;
  }
  if (entry.per === undefined) ctx.addIssue({ code: 'custom', path: ['per'], message: 'say which period the numbers are per: per: day, week, month or year' });
  if (entry.csv !== undefined && entry.column === undefined) ctx.addIssue({ code: 'custom', path: ['column'], message: 'name the CSV column to read (beside its date column)' });
  if (entry.csv === undefined && entry.column !== undefined) ctx.addIssue({ code: 'custom', path: ['column'], message: 'column goes with csv' });
  if (entry.value !== undefined && entry.interpolate !== undefined) ctx.addIssue({ code: 'custom', path: ['interpolate'], message: 'interpolate goes with a table or csv, not a single value' });
});

/** A rate field: shells per day as a number or expression, or a rate per period, or a series. */
export const RateInput = z.union([QuantityInput, SeriesInput], {
  error: 'expected a number, an expression in quotes, or { value, per }, { table, per } or { csv, column, per }',
});

export type SeriesValue = z.infer<typeof SeriesInput>;
/** What a quantity field may hold as written: a number, an expression, or (rate fields only) a series. */
export type QuantityValue = number | string | SeriesValue;

/** A quantity per `per` turned into one per day; extra fields (how it is evaluated) are kept. */
export function perDay(quantity: Quantity, per: Period): Quantity {
  const days = DAYS_PER[per];
  if (days === 1) return quantity;
  if (quantity.kind === 'constant') return { kind: 'constant', value: quantity.value / days };
  const evaluate = quantity.evaluate;
  return { ...quantity, source: `${quantity.source} per ${per}`, evaluate: (...args) => evaluate(...args) / days };
}

/** One row of a series: its day index (day 0 is the model's start) and its value per period. */
export interface SeriesRow { day: number; value: Quantity }

/**
 * The per-day quantity of `rows` (days strictly increasing, the first ≤ 0): `step` holds each row's
 * value until the next row's day; `linear` moves in a straight line from one row to the next, day by
 * day; after the last row its value holds. Values are divided by the days of `per`.
 */
export function seriesQuantity(rows: readonly SeriesRow[], interpolate: Interpolation, per: Period, source: string): Quantity {
  const days = DAYS_PER[per];
  const constants = rows.every((row) => row.value.kind === 'constant');
  if (constants && rows.every((row) => (row.value as { value: number }).value === (rows[0].value as { value: number }).value)) {
    return { kind: 'constant', value: (rows[0].value as { value: number }).value / days };
  }
  const at = rows.map((row) => row.day);
  const symbols = [...new Set(rows.flatMap((row) => (row.value.kind === 'expression' ? row.value.symbols : [])))];
  const valueOf = (row: SeriesRow, scope: Map<string, number>) => (row.value.kind === 'constant' ? row.value.value : row.value.evaluate(scope));
  const evaluate = (scope: Map<string, number>): number => {
    const t = scope.get('t') ?? 0;
    // The last row on or before t (rows start on or before day 0, and t ≥ 0).
    let lo = 0, hi = at.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (at[mid] <= t) lo = mid; else hi = mid - 1;
    }
    const here = valueOf(rows[lo], scope);
    if (interpolate === 'step' || lo === at.length - 1 || t === at[lo]) return here / days;
    const next = valueOf(rows[lo + 1], scope);
    return (here + (next - here) * (t - at[lo]) / (at[lo + 1] - at[lo])) / days;
  };
  return { kind: 'expression', source, symbols, usesT: true, evaluate };
}

/** A cell of a CSV file that could not be read: its 1-based line, and why. */
export interface CsvProblem { line: number; message: string }

/**
 * The rows of `column` in CSV `text` (a header line naming a `date` column and `column`, then one
 * line per date; commas between fields, optional double quotes around a field, blank lines skipped).
 * Dates must be YYYY-MM-DD and increase strictly; values must be finite numbers.
 */
export function readSeriesCsv(text: string, column: string): { rows: { line: number; date: string; value: number }[]; problems: CsvProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const split = (line: string) => line.split(',').map((field) => field.trim().replace(/^"(.*)"$/, '$1'));
  const problems: CsvProblem[] = [];
  const rows: { line: number; date: string; value: number }[] = [];
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0) return { rows, problems: [{ line: 1, message: 'the file is empty; expected a header line with date and the column' }] };
  const header = split(lines[headerAt]);
  const dateAt = header.indexOf('date');
  const valueAt = header.indexOf(column);
  if (dateAt < 0 || valueAt < 0) {
    const missing = [dateAt < 0 ? '"date"' : undefined, valueAt < 0 ? `"${column}"` : undefined].filter(Boolean).join(' and ');
    return { rows, problems: [{ line: headerAt + 1, message: `the header has no column ${missing}; it has ${header.map((h) => `"${h}"`).join(', ')}` }] };
  }
  for (let i = headerAt + 1; i < lines.length && problems.length < 20; i++) {
    if (lines[i].trim() === '') continue;
    const fields = split(lines[i]);
    const line = i + 1;
    if (fields.length !== header.length) { problems.push({ line, message: `has ${fields.length} fields; the header has ${header.length}` }); continue; }
    const date = fields[dateAt];
    const cell = fields[valueAt];
    const value = cell === '' ? Number.NaN : Number(cell);
    if (!IsoDate.safeParse(date).success) problems.push({ line, message: `date: expected a calendar date YYYY-MM-DD, got "${date}"` });
    else if (!Number.isFinite(value)) problems.push({ line, message: `${column}: expected a number, got "${cell}"` });
    else rows.push({ line, date, value });
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: headerAt + 1, message: 'the file has a header but no rows' });
  return { rows, problems };
}
