/**
 * munisim's public API: what notebooks and scripts use, and the CLI calls too. Load (or parse an
 * edited) model, fix its parameters (a scenario), simulate with a seed, read the records; run sweeps
 * and sensitivity studies; read result folders back by name; draw and format. Redis and chart
 * rendering load only when first used, so importing this module stays fast.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SensitivityReportData } from './analysis/sensitivity-data.js';
import type { RedisQueueEvaluator, RedisQueueOptions } from './experiments/evaluators/redis-queue.js';
import type { PngOptions, RenderOptions } from './report/render.js';
import type { SensitivityReport } from './report/sensitivity-report.js';

// Models and scenarios.
/** Loads and validates a model file (YAML or JSON). @throws UserError naming file, line and field. */
export { loadModel, parseModel } from './assembly/load-model.js';
export { parseAssignments } from './model/assignments.js';
export { resolveScenario, type Scenario, type ScenarioOptions } from './model/scenario.js';
export type { Model, Parameter } from './model/model.js';
export { modelWarnings, type Warning } from './model/warnings.js';
export { UserError, InternalError, formatUserError, formatIssue, type Issue } from './model/errors.js';

// Runs and their records.
export { simulate, type RunResult } from './assembly/simulate.js';
export type { Recorder, Column } from './output/recorder.js';
export { seriesRows, summaryRows, writeCsv, type SeriesFormat } from './output/csv.js';
export { writeRun, type WriteRunOptions } from './report/write-run.js';

// Experiments: designs, evaluators, sweeps and sensitivity studies.
export { gridDesign, linspace, sampleLhs, sobolSequence } from './sample/index.js';
export { planDesign, pointParameters, DESIGN_KINDS, type Design, type DesignKind, type DesignRequest, type Factor } from './experiments/design-spec.js';
export { runSweep, type SweepOptions, type SweepProgress, type SweepResult, type SweepStatus, type KeepLevel } from './experiments/sweep.js';
export {
  readSweep, readSweepRuns, readRun, readStudy, readCsvRecords,
  type SweepRecords, type SweepPoint, type SweepRun, type RunRecords, type StudyRecords, type TidyRow,
} from './experiments/read-results.js';
export { InlineEvaluator } from './experiments/evaluators/inline.js';
export { WorkerPoolEvaluator, type WorkerPoolOptions } from './experiments/evaluators/worker-pool.js';
export type { Evaluator, RunTask, RunOutcome, RunFailure, TaskResult, SeriesRequest } from './experiments/evaluators/evaluator.js';
export type { RedisQueueEvaluator, RedisQueueOptions } from './experiments/evaluators/redis-queue.js';
export { runSensitivity, type SensitivityOptions, type SensitivityResult, type InterruptedStudy } from './experiments/sensitivity-study.js';
export {
  runComparison, readComparison, comparisonRows, COMPARISON_COLUMNS,
  type ComparisonOptions, type ComparisonRecords, type ComparisonScenario, type ScenarioKpi, type SeriesEnvelope,
} from './experiments/comparison.js';
export { parseScenarioText, readScenarioFile, type ScenarioText } from './experiments/comparison-scenarios.js';
export {
  readDiscoveryData, discoverBoxes, type DiscoveryOptions, type DiscoveryData, type DiscoveryResult, type DiscoveredBox,
} from './experiments/discovery.js';
export { runCalibration, intervalEndDate, type CalibrationOptions, type CalibrationResult, type InterruptedCalibration, type Wave } from './experiments/calibration.js';
export { targetFanChart, histogramChart } from './report/calibration-charts.js';

// Analysis: statistics and sensitivity methods (arrays in, arrays out).
export {
  mean, variance, quantileSorted, normalQuantile, studentTQuantile, ciHalfWidth95, summarizeSample, RunningStats, type SampleSummary,
} from './analysis/statistics.js';
export { pairedDifference, welchHalfWidth, verdictOf, type PairedDifference, type Verdict } from './analysis/comparison.js';
/** Samplers and analysers that never run a model: `analysis.sampleMorris`, `analysis.analyzeSobol`, … */
export * as analysis from './analysis/index.js';
export type { SensitivityMethod, SensitivityReportData } from './analysis/sensitivity-data.js';

