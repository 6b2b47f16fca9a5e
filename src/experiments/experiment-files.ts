/**
 * The one writer of an experiment's files: design.csv (the rows), then per run, in run order, a row
 * of summary.csv, a row of failures.csv if it failed, and a row of series.csv if the experiment
 * keeps interval sums; aggregate.csv at the end. A summary row is written last, so one on disk
 * means its run is fully recorded.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { replaceFileSync, writeFileAtomic } from '../base/atomic-write.js';
import { csvLine } from '../output/csv.js';
import { formatValue } from '../output/format.js';
import { intervalStarts } from '../output/recorder.js';
import { aggregateSummaryFile, summaryHeader, type SweepLayout } from './aggregate.js';
import type { ExperimentDesign } from './experiment-identity.js';
import type { TaskResult } from './evaluators/evaluator.js';
import { LineAppender, SWEEP_FILES, scanLines } from './sweep-files.js';

/** `point, replication, seed, <parameters>, kind, error`. */
export function failuresHeader(parameters: string[]): string[] {
  return ['point', 'replication', 'seed', ...parameters, 'kind', 'error'];
}

/** `point, replication, seed, <series>@<first day of each interval>…`. */
export function seriesHeader(layout: SweepLayout): string[] {
  return ['point', 'replication', 'seed', ...(layout.series ?? [])];
}

/** The columns of series.csv after the run's cells: `<name>@<day>` for each series and interval of `every` days. */
export function seriesColumns(names: string[], days: number, every: number): string[] {
  const starts = intervalStarts(days, every);
  return names.flatMap((name) => starts.map((day) => `${name}@${day}`));
}

export function writeDesign(path: string, design: ExperimentDesign): void {
  const lines = [csvLine(['point', ...design.parameters])];
  design.points.forEach((point, i) => lines.push(`${i}${point.length ? ',' : ''}${point.map(formatValue).join(',')}\n`));
  writeFileAtomic(path, lines.join(''));
}

/** Writes the headers of a new experiment's run files. */
export function startRunFiles(dir: string, layout: SweepLayout): void {
  writeFileAtomic(join(dir, SWEEP_FILES.summary), csvLine(summaryHeader(layout)));
  writeFileAtomic(join(dir, SWEEP_FILES.failures), csvLine(failuresHeader(layout.parameters)));
  if (layout.series) writeFileAtomic(join(dir, SWEEP_FILES.series), csvLine(seriesHeader(layout)));
}

/** Appends each result's runs to the files, in the order they are given (the dispatcher's run order). */
export class RunWriter {
  failed = 0;
  failedInternal = 0;
  private readonly summary: LineAppender;
  private readonly failures: LineAppender;
  private readonly series?: LineAppender;
  private readonly pointCells = new Map<number, string>();

  constructor(dir: string, private readonly design: ExperimentDesign, private readonly layout: SweepLayout, counts: { failed: number; failedInternal: number }) {
    this.failed = counts.failed;
    this.failedInternal = counts.failedInternal;
    this.summary = new LineAppender(join(dir, SWEEP_FILES.summary));
    this.failures = new LineAppender(join(dir, SWEEP_FILES.failures));
    if (layout.series) this.series = new LineAppender(join(dir, SWEEP_FILES.series));
  }

  write(result: TaskResult): void {
    const { layout } = this;
    let failures = '';
    let series = '';
    let rows = '';
    const width = layout.series?.length ?? 0;
    for (const outcome of result.outcomes) {
      const run = `${result.point},${outcome.replication},${outcome.seed}`;
      const prefix = this.layout.parameters.length ? `${run},${this.cellsOf(result.point)}` : run;
      if (outcome.failure) {
        this.failed++;
        if (outcome.failure.kind === 'internal') this.failedInternal++;
        failures += csvLine([...prefix.split(','), outcome.failure.kind, outcome.failure.message]);
        rows += `${prefix}${','.repeat(layout.kpis.length)}\n`;
        if (this.series) series += `${run}${','.repeat(width)}\n`;
      } else {
        rows += `${prefix},${outcome.values!.map(formatValue).join(',')}\n`;
        if (this.series) series += `${run}${width ? ',' : ''}${outcome.series!.flat().map(formatValue).join(',')}\n`;
      }
    }
    this.failures.append(failures);
    this.series?.append(series);
    this.summary.append(rows);
  }

  /** Flushes to disk and closes the files. */
  close(): void {
    this.summary.close();
    this.failures.close();
    this.series?.close();
  }

  private cellsOf(point: number): string {
    let cells = this.pointCells.get(point);
    if (cells === undefined) {
      cells = this.design.points[point].map(formatValue).join(',');
      if (this.pointCells.size > 64) this.pointCells.clear();
      this.pointCells.set(point, cells);
    }
    return cells;
  }
}

/** Writes aggregate.csv from summary.csv and failures.csv, atomically. */
export function writeAggregate(dir: string, layout: SweepLayout): void {
  replaceFileSync(join(dir, SWEEP_FILES.aggregate), (tmp) => {
    rmSync(tmp, { force: true }); // a killed writer's of the same PID: it is appended to
    const out = new LineAppender(tmp);
    let batch = '';
    try {
      aggregateSummaryFile(join(dir, SWEEP_FILES.summary), join(dir, SWEEP_FILES.failures), layout, (cells) => {
        batch += `${cells.join(',')}\n`;
        if (batch.length > 1 << 16) { out.append(batch); batch = ''; }
      });
      out.append(batch);
    } finally {
      out.close();
    }
  });
}

/** The columns of runs_long.csv before the parameters' and after them. */
export const RUNS_LONG_COLUMNS = { first: ['point', 'replication'], last: ['kpi', 'value'] } as const;

/**
 * Writes runs_long.csv beside summary.csv: one row per run and KPI (point, replication, the parameter values,
 * kpi, value), streamed, so a large sweep is never held in memory. Empty values (no milestone) stay empty.
 */
export function writeRunsLong(dir: string, parameters: readonly string[], kpis: readonly string[]): void {
  const out: string[] = [csvLine([...RUNS_LONG_COLUMNS.first, ...parameters, ...RUNS_LONG_COLUMNS.last])];
  let header = true;
  scanLines(join(dir, SWEEP_FILES.summary), (line) => {
    if (header) { header = false; return; }
    const cells = line.split(',');
    const ids = [cells[0], cells[1], ...cells.slice(3, 3 + parameters.length)].join(',');
    kpis.forEach((kpi, k) => out.push(`${ids},${kpi},${cells[3 + parameters.length + k] ?? ''}\n`));
  });
  writeFileAtomic(join(dir, 'runs_long.csv'), out.join(''));
}
