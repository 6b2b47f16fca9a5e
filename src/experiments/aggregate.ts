/**
 * Replications of a design point summarised per KPI: mean, standard deviation, 95 % Student-t
 * confidence half-width, min, max and the number of runs that had a value. A sweep aggregates its
 * summary.csv in one streaming pass, one point at a time, so memory does not grow with the runs.
 */
import { existsSync } from 'node:fs';
import { formatValue } from '../output/format.js';
import { RunningStats, type SampleSummary } from '../analysis/statistics.js';
import { scanLines } from './sweep-files.js';
import { pointPrecisionMet, type PrecisionRule } from './precision.js';

/** Columns of aggregate.csv per KPI, in order; `ci95_halfwidth` is t₀.₉₇₅,ₙ₋₁ · sd / √n. */
export const AGGREGATE_STATISTICS = ['mean', 'sd', 'ci95_halfwidth', 'min', 'max', 'n'] as const;

/** What a sweep's CSV files hold: the varied parameters and the KPIs, in column order. */
export interface SweepLayout {
  parameters: string[];
  kpis: string[];
  /** Runs per point; with `precision`, the initial runs of each point. */
  replications: number;
  /** Replications to a precision: each point has from `replications` to `precision.max_replications` runs. */
  precision?: PrecisionRule;
  /** Columns of series.csv after point, replication and seed (`<series>@<day>`), when the experiment keeps interval sums. */
  series?: string[];
}

/** `point, replication, seed, <parameters>, <kpis>`. */
export function summaryHeader(layout: SweepLayout): string[] {
  return ['point', 'replication', 'seed', ...layout.parameters, ...layout.kpis];
}

/** `point, <parameters>, replications, failed, [precision_met,] <kpi>.mean, <kpi>.sd, <kpi>.ci95_halfwidth, …`. */
export function aggregateHeader(layout: SweepLayout): string[] {
  return ['point', ...layout.parameters, 'replications', 'failed', ...(layout.precision ? ['precision_met'] : []),
    ...layout.kpis.flatMap((kpi) => AGGREGATE_STATISTICS.map((stat) => `${kpi}.${stat}`))];
}

/**
 * Streaming per-KPI statistics of one design point's replications. Missing values (NaN, undefined:
 * a milestone that never happened, a failed run) are not counted, so each KPI has its own n.
 */
export class PointAggregator {
  private readonly stats: RunningStats[];

  constructor(readonly kpis: readonly string[]) {
    this.stats = kpis.map(() => new RunningStats());
  }

  /** Adds one run's KPI values, in `kpis` order. */
  push(values: ArrayLike<number | undefined>): void {
    for (let k = 0; k < this.stats.length; k++) {
      const value = values[k];
      if (value !== undefined && Number.isFinite(value)) this.stats[k].push(value);
    }
  }

  /** Per KPI its summary, or undefined where no run had a value. */
  summaries(): (SampleSummary | undefined)[] {
    return this.stats.map((s) => (s.n > 0 ? s.summary() : undefined));
  }
}

/**
 * Aggregates replication outputs held in memory (for notebooks): `runs[i][k]` is KPI k of run i.
 * @returns per KPI name its summary, or undefined where no run had a value
 */
export function aggregateRuns(kpis: readonly string[], runs: readonly ArrayLike<number | undefined>[]): Record<string, SampleSummary | undefined> {
  const aggregator = new PointAggregator(kpis);
  for (const run of runs) aggregator.push(run);
  const summaries = aggregator.summaries();
  return Object.fromEntries(kpis.map((kpi, k) => [kpi, summaries[k]]));
}

/** The aggregate.csv cells of one KPI summary (empty where undefined, e.g. sd with one run). */
export function summaryCells(summary: SampleSummary | undefined): string[] {
  if (!summary) return ['', '', '', '', '', '0'];
  return [formatValue(summary.mean), formatValue(summary.sd), formatValue(summary.ciHalfWidth95), formatValue(summary.min), formatValue(summary.max), String(summary.n)];
}

/** Failed runs per point, from failures.csv (first cell of each line; messages are one line). */
export function countFailures(failuresPath: string): Map<number, number> {
  const counts = new Map<number, number>();
  if (!existsSync(failuresPath)) return counts;
  let header = true;
  scanLines(failuresPath, (line) => {
    if (header) { header = false; return; }
    const point = Number(line.slice(0, line.indexOf(',')));
    counts.set(point, (counts.get(point) ?? 0) + 1);
  });
  return counts;
}

/**
 * Streams summary.csv (rows in point order) and emits one aggregate row per point, header first.
 * Points with no row yet (an unfinished sweep) are not emitted.
 * @param emit - receives the header, then each point's cells
 * @returns the number of runs read
 */
