/**
 * The files of a single run: timeseries.csv, summary.csv, targets.csv (a model with targets) and
 * manifest.json, written atomically (the folder appears whole). {@link simulateAndWrite} streams
 * timeseries.csv into the folder's temporary as the days close, so memory does not grow with the horizon.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simulate, type RunResult } from '../assembly/simulate.js';
import type { Scenario } from '../model/scenario.js';
import type { Warning } from '../model/warnings.js';
import { streamSeriesCsv, summaryRows, writeCsv, writeSeriesCsv, type SeriesFormat } from '../output/csv.js';
import { manifestModel, versions, writeManifest } from '../output/manifest.js';
import { writeOutputDir } from '../output/output-dir.js';
import { targetRows } from '../output/target-rows.js';

export interface WriteRunOptions {
  every: number;
  format: SeriesFormat;
  replace: boolean;
  startedAt: Date;
  command?: string[];
  /** Also draw chart.svg and chart.png: production, demand and consumption, and stock levels. */
  chart?: boolean;
  /** What was legal but suspicious about this run, recorded in manifest.json. */
  warnings?: Warning[];
}

/** Writes the files of a run already simulated (with every column kept). */
export async function writeRun(dir: string, result: RunResult, options: WriteRunOptions): Promise<void> {
  await writeRunFiles(dir, options, async (tmp) => {
    writeSeriesCsv(join(tmp, 'timeseries.csv'), result.recorder, result.scenario.dates, options.every, options.format);
    return result;
  });
}

/**
 * Runs `scenario` with `seed` and writes its files, timeseries.csv row by row as the days close: the
 * run keeps no day-by-day series, except the columns the chart reads when one is drawn.
 * @returns the run (its recorder holds only the charted columns' days, or none)
 */
export async function simulateAndWrite(dir: string, scenario: Scenario, seed: number, options: WriteRunOptions): Promise<RunResult> {
  // The chart libraries load only when a chart is asked for.
  const chart = options.chart ? await import('./run-chart.js') : undefined;
  return writeRunFiles(dir, options, async (tmp) => streamSeriesCsv(join(tmp, 'timeseries.csv'), scenario.dates, options.every, options.format,
    (csv) => simulate(scenario, seed, { series: { sinks: [csv], keep: chart ? chart.chartColumns() : false } })));
}

/** The folder of a run: `series(tmp)` writes timeseries.csv (and gives the run), then the other files follow. */
async function writeRunFiles(dir: string, options: WriteRunOptions, series: (tmp: string) => Promise<RunResult>): Promise<RunResult> {
  let run: RunResult | undefined;
  await writeOutputDir(dir, options.replace, async (tmp) => {
    const result = await series(tmp);
    run = result;
    const { scenario, seed, summary } = result;
    writeCsv(join(tmp, 'summary.csv'), summaryRows(summary));
    if (result.targets) writeCsv(join(tmp, 'targets.csv'), targetRows(scenario.model, result.targets));
    if (options.chart) {
      const { drawRunChart } = await import('./run-chart.js');
      const { svg, png } = await drawRunChart(result, options.every);
      await writeFile(join(tmp, 'chart.svg'), svg);
      await writeFile(join(tmp, 'chart.png'), png);
    }
    writeManifest(join(tmp, 'manifest.json'), {
      model: manifestModel(scenario.model),
      seed,
      start: scenario.model.start,
      days: scenario.days,
      parameters: scenario.parameters,
      every: options.every,
      format: options.format,
      balance: result.balance,
      warnings: options.warnings ?? [],
      ...versions(),
      command: options.command,
      started_at: options.startedAt.toISOString(),
      finished_at: new Date().toISOString(),
    });
  });
  return run!;
}
