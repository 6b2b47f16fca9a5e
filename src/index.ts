/**
 * munisim's public API: what notebooks and scripts use. The CLI is a thin caller of the same
 * functions. Load a model, fix its parameters (a scenario), simulate with a seed, read the records;
 * or run sweeps and sensitivity studies on top.
 */
export { loadModel, parseModel } from './model/load-model.js';
export { resolveScenario, type Scenario, type ScenarioOptions } from './model/scenario.js';
export type { Model, Parameter } from './model/model.js';
export { UserError, InternalError, formatUserError, type Issue } from './model/errors.js';
export { simulate, type RunResult } from './engine/simulation.js';
export { Recorder, aggregateInterval, intervalStarts, type Column } from './output/recorder.js';
export { seriesRows, summaryRows, writeCsv } from './output/csv.js';
export { writeRun } from './report/write-run.js';
export * from './experiments/index.js';
export { RedisQueueEvaluator } from './experiments/evaluators/redis-queue.js';
export { runSensitivity, type SensitivityOptions, type SensitivityResult, type InterruptedStudy } from './experiments/sensitivity-study.js';
export * as analysis from './analysis/index.js';
export { buildSensitivityReport } from './report/sensitivity-report.js';
export { renderSvg, svgToPng } from './report/render.js';
