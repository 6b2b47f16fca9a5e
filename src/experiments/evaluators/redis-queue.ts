/**
 * The Redis-queue evaluator: a sweep's tasks become BullMQ jobs on a Redis server, and `munisim
 * worker` processes on any number of machines take them, run them and send the results back — a
 * cluster evaluator in the EMA Workbench's sense. Each job carries the model's text, so workers
 * need no shared files; results are exactly those of the inline evaluator (runs depend on the
 * model, parameters, seed and code only; jobs go only to workers of the same code hash).
 */
import { randomBytes } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { UserError } from '../../model/errors.js';
import { munisimVersion } from '../../output/manifest.js';
import { decodeJson, encodeJson } from '../json-numbers.js';
import { codeHash } from './code-hash.js';
import { TaskCancelled, type Evaluator, type RunTask, type TaskResult } from './evaluator.js';
import {
  ConnectionWatch, lostConnectionError, parseRedisTarget, probeRedis, withTimeout, type ConnectionEvent, type RedisTarget,
} from './redis-connection.js';
import { KEY_PREFIX, holdPresence, jobQueueName, presenceKey, presentCodes, type RedisJobData, type RedisReply } from './redis-protocol.js';

const DEFAULT_CAPACITY = 64;
const DEFAULT_STALL_MS = 30_000;
/** After an abort, how long to wait for tasks a worker has already started. */
const DEFAULT_ABORT_GRACE_MS = 10_000;
/** How long Redis may stay unreachable before the evaluator gives up its tasks. */
const DEFAULT_RECONNECT_LIMIT_MS = 5 * 60_000;
/** A finished job left behind (its coordinator died before removing it) expires after this long. */
const KEEP_FINISHED_SECONDS = 3600;

/** Why the sweep has been waiting: reported when no worker runs this code, and every `stallMs` while no task finishes. */
export interface RedisStall {
  target: RedisTarget;
  /** This process's code hash: only workers of the same hash take its tasks. */
  code: string;
  waitingMs: number;
  /** Workers of this code connected to the queue, or undefined if Redis did not answer. */
  workers?: number;
  /** Workers on the same queue running other code, by code hash (they leave these tasks alone). */
  otherCode?: Map<string, number>;
  /** Tasks of this evaluator not finished yet. */
  pending: number;
  /** The connection's last error, if it has one. */
  error?: string;
}

export interface RedisQueueOptions {
  /** `redis://host:port[/db][?queue=NAME]`. */
  url: string;
  /** The queue, instead of the URL's `queue` parameter. */
  queue?: string;
  /** Tasks outstanding at once (queued or running). Default 64. */
  capacity?: number;
  /** How long to wait for Redis to answer at the start. Default 5 s. */
  connectTimeoutMs?: number;
  /** Report a stall when no task has finished for this long. Default 30 s. */
  stallMs?: number;
  /** After the caller aborts, how long to wait for tasks a worker has started. Default 10 s. */
  abortGraceMs?: number;
  /** Give up (reject every task) when Redis stays unreachable this long. Default 5 min. */
  reconnectLimitMs?: number;
  /** The code hash to send jobs for; default this process's (tests use another to play an incompatible side). */
  code?: string;
  onStall?: (stall: RedisStall) => void;
  /** The connection to Redis dropped, came back, or stayed away too long. */
  onConnection?: (event: ConnectionEvent) => void;
}

