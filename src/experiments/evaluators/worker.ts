/**
 * The body of a pool worker thread: it receives a task with its scenario already resolved (day
 * tables, no compiled expressions) and runs the replications. It never loads the model file or the
 * expression compiler, so each worker is small and starts fast. A scenario may come once as shared
 * memory (the pool's way): each worker decodes it at its first task and keeps it for the point's
 * other tasks, so a design point's scenario crosses to a worker once, not with every task.
 */
import { deserialize } from 'node:v8';
import { threadId } from 'node:worker_threads';
import type { RunFailure, RunTask, TaskResult } from './evaluator.js';
import type { PortableScenario } from './portable-scenario.js';
import { runReplications } from './simulate-task.js';

/** A portable scenario serialized (node:v8) into shared memory, under an id unique in its process. */
export interface SharedScenario {
  id: number;
  bytes: SharedArrayBuffer;
}

/** What the pool sends a worker: the task (without its model) and its scenario (or the failure resolving it gave). */
export type WorkerRequest =
  | { task: RunTask; scenario: PortableScenario | RunFailure }
  | { task: RunTask; shared: SharedScenario }
  /** Answered with the worker's thread id once its code is loaded: the pool sends tasks only to workers that answered. */
  | { ping: true };

/** Scenarios decoded in this worker, by id; tasks come in point order, so a few suffice. */
const SCENARIOS_KEPT = 4;
const decoded = new Map<number, PortableScenario>();

export default function runInWorker(request: WorkerRequest): Promise<TaskResult> | number {
  if ('ping' in request) return threadId;
  if ('scenario' in request) return runReplications(request.task, request.scenario);
  const started = performance.now();
  return runReplications(request.task, scenarioOf(request.shared), started);
}

function scenarioOf({ id, bytes }: SharedScenario): PortableScenario {
  let scenario = decoded.get(id);
  if (scenario === undefined) {
    scenario = deserialize(new Uint8Array(bytes)) as PortableScenario;
    if (decoded.size >= SCENARIOS_KEPT) decoded.delete(decoded.keys().next().value as number);
    decoded.set(id, scenario);
  }
  return scenario;
}
