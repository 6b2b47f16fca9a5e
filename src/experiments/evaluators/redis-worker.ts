/**
 * The other end of the Redis-queue evaluator: a process that takes tasks from a BullMQ queue, runs
 * them and sends back their results, on as many machines as there are. It checks each job's model
 * text against the task's sha256 and munisim version, parses a model once per hash, and simulates on
 * worker threads like the local pool, so this thread stays free to keep its job locks alive.
 */
import Tinypool from 'tinypool';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseModel } from '../../model/load-model.js';
import type { Model } from '../../model/model.js';
import type { Scenario } from '../../model/scenario.js';
import { munisimVersion } from '../../output/manifest.js';
import type { RunTask, TaskResult } from './evaluator.js';
import {
  KEY_PREFIX, connectRedis, decodeJson, encodeJson, parseRedisTarget, probeRedis, sha256Text,
  type RedisJobData, type RedisReply, type RedisTarget,
} from './redis-queue.js';
import { TaskCache } from './run-task.js';
import type { WorkerRequest } from './worker.js';
import { workerEntry } from './worker-pool.js';

/** Model texts kept for parsing, by sha256; jobs of a few sweeps at once at most. */
const TEXTS_KEPT = 4;

export interface RedisWorkerOptions {
  /** `redis://host:port[/db][?queue=NAME]`. */
  url: string;
  /** The queue, instead of the URL's `queue` parameter (default `munisim`). */
  queue?: string;
  /** Tasks run at once, each on its own thread. Default 1. */
  concurrency?: number;
  connectTimeoutMs?: number;
  /** Something happened worth telling the operator (library code does not print). */
  onEvent?: (event: RedisWorkerEvent) => void;
}

export type RedisWorkerEvent =
  | { kind: 'refused'; jobId: string; reason: string }
  | { kind: 'failed'; jobId: string; error: string }
  | { kind: 'connection'; error: string };

export interface RedisWorkerStats {
  tasks: number;
  runs: number;
  refused: number;
}

export interface RedisWorker {
  readonly target: RedisTarget;
  readonly concurrency: number;
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

  const texts = new Map<string, string>();
  const cache = new TaskCache((task) => {
    const text = texts.get(task.modelSha256);
    if (text === undefined) throw new Error(`no model text for sha256 ${task.modelSha256}`);
    return parseModel(text, task.modelFile);
  });
  const pool = new Tinypool({
    filename: await workerEntry(), // the local pool's worker module: the same code runs the same runs
    minThreads: concurrency,
    maxThreads: concurrency,
    isolateWorkers: false,
  });
  const stats: RedisWorkerStats = { tasks: 0, runs: 0, refused: 0 };
  let stripped: { model: Model; portable: Model } | undefined;

  /** The scenario without compiled expressions, as the local pool sends it (functions cannot cross threads). */
  const portable = (scenario: Scenario): Scenario => {
    if (stripped?.model !== scenario.model) {
      const { model } = scenario;
      stripped = { model, portable: { ...model, quantities: [], events: model.events.map((event) => ({ ...event, set: [] })) } };
    }
    return { ...scenario, model: stripped.portable };
  };

  const refuse = (job: Job, reason: string): string => {
    stats.refused++;
    emit({ kind: 'refused', jobId: job.id ?? '?', reason });
    return encodeJson({ refused: reason } satisfies RedisReply);
  };

  const processJob = async (job: Job<RedisJobData>): Promise<string> => {
    const { modelText, munisim } = job.data;
    if (munisim !== munisimVersion()) {
      return refuse(job, `the sweep runs munisim ${munisim} and this worker ${munisimVersion()}; results are only comparable within one version — install the same version on every machine`);
    }
    const task = decodeJson<RunTask>(job.data.task);
    if (sha256Text(modelText) !== task.modelSha256) {
      return refuse(job, `the model text of ${task.modelFile} does not match its sha256 (damaged in transit?)`);
    }
    if (task.series) return refuse(job, 'kept time series would be written to this machine\'s disk');
    texts.delete(task.modelSha256);
    texts.set(task.modelSha256, modelText);
    if (texts.size > TEXTS_KEPT) texts.delete(texts.keys().next().value as string);
    // Parsing (once per model) and resolving the point happen here; the runs on a pool thread.
    const scenario = cache.scenarioFor(task);
    const request: WorkerRequest = { task, scenario: 'kind' in scenario ? scenario : portable(scenario) };
    const result = (await pool.run(request)) as TaskResult;
    stats.tasks++;
    stats.runs += result.outcomes.length;
    return encodeJson({ result } satisfies RedisReply);
  };

  const connection: Redis = connectRedis(target, (error) => emit({ kind: 'connection', error: error.message }));
  const worker = new Worker<RedisJobData, string>(target.queue, processJob, { connection, prefix: KEY_PREFIX, concurrency, autorun: true });
  worker.on('failed', (job, error) => emit({ kind: 'failed', jobId: job?.id ?? '?', error: error.message }));
  worker.on('error', (error) => emit({ kind: 'connection', error: error.message }));
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await Promise.allSettled([worker.close(true), pool.destroy()]);
    connection.disconnect();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    target,
    concurrency,
    stats: () => ({ ...stats }),
    close: () => {
      closing ??= (async () => {
        try {
          await worker.close();
        } finally {
          await pool.destroy();
          connection.disconnect();
        }
      })();
      return closing;
    },
  };
}
