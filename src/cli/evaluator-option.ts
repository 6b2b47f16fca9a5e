/**
 * Where `munisim sweep` and `munisim sensitivity` run their tasks: on this thread (`--jobs 1`), on a
 * pool of worker threads (`--jobs N`), or on `munisim worker` processes behind a Redis queue
 * (`--redis URL`). The experiment is the same with each; only the evaluator changes.
 */
import type { Evaluator } from '../experiments/evaluators/evaluator.js';
import { InlineEvaluator } from '../experiments/evaluators/inline.js';
import type { RedisStall } from '../experiments/evaluators/redis-queue.js';
import type { ConnectionEvent } from '../experiments/evaluators/redis-connection.js';
import { WorkerPoolEvaluator } from '../experiments/evaluators/worker-pool.js';
import { EXIT } from './exit.js';

export interface EvaluatorChoice {
  /** Worker threads on this machine; 1 runs on the main thread. */
  jobs: number;
  /** A Redis URL: use the queue evaluator instead of this machine's threads. */
  redis?: string;
}

/**
 * The evaluator for the command's options; close it when done.
 * @throws UserError if `redis` is malformed, names a database the server lacks, or Redis does not answer (exit 2)
 */
export async function createEvaluator({ jobs, redis }: EvaluatorChoice): Promise<Evaluator> {
  if (redis !== undefined) {
    // Loaded only when asked for: bullmq and ioredis cost every other command start-up time.
    const { RedisQueueEvaluator } = await import('../experiments/evaluators/redis-queue.js');
    const evaluator: { display?: string } = {};
    const queue = await RedisQueueEvaluator.connect({
      url: redis,
      onStall: printStall,
      onConnection: (event) => {
        const line = connectionLine('', evaluator.display ?? redis, event);
        if (line) process.stderr.write(`\n${line}\n`);
      },
    });
    evaluator.display = queue.target.display;
    return queue;
  }
  return jobs === 1 ? new InlineEvaluator() : new WorkerPoolEvaluator(jobs);
}

/**
 * A second Ctrl-C: the local evaluators quit at once (the files on disk are a valid prefix); the
 * Redis one first gives up its tasks, so that the sweep records itself as interrupted and leaves
 * no job behind, and quits anyway if that takes more than a few seconds.
 */
export function quitAtOnce(evaluator: Evaluator | undefined): void {
  if (evaluator === undefined) process.exit(EXIT.interrupted);
  setTimeout(() => process.exit(EXIT.interrupted), 5000).unref();
  void evaluator.close();
}

/**
 * Ctrl-C and SIGTERM for a command that runs an experiment: the first stops dispatching and lets the
 * runs in flight finish (the files stay resumable), the second quits at once (`quitAtOnce`). Call
 * `release()` when the experiment is over.
 */
export function stopOnSignals(evaluator: Evaluator | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return quitAtOnce(evaluator);
    process.stderr.write('\nstopping: finishing the runs in flight (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => { process.off('SIGINT', onSignal); process.off('SIGTERM', onSignal); },
  };
}

/** One line per change of the connection (the `gave-up` case is reported as the command's error). */
export function connectionLine(prefix: string, display: string, event: ConnectionEvent): string | undefined {
  if (event.kind === 'lost') return `${prefix}lost the connection to Redis at ${display}${event.error ? ` (${event.error})` : ''}; retrying`;
  if (event.kind === 'back') return `${prefix}Redis at ${display} is back after ${Math.max(1, Math.round(event.downMs / 1000))} s`;
  return undefined;
}

/** The hint on stderr when no worker runs this code, or queued tasks wait and nothing finishes. */
function printStall(stall: RedisStall): void {
  const { target } = stall;
  const seconds = Math.round(stall.waitingMs / 1000);
  const workers = stall.workers === undefined ? 'Redis did not say how many workers are connected'
    : `${stall.workers} ${stall.workers === 1 ? 'worker runs' : 'workers run'} it on queue "${target.queue}"`;
  const lines = [`\nwaiting for a worker running this code (${stall.code})${seconds > 0 ? `: no task has finished for ${seconds} s` : ''} (${stall.pending} outstanding; ${workers})`];
  for (const [code, count] of stall.otherCode ?? []) {
    lines.push(`  ${count} ${count === 1 ? 'worker' : 'workers'} on queue "${target.queue}" ${count === 1 ? 'runs' : 'run'} other munisim code (${code}) and leave these tasks alone`);
  }
  if (stall.error) lines.push(`  Redis connection: ${stall.error}`);
  if (!stall.workers) lines.push(`  start workers of this munisim on the machines that should run tasks: munisim worker --redis ${target.display} --queue ${target.queue}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}
