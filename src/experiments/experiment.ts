/**
 * The experiment pipeline: a design (rows of parameter values), each row run R times — replication
 * r with seed base + r at every row (common random numbers) — on an evaluator, written by one writer
 * in run order, so the folder is always a valid prefix: a stopped or killed experiment resumes where
 * it stopped and ends byte-identical to one that never stopped, whatever the evaluator. Sweeps and
 * sensitivity studies are this pipeline; a failed run is recorded in failures.csv and the rest go on.
 * With a precision (precision.ts) a row gets R runs, then more in batches until its KPIs' means are
 * within the precision or it has the maximum: the same seeds, only more of them.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../base/atomic-write.js';
import { makeDirectory } from '../base/make-directory.js';
import { UserError } from '../model/errors.js';
import type { Model } from '../model/model.js';
import { resolveScenario } from '../model/scenario.js';
import { targetColumn } from '../model/targets.js';
import { checkComponentDays } from '../model/limits.js';
import { constantOutputWarnings, type Warning } from '../model/warnings.js';
import { simulate } from '../assembly/simulate.js';
import { manifestModel, versions } from '../output/manifest.js';
import { checkOutputPath, environmentError } from '../output/output-dir.js';
import { readAggregates, type PointAggregate, type SweepLayout } from './aggregate.js';
import { dispatchRuns, type RunSchedule } from './dispatch.js';
import { PrecisionSchedule, checkPrecisionKpis, precisionRule, precisionWarnings, type PrecisionRule } from './precision.js';
import { RunWriter, seriesColumns, startRunFiles, writeAggregate, writeDesign } from './experiment-files.js';
import { experimentIdentity, type ExperimentDesign, type ExperimentIdentity, type IdentityInput } from './experiment-identity.js';
import { checkReplaceable, inspectFolder, kindNoun, resumeRunFiles, type KeptRuns, type PreviousExperiment } from './experiment-resume.js';
import type { Evaluator, RunTask } from './evaluators/evaluator.js';
import { InlineEvaluator } from './evaluators/inline.js';
import { WorkerPoolEvaluator } from './evaluators/worker-pool.js';
import { checkAggregateFile, checkSummaryFile } from './sweep-check.js';
import { SWEEP_FILES, lockFolder } from './sweep-files.js';

/** Manifest kinds of the experiments this pipeline runs. */
export const SWEEP_MANIFEST_KIND = 'munisim-sweep';
export const SENSITIVITY_MANIFEST_KIND = 'munisim-sensitivity';

/** Time series summed per interval of `every` days and kept per run in series.csv, each under a name. */
export interface SeriesSum {
  name: string;
  /** Time-series columns (`<node>.<metric>[.<munition>]`) added together. */
  columns: string[];
}

export interface ExperimentOptions extends IdentityInput {
  /** Manifest kind; default a sweep. A folder is resumed only by an experiment of the same kind. */
  kind?: string;
  /** Interval sums to keep per run in series.csv (what a sensitivity study of series needs). */
  series?: SeriesSum[];
  /** Output folder; created if missing. */
  dir: string;
  /** Worker threads; 1 runs inline on this thread. Default: all cores. Ignored with `evaluator`. */
  jobs?: number;
  /** A custom evaluator (a cluster, a Redis queue); the experiment does not close it. */
  evaluator?: Evaluator;
  /** true: `dir` must hold an unfinished experiment of the same identity. Default: resume one if found. */
  resume?: boolean;
  /**
   * true: discard an experiment of this kind already in `dir` (of any identity) and start again.
   * Only such a folder is replaced, and never one that a running munisim holds locked.
   */
  replace?: boolean;
  /** The command line, recorded in the manifest. */
  command?: string[];
  /** Warnings about the model in this experiment (see modelWarnings), recorded in the manifest. */
  warnings?: Warning[];
  /** Aborting stops dispatching; runs in flight finish and are written (or are given up by the evaluator), then the experiment returns. */
  signal?: AbortSignal;
  onProgress?: (progress: ExperimentProgress) => void;
}

export interface ExperimentProgress {
  /** Runs in all; with a precision, the runs known to be needed so far (it grows as points need more). */
  total: number;
  /** Runs written, including those found already done when resuming. */
  done: number;
  /** Runs done before this session (resumed). */
  resumed: number;
  failed: number;
  /** Milliseconds since this session started. */
  elapsedMs: number;
  /** With a precision: points not yet complete, of `points`. */
  openPoints?: number;
  points?: number;
}

export type ExperimentStatus = 'complete' | 'interrupted' | 'already-complete';

