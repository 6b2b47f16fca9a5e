/**
 * An evaluator runs batches of an experiment's runs and hands back their outcomes; it knows nothing
 * of designs, files or ordering. The experiment picks one — inline, a worker pool, a Redis queue —
 * and works the same with each (the EMA Workbench's evaluators, one interface). Each task carries
 * the model itself, never a path: an evaluator never reads the model from disk.
 */
import type { Model } from '../../model/model.js';

/** Some replications of one design point: the unit of work sent to an evaluator. */
export interface RunTask {
  /**
   * The model itself, as the experiment holds it (parsed from a file or from text in memory). It
   * stays in this process: what crosses to worker threads is the resolved scenario, and what crosses
   * to other machines is `model.source`, so a task sent elsewhere arrives without it.
   */
  model?: Model;
  /** The model's sha256: a worker elsewhere checks the text it was sent against it. */
  modelSha256: string;
  point: number;
  /** Every parameter override of the point (`--set` values and the point's design values). */
  parameters: Record<string, number>;
  /** Horizon override, or undefined for the model's. */
  days?: number;
  /** Replication r runs with seed `baseSeed + r`. */
  baseSeed: number;
  firstReplication: number;
  count: number;
  /** KPI names in column order; each run's summary comes back in this order. */
  kpis: string[];
  /** With `--keep timeseries`: write `<dir>/runs/<point>-<replication>/timeseries.csv` atomically. */
  series?: { dir: string; every: number };
  /** Per-interval sums of time-series columns to return with each run (sensitivity of series). */
  seriesSums?: { every: number; series: SeriesRequest[] };
}

/** Time-series columns (`<node>.<metric>[.<munition>]`) whose interval values are summed into one series. */
export interface SeriesRequest {
  columns: string[];
}

/** Why a run failed: `user` for a value the model refuses, `internal` for a bug in munisim. */
export interface RunFailure {
  kind: 'user' | 'internal';
  /** One line: issues joined by "; ". */
  message: string;
}

export interface RunOutcome {
  replication: number;
  seed: number;
  /** KPI values in the task's `kpis` order, NaN where the run's summary has none; absent on failure. */
  values?: number[];
  /** With `seriesSums`: per request, one value per interval of `every` days. */
  series?: number[][];
  failure?: RunFailure;
}

export interface TaskResult {
  point: number;
  firstReplication: number;
  outcomes: RunOutcome[];
  /** Time spent running the task, for sizing the next ones. */
  elapsedMs: number;
}

export interface Evaluator {
  /** Tasks the sweep may have outstanding at once (in flight or queued) to keep every worker busy. */
  readonly capacity: number;
  /** Tasks it runs at the same time (default 1): the last runs are split among them, so they finish together. */
  readonly threads?: number;
  /**
   * Runs `task`. Run failures are outcomes; a rejection (e.g. the model file changed) stops the sweep.
   * Once `signal` aborts, an evaluator may give up the task if it has not started (or, after a bound,
   * even if it has), rejecting with {@link TaskCancelled}: the caller counts it as not run.
   */
  evaluate(task: RunTask, signal?: AbortSignal): Promise<TaskResult>;
  /** Releases workers; pending tasks are allowed to finish. */
  close(): Promise<void>;
}

/** The rejection of a task given up after its caller aborted: not an error, the task simply did not run. */
export class TaskCancelled extends Error {
  constructor(message = 'the task was cancelled before it ran') {
    super(message);
    this.name = 'TaskCancelled';
  }
}
