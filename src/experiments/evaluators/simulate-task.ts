/**
 * The replications of one task on an already resolved scenario: run, pick the KPIs, optionally
 * write the time series. Imports only the engine and the CSV writer — not the model loader or the
 * expression compiler — so pool workers that run it stay small and start fast.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { simulate } from '../../assembly/simulate.js';
import { UserError, formatIssue } from '../../model/errors.js';
import type { Scenario } from '../../model/scenario.js';
import { targetColumn } from '../../model/targets.js';
import { streamSeriesCsv, type SeriesCsv } from '../../output/csv.js';
import { aggregateInterval, intervalStarts, type Recorder, type RecorderOptions } from '../../output/recorder.js';
import type { RunFailure, RunOutcome, RunTask, SeriesRequest, TaskResult } from './evaluator.js';

/** Runs every replication of `task` on `scenario` (or records each as failed with `scenario`'s failure). */
export async function runReplications(task: RunTask, scenario: Scenario | RunFailure, started = performance.now()): Promise<TaskResult> {
  const outcomes: RunOutcome[] = [];
  // Time series cost time and memory; record them only when this task hands some back, keep only the
  // days of the columns it sums, and write a kept series as the days close. The same for every replication.
  const record = task.series !== undefined || task.seriesSums !== undefined;
  const summed = new Set(task.seriesSums?.series.flatMap((request) => request.columns) ?? []);
  const keep = (column: { name: string }) => summed.has(column.name);
  for (let i = 0; i < task.count; i++) {
    const replication = task.firstReplication + i;
    const seed = task.baseSeed + replication;
    if ('kind' in scenario) { outcomes.push({ replication, seed, failure: scenario }); continue; }
    try {
      const run = (series: RecorderOptions) => simulate(scenario, seed, { record, series });
      const result = task.series
        ? writeSeries(task.series.dir, task.point, replication, scenario.dates, task.series.every, (sink) => run({ sinks: [sink], keep }))
        : run({ keep });
      const { summary } = result;
      const measured = targetValues(scenario, result.targets);
      const values = task.kpis.map((key) => summary[key] ?? measured?.get(key) ?? Number.NaN);
      const series = task.seriesSums && sumSeries(result.recorder, task.seriesSums.every, task.seriesSums.series);
      outcomes.push(series ? { replication, seed, values, series } : { replication, seed, values });
    } catch (error) {
      outcomes.push({ replication, seed, failure: toFailure(error) });
    }
  }
  return { point: task.point, firstReplication: task.firstReplication, outcomes, elapsedMs: performance.now() - started };
}

/** Per request, the sum of its columns over each interval of `every` days (flows summed, levels at the end). */
function sumSeries(recorder: Recorder, every: number, requests: SeriesRequest[]): number[][] {
  const starts = intervalStarts(recorder.days, every);
  return requests.map(({ columns }) => {
    const sums = new Array<number>(starts.length).fill(0);
    for (const name of columns) {
      const index = recorder.columns.findIndex((c) => c.name === name);
      if (index < 0) throw new RangeError(`no time-series column "${name}"`);
      const { kind } = recorder.columns[index];
      starts.forEach((start, j) => { sums[j] += aggregateInterval(recorder.values[index], kind, start, every); });
    }
    return sums;
  });
}

/**
 * `runs/<point>-<replication>/timeseries.csv` (wide), streamed by `run` into `.tmp/` as the days close and
 * renamed into place when the run is done; a run that fails leaves no file.
 */
function writeSeries<T>(dir: string, point: number, replication: number, dates: readonly string[], every: number, run: (sink: SeriesCsv) => T): T {
  const runDir = join(dir, 'runs', `${point}-${replication}`);
  const tmpDir = join(dir, '.tmp');
  mkdirSync(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `timeseries-${point}-${replication}-${process.pid}-${threadId}.csv`);
  const result = streamSeriesCsv(tmp, dates, every, 'wide', run);
  mkdirSync(runDir, { recursive: true });
  renameSync(tmp, join(runDir, 'timeseries.csv'));
  return result;
}

/** A run's error as one line of data for failures.csv. */
export function toFailure(error: unknown): RunFailure {
  if (error instanceof UserError) return { kind: 'user', message: oneLine(error.issues.map(formatIssue).join('; ')) };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'internal', message: oneLine(message) };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, '; ');
}

/** A run's target values under their KPI names (`target.<id>`), as experiments' summary.csv has them. */
function targetValues(scenario: Scenario, values: number[] | undefined): Map<string, number> | undefined {
  if (!values) return undefined;
  return new Map((scenario.model.targets ?? []).map((t, i) => [targetColumn(t.id), values[i]]));
}
