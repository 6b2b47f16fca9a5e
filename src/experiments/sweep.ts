/**
 * A sweep: every point of a design (grid, lhs, sobol) run R times with common random numbers — the
 * experiment pipeline (experiment.ts) with nothing added. Its modules: the identity that decides
 * resuming (experiment-identity.ts), the resume rule (experiment-resume.ts), the dispatch loop
 * (dispatch.ts), the files and their one writer (experiment-files.ts), reading back (read-experiment.ts).
 */
import type { Design } from './design-spec.js';
import { experimentIdentity, type SweepIdentity } from './experiment-identity.js';
import { writeRunsLong } from './experiment-files.js';
import { runExperiment, type ExperimentOptions, type ExperimentProgress, type ExperimentResult, type ExperimentStatus } from './experiment.js';

export { SWEEP_MANIFEST_KIND } from './experiment.js';
export { experimentIdentity, identityDifferences, sweepFolderName, type KeepLevel, type SweepIdentity } from './experiment-identity.js';
export { findResumableSweep, readSweep, type SweepReport } from './read-experiment.js';

export interface SweepOptions extends Omit<ExperimentOptions, 'kind' | 'series' | 'design'> {
  design: Design;
  /** Also write runs_long.csv when the sweep is complete: one row per run and KPI (point, replication, parameter values, kpi, value). */
  long?: boolean;
}
export type SweepProgress = ExperimentProgress;
export type SweepStatus = ExperimentStatus;
export type SweepResult = ExperimentResult;

/**
 * Runs (or resumes) a sweep into `options.dir`: design.csv first, then summary.csv and failures.csv
 * row by row in (point, replication) order, aggregate.csv at the end; manifest.json says `running`
 * until the sweep is complete. Works on a model built in memory (`parseModel(text, 'name.yaml')`).
 * @throws UserError as {@link runExperiment}
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const result = await runExperiment(options);
  if (options.long && result.status !== 'interrupted') writeRunsLong(result.dir, result.layout.parameters, result.layout.kpis);
  return result;
}

/** What decides whether a folder holds this sweep (see experimentIdentity). */
export function sweepIdentity(options: SweepOptions): SweepIdentity {
  return experimentIdentity(options);
}
