/**
 * Resolving a task's scenario: the model file is parsed once per evaluator and each design point's
 * scenario (its day tables) is resolved once, then shared by all its replications. A point the
 * model refuses becomes a failure of each of its runs; the sweep goes on.
 */
import { UserError } from '../../model/errors.js';
import { loadModel } from '../../assembly/load-model.js';
import type { Model } from '../../model/model.js';
import { resolveScenario, type Scenario } from '../../model/scenario.js';
import type { RunFailure, RunTask, TaskResult } from './evaluator.js';
import { runReplications, toFailure } from './simulate-task.js';

/** How many resolved scenarios an evaluator keeps; tasks arrive in point order, so a few suffice. */
const SCENARIOS_KEPT = 4;

/** Parses a task's model; the default reads `task.modelFile`, a remote worker parses text it was sent. */
export type ModelLoader = (task: RunTask) => Model;

/** Models and scenarios an evaluator has already built, keyed by file + hash and by point. */
export class TaskCache {
  private model?: { key: string; model: Model };
  private readonly scenarios = new Map<string, Scenario | RunFailure>();

  constructor(private readonly load: ModelLoader = (task) => loadModel(task.modelFile)) {}

  /** @throws UserError if the file's hash is not the task's (it changed during the sweep) */
  modelFor(task: RunTask): Model {
    const key = `${task.modelFile}\u0000${task.modelSha256}`;
    if (this.model?.key === key) return this.model.model;
    const model = this.load(task);
    if (model.sha256 !== task.modelSha256) {
      throw new UserError({ file: task.modelFile, message: 'the model file changed while the sweep was running', hint: 'runs of one sweep must use one model; restore the file, or start a new sweep' });
    }
    this.model = { key, model };
    this.scenarios.clear();
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
