/**
 * Where `munisim sweep` and `munisim sensitivity` run their tasks: on this thread (`--jobs 1`), on a
 * pool of worker threads (`--jobs N`), or on `munisim worker` processes behind a Redis queue
 * (`--redis URL`). The experiment is the same with each; only the evaluator changes.
 */
import type { Evaluator } from '../experiments/evaluators/evaluator.js';
import { InlineEvaluator } from '../experiments/evaluators/inline.js';
import type { RedisStall } from '../experiments/evaluators/redis-queue.js';
import { WorkerPoolEvaluator } from '../experiments/evaluators/worker-pool.js';

/** `--redis`, as both commands describe it. */
export const REDIS_OPTION = {
  type: 'string',
  describe: 'run tasks on `munisim worker` processes through the Redis server at this URL (redis://host:6379, ?queue=NAME for another queue than "munisim"); --jobs is then ignored',
} as const;

export interface EvaluatorChoice {
  /** Worker threads on this machine; 1 runs on the main thread. */
  jobs: number;
  /** A Redis URL: use the queue evaluator instead of this machine's threads. */
  redis?: string;
}

/**
 * The evaluator for the command's options; close it when done.
 * @throws UserError if `redis` is malformed or Redis does not answer (exit 2)
 */
export async function createEvaluator({ jobs, redis }: EvaluatorChoice): Promise<Evaluator> {
  if (redis !== undefined) {
    // Loaded only when asked for: bullmq and ioredis cost every other command start-up time.
    const { RedisQueueEvaluator } = await import('../experiments/evaluators/redis-queue.js');
    return RedisQueueEvaluator.connect({ url: redis, onStall: printStall });
  }
  return jobs === 1 ? new InlineEvaluator() : new WorkerPoolEvaluator(jobs);
}

/** The hint on stderr when queued tasks wait and nothing finishes. */
function printStall(stall: RedisStall): void {
  const { target } = stall;
  const seconds = Math.round(stall.waitingMs / 1000);
  const workers = stall.workers === undefined ? 'Redis did not say how many workers are connected' : `${stall.workers} ${stall.workers === 1 ? 'worker is' : 'workers are'} connected to queue "${target.queue}"`;
  const lines = [`\nwaiting: no task has finished for ${seconds} s (${stall.pending} outstanding; ${workers})`];
  if (stall.error) lines.push(`  Redis connection: ${stall.error}`);
  if (!stall.workers) lines.push(`  start workers on the machines that should run tasks: munisim worker --redis ${target.display} --queue ${target.queue}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