// Charts (Vega-Lite specifications) and numbers for people.
export {
  fanChart, tornadoChart, morrisChart, sobolChart, indicesOverTimeChart, runChart, differenceOverTimeChart, seriesStyle, wrappedLegend,
  PALETTE, WIDE_PALETTE, CONFIG as CHART_CONFIG, CHART_WIDTH, SCHEMA as VEGA_LITE_SCHEMA, DATE_AXIS,
  type DifferenceRow, type FanRow, type TornadoRow, type MorrisChartRow, type SobolChartRow, type IndexOverTimeRow, type DatedValue,
} from './report/charts.js';
export {
  formatNumber, formatCompact, formatCount, formatIndex, formatIndexInterval, formatPercent, formatPercentRange, formatSignificant, joinWords,
} from './base/format.js';
export { escapeHtml, escapeMarkdown } from './report/escape.js';
export { comparisonFanChart, comparisonDifferenceChart } from './report/comparison-charts.js';
/** Notebook display: a table or a Vega-Lite chart shown inline in Jupyter (Deno's kernel). */
export { showTable, showChart, type DisplayBundle } from './report/notebook-display.js';

/**
 * Renders a Vega-Lite specification to SVG, with munisim's font metrics (same bytes on every machine).
 * Loads vega on first use.
 */
export async function renderSvg(spec: TopLevelSpec, options?: RenderOptions): Promise<string> {
  const render = await import('./report/render.js');
  return render.renderSvg(spec, options);
}

/** Rasterises an SVG (from {@link renderSvg}) to PNG bytes. Loads resvg on first use. */
export async function svgToPng(svg: string, options?: PngOptions): Promise<Uint8Array> {
  const render = await import('./report/render.js');
  return render.svgToPng(svg, options);
}

/**
 * The HTML and Markdown report of a sensitivity study, with its charts as PNG images.
 * Loads the chart renderer on first use.
 */
export async function buildSensitivityReport(data: SensitivityReportData): Promise<SensitivityReport> {
  const report = await import('./report/sensitivity-report.js');
  return report.buildSensitivityReport(data);
}

/**
 * An evaluator that runs tasks on `munisim worker` processes behind a Redis queue; close it when done.
 * Loads bullmq and ioredis on first use.
 * @throws UserError if the URL is malformed, names a database the server lacks, or Redis does not answer
 */
export async function connectRedisEvaluator(options: RedisQueueOptions): Promise<RedisQueueEvaluator> {
  const { RedisQueueEvaluator: Evaluator } = await import('./experiments/evaluators/redis-queue.js');
  return Evaluator.connect(options);
}

/** Options of {@link compareScenarios}: those of {@link runComparison} without the model and scenarios. */
export interface CompareScenariosOptions extends Partial<Omit<import('./experiments/comparison.js').ComparisonOptions, 'model' | 'scenarios' | 'replications'>> {
  replications: number;
}

/**
 * Runs `scenarios` (name → overrides, as `{ nk_output: 8000 }` or `['nk_output=8000']`; the first is the
 * baseline) with common random numbers and returns the comparison as named records: per scenario and KPI the
 * mean with its 95 % interval, against the baseline the paired difference with its paired and unpaired
 * intervals and a verdict, and the series envelopes. Without `dir` the runs go to a temporary folder that is
 * removed afterwards. Runs inline unless `jobs` says otherwise.
 * @throws UserError as {@link runComparison}; Error when interrupted by `signal`
 */
export async function compareScenarios(
  model: import('./model/model.js').Model,
  scenarios: Record<string, Record<string, number> | string[]>,
  options: CompareScenariosOptions,
): Promise<import('./experiments/comparison.js').ComparisonRecords> {
  const { runComparison: run } = await import('./experiments/comparison.js');
  const { parseAssignments: parse } = await import('./model/assignments.js');
  const list = Object.entries(scenarios).map(([name, overrides]) => ({ name, overrides: Array.isArray(overrides) ? parse(overrides, `scenarios.${name}`) : overrides }));
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'munisim-compare-'));
  try {
    const result = await run({ ...options, jobs: options.jobs ?? 1, model, scenarios: list, dir });
    if ('interrupted' in result) throw new Error(`the comparison was interrupted after ${result.done} of ${result.total} runs; run it again with the same dir to resume`);
    return options.dir ? result : { ...result, dir: '' };
  } finally {
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
