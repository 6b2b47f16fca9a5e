/**
 * The experiments library: designs over a model's parameters, sweeps that replicate every design
 * point with common random numbers on any evaluator, and the aggregation of replications into
 * confidence intervals. Usable from notebooks without the CLI:
 *
 *   const model = loadModel('models/quickstart.yaml');
 *   const design = planDesign(model, { vary: ['nk_output=3000:9000:4'], kind: 'grid', seed: 1 });
 *   const result = await runSweep({ model, design, replications: 20, dir: 'runs/nk', jobs: 2 });
 *   const { rows } = await readSweep(result.dir); // per point: mean, sd, 95 % half-width, min, max, n
 */
export * from '../sample/index.js';
export {
  planDesign, parseVary, buildDesign, pointParameters, checkFixedParameters, roundDesignValue, DESIGN_KINDS, MAX_DESIGN_POINTS,
  type Design, type DesignKind, type DesignRequest, type Factor,
} from './design-spec.js';
export {
  runSweep, readSweep, findResumableSweep, sweepIdentity, identityDifferences, SWEEP_MANIFEST_KIND,
  type SweepOptions, type SweepProgress, type SweepResult, type SweepStatus, type SweepIdentity, type SweepReport, type KeepLevel,
} from './sweep.js';
export {
  aggregateRuns, aggregateSummaryFile, readAggregates, parseAggregateRow, aggregateHeader, summaryHeader, summaryCells, PointAggregator,
  AGGREGATE_STATISTICS, type SweepLayout, type PointAggregate,
} from './aggregate.js';
export { summarizeSample, RunningStats, type SampleSummary } from '../analysis/statistics.js';
export { SWEEP_FILES } from './sweep-files.js';
export { InlineEvaluator } from './evaluators/inline.js';
export { WorkerPoolEvaluator, type WorkerPoolOptions } from './evaluators/worker-pool.js';
export type { Evaluator, RunTask, RunOutcome, RunFailure, TaskResult, SeriesRequest } from './evaluators/evaluator.js';
