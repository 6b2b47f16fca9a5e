/**
 * A sweep: every design point run R times, replication r with seed base + r at every point (common
 * random numbers). Results are written as they arrive but strictly in (point, replication) order,
 * so summary.csv on disk is always a valid prefix of the finished file: a killed or interrupted
 * sweep resumes where it stopped and ends byte-identical to one that never stopped, whatever --jobs.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../model/errors.js';
import type { Model } from '../model/model.js';
import { constantOutputWarnings, type Warning } from '../model/warnings.js';
import { resolveScenario } from '../model/scenario.js';
import { checkComponentDays } from '../model/limits.js';
import { simulate } from '../assembly/simulate.js';
import { csvLine } from '../output/csv.js';
import { formatValue } from '../output/format.js';
import { versions } from '../output/manifest.js';
import { checkOutputPath, environmentError } from '../output/output-dir.js';
import { aggregateSummaryFile, readAggregates, summaryHeader, type PointAggregate, type SweepLayout } from './aggregate.js';
import { pointParameters, type Design } from './design-spec.js';
import { TaskCancelled, type Evaluator, type RunOutcome, type RunTask, type TaskResult } from './evaluators/evaluator.js';
import { InlineEvaluator } from './evaluators/inline.js';
import { WorkerPoolEvaluator } from './evaluators/worker-pool.js';
import { checkAggregateFile, checkDesignFile, checkSummaryFile, checkSweepManifest, type CheckedSweepManifest } from './sweep-check.js';
import { writeFileAtomic } from '../base/atomic-write.js';
import { LineAppender, SWEEP_FILES, lockFolder, readManifestFile, scanLines, truncateFile } from './sweep-files.js';

/** What a sweep keeps of each run: its summary row only, or also its daily time series. */
export type KeepLevel = 'summary' | 'timeseries';

export interface SweepOptions {
  model: Model;
  design: Design;
  /** Parameter values held fixed at every point (`--set`). */
  fixed?: Record<string, number>;
  /** Runs per design point, an integer ≥ 1. */
  replications: number;
  /** Seed of replication 0 (default: the model's seed); replication r uses seed + r. */
  seed?: number;
  /** Horizon override in days. */
  days?: number;
  keep?: KeepLevel;
  /** Days per row of kept time series (flows summed, levels at the interval's end). Default 1. */
  every?: number;
  /** Output folder; created if missing. */
  dir: string;
  /** Worker threads; 1 runs inline on this thread. Default: all cores. Ignored with `evaluator`. */
  jobs?: number;
  /** A custom evaluator (e.g. a cluster); the sweep does not close it. */
  evaluator?: Evaluator;
  /** true: `dir` must hold an unfinished sweep of the same command. Default: resume one if found. */
  resume?: boolean;
  /**
   * true: discard a sweep already in `dir` (of any identity) and start again. Only a sweep folder
   * is replaced, and never one that a running munisim holds locked.
   */
  replace?: boolean;
  /** The command line, recorded in the manifest. */
  command?: string[];
  /** Warnings about the model in this sweep (see modelWarnings), recorded in the manifest. */
  warnings?: Warning[];
  /** Aborting stops dispatching; runs in flight finish and are written (or are given up by the evaluator), then the sweep returns. */
  signal?: AbortSignal;
  onProgress?: (progress: SweepProgress) => void;
}

export interface SweepProgress {
  total: number;
  /** Runs written, including those found already done when resuming. */
  done: number;
  /** Runs done before this session (resumed). */
  resumed: number;
  failed: number;
  /** Milliseconds since this session started. */
  elapsedMs: number;
}

export type SweepStatus = 'complete' | 'interrupted' | 'already-complete';

export interface SweepResult {
  dir: string;
  status: SweepStatus;
  points: number;
  total: number;
  done: number;
  resumed: number;
  /** Failed runs over the whole sweep (failures.csv rows), of which `failedInternal` were munisim bugs. */
  failed: number;
  failedInternal: number;
  elapsedMs: number;
  jobs: number;
  layout: SweepLayout;
  /** The manifest's warnings: `options.warnings`, then those the finished runs raise (outputs that never vary). */
  warnings: Warning[];
}

