/**
 * The body of a pool worker thread: it receives a task with its scenario already resolved (day
 * tables, no compiled expressions) and runs the replications. It never loads the model file or the
 * expression compiler, so each worker is small and starts fast.
 */
import type { RunFailure, RunTask, TaskResult } from './evaluator.js';
import type { PortableScenario } from './portable-scenario.js';
import { runReplications } from './simulate-task.js';

/** What the pool sends a worker: the task (without its model) and its scenario (or the failure resolving it gave). */
export interface WorkerRequest {
  task: RunTask;
  scenario: PortableScenario | RunFailure;
}

export default function runInWorker(request: WorkerRequest): Promise<TaskResult> {
  return runReplications(request.task, request.scenario);
}