interface Pending {
  task: RunTask;
  addedAt: number;
  /** Settles once the job's `add` has landed (or failed). */
  added: Promise<unknown>;
  signal?: AbortSignal;
  resolve: (result: TaskResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs tasks as BullMQ jobs for `munisim worker` processes. Jobs of one evaluator are named by a
 * run id, so several sweeps may share a queue and its workers; while it runs, the evaluator keeps
 * its presence key alive, and workers skip the jobs of a coordinator whose key has expired. Create with `connect`.
 */
export class RedisQueueEvaluator implements Evaluator {
  readonly capacity: number;
  /** Names this evaluator's jobs (`<runId>-<n>`) and its presence key. */
  readonly runId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  private readonly pending = new Map<string, Pending>();
  private readonly signals = new Set<AbortSignal>();
  private sequence = 0;
  private lastProgress = Date.now();
  private lastStallReport = 0;
  private reportedNoWorker = false;
  private checking = false;
  private readonly timer: NodeJS.Timeout;
  private readonly presence: { stop: () => Promise<void> };
  private closed?: Promise<void>;

  private constructor(
    readonly target: RedisTarget,
    /** The code hash whose workers take this evaluator's jobs. */
    readonly code: string,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly connections: Redis[],
    private readonly watch: ConnectionWatch,
    private readonly options: RedisQueueOptions,
  ) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    // BullMQ repeats each connection error on these emitters; the watch reports outages once.
    this.events.on('error', (error: Error) => watch.error(error));
    this.queue.on('error', (error: Error) => watch.error(error));
    this.presence = holdPresence(connections[0], presenceKey(target.queue, 'coordinator', this.runId), code);
    const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
    this.timer = setInterval(() => { void this.check(stallMs); }, Math.min(stallMs, 5000));
    this.timer.unref();
  }

  /**
   * Connects to Redis and starts listening for results.
   * @throws UserError if the URL is malformed, names a database the server lacks, or Redis does not answer within `connectTimeoutMs`
   */
  static async connect(options: RedisQueueOptions): Promise<RedisQueueEvaluator> {
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RedisQueueEvaluator: capacity must be an integer ≥ 1, got ${capacity}`);
    const target = parseRedisTarget(options.url, options.queue);
    await probeRedis(target, options.connectTimeoutMs);
    let evaluator: RedisQueueEvaluator | undefined;
    const watch = new ConnectionWatch((event) => evaluator?.onConnection(event), options.reconnectLimitMs ?? DEFAULT_RECONNECT_LIMIT_MS);
    const connections = [watch.connect(target), watch.connect(target)];
    const code = options.code ?? codeHash();
    const name = jobQueueName(target.queue, code);
    try {
      // Read events from just before the first job is added, so no result can slip past the listener.
      const [seconds, micros] = await connections[0].time();
      const lastEventId = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1000}-0`;
      const queue = new Queue(name, { connection: connections[0], prefix: KEY_PREFIX });
      const events = new QueueEvents(name, { connection: connections[1], prefix: KEY_PREFIX, lastEventId });
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      evaluator = new RedisQueueEvaluator(target, code, queue, events, connections, watch, options);
      return evaluator;
    } catch (error) {
      watch.stop();
      for (const connection of connections) connection.disconnect();
      throw error;
    }
  }

  /**
   * Queues `task` for a worker. Once `signal` aborts, a task no worker has started is removed from
   * the queue and rejected with `TaskCancelled`, and so is one still running after `abortGraceMs`.
   * @throws UserError (as a rejection) for kept time series, which would land on the workers' disks, a model without its text, or a Redis that stayed away
   */
  async evaluate(task: RunTask, signal?: AbortSignal): Promise<TaskResult> {
    if (this.closed) throw new Error('RedisQueueEvaluator: evaluate() after close()');
    if (signal?.aborted) throw new TaskCancelled();
    if (task.series) {
      throw new UserError({ code: 'conflict', path: 'keep', message: 'time series cannot be kept by the Redis evaluator: workers on other machines would write them to their own disks', hint: 'drop `keep` timeseries, or use a local evaluator' });
    }
    const data = this.jobData(task);
    if (signal && !this.signals.has(signal)) {
      this.signals.add(signal);
      signal.addEventListener('abort', () => { void this.giveUp(signal); }, { once: true });
    }
    if (!this.reportedNoWorker) {
      this.reportedNoWorker = true;
      void this.reportIfNoWorker();
    }
    return new Promise<TaskResult>((resolve, reject) => {
      if (this.pending.size === 0) this.lastProgress = Date.now();
      // Registered before the job exists: its result may arrive before `add` returns.
      const jobId = `${this.runId}-${this.sequence++}`;
      const entry: Pending = { task, addedAt: Date.now(), added: Promise.resolve(), signal, resolve, reject };
      this.pending.set(jobId, entry);
      entry.added = this.add(jobId, data).catch((error: unknown) => {
        this.pending.delete(jobId);
        reject(error);
      });
    });
  }