/** Everything that determines a sweep's files; a folder is resumed only by a sweep with the same. */
export interface SweepIdentity {
  munisim: string;
  model_sha256: string;
  days: number;
  fixed: Record<string, number>;
  design: { kind: string; samples?: number; seed: number; factors: { name: string; low: number; high: number; levels?: number[] }[] };
  replications: number;
  seed: number;
  keep: KeepLevel;
  every: number;
}

export const SWEEP_MANIFEST_KIND = 'munisim-sweep';

/** Aim for tasks of about this long: short enough to stop promptly, long enough to amortise messages. */
const TARGET_TASK_MS = 150;
const MAX_TASK_RUNS = 1000;

export function sweepIdentity(options: SweepOptions): SweepIdentity {
  const { model, design } = options;
  const fixed = Object.fromEntries(Object.entries(options.fixed ?? {}).sort(([a], [b]) => a.localeCompare(b)));
  return {
    munisim: versions().munisim,
    model_sha256: model.sha256,
    days: options.days ?? model.days,
    fixed,
    design: {
      kind: design.kind,
      ...(design.samples !== undefined ? { samples: design.samples } : {}),
      seed: design.seed,
      factors: design.factors.map((f) => ({ name: f.name, low: f.low, high: f.high, ...(f.levels ? { levels: f.levels } : {}) })),
    },
    replications: options.replications,
    seed: options.seed ?? model.seed,
    keep: options.keep ?? 'summary',
    every: options.every ?? 1,
  };
}

/**
 * Runs (or resumes) a sweep into `options.dir`: design.csv first, then summary.csv and failures.csv
 * row by row in (point, replication) order, aggregate.csv at the end; manifest.json says `running`
 * until the sweep is complete.
 * @throws UserError if the folder holds other files or a different sweep, or nothing to resume with
 *   `resume: true`; errors of the evaluator itself (not of single runs) stop the sweep and are rethrown
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const startedAt = new Date();
  const clock = performance.now();
  const { model, design, dir } = options;
  const replications = options.replications;
  if (!Number.isInteger(replications) || replications < 1) {
    throw new UserError({ path: '--replications', message: `expected a whole number ≥ 1, got ${replications}` });
  }
  checkComponentDays(model, options.days ?? model.days); // before any folder is made: every run would be refused
  const identity = sweepIdentity(options);
  const points = design.points.length;
  const total = points * replications;
  const jobs = options.evaluator ? 1 : Math.max(1, Math.min(options.jobs ?? availableParallelism(), Math.max(1, total)));

  try {
    checkOutputPath(dir, { inPlace: true, modelFile: model.file });
    const previous = options.replace ? await checkReplaceable(dir) : await inspectFolder(dir, identity, options.resume ?? false, points);

    if (previous?.status === 'complete') {
      // "complete" in the manifest is not enough: the files must be whole, or a torn sweep would pass for done.
      checkAggregateFile(dir, previous.checked);
      const written = checkSummaryFile(dir, previous.checked);
      if (written !== total) {
        throw new UserError({ file: join(dir, SWEEP_FILES.summary), message: `has ${written} runs, but the sweep is marked complete with ${total}`, hint: 'the folder was edited or damaged; rerun with --force to start the sweep again' });
      }
      const { progress } = previous.checked;
      return {
        dir, status: 'already-complete', points, total, done: total, resumed: total, failed: progress.failed,
        failedInternal: progress.failed_internal, elapsedMs: 0, jobs: 0, layout: previous.layout, warnings: previous.warnings ?? [],
      };
    }

    // Before anything is written: a model that cannot even be resolved leaves no folder behind.
    const layout: SweepLayout = previous?.layout ?? { parameters: design.parameters, kpis: probeKpis(model, design, identity.fixed, options.days), replications };
    mkdirSync(dir, { recursive: true });
    const unlock = lockFolder(dir);
    if (typeof unlock === 'number') {
      throw new UserError({
        path: dir, message: `another munisim (process ${unlock}) is writing this sweep${options.replace ? ', so it cannot be replaced' : ''}`,
        hint: `wait for it to finish, or stop it first: kill ${unlock}`,
      });
    }
    try {
      // Replacing happens under the lock, so a sweep that starts meanwhile cannot lose its files.
      if (options.replace) for (const name of readdirSync(dir)) if (name !== '.lock') rmSync(join(dir, name), { recursive: true, force: true });
      return await runLocked(options, { identity, previous, layout, startedAt, clock, jobs });
    } finally {
      unlock();
    }
  } catch (error) {
    throw environmentError(error, dir);
  }
}

/**
 * The folder name of a sweep under runs/<name>-sweep/ when none is given: `<design>-<hash>`, the
 * hash being 12 hex digits of the SHA-256 of the sweep's identity (JSON), so the same command
 * always lands in the same folder and resumes it.
 */
