/**
 * The other end of the Redis-queue evaluator: a process that takes tasks from a BullMQ queue, runs
 * them and sends back their results, on as many machines as there are. It listens only on the queue
 * of its own code hash, skips jobs whose coordinator is gone, checks each job's model text and input
 * files against the task's sha256, parses a model once per hash (reading its CSVs from the job, never
 * from this machine's disk), and simulates on worker threads like the local pool, so this thread
 * stays free to keep its job locks alive.
 */
import { randomBytes } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { UserError } from '../../model/errors.js';
import { modelSha256, parseModel, sentInputReader } from '../../assembly/load-model.js';
import { decodeJson, encodeJson } from '../json-numbers.js';
import { codeHash } from './code-hash.js';
import type { RunTask, TaskResult } from './evaluator.js';
import {
  ConnectionWatch, lostConnectionError, parseRedisTarget, probeRedis, withTimeout, type ConnectionEvent, type RedisTarget,
} from './redis-connection.js';
import {
  KEY_PREFIX, PRESENCE_REFRESH_MS, holdPresence, jobQueueName, presenceKey, presentCodes, type RedisJobData, type RedisReply,
} from './redis-protocol.js';
import { PortableScenarios } from './portable-scenario.js';
import { TaskCache } from './run-task.js';
import type { WorkerRequest } from './worker.js';
import { loadTinypool } from './tinypool.js';
import { workerEntry } from './worker-bundle.js';

/** Model texts kept for parsing, by sha256; jobs of a few sweeps at once at most. */
const TEXTS_KEPT = 4;
/** How long Redis may stay unreachable before the worker gives up. */
const DEFAULT_RECONNECT_LIMIT_MS = 5 * 60_000;

export interface RedisWorkerOptions {
  /** `redis://host:port[/db][?queue=NAME]`. */
  url: string;
  /** The queue, instead of the URL's `queue` parameter (default `munisim`). */
  queue?: string;
  /** Tasks run at once, each on its own thread. Default 1. */
  concurrency?: number;
  connectTimeoutMs?: number;
  /** Stop (see `RedisWorker.gaveUp`) when Redis stays unreachable this long. Default 5 min. */
  reconnectLimitMs?: number;
  /** The code hash to serve; default this process's (tests use another to play an incompatible worker). */
  code?: string;
  /** Something happened worth telling the operator (library code does not print). */
  onEvent?: (event: RedisWorkerEvent) => void;
}

export type RedisWorkerEvent =
  | { kind: 'refused'; jobId: string; reason: string }
  | { kind: 'failed'; jobId: string; error: string }
  /** Once per code hash: sweeps on this queue that run other code, whose tasks this worker leaves alone. */
  | { kind: 'other-code'; code: string; sweeps: number }
  | { kind: 'connection'; event: ConnectionEvent };

export interface RedisWorkerStats {
  tasks: number;
  runs: number;
  refused: number;
  /** Jobs dropped unrun because their coordinator's presence key had expired. */
  skipped: number;
}

export interface RedisWorker {
  readonly target: RedisTarget;
  readonly concurrency: number;
  /** The code hash this worker serves (its queue is `<queue>@<code>`). */
  readonly code: string;
  /** Resolves with the error to report if Redis stayed unreachable for the whole limit; the worker should then be closed. */
  readonly gaveUp: Promise<UserError>;
  stats(): RedisWorkerStats;
  /** Takes no new job, waits for the running ones to finish and send their results, then disconnects. */
  close(): Promise<void>;
}

/**
 * Connects to Redis and starts taking jobs from the queue.
 * @throws UserError if the URL or queue is malformed or Redis does not answer
 */