export interface ExperimentResult {
  dir: string;
  status: ExperimentStatus;
  points: number;
  /** Runs in all; with a precision, the runs written when complete, and the most there can be (points × maximum) before. */
  total: number;
  done: number;
  resumed: number;
  /** With a precision: its rule and, when complete, how many points did not reach it (they stopped at the maximum). */
  precision?: { rule: PrecisionRule; notMet?: number; openPoints?: number };
  /** Failed runs over the whole experiment (failures.csv rows), of which `failedInternal` were munisim bugs. */
  failed: number;
  failedInternal: number;
  elapsedMs: number;
  jobs: number;
  layout: SweepLayout;
  /** The manifest's warnings: `options.warnings`, then those the finished runs raise (outputs that never vary). */
  warnings: Warning[];
}

/**
 * Runs (or resumes) an experiment into `options.dir`: design.csv first, then summary.csv,
 * failures.csv (and series.csv) row by row in (point, replication) order, aggregate.csv at the end;
 * manifest.json says `running` until every run is written.
 * @throws UserError if `replications` is not a whole number ≥ 1, the folder holds other files or an
 *   experiment of another identity, or nothing to resume with `resume: true`; errors of the evaluator
 *   itself (not of single runs) stop the experiment and are rethrown
 */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const startedAt = new Date();
  const clock = performance.now();
  const { model, design, dir } = options;
  const kind = options.kind ?? SWEEP_MANIFEST_KIND;
  const replications = options.replications;
  if (!Number.isInteger(replications) || replications < 1) {
    throw new UserError({ path: 'replications', message: `expected a whole number ≥ 1, got ${replications}` });
  }
  const rule = precisionRule(options, replications);
  if (rule && options.series) throw new UserError({ path: 'precision', message: 'replications to a precision are for sweeps; a study keeps interval series for a fixed number of runs per row' });
  checkComponentDays(model, options.days ?? model.days); // before any folder is made: every run would be refused
  const identity = experimentIdentity(options);
  const points = design.points.length;
  const total = points * (rule ? rule.max_replications : replications);
  const jobs = options.evaluator ? 1 : Math.max(1, Math.min(options.jobs ?? availableParallelism(), Math.max(1, total)));

  try {
    checkOutputPath(dir, { inPlace: true, modelFile: model.file });
    if (options.replace) await checkReplaceable(dir, kind);
    const previous = options.replace ? undefined : await inspectFolder(dir, kind, identity, options.resume ?? false, points, model.inputs);

    if (previous?.status === 'complete') {
      // "complete" in the manifest is not enough: the files must be whole, or a torn experiment would pass for done.
      checkAggregateFile(dir, previous.checked);
      const written = checkSummaryFile(dir, previous.checked);
      const { progress, runs } = previous.checked;
      if (written !== runs) {
        throw new UserError({ file: join(dir, SWEEP_FILES.summary), message: `has ${written} runs, but the ${kindNoun(kind)} is marked complete with ${runs}`, hint: `the folder was edited or damaged; rerun with \`replace\` to start the ${kindNoun(kind)} again` });
      }
      const notMet = rule ? readAggregates(aggregateFiles(dir), previous.layout).rows.filter((row) => row.precisionMet === false).length : 0;
      return {
        dir, status: 'already-complete', points, total: runs, done: runs, resumed: runs, failed: progress.failed,
        failedInternal: progress.failed_internal, elapsedMs: 0, jobs: 0, layout: previous.layout, warnings: previous.warnings ?? [],
        ...(rule ? { precision: { rule, notMet } } : {}),
      };
    }

    // Before anything is written: a model that cannot even be resolved leaves no folder behind.
    const layout: SweepLayout = previous?.layout ?? {
      parameters: design.parameters, kpis: probeKpis(model, design, identity.fixed, options.days), replications,
      ...(rule ? { precision: rule } : {}),
      ...(options.series ? { series: seriesColumns(options.series.map((s) => s.name), identity.days, identity.every) } : {}),
    };
    if (rule) checkPrecisionKpis(rule, layout.kpis);
    makeDirectory(dir);
    const unlock = lockFolder(dir);
    if (typeof unlock === 'number') {
      throw new UserError({
        path: dir, message: `another munisim (process ${unlock}) is writing this ${kindNoun(kind)}${options.replace ? ', so it cannot be replaced' : ''}`,
        hint: `wait for it to finish, or stop it first: kill ${unlock}`,
      });
    }
    try {
      // Replacing happens under the lock, so an experiment that starts meanwhile cannot lose its files.
      if (options.replace) for (const name of readdirSync(dir)) if (name !== '.lock') rmSync(join(dir, name), { recursive: true, force: true });
      return await runLocked(options, { kind, identity, previous, layout, startedAt, clock, jobs, rule });
    } finally {
      unlock();
    }
  } catch (error) {
    throw environmentError(error, dir);
  }
}

