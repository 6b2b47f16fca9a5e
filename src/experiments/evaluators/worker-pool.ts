/**
 * The worker-pool evaluator: tasks run on `jobs` worker threads (tinypool). The main thread parses
 * the model once and resolves each design point's scenario once (its day tables); workers get the
 * tables and only simulate, so they never load the expression compiler — small, quick to start —
 * and a result carries only the runs' KPI values.
 */
import Tinypool from 'tinypool';
import type { Model } from '../../model/model.js';
import type { Scenario } from '../../model/scenario.js';
import type { Evaluator, RunTask, TaskResult } from './evaluator.js';
import { TaskCache } from './run-task.js';
import type { WorkerRequest } from './worker.js';

export class WorkerPoolEvaluator implements Evaluator {
  readonly capacity: number;
  private readonly pool: Tinypool;
  private readonly cache = new TaskCache();
  private portable?: { model: Model; stripped: Model };

  /** @param jobs - worker threads, an integer ≥ 1 */
  constructor(readonly jobs: number) {
    if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`WorkerPoolEvaluator: jobs must be an integer ≥ 1, got ${jobs}`);
    // Three tasks per worker: one running, two queued, so no worker waits for the main thread.
    this.capacity = jobs * 3;
    this.pool = new Tinypool({
      filename: new URL('./worker-bootstrap.mjs', import.meta.url).href,
      minThreads: jobs,
      maxThreads: jobs,
      idleTimeout: 60_000,
      isolateWorkers: false,
    });
  }

  async evaluate(task: RunTask): Promise<TaskResult> {
    const scenario = this.cache.scenarioFor(task);
    const request: WorkerRequest = { task, scenario: 'kind' in scenario ? scenario : this.portableScenario(scenario) };
    return (await this.pool.run(request)) as TaskResult;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /** The scenario without compiled expressions (functions cannot cross threads; the tables hold their values). */
  private portableScenario(scenario: Scenario): Scenario {
    if (this.portable?.model !== scenario.model) {
      const { model } = scenario;
      const stripped: Model = { ...model, quantities: [], events: model.events.map((event) => ({ ...event, set: [] })) };
      this.portable = { model, stripped };
    }
    return { ...scenario, model: this.portable.stripped };
  }
}

