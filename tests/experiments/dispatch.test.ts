/**
 * How dispatchRuns sizes tasks: about TARGET_TASK_MS (150 ms) of runs each, from the measured time per
 * run, and — with several threads — never more than a quarter (1 / (2 × threads)) of the runs not yet
 * dispatched, so the last tasks shrink and the threads finish together.
 */
import { describe, expect, it } from 'vitest';
import { dispatchRuns } from '../../src/experiments/dispatch.js';
import type { Evaluator, RunTask, TaskResult } from '../../src/experiments/evaluators/evaluator.js';

/** Answers every task at once, as if each run took `msPerRun`; records the tasks' sizes in order. */
class TimedEvaluator implements Evaluator {
  readonly sizes: number[] = [];
  constructor(readonly threads: number | undefined, private readonly msPerRun: number, readonly capacity = 4) {}
  async evaluate(task: RunTask): Promise<TaskResult> {
    this.sizes.push(task.count);
    const outcomes = Array.from({ length: task.count }, (_, i) => ({ replication: task.firstReplication + i, seed: task.firstReplication + i, values: [] }));
    return { point: task.point, firstReplication: task.firstReplication, outcomes, elapsedMs: task.count * this.msPerRun };
  }
  async close(): Promise<void> {}
}

async function dispatch(evaluator: TimedEvaluator, replications: number): Promise<number[]> {
  const written: number[] = [];
  const task = (point: number, firstReplication: number, count: number): RunTask =>
    ({ modelSha256: '', point, parameters: {}, baseSeed: 0, firstReplication, count, kpis: [] });
  const result = await dispatchRuns({ evaluator, points: 1, replications, from: { point: 0, replication: 0 }, task, write: (r) => written.push(...r.outcomes.map((o) => o.replication)) });
  expect(result).toMatchObject({ written: replications, complete: true });
  expect(written).toEqual(Array.from({ length: replications }, (_, i) => i)); // each run once, in order
  return evaluator.sizes;
}

describe('dispatchRuns task sizes', () => {
  it('on one thread, tasks of about 150 ms of runs to the end', async () => {
    const sizes = await dispatch(new TimedEvaluator(undefined, 1), 1000);
    // The first 4 tasks (the capacity) go out before any is timed: 150 / 75 ms (half the target, a
    // guess) = 2 runs each; then 150 runs of 1 ms each, and the 92 runs left.
    expect(sizes).toEqual([2, 2, 2, 2, 150, 150, 150, 150, 150, 150, 92]);
  });

  it('on two threads, each task at most a quarter of the runs left, so the last ones are single runs', async () => {
    const sizes = await dispatch(new TimedEvaluator(2, 1), 1000);
    let left = 1000;
    for (const size of sizes) {
      expect(size).toBeLessThanOrEqual(Math.min(150, Math.ceil(left / 4)));
      left -= size;
    }
    // After the four 2-run tasks, 992 left: 150 while ⌈left / 4⌉ ≥ 150 (992, 842, 692), then
    // ⌈542 / 4⌉ = 136, ⌈406 / 4⌉ = 102, ⌈304 / 4⌉ = 76, … down to single runs.
    expect(sizes.slice(0, 10)).toEqual([2, 2, 2, 2, 150, 150, 150, 136, 102, 76]);
    expect(sizes.slice(-4)).toEqual([1, 1, 1, 1]);
  });
});