  /**
   * Stops listening and disconnects. A sweep closes its evaluator once every task has finished;
   * tasks still unfinished (the caller gave up) are rejected with `TaskCancelled` and their jobs removed from the queue.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      clearInterval(this.timer);
      const left = [...this.pending];
      this.pending.clear();
      for (const [, entry] of left) entry.reject(new TaskCancelled('the Redis queue was closed before the task finished'));
      // Jobs already running cannot be removed; without the presence key, no worker starts the others.
      await this.presence.stop();
      await Promise.allSettled(left.map(([id, entry]) => withTimeout(entry.added.then(() => this.queue.remove(id)), 2000)));
      this.watch.stop();
      await Promise.allSettled([withTimeout(this.events.close(), 2000), withTimeout(this.queue.close(), 2000)]);
      for (const connection of this.connections) connection.disconnect();
    })();
    return this.closed;
  }

  /**
   * After an abort: removes the signal's jobs that no worker holds (they are cancelled at once) and
   * waits at most `abortGraceMs` for those that a worker has started.
   */
  private async giveUp(signal: AbortSignal): Promise<void> {
    const mine = () => [...this.pending].filter(([, entry]) => entry.signal === signal);
    const grace = setTimeout(() => { for (const [jobId] of mine()) this.cancel(jobId); }, this.options.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS);
    grace.unref();
    await Promise.all(mine().map(async ([jobId, entry]) => {
      // 1: removed, nobody will run it; 0: a worker holds its lock (it runs); no answer: Redis is away, and the job dies with our presence key.
      const removed = await withTimeout(entry.added.then(() => this.queue.remove(jobId)), 2000).catch(() => undefined);
      if (removed !== 0) this.cancel(jobId);
    }));
  }

  private cancel(jobId: string): void {
    const entry = this.pending.get(jobId);
    if (!entry) return;
    this.pending.delete(jobId);
    entry.reject(new TaskCancelled());
  }