interface ExperimentStart {
  kind: string;
  identity: ExperimentIdentity;
  previous: PreviousExperiment | undefined;
  layout: SweepLayout;
  startedAt: Date;
  clock: number;
  jobs: number;
  rule: PrecisionRule | undefined;
}

async function runLocked(options: ExperimentOptions, { kind, identity, previous, layout, startedAt, clock, jobs, rule }: ExperimentStart): Promise<ExperimentResult> {
  const { model, design, dir, replications } = options;
  const baseSeed = identity.seed;
  const points = design.points.length;
  const most = rule ? rule.max_replications : replications;
  let total = points * most;
  rmSync(join(dir, SWEEP_FILES.tmp), { recursive: true, force: true });

  // Resume: keep the complete rows, cut a torn last line, drop failures beyond the last kept row.
  const resuming = previous !== undefined && existsSync(join(dir, SWEEP_FILES.summary));
  const counts: KeptRuns = resuming ? resumeRunFiles(dir, layout) : { done: 0, failed: 0, failedInternal: 0 };
  let done = counts.done;
  const resumed = done;

  const sessions = [...(previous?.sessions ?? []), { started_at: startedAt.toISOString(), jobs, resumed_at_run: resumed }];
  let warnings = options.warnings ?? [];
  let notMet: number | undefined;
  const writer = { failed: counts.failed, failedInternal: counts.failedInternal };
  const manifest = (status: string, extra: Record<string, unknown> = {}) => ({
    kind,
    status,
    command: options.command,
    model: manifestModel(model),
    sweep: identity,
    layout,
    points,
    replications,
    runs: total,
    ...(rule ? { precision: { ...rule, procedure: PRECISION_PROCEDURE, ...(notMet !== undefined ? { points_not_met: notMet } : {}) } } : {}),
    seeds: { base: baseSeed, rule: 'replication r uses seed base + r at every design point (common random numbers)', first: baseSeed, last: baseSeed + most - 1 },
    progress: { done, failed: writer.failed, failed_internal: writer.failedInternal },
    warnings,
    ...versions(),
    started_at: previous?.started_at ?? startedAt.toISOString(),
    sessions,
    ...extra,
  });
  const writeManifest = (status: string, extra?: Record<string, unknown>) =>
    writeFileAtomic(join(dir, SWEEP_FILES.manifest), `${JSON.stringify(manifest(status, extra), null, 2)}\n`);
  // The manifest comes first, so a folder killed at any later point is recognisably an unfinished experiment.
  writeManifest('running');
  writeDesign(join(dir, SWEEP_FILES.design), design);
  if (!resuming) startRunFiles(dir, layout);

  // With a precision the total is open-ended: the runs known to be needed so far, and the points still open.
  let known = { completePoints: counts.last ? counts.last[0] : 0, neededRuns: points * replications - resumed };
  const report = () => options.onProgress?.({
    total: rule ? resumed + known.neededRuns : total, done, resumed, failed: writer.failed, elapsedMs: performance.now() - clock,
    ...(rule ? { openPoints: points - known.completePoints, points } : {}),
  });
  report();

  const evaluator = options.evaluator ?? (jobs === 1 ? new InlineEvaluator() : new WorkerPoolEvaluator(jobs));
  const files = new RunWriter(dir, design, layout, counts);
  const fixed = identity.fixed;
  const keptSeries = identity.keep === 'timeseries' ? { dir, every: identity.every } : undefined;
  const seriesSums = options.series ? { every: identity.every, series: options.series.map((s) => ({ columns: s.columns })) } : undefined;
  const parameterNames = design.parameters;
  let schedule: RunSchedule | undefined;
  if (rule) {
    const precision = new PrecisionSchedule(layout, rule);
    // A resumed point's runs so far decide, with those to come, how many more it needs.
    if (counts.last) for (const cells of counts.lastPointCells ?? []) precision.observeCells(counts.last[0], cells);
    schedule = { observe: (result) => precision.observe(result.point, result.outcomes), needed: (point, n) => precision.needed(point, n) };
  }
  const from = counts.last ? { point: counts.last[0], replication: counts.last[1] + 1 } : { point: 0, replication: 0 };
  let fatal: unknown;
  let complete = false;
  try {
    ({ fatal, complete } = await dispatchRuns({
      evaluator, points, replications, schedule, from, signal: options.signal,
      task: (point, firstReplication, count): RunTask => ({
        model, modelSha256: model.sha256, point,
        parameters: { ...fixed, ...Object.fromEntries(parameterNames.map((name, j) => [name, design.points[point][j]])) },
        days: options.days, baseSeed, firstReplication, count, kpis: layout.kpis,
        ...(keptSeries ? { series: keptSeries } : {}), ...(seriesSums ? { seriesSums } : {}),
      }),
      write: (result) => {
        files.write(result);
        done += result.outcomes.length;
        writer.failed = files.failed;
        writer.failedInternal = files.failedInternal;
      },
      progress: (state) => { known = state; report(); },
    }));
  } finally {
    files.close();
    if (!options.evaluator) await evaluator.close();
    rmSync(join(dir, SWEEP_FILES.tmp), { recursive: true, force: true });
  }

  const elapsedMs = performance.now() - clock;
  const session = { ...sessions[sessions.length - 1], finished_at: new Date().toISOString(), runs: done - resumed, elapsed_seconds: Math.round(elapsedMs) / 1000 };
  sessions[sessions.length - 1] = session;
  const { failed, failedInternal } = writer;
  if (fatal !== undefined) {
    writeManifest('failed', { error: fatal instanceof Error ? fatal.message : String(fatal) });
    throw fatal;
  }
  if (!complete) {
    writeManifest('interrupted');
    return {
      dir, status: 'interrupted', points, total, done, resumed, failed, failedInternal, elapsedMs, jobs, layout, warnings,
      ...(rule ? { precision: { rule, openPoints: points - known.completePoints } } : {}),
    };
  }
  total = done;
  writeAggregate(dir, layout);
  const { rows } = kind === SWEEP_MANIFEST_KIND || rule ? readAggregates(aggregateFiles(dir), layout) : { rows: [] };
  warnings = [...warnings, ...constantKpis(rows, layout, kind)];
  if (rule) {
    notMet = rows.filter((row) => row.precisionMet === false).length;
    warnings = [...warnings, ...precisionWarnings(rule, notMet, points)];
  }
  writeManifest('complete', { finished_at: session.finished_at });
  return {
    dir, status: 'complete', points, total, done, resumed, failed, failedInternal, elapsedMs, jobs, layout, warnings,
    ...(rule ? { precision: { rule, notMet } } : {}),
  };
}

