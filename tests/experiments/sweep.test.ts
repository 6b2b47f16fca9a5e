/**
 * runSweep's ordering and recovery, in-process with evaluators that misbehave on purpose: results
 * that finish in random order, an abort in the middle, an evaluator that dies. The files must come
 * out byte-identical to a plain in-order sweep every time.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planDesign } from '../../src/experiments/design-spec.js';
import type { Evaluator, RunTask, TaskResult } from '../../src/experiments/evaluators/evaluator.js';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import { TaskCache } from '../../src/experiments/evaluators/run-task.js';
import { runReplications } from '../../src/experiments/evaluators/simulate-task.js';
import { runSweep, type SweepOptions } from '../../src/experiments/sweep.js';
import { loadModel } from '../../src/model/load-model.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-sweep-lib-'));
const modelFile = join(work, 'chain.yaml');
writeFileSync(modelFile, `name: chain
start: 2024-01-01
days: 20
seed: 3
parameters:
  rate: { value: 100, min: 0, max: 300 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 300 } }]
factories: [{ id: plant, munition: shell, to: depot, rate: rate, breakdown: { mtbf_days: 5, mttr_days: 1 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 110, demand_cv: 0.3 }]
`);
const model = loadModel(modelFile);
const design = planDesign(model, { vary: ['rate=50:250:5'], kind: 'grid', seed: 1 });
const FILES = ['design.csv', 'summary.csv', 'failures.csv', 'aggregate.csv'];
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const options = (dir: string, evaluator: Evaluator): SweepOptions => ({ model, design, replications: 7, dir, evaluator });

/** Finishes tasks after random delays, so results arrive out of order; can fail on one point. */
class ShuffledEvaluator implements Evaluator {
  private readonly cache = new TaskCache();
  evaluated = 0;
  constructor(private readonly failOnPoint?: number, readonly capacity = 12) {}
  async evaluate(task: RunTask): Promise<TaskResult> {
    this.evaluated++;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
    if (task.point === this.failOnPoint) throw new Error('the evaluator lost its workers');
    return runReplications(task, this.cache.scenarioFor(task));
  }
  async close(): Promise<void> {}
}

describe('runSweep', () => {
  const reference = join(work, 'reference');
  beforeAll(async () => {
    const result = await runSweep(options(reference, new InlineEvaluator()));
    expect(result).toMatchObject({ status: 'complete', points: 5, total: 35, done: 35, failed: 0 });
  });

  it('writes the same files whatever order the results arrive in', async () => {
    const dir = join(work, 'shuffled');
    const evaluator = new ShuffledEvaluator();
    await runSweep(options(dir, evaluator));
    expect(evaluator.evaluated).toBeGreaterThan(5); // several tasks were in flight at once
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('stops on abort after the runs in flight, leaving a resumable prefix', async () => {
    const dir = join(work, 'aborted');
    const controller = new AbortController();
    // At most 3 tasks (≤ 21 runs) outstanding, so an abort at 5 runs done leaves runs never dispatched.
    const result = await runSweep({
      ...options(dir, new ShuffledEvaluator(undefined, 3)),
      signal: controller.signal,
      onProgress: (p) => { if (p.done >= 5) controller.abort(); },
    });
    expect(result.status).toBe('interrupted');
    expect(result.done).toBeLessThan(35);
    expect(read(reference, 'summary.csv').startsWith(read(dir, 'summary.csv'))).toBe(true);
    expect(existsSync(join(dir, 'aggregate.csv'))).toBe(false);
    expect(JSON.parse(read(dir, 'manifest.json'))).toMatchObject({ status: 'interrupted', progress: { done: result.done } });

    const resumed = await runSweep(options(dir, new ShuffledEvaluator()));
    expect(resumed).toMatchObject({ status: 'complete', resumed: result.done, done: 35 });
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('stops when the evaluator itself fails, keeps the finished prefix, and resumes', async () => {
    const dir = join(work, 'broken');
    await expect(runSweep(options(dir, new ShuffledEvaluator(3)))).rejects.toThrow('the evaluator lost its workers');
    const manifest = JSON.parse(read(dir, 'manifest.json'));
    expect(manifest).toMatchObject({ status: 'failed', error: 'the evaluator lost its workers' });
    expect(manifest.progress.done).toBeLessThanOrEqual(21); // nothing of point 3 or after
    expect(read(reference, 'summary.csv').startsWith(read(dir, 'summary.csv'))).toBe(true);

    await runSweep(options(dir, new ShuffledEvaluator()));
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('refuses a folder that holds a different sweep, naming the difference', async () => {
    await expect(runSweep({ ...options(reference, new InlineEvaluator()), replications: 8 }))
      .rejects.toThrow(/holds a different sweep.*replications: 7 there, 8 here/);
    await expect(runSweep({ ...options(reference, new InlineEvaluator()), seed: 11 }))
      .rejects.toThrow(/seed: 3 there, 11 here/);
  });
});
