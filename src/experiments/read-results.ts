/**
 * Result folders read back as named records, for notebooks and scripts: each design point with its
 * parameter values and KPI summaries by name (`point.parameters.nk_output`, `point.kpis.fill_rate.mean`),
 * not by column position; runs, single runs and studies also as tidy long tables (one value per row).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SampleSummary } from '../analysis/statistics.js';
import { UserError } from '../model/errors.js';
import { parseCell } from './aggregate.js';
import { SWEEP_FILES } from './sweep-files.js';
import { readSweep as readSweepFolder, type SweepReport } from './sweep.js';

/** One design point of a sweep, by name. */
export interface SweepPoint {
  /** 0-based index of the point in design.csv. */
  point: number;
  /** The varied parameters' values at this point: `{ nk_output: 8000 }`. */
  parameters: Record<string, number>;
  /** Replications asked for and how many of them failed. */
  replications: number;
  failed: number;
  /** Per KPI (summary.csv column), the replications' summary; undefined where no run gave a value. */
  kpis: Record<string, SampleSummary | undefined>;
}

/** A sweep folder, read back. */
export interface SweepRecords {
  dir: string;
  /** `complete`, or how it stopped (`interrupted`, `running`, …); figures then cover the finished runs. */
  status: string;
  modelName: string;
  /** The varied parameters and the KPIs, in column order. */
  parameters: string[];
  kpis: string[];
  replications: number;
  /** Runs in the design, runs written so far, and runs that failed. */
  total: number;
  done: number;
  failed: number;
  points: SweepPoint[];
}

/** The records of a positional sweep report (the shape `munisim summarize` prints from). */
export function sweepRecords(report: SweepReport): SweepRecords {
  const { layout } = report;
  const points = report.rows.map((row): SweepPoint => ({
    point: row.point,
    parameters: Object.fromEntries(layout.parameters.map((name, j) => [name, row.parameters[j]])),
    replications: row.replications,
    failed: row.failed,
    kpis: Object.fromEntries(layout.kpis.map((name, k) => [name, row.kpis[k]])),
  }));
  return {
    dir: report.dir, status: report.status, modelName: report.modelName, parameters: [...layout.parameters], kpis: [...layout.kpis],
    replications: report.replications, total: report.total, done: report.done, failed: report.failed, points,
  };
}

/**
 * Reads a sweep folder (complete or not) as named records.
 * @throws UserError if `dir` is not a sweep folder, or its files disagree with its manifest
 */
export async function readSweep(dir: string): Promise<SweepRecords> {
  return sweepRecords(await readSweepFolder(dir));
}

/** One row of a tidy long table: identifying columns (point, replication, parameter values, names), then `value`. */
export type TidyRow = Record<string, number | string>;

/**
 * A munisim CSV as records keyed by its header, numbers parsed (`inf` → Infinity, empty → NaN) and other
 * cells kept as text. Only for the files munisim writes: no quoted commas.
 */
export function readCsvRecords(path: string): TidyRow[] {
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  const header = (lines.shift() ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(header.map((name, i) => {
      const cell = cells[i] ?? '';
      const value = parseCell(cell);
      return [name, cell !== '' && Number.isNaN(value) ? cell : value];
    }));
  });
}

/** One run of a sweep, by name. */
export interface SweepRun {
  point: number;
  replication: number;
  seed: number;
  parameters: Record<string, number>;
  /** Per KPI its value; NaN where the run had none (a milestone never reached). */
  kpis: Record<string, number>;
}

/**
 * Every run of a sweep (or study) folder as named records, and as a tidy long table with one row per run
 * and KPI: `{ point, replication, <parameter>: value, …, kpi, value }` (what runs_long.csv holds, see writeRunsLong).
 * @throws UserError as {@link readSweep}
 */
export async function readSweepRuns(dir: string): Promise<{ parameters: string[]; kpis: string[]; runs: SweepRun[]; long: TidyRow[] }> {
  const { parameters, kpis } = await readSweep(dir);
  const runs = readCsvRecords(join(dir, SWEEP_FILES.summary)).map((row): SweepRun => ({
    point: Number(row.point), replication: Number(row.replication), seed: Number(row.seed),
    parameters: Object.fromEntries(parameters.map((p) => [p, Number(row[p])])),
    kpis: Object.fromEntries(kpis.map((k) => [k, Number(row[k])])),
  }));
  const long = runs.flatMap((run) => kpis.map((kpi): TidyRow => ({ point: run.point, replication: run.replication, ...run.parameters, kpi, value: run.kpis[kpi] })));
  return { parameters, kpis, runs, long };
}

/** A single run's folder (`munisim run`, or a sweep's kept run), by name. */
export interface RunRecords {
  dir: string;
  /** summary.csv: each KPI by name (NaN where the run had none). */
  summary: Record<string, number>;
  /** timeseries.csv as one record per row (`day`, `date`, then each column by name). */
  rows: TidyRow[];
  /** The same, tidy: one row per day and column, `{ day, date, column, value }`. */
  long: TidyRow[];
}

/**
 * Reads a run folder (timeseries.csv in the wide layout, summary.csv).
 * @throws UserError when the folder has no summary.csv
 */
export function readRun(dir: string): RunRecords {
  const summaryPath = join(dir, 'summary.csv');
  if (!existsSync(summaryPath)) throw new UserError({ path: dir, message: 'is not a run folder (no summary.csv)', hint: 'pass the folder `munisim run` printed' });
  const [first] = readCsvRecords(summaryPath);
  const summary = Object.fromEntries(Object.entries(first ?? {}).map(([k, v]) => [k, Number(v)]));
  const seriesPath = join(dir, 'timeseries.csv');
  const rows = existsSync(seriesPath) ? readCsvRecords(seriesPath) : [];
  const long = rows.flatMap((row) => Object.entries(row).filter(([k]) => k !== 'day' && k !== 'date').map(([column, value]): TidyRow => ({ day: row.day, date: row.date, column, value })));
  return { dir, summary, rows, long };
}

/** A sensitivity study's folder, by name. */
export interface StudyRecords {
  dir: string;
  method: string;
  /** indices.csv, one record per output and parameter (`{ output, parameter, mu_star, … }`). */
  indices: TidyRow[];
  /** The same, tidy: `{ output, parameter, index, value }` for every index column. */
  long: TidyRow[];
  /** indices_series.csv (a study with series), as records; empty without. */
  series: TidyRow[];
  /** The study's runs, as a sweep. */
  runs: SweepRecords;
}

/**
 * Reads a sensitivity study folder: its indices by name and tidy, and its runs.
 * @throws UserError when the folder holds no finished study (no indices.csv)
 */
export async function readStudy(dir: string): Promise<StudyRecords> {
  const indicesPath = join(dir, 'indices.csv');
  if (!existsSync(indicesPath)) throw new UserError({ path: dir, message: 'is not a finished sensitivity study (no indices.csv)', hint: 'pass the folder `munisim sensitivity` printed' });
  const manifest = JSON.parse(readFileSync(join(dir, SWEEP_FILES.manifest), 'utf8')) as { method?: string };
  const indices = readCsvRecords(indicesPath);
  const long = indices.flatMap((row) => Object.entries(row).filter(([, v]) => typeof v === 'number').map(([index, value]): TidyRow => ({ output: row.output, parameter: row.parameter, index, value })));
  const seriesPath = join(dir, 'indices_series.csv');
  return { dir, method: String(manifest.method ?? ''), indices, long, series: existsSync(seriesPath) ? readCsvRecords(seriesPath) : [], runs: await readSweep(dir) };
}