export async function startRedisWorker(options: RedisWorkerOptions): Promise<RedisWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`startRedisWorker: concurrency must be an integer ≥ 1, got ${concurrency}`);
  const target = parseRedisTarget(options.url, options.queue);
  await probeRedis(target, options.connectTimeoutMs);
  const emit = options.onEvent ?? (() => {});

  const texts = new Map<string, { text: string; file: string; inputs: RedisJobData['inputs'] }>();
  const cache = new TaskCache((task) => {
    const sent = texts.get(task.modelSha256);
    if (sent === undefined) throw new Error(`no model text for sha256 ${task.modelSha256}`);
    return parseModel(sent.text, sent.file, { readInput: sentInputReader(sent.inputs) });
  });
  const Tinypool = await loadTinypool();
  const pool = new Tinypool({
    filename: await workerEntry(), // the local pool's worker module: the same code runs the same runs
    minThreads: concurrency,
    maxThreads: concurrency,
    isolateWorkers: false,
  });
  const stats: RedisWorkerStats = { tasks: 0, runs: 0, refused: 0, skipped: 0 };
  const code = options.code ?? codeHash();
  const portable = new PortableScenarios();

  const refuse = (job: Job, reason: string): string => {
    stats.refused++;
    emit({ kind: 'refused', jobId: job.id ?? '?', reason });
    return encodeJson({ refused: reason } satisfies RedisReply);
  };

  /** Jobs skipped because their coordinator is gone: removed once BullMQ has marked them done. */
  const skippedJobs = new Set<string>();
  let resolveGaveUp: (error: UserError) => void = () => {};
  let lost = false;
  const gaveUp = new Promise<UserError>((resolve) => { resolveGaveUp = resolve; });
  const watch = new ConnectionWatch((event) => {
    emit({ kind: 'connection', event });
    if (event.kind === 'gave-up') lost = true;
    if (event.kind === 'gave-up') resolveGaveUp(lostConnectionError(target, event.downMs, event.error, 'start the server again, then the worker'));
  }, options.reconnectLimitMs ?? DEFAULT_RECONNECT_LIMIT_MS);
  const connection: Redis = watch.connect(target);

  const processJob = async (job: Job<RedisJobData>): Promise<string> => {
    const { modelText, modelFile, inputs } = job.data;
    // A killed coordinator leaves its queued jobs behind: nobody would read their results.
    if (await connection.exists(presenceKey(target.queue, 'coordinator', String(job.data.coordinator))) === 0) {
      stats.skipped++;
      if (job.id !== undefined) skippedJobs.add(job.id);
      return encodeJson({ skipped: 'its coordinator is gone' } satisfies RedisReply);
    }
    if (job.data.code !== code) {
      return refuse(job, `the job was made by code ${job.data.code} (munisim ${job.data.munisim}) and this worker runs ${code}`);
    }
    const task = decodeJson<RunTask>(job.data.task);
    if (modelSha256(modelText, inputs) !== task.modelSha256) {
      return refuse(job, `the model text of ${modelFile}${inputs.length > 0 ? ' and its input files' : ''} does not match its sha256 (damaged in transit?)`);
    }
    if (task.series) return refuse(job, 'kept time series would be written to this machine\'s disk');
    texts.delete(task.modelSha256);
    texts.set(task.modelSha256, { text: modelText, file: modelFile, inputs });
    if (texts.size > TEXTS_KEPT) texts.delete(texts.keys().next().value as string);
    // Parsing (once per model) and resolving the point happen here; the runs on a pool thread.
    const scenario = cache.scenarioFor(task);
    const { model: _model, ...bare } = task;
    const request: WorkerRequest = { task: bare, scenario: 'kind' in scenario ? scenario : portable.of(scenario) };
    const result = (await pool.run(request)) as TaskResult;
    stats.tasks++;
    stats.runs += result.outcomes.length;
    return encodeJson({ result } satisfies RedisReply);
  };

  const worker = new Worker<RedisJobData, string>(jobQueueName(target.queue, code), processJob, { connection, prefix: KEY_PREFIX, concurrency, autorun: true });
  worker.on('failed', (job, error) => emit({ kind: 'failed', jobId: job?.id ?? '?', error: error.message }));
  worker.on('completed', (job) => {
    if (job.id === undefined || !skippedJobs.delete(job.id)) return;
    void job.remove().catch(() => {});
  });
  // BullMQ repeats each connection error here; the watch reports outages once.
  worker.on('error', (error) => watch.error(error));
  try {
    await worker.waitUntilReady();
  } catch (error) {
    watch.stop();
    await Promise.allSettled([worker.close(true), pool.destroy()]);
    connection.disconnect();
    throw error;
  }

  const presence = holdPresence(connection, presenceKey(target.queue, 'worker', `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`), code);
  // Say once per code hash that sweeps of other code use this queue: their tasks wait for other workers.
  const told = new Set<string>([code]);
  const lookAround = async () => {
    const codes = await presentCodes(connection, target.queue, 'coordinator').catch(() => new Map<string, number>());
    for (const [other, sweeps] of codes) {
      if (told.has(other)) continue;
      told.add(other);
      emit({ kind: 'other-code', code: other, sweeps });
    }
  };
  void lookAround();
  const looking = setInterval(() => { void lookAround(); }, 2 * PRESENCE_REFRESH_MS);
  looking.unref();

  let closing: Promise<void> | undefined;
  return {
    target,
    concurrency,
    code,
    gaveUp,
    stats: () => ({ ...stats }),
    close: () => {
      closing ??= (async () => {
        clearInterval(looking);
        try {
          // Without Redis the running tasks cannot hand back their results: do not wait for them.
          await (lost ? withTimeout(worker.close(true), 2000) : worker.close());
        } finally {
          await presence.stop();
          watch.stop();
          await pool.destroy();
          connection.disconnect();
        }
      })();
      return closing;
    },
  };
}
