/**
 * The time series a sweep kept (`--keep timeseries`): runs/<point>-<replication>/timeseries.csv, one per
 * finished run. Read back per design point for envelopes over time; a run without its file (failed, or not
 * finished yet) is left out rather than guessed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../model/errors.js';

/** One design point's kept series: per run (replication order) and column, its values on each date. */
export interface PointSeries {
  point: number;
  dates: string[];
  /** Time-series columns after day and date, e.g. `depot.stock`. */
  columns: string[];
  /** `runs[r][c][d]`: run r's value of column c on date d. */
  runs: number[][][];
}

/** The path of one run's kept time series inside a sweep folder. */
export function keptSeriesPath(dir: string, point: number, replication: number): string {
  return join(dir, 'runs', `${point}-${replication}`, 'timeseries.csv');
}

/** Whether the sweep in `dir` kept any time series (its first run's file exists). */
export function hasKeptSeries(dir: string): boolean {
  return existsSync(keptSeriesPath(dir, 0, 0));
}

/**
 * The kept series of design point `point` over replications 0…replications-1 that have a file.
 * @throws UserError when a file's header or length differs from the point's first run (an edited folder)
 */
export function readPointSeries(dir: string, point: number, replications: number): PointSeries {
  const result: PointSeries = { point, dates: [], columns: [], runs: [] };
  for (let r = 0; r < replications; r++) {
    const path = keptSeriesPath(dir, point, r);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.length > 0);
    const header = lines[0]?.split(',') ?? [];
    const columns = header.slice(2);
    if (result.runs.length === 0) {
      result.columns = columns;
      result.dates = lines.slice(1).map((line) => line.split(',')[1]);
    } else if (columns.join(',') !== result.columns.join(',') || lines.length - 1 !== result.dates.length) {
      throw new UserError({ file: path, path: 'timeseries.csv', message: `has ${columns.length} columns and ${lines.length - 1} rows; run ${point}-0 has ${result.columns.length} and ${result.dates.length}`, hint: 'was the folder edited, or written by another munisim version?' });
    }
    const values = columns.map(() => new Array<number>(lines.length - 1));
    lines.slice(1).forEach((line, d) => {
      const cells = line.split(',');
      for (let c = 0; c < columns.length; c++) values[c][d] = cells[c + 2] === '' ? NaN : Number(cells[c + 2]);
    });
    result.runs.push(values);
  }
  return result;
}