export function aggregateSummaryFile(summaryPath: string, failuresPath: string, layout: SweepLayout, emit: (cells: string[]) => void): number {
  const failures = countFailures(failuresPath);
  const parameterCount = layout.parameters.length;
  const firstKpi = 3 + parameterCount;
  const expectedHeader = summaryHeader(layout).join(',');
  let current: { point: number; parameters: string[]; aggregator: PointAggregator; runs: number } | undefined;
  const { precision } = layout;
  const precisionColumns = precision?.kpis.map((kpi) => layout.kpis.indexOf(kpi)) ?? [];
  let runs = 0;
  let header = true;
  const values: number[] = new Array(layout.kpis.length);
  const flush = () => {
    if (!current) return;
    const summaries = current.aggregator.summaries();
    const cells = [String(current.point), ...current.parameters, String(precision ? current.runs : layout.replications), String(failures.get(current.point) ?? 0)];
    if (precision) cells.push(String(pointPrecisionMet(summaries, precisionColumns, precision.relative)));
    for (const summary of summaries) cells.push(...summaryCells(summary));
    emit(cells);
  };
  emit(aggregateHeader(layout));
  scanLines(summaryPath, (line) => {
    if (header) {
      if (line !== expectedHeader) throw new Error(`${summaryPath}: unexpected header "${line}", expected "${expectedHeader}"`);
      header = false;
      return;
    }
    const cells = line.split(',');
    const point = Number(cells[0]);
    if (current?.point !== point) {
      flush();
      current = { point, parameters: cells.slice(3, firstKpi), aggregator: new PointAggregator(layout.kpis), runs: 0 };
    }
    current.runs++;
    for (let k = 0; k < values.length; k++) values[k] = parseCell(cells[firstKpi + k]);
    current.aggregator.push(values);
    runs++;
  });
  flush();
  return runs;
}

/** A CSV cell as munisim writes numbers: empty → NaN, `inf`/`-inf` → ±Infinity. */
export function parseCell(cell: string | undefined): number {
  if (cell === undefined || cell === '') return Number.NaN;
  if (cell === 'inf') return Number.POSITIVE_INFINITY;
  if (cell === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(cell);
}

/** One row of aggregate.csv, parsed. */
export interface PointAggregate {
  point: number;
  /** Values of the varied parameters, in layout order. */
  parameters: number[];
  replications: number;
  failed: number;
  /** With a precision: whether the point reached it (false: it stopped at the maximum). */
  precisionMet?: boolean;
  /** Per KPI (layout order) its summary, or undefined where no run had a value. */
  kpis: (SampleSummary | undefined)[];
}

/** Parses one aggregate row (as written by {@link aggregateSummaryFile}). */
export function parseAggregateRow(cells: string[], layout: SweepLayout): PointAggregate {
  const p = layout.parameters.length;
  const stats = AGGREGATE_STATISTICS.length;
  const first = aggregateFirstKpi(layout);
  const kpis = layout.kpis.map((_, k) => {
    const at = first + k * stats;
    const n = Number(cells[at + 5]);
    if (!(n > 0)) return undefined;
    return { mean: parseCell(cells[at]), sd: parseCell(cells[at + 1]), ciHalfWidth95: parseCell(cells[at + 2]), min: parseCell(cells[at + 3]), max: parseCell(cells[at + 4]), n };
  });
  return {
    point: Number(cells[0]), parameters: cells.slice(1, 1 + p).map(parseCell), replications: Number(cells[1 + p]), failed: Number(cells[2 + p]),
    ...(layout.precision ? { precisionMet: cells[3 + p] === 'true' } : {}), kpis,
  };
}

/** The column of aggregate.csv where the first KPI's statistics start. */
export function aggregateFirstKpi(layout: SweepLayout): number {
  return 3 + layout.parameters.length + (layout.precision ? 1 : 0);
}

/**
 * The per-point aggregates of a sweep folder's files: read from `aggregate` when given and present,
 * otherwise computed from the runs in summary.csv so far (then `runs` says how many).
 * @throws Error if the aggregate's header does not match `layout`
 */
export function readAggregates(files: { aggregate?: string; summary: string; failures: string }, layout: SweepLayout): { rows: PointAggregate[]; runs?: number } {
  const rows: PointAggregate[] = [];
  const header = aggregateHeader(layout).join(',');
  const aggregatePath = files.aggregate;
  if (aggregatePath !== undefined && existsSync(aggregatePath)) {
    let first = true;
    scanLines(aggregatePath, (line) => {
      if (first) {
        if (line !== header) throw new Error(`${aggregatePath}: unexpected header; expected "${header.slice(0, 80)}…"`);
        first = false;
        return;
      }
      rows.push(parseAggregateRow(line.split(','), layout));
    });
    return { rows };
  }
  let first = true;
  const runs = aggregateSummaryFile(files.summary, files.failures, layout, (cells) => {
    if (first) { first = false; return; }
    rows.push(parseAggregateRow(cells, layout));
  });
  return { rows, runs };
}
