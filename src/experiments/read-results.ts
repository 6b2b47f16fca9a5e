/**
 * A result folder read back as named records, for notebooks and scripts: each design point with its
 * parameter values and KPI summaries by name (`point.parameters.nk_output`, `point.kpis.fill_rate.mean`),
 * not by column position.
 */
import type { SampleSummary } from '../analysis/statistics.js';
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
