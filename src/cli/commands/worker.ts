/**
 * `munisim worker --redis URL`: takes sweep and sensitivity tasks from a Redis queue and runs them
 * until stopped. Ctrl-C or SIGTERM stops taking tasks, finishes the running ones and exits 0; a
 * second signal quits at once (the queue hands the interrupted tasks to another worker).
 */
import type { Argv } from 'yargs';
import type { RedisWorkerEvent } from '../../experiments/evaluators/redis-worker.js';
import { UserError } from '../../model/errors.js';
import { EXIT, runCommand } from '../exit.js';
import { withFlags } from '../flags.js';
import { connectionLine } from '../evaluator-option.js';
import { formatCount } from '../../base/format.js';

export function registerWorker(cli: Argv): Argv {
  return cli.command(
    'worker',
    'Run sweep and sensitivity tasks from a Redis queue (start one per machine; stop with Ctrl-C)',
    (y) => y
      .option('redis', { type: 'string', demandOption: true, describe: 'the Redis server the sweeps use: redis://host:6379' })
      .option('queue', { type: 'string', describe: 'queue to take tasks from (default: the URL\'s ?queue=, else "munisim")' })
      .option('concurrency', { type: 'number', default: 1, describe: 'tasks at once, each on its own thread (e.g. the machine\'s cores)' })
      .example('$0 worker --redis redis://10.0.0.5:6379 --concurrency 8', 'serve sweeps started with --redis redis://10.0.0.5:6379')
      .epilogue('Then, on any machine: munisim sweep MODEL --vary … --redis redis://10.0.0.5:6379. Results equal those of --jobs 1.'),
    (args) => runCommand(async () => {
      const concurrency = args.concurrency;
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
        throw new UserError({ path: '--concurrency', message: `expected a whole number from 1 to 1024, got ${concurrency}` });
      }
      const { startRedisWorker } = await import('../../experiments/evaluators/redis-worker.js');
      const { parseRedisTarget } = await import('../../experiments/evaluators/redis-connection.js');
      const { display } = withFlags(() => parseRedisTarget(args.redis, args.queue));
      const worker = await withFlags(() => startRedisWorker({ url: args.redis, queue: args.queue, concurrency, onEvent: (event) => printEvent(event, display) }));
      process.stderr.write(`worker: taking tasks from queue "${worker.target.queue}" at ${display} for code ${worker.code}, ${concurrency} at a time; Ctrl-C to stop\n`);
      const stopped = await new Promise<NodeJS.Signals | UserError>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          process.stderr.write(`worker: ${signal}: finishing the running tasks (again to quit at once)…\n`);
          process.once('SIGINT', () => process.exit(EXIT.interrupted));
          process.once('SIGTERM', () => process.exit(EXIT.interrupted));
          resolve(signal);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        void worker.gaveUp.then(resolve);
      });
      if (stopped instanceof UserError) {
        // Nothing can be finished or handed back without Redis: leave at once (coordinators re-queue lost tasks).
        await worker.close().catch(() => {});
        throw stopped;
      }
      await worker.close();
      const { tasks, runs, refused, skipped } = worker.stats();
      process.stderr.write(`worker: stopped after ${formatCount(tasks)} tasks (${formatCount(runs)} runs)${refused ? `, ${formatCount(refused)} refused` : ''}${skipped ? `, ${formatCount(skipped)} skipped (their sweep had stopped)` : ''}\n`);
      return EXIT.ok;
    }),
  );
}

function printEvent(event: RedisWorkerEvent, display: string): void {
  const line = event.kind === 'refused' ? `worker: refused task ${event.jobId}: ${event.reason}`
    : event.kind === 'failed' ? `worker: task ${event.jobId} failed: ${event.error}`
      : event.kind === 'other-code' ? `worker: queue has tasks of ${event.sweeps === 1 ? 'a sweep' : `${event.sweeps} sweeps`} running other munisim code (${event.code}); this worker leaves them to workers of that code`
        : connectionLine('worker: ', display, event.event);
  if (line) process.stderr.write(`${line}\n`);
}