  private onConnection(event: ConnectionEvent): void {
    this.options.onConnection?.(event);
    if (event.kind === 'back') {
      // A restarted server may have lost the queued jobs: look for them at the next check, not a stall later.
      for (const entry of this.pending.values()) entry.addedAt = 0;
      return;
    }
    if (event.kind !== 'gave-up') return;
    const error = lostConnectionError(this.target, event.downMs, event.error, 'start the server again, then rerun the same command: the finished runs are kept');
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const entry of left) entry.reject(error);
  }

  private add(jobId: string, data: RedisJobData): Promise<unknown> {
    return this.queue.add(this.runId, data, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: KEEP_FINISHED_SECONDS },
      removeOnFail: { age: KEEP_FINISHED_SECONDS },
    });
  }

  /** The job: the task without its model, and the model's text and input files, which the worker parses (it checks the sha256). */
  private jobData(task: RunTask): RedisJobData {
    const { model, ...rest } = task;
    if (model?.text === undefined) {
      throw new UserError({ path: 'model', message: 'a model without its text cannot be sent to Redis workers', hint: 'load the model with loadModel, or parse its text with parseModel' });
    }
    const inputs = (model.inputs ?? []).map(({ path, text }) => ({ path, text }));
    return { task: encodeJson(rest), modelText: model.text, inputs, modelFile: model.file, code: this.code, munisim: munisimVersion(), coordinator: this.runId };
  }

  private settle(jobId: string, returnvalue: unknown): void {
    const entry = this.pending.get(jobId);
    if (!entry) return; // another sweep's job, or one already settled
    this.pending.delete(jobId);
    this.lastProgress = Date.now();
    void this.queue.remove(jobId).catch(() => {});
    let reply: RedisReply;
    try {
      reply = decodeJson<RedisReply>(String(returnvalue));
    } catch (error) {
      entry.reject(new Error(`task of point ${entry.task.point}: the worker's reply is not readable: ${(error as Error).message}`));
      return;
    }
    if ('skipped' in reply) {
      // A worker saw our presence key missing (lost in a Redis restart): we are alive, so queue the task again.
      this.requeue(entry);
    } else if ('refused' in reply) {
      entry.reject(new UserError({ path: 'url', message: `a worker on queue "${this.target.queue}" refused a task: ${reply.refused}` }));
    } else {
      entry.resolve(reply.result);
    }
  }

  /** Queues a pending task again under a new job id (BullMQ ignores an `add` whose id exists). */
  private requeue(entry: Pending): void {
    if (this.closed || entry.signal?.aborted) { entry.reject(new TaskCancelled()); return; }
    const jobId = `${this.runId}-${this.sequence++}`;
    entry.addedAt = Date.now();
    this.pending.set(jobId, entry);
    entry.added = this.add(jobId, this.jobData(entry.task)).catch((error: unknown) => {
      this.pending.delete(jobId);
      entry.reject(error);
    });
  }

  private fail(jobId: string, reason: string | undefined): void {
    const entry = this.pending.get(jobId);
    if (!entry) return;
    this.pending.delete(jobId);
    this.lastProgress = Date.now();
    entry.reject(new Error(`a worker failed the task of point ${entry.task.point} (replications from ${entry.task.firstReplication}): ${reason ?? 'no reason given'}`));
  }

  /** Reports at once when no worker of this code is connected: the sweep waits for one rather than failing. */
  private async reportIfNoWorker(): Promise<void> {
    const workers = await withTimeout(this.queue.getWorkersCount(), 2000).catch(() => undefined);
    if (workers !== 0 || this.closed) return;
    this.lastStallReport = Date.now();
    this.options.onStall?.(await this.stall(0, workers));
  }

  private async stall(waitingMs: number, workers: number | undefined): Promise<RedisStall> {
    const codes = await withTimeout(presentCodes(this.connections[0], this.target.queue, 'worker'), 2000).catch(() => undefined);
    codes?.delete(this.code);
    return { target: this.target, code: this.code, waitingMs, workers, otherCode: codes, pending: this.pending.size, error: this.watch.lastError };
  }

  /**
   * Every few seconds: fetch the state of jobs waiting longer than `stallMs` (a result whose event
   * was missed is still in Redis), and report a stall when nothing has finished for `stallMs`.
   */
  private async check(stallMs: number): Promise<void> {
    if (this.checking || this.closed || this.pending.size === 0) return;
    this.checking = true;
    try {
      const now = Date.now();
      const old = [...this.pending].filter(([, entry]) => now - entry.addedAt > stallMs && !entry.signal?.aborted).slice(0, 100);
      for (const [jobId, entry] of old) {
        // Bounded: while Redis is away its commands wait for the reconnection, and the stall must still be reported.
        const job = await withTimeout(Job.fromId(this.queue, jobId), 2000).catch(() => null);
        if (job === null) break;
        if (!this.pending.has(jobId)) continue;
        if (job === undefined) {
          // Gone without a result we saw (a Redis restart, a queue emptied by hand): run it again, results are deterministic.
          entry.addedAt = Date.now();
          await withTimeout(this.add(jobId, this.jobData(entry.task)), 2000);
        } else if (job.finishedOn !== undefined) {
          if (job.failedReason) this.fail(jobId, job.failedReason);
          else this.settle(jobId, job.returnvalue);
        }
      }
      const waitingMs = Date.now() - this.lastProgress;
      if (this.pending.size > 0 && waitingMs >= stallMs && Date.now() - this.lastStallReport >= stallMs) {
        this.lastStallReport = Date.now();
        const workers = await withTimeout(this.queue.getWorkersCount(), 2000).catch(() => undefined);
        this.options.onStall?.(await this.stall(waitingMs, workers));
      }
    } catch (error) {
      this.watch.error(error as Error);
    } finally {
      this.checking = false;
    }
  }
}
