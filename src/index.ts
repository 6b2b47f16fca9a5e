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
export { readSweep, type SweepRecords, type SweepPoint } from './experiments/read-results.js';
export { InlineEvaluator } from './experiments/evaluators/inline.js';
export { WorkerPoolEvaluator, type WorkerPoolOptions } from './experiments/evaluators/worker-pool.js';
export type { Evaluator, RunTask, RunOutcome, RunFailure, TaskResult, SeriesRequest } from './experiments/evaluators/evaluator.js';
export type { RedisQueueEvaluator, RedisQueueOptions } from './experiments/evaluators/redis-queue.js';
export { runSensitivity, type SensitivityOptions, type SensitivityResult, type InterruptedStudy } from './experiments/sensitivity-study.js';

// Analysis: statistics and sensitivity methods (arrays in, arrays out).
export {
  mean, variance, quantileSorted, normalQuantile, studentTQuantile, ciHalfWidth95, summarizeSample, RunningStats, type SampleSummary,
} from './analysis/statistics.js';
/** Samplers and analysers that never run a model: `analysis.sampleMorris`, `analysis.analyzeSobol`, … */
export * as analysis from './analysis/index.js';
export type { SensitivityMethod, SensitivityReportData } from './analysis/sensitivity-data.js';

// Charts (Vega-Lite specifications) and numbers for people.
export {
  fanChart, tornadoChart, morrisChart, sobolChart, indicesOverTimeChart, runChart, PALETTE,
  type FanRow, type TornadoRow, type MorrisChartRow, type SobolChartRow, type IndexOverTimeRow, type DatedValue,
} from './report/charts.js';
export {
  formatNumber, formatCompact, formatCount, formatIndex, formatIndexInterval, formatPercent, formatPercentRange, formatSignificant, joinWords,
} from './base/format.js';
export { escapeHtml, escapeMarkdown } from './report/escape.js';

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
