/** The files of a single run: timeseries.csv, summary.csv, targets.csv (a model with targets) and manifest.json, written atomically. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResult } from '../assembly/simulate.js';
import type { Warning } from '../model/warnings.js';
import { seriesRows, summaryRows, writeCsv, type SeriesFormat } from '../output/csv.js';
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

export async function writeRun(dir: string, result: RunResult, options: WriteRunOptions): Promise<void> {
  const { scenario, seed, recorder, summary } = result;
  await writeOutputDir(dir, options.replace, async (tmp) => {
    await writeCsv(join(tmp, 'timeseries.csv'), seriesRows(recorder, scenario.dates, options.every, options.format));
    await writeCsv(join(tmp, 'summary.csv'), summaryRows(summary));
    if (result.targets) await writeCsv(join(tmp, 'targets.csv'), targetRows(scenario.model, result.targets));
    if (options.chart) {
      // The chart libraries load only when a chart is asked for.
      const { drawRunChart } = await import('./run-chart.js');
      const { svg, png } = await drawRunChart(result, options.every);
      await writeFile(join(tmp, 'chart.svg'), svg);
      await writeFile(join(tmp, 'chart.png'), png);
    }
    await writeManifest(join(tmp, 'manifest.json'), {
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
}
