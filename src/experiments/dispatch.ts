/**
 * The one dispatch loop of every experiment: the runs of each point, replications 0, 1, 2, …, go to
 * the evaluator, a few replications of one point per task, with a bounded number of tasks in
 * flight; results come back in any order and are handed on strictly in (point, replication) order,
 * so the files written from them are always a valid prefix, whatever the evaluator and its number
 * of threads. How many runs a point gets may be decided as they come in (replications to a
 * precision): only from that point's own results, taken in replication order, so the decision is
 * the same whatever order they arrived in.
 */
import { TaskCancelled, type Evaluator, type RunTask, type TaskResult } from './evaluators/evaluator.js';

/** Aim for tasks of about this long: short enough to stop promptly, long enough to amortise messages. */
const TARGET_TASK_MS = 150;
const MAX_TASK_RUNS = 1000;
/**
 * Near the end, a task gets at most 1/(TAIL_SHARES × threads) of the runs not yet dispatched
 * (guided self-scheduling): the tasks shrink as the work runs out, so no thread is left running a
 * full-size last task while the others are idle.
 */
const TAIL_SHARES = 2;

/** How many runs a point needs, decided from its results in replication order. */
export interface RunSchedule {
  /** Receives each result of a point in replication order (the point's earlier runs were given before dispatch began). */
  observe(result: TaskResult): void;
  /** The runs `point` needs in all, `done` of them observed: ≥ done; `done` itself when the point needs no more. */
  needed(point: number, done: number): number;
}

export interface DispatchOptions {
  evaluator: Evaluator;
  points: number;
  /** Runs per point; with a `schedule`, the runs a point gets first (for the estimate of runs needed). */
  replications: number;
  /** Decides how many runs each point gets; default `replications` each. */
  schedule?: RunSchedule;
  /** The first run not yet done, (point, replication): runs before it were written by an earlier session. */
  from: { point: number; replication: number };
  /** The task for `count` replications of `point` from `firstReplication`. */
  task: (point: number, firstReplication: number, count: number) => RunTask;
  /** Receives each task's result, in run order. */
  write: (result: TaskResult) => void;
  /** After one or more results were written; `completePoints` points have all their runs written. */
  progress?: (state: { completePoints: number; neededRuns: number }) => void;
  /** Aborting stops dispatching; tasks in flight finish (or the evaluator gives them up) first. */
  signal?: AbortSignal;
}

/** A point being run: its runs dispatched, observed (in order) and written, and how many it needs. */
interface OpenPoint {
  needed: number;
  /** Whether `needed` is final (the schedule needs no more than the runs observed). */
  settled: boolean;
  dispatched: number;
  observed: number;
  written: number;
  /** Results received before the ones they follow, by first replication. */
  early: Map<number, TaskResult>;
  /** Results observed, waiting for the points before this one to be written. */
  ready: TaskResult[];
}

/**
 * Dispatches the runs from `from` on and writes their results in order until all are written,
 * the signal aborts, or the evaluator fails.
 * @returns the runs written this session, whether every point has all its runs, and the evaluator's error if it failed (not a run's failure:
 *   those are outcomes); tasks given up after an abort ({@link TaskCancelled}) are simply not written
 */
export async function dispatchRuns(options: DispatchOptions): Promise<{ written: number; complete: boolean; fatal?: unknown }> {
  const { evaluator, points, signal } = options;
  const threads = evaluator.threads ?? 1;
  const schedule: RunSchedule = options.schedule ?? { observe: () => {}, needed: () => options.replications };
  const open = new Map<number, OpenPoint>();
  let head = options.from.point; // the first point not completely written
  let frontier = head; // the first point not yet opened
  let written = 0;
  let held = 0; // results held (early or ready), which bounds memory with the tasks in flight
  let outstanding = 0;
  let neededRuns = 0; // runs known to be needed beyond those written before this session
  // Per-run time, smoothed over recent tasks (the first runs are slow while the JIT warms up).
  let perRunMs = TARGET_TASK_MS / 2;
  let timed = false;
  let fatal: unknown;
  let wake: () => void = () => {};
  const stopped = () => fatal !== undefined || signal?.aborted === true;
  /** The runs known to be needed and not yet dispatched: the open points' and those of the points not yet opened. */
  const undispatched = () => {
    let runs = (points - frontier) * options.replications;
    for (const state of open.values()) runs += state.needed - state.dispatched;
    return runs;
  };
  const onAbort = () => wake();
  signal?.addEventListener('abort', onAbort);

  const settle = (point: number, state: OpenPoint) => {
    const needed = schedule.needed(point, state.observed);
    neededRuns += needed - state.needed;
    state.needed = needed;
    state.settled = needed === state.observed;
  };
  const openPoint = (point: number, done: number): OpenPoint => {
    const state: OpenPoint = { needed: done, settled: false, dispatched: done, observed: done, written: done, early: new Map(), ready: [] };
    open.set(point, state);
    settle(point, state);
    return state;
  };
  /** Observes the point's results that are next in order, then decides whether it needs more. */
  const observe = (point: number, state: OpenPoint) => {
    for (let result = state.early.get(state.observed); result !== undefined; result = state.early.get(state.observed)) {
      state.early.delete(state.observed);
      schedule.observe(result);
      state.ready.push(result);
      state.observed += result.outcomes.length;
      if (state.observed === state.needed) settle(point, state);
    }
  };

  try {
    if (head < points) { openPoint(head, options.from.replication); frontier = head + 1; }
    for (;;) {
      // Write the head point's results in order; move on once it has all it needs.
      let wrote = false;
      for (let state = open.get(head); state !== undefined; state = open.get(head)) {
        for (const result of state.ready) {
          options.write(result);
          state.written += result.outcomes.length;
          written += result.outcomes.length;
          held--;
          wrote = true;
        }
        state.ready = [];
        if (!(state.settled && state.written === state.needed)) break;
        open.delete(head);
        head++;
      }
      if (wrote) options.progress?.({ completePoints: head, neededRuns: neededRuns + (points - frontier) * options.replications });
      // At most `capacity` tasks in flight or held, so memory stays bounded even if one task is slow;
      // the head point may always have tasks in flight, so the results held can always be written.
      while (!stopped()) {
        let point = head;
        let state = open.get(point);
        while (state !== undefined && state.dispatched >= state.needed) state = open.get(++point);
        if (state === undefined && point >= frontier && frontier < points) { point = frontier++; state = openPoint(point, 0); }
        if (state === undefined || state.dispatched >= state.needed) break;
        if (outstanding >= evaluator.capacity || (point !== head && outstanding + held >= evaluator.capacity)) break;
        let size = Math.max(1, Math.min(MAX_TASK_RUNS, Math.floor(TARGET_TASK_MS / Math.max(perRunMs, 1e-3))));
        if (threads > 1) size = Math.min(size, Math.ceil(undispatched() / (TAIL_SHARES * threads)));
        const first = state.dispatched;
        const count = Math.min(size, state.needed - first);
        const task = options.task(point, first, count);
        state.dispatched += count;
        outstanding++;
        const target = state;
        const at = point;
        evaluator.evaluate(task, signal).then(
          (result) => {
            outstanding--;
            const latest = result.elapsedMs / Math.max(1, result.outcomes.length);
            perRunMs = timed ? 0.5 * perRunMs + 0.5 * latest : latest;
            timed = true;
            target.early.set(first, result);
            held++;
            observe(at, target);
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
      if (outstanding === 0 && (stopped() || head >= points)) break;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { written, complete: head >= points, ...(fatal !== undefined ? { fatal } : {}) };
}
