/**
 * The one dispatch loop of every experiment: runs numbered 0 … total − 1 (run = point · R + r) go
 * to the evaluator in order, a few replications of one point per task, with a bounded number of
 * tasks in flight; results come back in any order and are handed on strictly in run order, so the
 * files written from them are always a valid prefix, whatever the evaluator and its number of threads.
 */
import { TaskCancelled, type Evaluator, type RunTask, type TaskResult } from './evaluators/evaluator.js';

/** Aim for tasks of about this long: short enough to stop promptly, long enough to amortise messages. */
const TARGET_TASK_MS = 150;
const MAX_TASK_RUNS = 1000;

export interface DispatchOptions {
  evaluator: Evaluator;
  /** Runs in all; run i is replication i mod R of point ⌊i / R⌋. */
  total: number;
  replications: number;
  /** The first run not yet done (runs before it were written by an earlier session). */
  from: number;
  /** The task for `count` replications of `point` from `firstReplication`. */
  task: (point: number, firstReplication: number, count: number) => RunTask;
  /** Receives each task's result, in run order. */
  write: (result: TaskResult) => void;
  /** After one or more results were written. */
  progress?: () => void;
  /** Aborting stops dispatching; tasks in flight finish (or the evaluator gives them up) first. */
  signal?: AbortSignal;
}

/**
 * Dispatches runs `from` … `total − 1` and writes their results in order until all are written,
 * the signal aborts, or the evaluator fails.
 * @returns the runs written this session, and the evaluator's error if it failed (not a run's failure:
 *   those are outcomes); tasks given up after an abort ({@link TaskCancelled}) are simply not written
 */
export async function dispatchRuns(options: DispatchOptions): Promise<{ written: number; fatal?: unknown }> {
  const { evaluator, total, replications, signal } = options;
  const buffer = new Map<number, TaskResult>();
  let done = options.from;
  let nextIndex = done;
  let outstanding = 0;
  // Per-run time, smoothed over recent tasks (the first runs are slow while the JIT warms up).
  let perRunMs = TARGET_TASK_MS / 2;
  let timed = false;
  let fatal: unknown;
  let wake: () => void = () => {};
  const stopped = () => fatal !== undefined || signal?.aborted === true;
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      let wrote = false;
      for (let result = buffer.get(done); result !== undefined; result = buffer.get(done)) {
        buffer.delete(done);
        options.write(result);
        done += result.outcomes.length;
        wrote = true;
      }
      if (wrote) options.progress?.();
      // At most `capacity` tasks in flight or waiting in the reorder buffer, so memory stays bounded even if one task is slow.
      while (!stopped() && nextIndex < total && outstanding + buffer.size < evaluator.capacity) {
        const point = Math.floor(nextIndex / replications);
        const firstReplication = nextIndex % replications;
        const size = Math.max(1, Math.min(MAX_TASK_RUNS, Math.floor(TARGET_TASK_MS / Math.max(perRunMs, 1e-3))));
        const count = Math.min(size, replications - firstReplication);
        const task = options.task(point, firstReplication, count);
        const start = nextIndex;
        nextIndex += count;
        outstanding++;
        evaluator.evaluate(task, signal).then(
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
            // A task given up after an abort did not run: the experiment ends interrupted, resumable from there.
            if (!(error instanceof TaskCancelled)) fatal ??= error;
            wake();
          },
        );
      }
      if (outstanding === 0 && (stopped() || nextIndex >= total)) break;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { written: done - options.from, ...(fatal !== undefined ? { fatal } : {}) };
}