export function sweepFolderName(identity: SweepIdentity): string {
  return `${identity.design.kind}-${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12)}`;
}

/** With `replace`: `dir` may be missing, empty or a sweep folder (of any identity); nothing else is replaced. */
async function checkReplaceable(dir: string): Promise<undefined> {
  if (!existsSync(dir) || readdirSync(dir).every((name) => name === '.lock' || name === SWEEP_FILES.tmp)) return undefined;
  let kind: unknown;
  try { kind = (await readManifestFile(dir))?.kind; } catch { kind = undefined; }
  if (kind !== SWEEP_MANIFEST_KIND) {
    throw new UserError({ path: dir, message: '--force replaces only a sweep folder, and this folder holds something else', hint: 'choose another --out' });
  }
  return undefined;
}

interface SweepStart {
  identity: SweepIdentity;
  previous: PreviousSweep | undefined;
  layout: SweepLayout;
  startedAt: Date;
  clock: number;
  jobs: number;
}

async function runLocked(options: SweepOptions, { identity, previous, layout, startedAt, clock, jobs }: SweepStart): Promise<SweepResult> {
  const { model, design, dir, replications } = options;
  const baseSeed = identity.seed;
  const points = design.points.length;
  const total = points * replications;
  const summaryPath = join(dir, SWEEP_FILES.summary);
  const failuresPath = join(dir, SWEEP_FILES.failures);
  const fixed = identity.fixed;
  rmSync(join(dir, SWEEP_FILES.tmp), { recursive: true, force: true });

  // Resume: keep the complete rows, cut a torn last line, drop failures beyond the last kept row.
  let done = 0;
  let failed = 0;
  let failedInternal = 0;
  const parameterHeader = layout.parameters;
  const resuming = previous !== undefined && existsSync(summaryPath);
  if (resuming) {
    done = countRows(summaryPath, summaryHeader(layout).join(','), replications);
    ({ failed, failedInternal } = keepFailures(failuresPath, done, replications, failuresHeader(parameterHeader)));
  }
  const resumed = done;

  const sessions = [...(previous?.sessions ?? []), { started_at: startedAt.toISOString(), jobs, resumed_at_run: resumed }];
  let warnings = options.warnings ?? [];
  const manifest = (status: string, extra: Record<string, unknown> = {}) => ({
    kind: SWEEP_MANIFEST_KIND,
    status,
    command: options.command,
    model: { path: model.file, name: model.name, sha256: model.sha256 },
    sweep: identity,
    layout,
    points,
    replications,
    runs: total,
    seeds: { base: baseSeed, rule: 'replication r uses seed base + r at every design point (common random numbers)', first: baseSeed, last: baseSeed + replications - 1 },
    progress: { done, failed, failed_internal: failedInternal },
    warnings,
    ...versions(),
    started_at: previous?.started_at ?? startedAt.toISOString(),
    sessions,
    ...extra,
  });
  const writeManifest = (status: string, extra?: Record<string, unknown>) =>
    writeFileAtomic(join(dir, SWEEP_FILES.manifest), `${JSON.stringify(manifest(status, extra), null, 2)}\n`);
  // The manifest comes first, so a folder killed at any later point is recognisably an unfinished sweep.
  writeManifest('running');
  writeDesign(join(dir, SWEEP_FILES.design), design);
  if (!resuming) {
    writeFileAtomic(summaryPath, csvLine(summaryHeader(layout)));
    writeFileAtomic(failuresPath, csvLine(failuresHeader(parameterHeader)));
  }

  const report = () => options.onProgress?.({ total, done, resumed, failed, elapsedMs: performance.now() - clock });
  report();

  const evaluator = options.evaluator ?? (jobs === 1 ? new InlineEvaluator() : new WorkerPoolEvaluator(jobs));
  const summaryFile = new LineAppender(summaryPath);
  const failuresFile = new LineAppender(failuresPath);
  const pointCells = new Map<number, string>();
  const cellsOf = (point: number): string => {
    let cells = pointCells.get(point);
    if (cells === undefined) {
      cells = design.points[point].map(formatValue).join(',');
      if (pointCells.size > 64) pointCells.clear();
      pointCells.set(point, cells);
    }
    return cells;
  };
  const parameterPrefix = (point: number, outcome: RunOutcome) =>
    `${point},${outcome.replication},${outcome.seed}${parameterHeader.length ? `,${cellsOf(point)}` : ''}`;

  /** Failures first, then the summary rows: a summary row on disk means its run is fully recorded. */
  const write = (result: TaskResult) => {
    let failures = '';
    let rows = '';
    for (const outcome of result.outcomes) {
      const prefix = parameterPrefix(result.point, outcome);
      if (outcome.failure) {
        failed++;
        if (outcome.failure.kind === 'internal') failedInternal++;
        failures += csvLine([...prefix.split(','), outcome.failure.kind, outcome.failure.message]);
        rows += `${prefix}${','.repeat(layout.kpis.length)}\n`;
      } else {
        rows += `${prefix},${outcome.values!.map(formatValue).join(',')}\n`;
      }
    }
    failuresFile.append(failures);
    summaryFile.append(rows);
    done += result.outcomes.length;
  };

  // Dispatch in index order with at most `capacity` tasks in flight or waiting in the reorder
  // buffer (so memory stays bounded even if one task is slow); write results strictly in order.
  const seriesOption = identity.keep === 'timeseries' ? { dir, every: identity.every } : undefined;
  const buffer = new Map<number, TaskResult>();
  let nextIndex = done;
  let outstanding = 0;
  // Per-run time, smoothed over recent tasks (the first runs are slow while the JIT warms up).
  let perRunMs = TARGET_TASK_MS / 2;
  let timed = false;
  let fatal: unknown;
  let wake: () => void = () => {};
  const stopped = () => fatal !== undefined || options.signal?.aborted === true;
  const onAbort = () => wake();
  options.signal?.addEventListener('abort', onAbort);

  try {
    for (;;) {
      let wrote = false;
      for (let result = buffer.get(done); result !== undefined; result = buffer.get(done)) {
        buffer.delete(done);
        write(result);
        wrote = true;
      }
      if (wrote) report();
      while (!stopped() && nextIndex < total && outstanding + buffer.size < evaluator.capacity) {
        const point = Math.floor(nextIndex / replications);
        const firstReplication = nextIndex % replications;
        const size = Math.max(1, Math.min(MAX_TASK_RUNS, Math.floor(TARGET_TASK_MS / Math.max(perRunMs, 1e-3))));
        const count = Math.min(size, replications - firstReplication);
        const task: RunTask = {
          modelFile: model.file, modelSha256: model.sha256, point,
          parameters: { ...fixed, ...pointParameters(design, point) },
          days: options.days, baseSeed, firstReplication, count, kpis: layout.kpis, series: seriesOption,
        };
        const start = nextIndex;
        nextIndex += count;
        outstanding++;
        evaluator.evaluate(task, options.signal).then(
          (result) => {
            outstanding--;
            const latest = result.elapsedMs / Math.max(1, result.outcomes.length);
            perRunMs = timed ? 0.5 * perRunMs + 0.5 * latest : latest;
            timed = true;
            buffer.set(start, result);
            wake();
          },
          (error: unknown) => {
            outstanding--;
            // A task given up after Ctrl-C did not run: the sweep ends interrupted, resumable from there.
            if (!(error instanceof TaskCancelled)) fatal ??= error;
            wake();
          },
        );
      }
      if (outstanding === 0 && (stopped() || nextIndex >= total)) break;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    summaryFile.close();
    failuresFile.close();
    if (!options.evaluator) await evaluator.close();
    rmSync(join(dir, SWEEP_FILES.tmp), { recursive: true, force: true });
  }

  const elapsedMs = performance.now() - clock;
  const session = { ...sessions[sessions.length - 1], finished_at: new Date().toISOString(), runs: done - resumed, elapsed_seconds: round3(elapsedMs / 1000) };
  sessions[sessions.length - 1] = session;
  if (fatal !== undefined) {
    writeManifest('failed', { error: fatal instanceof Error ? fatal.message : String(fatal) });
    throw fatal;
  }
  if (done < total) {
    writeManifest('interrupted');
    return { dir, status: 'interrupted', points, total, done, resumed, failed, failedInternal, elapsedMs, jobs, layout, warnings };
  }
  writeAggregate(dir, layout);
  warnings = [...warnings, ...constantKpis(dir, layout)];
  writeManifest('complete', { finished_at: session.finished_at });
  return { dir, status: 'complete', points, total, done, resumed, failed, failedInternal, elapsedMs, jobs, layout, warnings };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * KPIs with one value in every successful run (aggregate.csv: min = max at every point, all equal).
 * balance_error is left out: it is 0 in every correct run by construction.
 */
function constantKpis(dir: string, layout: SweepLayout): Warning[] {
  const { rows } = readAggregates({ aggregate: join(dir, SWEEP_FILES.aggregate), summary: join(dir, SWEEP_FILES.summary), failures: join(dir, SWEEP_FILES.failures) }, layout);
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

function failuresHeader(parameters: string[]): string[] {
  return ['point', 'replication', 'seed', ...parameters, 'kind', 'error'];
}

/** KPI names, from a one-day run: they depend on the model's structure, not on parameter values. */
function probeKpis(model: Model, design: Design, fixed: Record<string, number>, days: number | undefined): string[] {
  const candidates = [fixed, ...design.points.slice(0, 8).map((_, i) => ({ ...fixed, ...pointParameters(design, i) }))];
  let firstError: unknown;
  for (const parameters of candidates) {
    try {
      const scenario = resolveScenario(model, { parameters, days: Math.min(1, days ?? model.days) });
      return Object.keys(simulate(scenario, model.seed).summary);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

function writeDesign(path: string, design: Design): void {
  const lines = [csvLine(['point', ...design.parameters])];
  design.points.forEach((point, i) => lines.push(`${i}${point.length ? ',' : ''}${point.map(formatValue).join(',')}\n`));
  writeFileAtomic(path, lines.join(''));
}

function writeAggregate(dir: string, layout: SweepLayout): void {
  const path = join(dir, SWEEP_FILES.aggregate);
  const tmp = join(dir, `.${SWEEP_FILES.aggregate}.tmp-${process.pid}`);
  rmSync(tmp, { force: true });
  const out = new LineAppender(tmp);
  let batch = '';
  try {
    aggregateSummaryFile(join(dir, SWEEP_FILES.summary), join(dir, SWEEP_FILES.failures), layout, (cells) => {
      batch += `${cells.join(',')}\n`;
      if (batch.length > 1 << 16) { out.append(batch); batch = ''; }
    });
    out.append(batch);
  } finally {
    out.close();
  }
  renameSync(tmp, path); // atomic: a reader sees the old file or the whole new one
}

interface PreviousSweep {
  status: string;
  /** The manifest's fields, checked. */
  checked: CheckedSweepManifest;
  warnings?: Warning[];
  layout: SweepLayout;
  progress: unknown;
  started_at?: string;
  sessions?: Record<string, unknown>[];
}

/**
 * What `dir` holds: nothing (a new sweep), or a sweep of the same identity to resume or report.
 * @throws UserError for a non-empty folder that is not a sweep, a sweep of another command, or
 *   nothing to resume when `requireResume`
 */
async function inspectFolder(dir: string, identity: SweepIdentity, requireResume: boolean, points: number): Promise<PreviousSweep | undefined> {
  // A lock or scratch folder alone is what a sweep killed in its first moments leaves.
  const empty = !existsSync(dir) || readdirSync(dir).every((name) => name === '.lock' || name === SWEEP_FILES.tmp);
  if (empty) {
    if (requireResume) throw new UserError({ path: dir, message: 'there is no sweep to resume in this folder', hint: 'drop --resume to start the sweep, or point --out at the folder of the interrupted sweep' });
    return undefined;
  }
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = await readManifestFile(dir);
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.kind !== SWEEP_MANIFEST_KIND) {
    throw new UserError({ path: dir, message: 'the output folder exists and does not hold a munisim sweep', hint: 'choose another --out' });
  }
  const differences = identityDifferences(manifest.sweep as SweepIdentity | undefined, identity);
  if (differences.length > 0) {
    throw new UserError({
      path: dir,
      message: `holds a different sweep, so it cannot be resumed: ${differences.join('; ')}`,
      hint: 'rerun the original command to resume it, choose another --out, or add --force to replace it',
    });
  }
  const checked = checkSweepManifest(dir, manifest);
  if (checked.points !== points) {
    throw new UserError({ file: join(dir, SWEEP_FILES.manifest), path: 'points', message: `is ${checked.points}, but this sweep's design has ${points} points`, hint: 'the folder was edited or damaged; rerun with --force to start the sweep again' });
  }
  return { ...(manifest as unknown as PreviousSweep), layout: checked.layout, checked };
}

/** Human-readable differences between the folder's sweep and this one, e.g. `replications: 100 there, 200 here`. */
export function identityDifferences(there: SweepIdentity | undefined, here: SweepIdentity): string[] {
  if (!there) return ['its manifest has no sweep description'];
  const labels: Record<keyof SweepIdentity, string> = {
    munisim: 'munisim version', model_sha256: 'model file (sha256)', days: 'days', fixed: '--set values', design: 'design (--vary, --design, --samples, --design-seed)',
    replications: 'replications', seed: 'seed', keep: 'keep', every: 'every',
  };
  const out: string[] = [];
  for (const key of Object.keys(labels) as (keyof SweepIdentity)[]) {
    const a = JSON.stringify(there[key]);
    const b = JSON.stringify(here[key]);
    if (a !== b) out.push(key === 'design' || key === 'fixed' ? `${labels[key]} differ` : `${labels[key]}: ${shorten(a)} there, ${shorten(b)} here`);
  }
  return out;
}

function shorten(text: string | undefined): string {
  if (text === undefined) return 'none';
  return text.length > 20 ? `${text.slice(0, 12)}…` : text;
}

/**
 * Complete data rows of summary.csv, after cutting a torn last line; checks the header and that
 * the rows are runs 0, 1, 2, … in order. @throws UserError if the file does not match
 */
function countRows(path: string, header: string, replications: number): number {
  let rows = -1;
  let badRow: string | undefined;
  const end = scanLines(path, (line) => {
    if (rows === -1) {
      if (line !== header) { badRow = `its header is not this sweep's (${line.slice(0, 60)}…)`; return false; }
    } else {
      const second = line.indexOf(',', line.indexOf(',') + 1);
      const [point, replication] = line.slice(0, second).split(',').map(Number);
      if (point * replications + replication !== rows) { badRow = `row ${rows + 1} is run (${point}, ${replication}), expected run ${rows}`; return false; }
    }
    rows++;
  });
  if (badRow !== undefined) {
    throw new UserError({ path, message: `cannot resume: ${badRow}`, hint: 'the file was edited or written by another munisim; add --force to start again' });
  }
  truncateFile(path, end);
  return Math.max(0, rows);
}

/** Keeps the failures of runs before `done` (cutting the rest and any torn line); counts them. */
function keepFailures(path: string, done: number, replications: number, header: string[]): { failed: number; failedInternal: number } {
  if (!existsSync(path)) {
    writeFileAtomic(path, csvLine(header));
    return { failed: 0, failedInternal: 0 };
  }
  let first = true;
  let failed = 0;
  let failedInternal = 0;
  const end = scanLines(path, (line) => {
    if (first) { first = false; return; }
    const cells = line.split(',');
    if (Number(cells[0]) * replications + Number(cells[1]) >= done) return false;
    failed++;
    if (cells[header.length - 2] === 'internal') failedInternal++; // the kind cell precedes the message
  });
  truncateFile(path, end);
  return { failed, failedInternal };
}

/** A sweep folder as read back: its manifest, layout and per-point aggregates. */
export interface SweepReport {
  dir: string;
  status: string;
  modelName: string;
  design: SweepIdentity['design'];
  layout: SweepLayout;
  points: number;
  replications: number;
  total: number;
  /** Runs written so far (all of them when complete) and how many failed. */
  done: number;
  failed: number;
  rows: PointAggregate[];
}

/**
 * Reads a sweep folder for reporting: aggregate.csv if the sweep is complete, otherwise the
 * aggregate of the runs finished so far. @throws UserError if `dir` is not a sweep folder
 */
export async function readSweep(dir: string): Promise<SweepReport> {
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = await readManifestFile(dir);
  } catch (error) {
    throw new UserError({ path: join(dir, SWEEP_FILES.manifest), message: `cannot read: ${(error as Error).message}` });
  }
  if (!manifest || manifest.kind !== SWEEP_MANIFEST_KIND) {
    throw new UserError({ path: dir, message: existsSync(dir) ? 'is not a sweep folder (no sweep manifest.json)' : 'no such folder', hint: 'pass the folder `munisim sweep` printed, e.g. runs/quickstart-sweep/<id>' });
  }
  // Every figure shown comes from files checked against the manifest first: a truncated or edited
  // file is refused rather than summarised as if it were the whole sweep.
  const checked = checkSweepManifest(dir, manifest);
  checkDesignFile(dir, checked);
  const { layout, status } = checked;
  const identity = manifest.sweep as SweepIdentity;
  const files = { aggregate: join(dir, SWEEP_FILES.aggregate), summary: join(dir, SWEEP_FILES.summary), failures: join(dir, SWEEP_FILES.failures) };
  if (status === 'complete') checkAggregateFile(dir, checked);
  else if (existsSync(files.summary)) checkSummaryFile(dir, checked);
  else return { dir, status, modelName: modelNameOf(manifest), design: identity.design, layout, points: checked.points, replications: layout.replications, total: checked.runs, done: 0, failed: 0, rows: [] };
  // An unfinished sweep has no aggregate.csv yet: summarise the runs written so far.
  let aggregates: ReturnType<typeof readAggregates>;
  try {
    aggregates = readAggregates(status === 'complete' ? files : { ...files, aggregate: undefined }, layout);
  } catch (error) {
    throw new UserError({ path: dir, message: `cannot read the sweep's files: ${(error as Error).message}`, hint: 'were they edited, or written by another munisim version?' });
  }
  const { rows, runs } = aggregates;
  const total = checked.runs;
  const done = runs ?? total;
  return {
    dir, status, modelName: modelNameOf(manifest), design: identity.design, layout,
    points: checked.points, replications: layout.replications, total, done,
    failed: rows.reduce((sum, row) => sum + row.failed, 0), rows,
  };
}

function modelNameOf(manifest: Record<string, unknown>): string {
  return String((manifest.model as { name?: string } | undefined)?.name ?? '');
}

/**
 * The newest sweep of the same identity among the folders in `root` (e.g. runs/quickstart-sweep),
 * for `--resume` without `--out`: an unfinished one if there is any, else the newest complete one.
 */
export async function findResumableSweep(root: string, identity: SweepIdentity): Promise<{ dir: string; complete: boolean } | undefined> {
  if (!existsSync(root)) return undefined;
  let best: { dir: string; started: string; complete: boolean } | undefined;
  for (const name of readdirSync(root)) {
    const dir = join(root, name);
    let manifest: Record<string, unknown> | undefined;
    try { manifest = await readManifestFile(dir); } catch { continue; }
    if (!manifest || manifest.kind !== SWEEP_MANIFEST_KIND) continue;
    if (identityDifferences(manifest.sweep as SweepIdentity, identity).length > 0) continue;
    const complete = manifest.status === 'complete';
    const started = String(manifest.started_at ?? '');
    const better = !best || (best.complete && !complete) || (best.complete === complete && started > best.started);
    if (better) best = { dir, started, complete };
  }
  return best && { dir: best.dir, complete: best.complete };
}