/** How the stopping rule is described in the manifest. */
const PRECISION_PROCEDURE = 'Law (2015), Simulation Modeling and Analysis, 5th ed., §9.4.1, sequential procedure for a relative precision: after the initial runs and each batch, a point stops when t(n−1, 0.975)·s/√n ≤ |mean|·relative/(1 + relative) for every KPI, or at max_replications (precision_met false); with mean 0, only when s = 0';

function aggregateFiles(dir: string) {
  return { aggregate: join(dir, SWEEP_FILES.aggregate), summary: join(dir, SWEEP_FILES.summary), failures: join(dir, SWEEP_FILES.failures) };
}

/**
 * KPIs with one value in every successful run (aggregate.csv: min = max at every point, all equal).
 * balance_error is left out: it is 0 in every correct run by construction.
 */
function constantKpis(rows: readonly PointAggregate[], layout: SweepLayout, kind: string): Warning[] {
  // A study warns about the outputs it analyses (it knows which); a sweep about every KPI.
  if (kind !== SWEEP_MANIFEST_KIND) return [];
  const runs = rows.reduce((sum, row) => sum + row.replications - row.failed, 0);
  if (runs < 2) return [];
  const kpis = layout.kpis.filter((kpi) => kpi !== 'balance_error');
  return constantOutputWarnings(kpis, (kpi) => {
    const k = layout.kpis.indexOf(kpi);
    let min = Infinity;
    let max = -Infinity;
    for (const row of rows) {
      const stats = row.kpis[k];
      // A point where some runs have no value (a milestone missed) differs from one where all have it.
      if (row.replications > row.failed && (!stats || stats.n < row.replications - row.failed)) return undefined;
      if (stats) { min = Math.min(min, stats.min); max = Math.max(max, stats.max); }
    }
    return min <= max ? { min, max } : undefined;
  }, 'the sweep');
}

/** KPI names, from a one-day run: they depend on the model's structure, not on parameter values. */
function probeKpis(model: Model, design: ExperimentDesign, fixed: Record<string, number>, days: number | undefined): string[] {
  const pointValues = (i: number) => Object.fromEntries(design.parameters.map((name, j) => [name, design.points[i][j]]));
  const candidates = [fixed, ...design.points.slice(0, 8).map((_, i) => ({ ...fixed, ...pointValues(i) }))];
  let firstError: unknown;
  for (const parameters of candidates) {
    try {
      const scenario = resolveScenario(model, { parameters, days: Math.min(1, days ?? model.days) });
      // Then the targets', as their KPIs `target.<id>` (measured in the run, so summary-only runs have them).
      return [...Object.keys(simulate(scenario, model.seed).summary), ...(model.targets ?? []).map((t) => targetColumn(t.id))];
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}
