/**
 * Resolving a task's scenario: each design point's scenario (its day tables) is resolved once, then
 * shared by all its replications. The model comes with the task (or, in a worker elsewhere, is parsed
 * once from the text it was sent). A point the model refuses becomes a failure of each of its runs.
 */
import type { Model } from '../../model/model.js';
import { resolveScenario, type Scenario } from '../../model/scenario.js';
import type { RunFailure, RunTask, TaskResult } from './evaluator.js';
import { runReplications, toFailure } from './simulate-task.js';

/** How many resolved scenarios an evaluator keeps; tasks arrive in point order, so a few suffice. */
const SCENARIOS_KEPT = 4;

/** The model of a task that arrived without one: a worker elsewhere parses the text it was sent. */
export type ModelLoader = (task: RunTask) => Model;

/** Scenarios an evaluator has already resolved, keyed by model and point. */
export class TaskCache {
  private model?: Model;
  private readonly scenarios = new Map<string, Scenario | RunFailure>();

  constructor(private readonly load?: ModelLoader) {}

  /** The task's model: the one it carries, else the loader's. */
  modelFor(task: RunTask): Model {
    const model = task.model ?? (this.model?.sha256 === task.modelSha256 ? this.model : this.load?.(task));
    if (model === undefined) throw new Error(`task of point ${task.point} carries no model, and this evaluator has no way to load one`);
    if (model !== this.model) {
      this.model = model;
      this.scenarios.clear();
    }
    return model;
  }

  /** The task's scenario, or the failure that resolving it gave. */
  scenarioFor(task: RunTask): Scenario | RunFailure {
    const model = this.modelFor(task);
    const key = `${task.days ?? ''}\u0000${JSON.stringify(task.parameters)}`;
    let scenario = this.scenarios.get(key);
    if (scenario === undefined) {
      try {
        scenario = resolveScenario(model, { parameters: task.parameters, days: task.days });
      } catch (error) {
        scenario = toFailure(error);
      }
      if (this.scenarios.size >= SCENARIOS_KEPT) this.scenarios.delete(this.scenarios.keys().next().value as string);
      this.scenarios.set(key, scenario);
    }
    return scenario;
  }
}

/** Runs every replication of `task` on this thread. */
export function runTask(task: RunTask, cache: TaskCache): Promise<TaskResult> {
  const started = performance.now();
  return runReplications(task, cache.scenarioFor(task), started);
}
