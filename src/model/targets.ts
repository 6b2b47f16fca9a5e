/**
 * Calibration targets: reported figures a model's runs should reproduce (`targets:` in a model file).
 * A target names a time-series metric of some nodes (summed), how the run is read (a cumulative flow
 * `by` a date, a window statistic `over` two dates, or a level `on` a date) and the accepted range.
 */
import { z } from './zod.js';
import { Id, IsoDate } from './schema.js';

/** How a target reads the run. Days are indices from the model's start; windows include both ends. */
export type TargetWindow =
  /** A flow summed over days 0 … `day` (the whole of the date `by`). */
  | { kind: 'by'; day: number; date: string }
  /** A flow over days `from` … `to`: its total, or its mean per day (total ÷ days in the window). */
  | { kind: 'over'; from: number; to: number; dates: [string, string]; stat: 'mean_per_day' | 'total' }
  /** A level at the start of the date `on` (the end of the day before, as stock "on 1 March" reads). */
  | { kind: 'on'; day: number; date: string };

export interface TargetSpec {
  id: string;
  metric: string;
  /** Node ids whose metric is summed. */
  of: string[];
  /** Only this munition's part of the metric (its index in the model's munitions). */
  munition?: number;
  window: TargetWindow;
  /** Accepted range, inclusive: a run hits the target when low ≤ simulated ≤ high. */
  low: number;
  high: number;
  /** Row id in docs/sources.md. */
  source?: string;
  description?: string;
  /** Where it is written, for errors found when the run is assembled. */
  path: string;
  line?: number;
  column?: number;
}

export const TARGET_STATS = ['mean_per_day', 'total'] as const;

/** One entry of `targets:` as written; the fields that go together are checked when it is built. */
export const TargetInput = z.strictObject({
  id: Id,
  metric: z.string({ error: 'expected a metric name, e.g. delivered, consumed, stock' })
    .regex(/^[a-z][a-z0-9_]*$/, { error: 'expected a metric name of lower-case letters, digits and _, e.g. delivered' }),
  of: z.union([Id, z.array(Id).min(1, { error: 'list at least one node id' })], { error: 'expected a node id or a list of node ids' }),
  munition: Id.optional(),
  by: IsoDate.optional(),
  over: z.tuple([IsoDate, IsoDate], { error: 'expected two dates [from, to]' }).optional(),
  stat: z.enum(TARGET_STATS, { error: `expected stat: ${TARGET_STATS.join(' or ')}` }).optional(),
  on: IsoDate.optional(),
  range: z.tuple([z.number(), z.number()], { error: 'expected [low, high]' }).optional(),
  value: z.number({ error: 'expected a number' }).optional(),
  tolerance: z.number({ error: 'expected a share, e.g. 0.25 for ±25 %' }).optional(),
  source: z.string({ error: 'expected a source id, e.g. C8' }).optional(),
  description: z.string().optional(),
});

export type TargetFile = z.infer<typeof TargetInput>;

/** The summary/KPI column of a target in experiments: `target.<id>`. */
export function targetColumn(id: string): string {
  return `target.${id}`;
}

/** Whether `value` lies in the target's accepted range (NaN — not measured — is no hit). */
export function isHit(target: Pick<TargetSpec, 'low' | 'high'>, value: number): boolean {
  return value >= target.low && value <= target.high;
}

/** The window as people read it: `by 2024-02-27`, `mean per day 2023-10-01 … 2023-12-31`, `on 2023-03-01`. */
export function describeWindow(window: TargetWindow): string {
  if (window.kind === 'by') return `by ${window.date}`;
  if (window.kind === 'on') return `on ${window.date}`;
  return `${window.stat === 'total' ? 'total' : 'mean per day'} ${window.dates[0]} … ${window.dates[1]}`;
}
