/**
 * The inline evaluator: runs tasks one at a time on the calling thread, with no worker to start or
 * feed — the fastest choice for `--jobs 1`. It yields to the event loop before each task so that
 * Ctrl-C and progress output are handled between tasks.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Evaluator, RunTask, TaskResult } from './evaluator.js';
import { TaskCache, runTask } from './run-task.js';

export class InlineEvaluator implements Evaluator {
  readonly capacity = 1;
  private readonly cache = new TaskCache();

  async evaluate(task: RunTask): Promise<TaskResult> {
    await nextTurn();
    return runTask(task, this.cache);
  }

  async close(): Promise<void> {}
}
