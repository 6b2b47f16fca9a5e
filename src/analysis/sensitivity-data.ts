/**
 * What a sensitivity report is built from: the question asked (model, method, parameters with ranges,
 * outputs, sample size) and the indices that came back. Plain data, as the analysis step produces it.
 */
import type { SobolIndices } from './sobol-indices.js';

/** The sensitivity methods a report can present. */
export type SensitivityMethod = 'oat' | 'morris' | 'sobol';

/** An uncertain parameter and the range it was varied over. */
export interface ReportParameter {
  name: string;
  min: number;
  max: number;
  /** Base-case value (the value held when other parameters move, in one-at-a-time analysis). */
  value: number;
  unit?: string;
  /** Where the range comes from (a document, an expert, a data set). */
  source?: string;
}

/** One-at-a-time result: `output` with `parameter` at its min (`low`), its max (`high`), and at base (`base`). */
export interface OatResult {
  output: string;
  parameter: string;
  low: number;
  high: number;
  base: number;
}

/** Morris elementary-effects statistics of one parameter on one output (Campolongo et al. 2007). */
export interface MorrisResult {
  output: string;
  parameter: string;
  muStar: number;
  mu: number;
  sigma: number;
  /** Half-width of the bootstrap confidence interval of μ*, when known. */
  muStarConf?: number;
}

/** Sobol first-order (S1) and total (ST) indices of one parameter on one output, with confidence bounds. */
export interface SobolResult extends SobolIndices {
  output: string;
}

/** One value of a time-resolved index: `index` (e.g. `ST`) of `parameter` for `metric` on `date` (`YYYY-MM-DD`). */
export interface SeriesIndexPoint {
  metric: string;
  date: string;
  parameter: string;
  index: string;
  value: number;
}

/** Percentiles across runs of one series on one date (`YYYY-MM-DD`). */
export interface FanPoint {
  date: string;
  series: string;
  p05: number;
  p50: number;
  p95: number;
}

/** Everything a sensitivity report shows. */
export interface SensitivityReportData {
  modelName: string;
  modelPath: string;
  method: SensitivityMethod;
  /** How the results were produced, e.g. the command line. */
  createdWith: string;
  parameters: ReportParameter[];
  /** Scalar KPI names, e.g. `shortfall_total`. */
  outputs: string[];
  sampleSize: number;
  replications: number;
  /** Per output: the share (0–1) of its variance that is replication noise. */
  noiseShare?: Record<string, number>;
  warnings: string[];
  oat?: OatResult[];
  morris?: MorrisResult[];
  sobol?: SobolResult[];
  series?: SeriesIndexPoint[];
  fan?: FanPoint[];
  /** Axis label of the fan chart, with units (e.g. `Rounds per day`); default `Value`. */
  fanLabel?: string;
}
