/**
 * The Redis-queue evaluator: a sweep's tasks become BullMQ jobs on a Redis server, and `munisim
 * worker` processes on any number of machines take them, run them and send the results back — a
 * cluster evaluator in the EMA Workbench's sense. Each job carries the model's text, so workers
 * need no shared files; results are exactly those of the inline evaluator (runs depend on the
 * model, parameters and seed only, never on where they ran).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Job, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { UserError } from '../../model/errors.js';
import { munisimVersion } from '../../output/manifest.js';
import { decodeJson, encodeJson } from '../json-numbers.js';
import type { Evaluator, RunTask, TaskResult } from './evaluator.js';

/** Queue used when the URL names none, by `munisim sweep --redis` and `munisim worker` alike. */
export const DEFAULT_QUEUE = 'munisim';
/** Redis key prefix of munisim's queues (`munisim:<queue>:…`). */
export const KEY_PREFIX = 'munisim';
const DEFAULT_CAPACITY = 64;
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
const DEFAULT_STALL_MS = 30_000;
/** A finished job left behind (its coordinator died before removing it) expires after this long. */
const KEEP_FINISHED_SECONDS = 3600;
const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** What a job carries: the task (`encodeJson` text), the model text it names, and the munisim version that must run it. */
export interface RedisJobData {
  task: string;
  modelText: string;
  munisim: string;
}

/** What a worker sends back as `encodeJson` text: the task's result, or why it refused the task (e.g. another munisim version). */
export type RedisReply = { result: TaskResult } | { refused: string };

/** A Redis address as given on the command line, split into what ioredis and BullMQ need. */
export interface RedisTarget {
  /** The URL without munisim's `queue` parameter, for ioredis. */
  url: string;
  /** The URL with any password masked, for messages. */
  display: string;
  queue: string;
}

/**
 * Parses `redis://[user:password@]host[:port][/db][?queue=NAME]` (or `rediss://` for TLS).
 * @param queue - a queue named separately (`--queue`); must agree with the URL's, if both are given
 * @throws UserError for another scheme, a malformed URL or queue name, or two different queues
 */
export function parseRedisTarget(input: string, queue?: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UserError({ path: '--redis', message: `expected a URL like redis://host:6379, got "${input}"` });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new UserError({ path: '--redis', message: `expected a redis:// or rediss:// URL, got "${input}"` });
  }
  const inUrl = url.searchParams.get('queue') ?? undefined;
  if (queue !== undefined && inUrl !== undefined && queue !== inUrl) {
    throw new UserError({ path: '--queue', message: `"${queue}" differs from the URL's queue "${inUrl}"`, hint: 'give the queue once' });
  }
  const name = queue ?? inUrl ?? DEFAULT_QUEUE;
  if (!QUEUE_NAME.test(name)) {
    throw new UserError({ path: '--queue', message: `expected 1 to 100 letters, digits, "_", "." or "-", got "${name}"` });
  }
  url.searchParams.delete('queue');
  const display = new URL(url.href);
  if (display.password) display.password = '***';
  return { url: url.href, display: display.href.replace(/\/$/, ''), queue: name };
}

/**
 * A connection for BullMQ: reconnects for ever (a Redis restart pauses the work, it does not lose
 * it) and keeps its last error for messages instead of printing it.
 */
export function connectRedis(target: RedisTarget, onError?: (error: Error) => void): Redis {
  const client = new Redis(target.url, { maxRetriesPerRequest: null, connectTimeout: DEFAULT_CONNECT_TIMEOUT_MS });
  client.on('error', (error: Error) => onError?.(error));
  return client;
}

/**
 * Checks that a Redis server answers at `target` within `timeoutMs` and is recent enough for BullMQ.
 * @throws UserError naming the URL, with what to start, if it does not
 */
export async function probeRedis(target: RedisTarget, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<void> {
  const client = new Redis(target.url, {
    lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => { lastError = error; });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const info = await Promise.race([client.connect().then(() => client.info('server')), deadline]);
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    if (version && Number(version[1]) < 5) {
      throw new UserError({ path: '--redis', message: `${target.display} runs Redis ${version[1]}.${version[2]}; the queue needs Redis 5 or later`, hint: 'install a newer redis-server' });
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    const reason = describeError(error as Error, lastError);
    const refused = /WRONGPASS|NOAUTH|NOPERM/.test(reason);
    throw new UserError({
      path: '--redis',
      message: `cannot ${refused ? 'log in to' : 'reach'} Redis at ${target.display}: ${reason}`,
      hint: refused
        ? 'give the server\'s user and password in the URL: redis://USER:PASSWORD@host:port'
        : 'start a server there (e.g. `redis-server`, or `scripts/ensure-redis.sh PORT` on this machine), then `munisim worker --redis URL` on each machine that should run tasks',
    });
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

function describeError(error: Error, lastError: Error | undefined): string {
  const code = (lastError as NodeJS.ErrnoException | undefined)?.code ?? (error as NodeJS.ErrnoException).code;
  const message = lastError?.message ?? error.message;
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

/** The hash a worker checks the model text against (the loader's: sha256 of the UTF-8 text). */
export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Why the sweep has been waiting: reported every `stallMs` while no task finishes. */
export interface RedisStall {
  target: RedisTarget;
  waitingMs: number;
  /** Workers connected to the queue (any sweep's), or undefined if Redis did not answer. */
  workers?: number;
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
  onStall?: (stall: RedisStall) => void;
}

interface Pending {
  task: RunTask;
  addedAt: number;
  resolve: (result: TaskResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Runs tasks as BullMQ jobs for `munisim worker` processes. Jobs of one evaluator are named by a
 * run id, so several sweeps may share a queue and its workers. Create with `connect`.
 */
export class RedisQueueEvaluator implements Evaluator {
  readonly capacity: number;
  /** Names this evaluator's jobs: `<runId>-<n>`. */
  readonly runId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  private readonly pending = new Map<string, Pending>();
  private readonly models = new Map<string, string>();
  private sequence = 0;
  private lastProgress = Date.now();
  private lastStallReport = 0;
  private lastError?: string;
  private checking = false;
  private readonly timer: NodeJS.Timeout;
  private closed?: Promise<void>;

  private constructor(
    readonly target: RedisTarget,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly connections: Redis[],
    private readonly options: RedisQueueOptions,
  ) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, returnvalue));
    this.events.on('failed', ({ jobId, failedReason }) => this.fail(jobId, failedReason));
    this.events.on('error', (error: Error) => { this.lastError = error.message; });
    const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
    this.timer = setInterval(() => { void this.check(stallMs); }, Math.min(stallMs, 5000));
    this.timer.unref();
  }

  /**
   * Connects to Redis and starts listening for results.
   * @throws UserError if the URL is malformed or Redis does not answer within `connectTimeoutMs`
   */
  static async connect(options: RedisQueueOptions): Promise<RedisQueueEvaluator> {
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RedisQueueEvaluator: capacity must be an integer ≥ 1, got ${capacity}`);
    const target = parseRedisTarget(options.url, options.queue);
    await probeRedis(target, options.connectTimeoutMs);
    let evaluator: RedisQueueEvaluator | undefined;
    const onError = (error: Error) => { if (evaluator) evaluator.lastError = error.message; };
    const connections = [connectRedis(target, onError), connectRedis(target, onError)];
    try {
      // Read events from just before the first job is added, so no result can slip past the listener.
      const [seconds, micros] = await connections[0].time();
      const lastEventId = `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1000}-0`;
      const queue = new Queue(target.queue, { connection: connections[0], prefix: KEY_PREFIX });
      const events = new QueueEvents(target.queue, { connection: connections[1], prefix: KEY_PREFIX, lastEventId });
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      evaluator = new RedisQueueEvaluator(target, queue, events, connections, options);
      return evaluator;
    } catch (error) {
      for (const connection of connections) connection.disconnect();
      throw error;
    }
  }

  /** @throws UserError (as a rejection) for kept time series, which would land on the workers' disks, or a changed model file */
  async evaluate(task: RunTask): Promise<TaskResult> {
    if (this.closed) throw new Error('RedisQueueEvaluator: evaluate() after close()');
    if (task.series) {
      throw new UserError({ path: '--keep', message: 'time series cannot be kept with --redis: workers on other machines would write them to their own disks', hint: 'drop --keep timeseries, or run without --redis' });
    }
    const data = this.jobData(task);
    return new Promise<TaskResult>((resolve, reject) => {
      if (this.pending.size === 0) this.lastProgress = Date.now();
      // Registered before the job exists: its result may arrive before `add` returns.
      const jobId = `${this.runId}-${this.sequence++}`;
      this.pending.set(jobId, { task, addedAt: Date.now(), resolve, reject });
      this.add(jobId, data).catch((error: unknown) => {
        this.pending.delete(jobId);
        reject(error);
      });
    });
  }

  /**
   * Stops listening and disconnects. A sweep closes its evaluator once every task has finished;
   * tasks still unfinished (the caller gave up) are rejected and their jobs removed from the queue.
   */
  close(): Promise<void> {
    this.closed ??= (async () => {
      clearInterval(this.timer);
      const left = [...this.pending.keys()];
      for (const entry of this.pending.values()) entry.reject(new Error('RedisQueueEvaluator closed before the task finished'));
      this.pending.clear();
      // Jobs already running cannot be removed; their results simply expire.
      await Promise.allSettled(left.map((id) => this.queue.remove(id)));
      await Promise.allSettled([this.events.close(), this.queue.close()]);
      for (const connection of this.connections) connection.disconnect();
    })();
    return this.closed;
  }

  private add(jobId: string, data: RedisJobData): Promise<unknown> {
    return this.queue.add(this.runId, data, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: KEEP_FINISHED_SECONDS },
      removeOnFail: { age: KEEP_FINISHED_SECONDS },
    });
  }

  private jobData(task: RunTask): RedisJobData {
    return { task: encodeJson(task), modelText: this.modelText(task), munisim: munisimVersion() };
  }

  /** The text of the task's model file, read once and checked against the task's hash. */
  private modelText(task: RunTask): string {
    const key = `${task.modelFile}\u0000${task.modelSha256}`;
    let text = this.models.get(key);
    if (text === undefined) {
      text = readFileSync(task.modelFile, 'utf8');
      if (sha256Text(text) !== task.modelSha256) {
        throw new UserError({ file: task.modelFile, message: 'the model file changed while the sweep was running', hint: 'runs of one sweep must use one model; restore the file, or start a new sweep' });
      }
      this.models.clear();
      this.models.set(key, text);
    }
    return text;
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
    if ('refused' in reply) {
      entry.reject(new UserError({ path: '--redis', message: `a worker on queue "${this.target.queue}" refused a task: ${reply.refused}` }));
    } else {
      entry.resolve(reply.result);
    }
  }

  private fail(jobId: string, reason: string | undefined): void {
    const entry = this.pending.get(jobId);
    if (!entry) return;
    this.pending.delete(jobId);
    this.lastProgress = Date.now();
    entry.reject(new Error(`a worker failed the task of point ${entry.task.point} (replications from ${entry.task.firstReplication}): ${reason ?? 'no reason given'}`));
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
      const old = [...this.pending].filter(([, entry]) => now - entry.addedAt > stallMs).slice(0, 100);
      for (const [jobId, entry] of old) {
        // Bounded: while Redis is away its commands wait for the reconnection, and the stall must still be reported.
        const job = await withTimeout(Job.fromId(this.queue, jobId), 2000).catch(() => null);
        if (job === null) break;
        if (job === undefined) {
          // Gone without a result we saw (a queue emptied by hand): run it again, results are deterministic.
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
        this.options.onStall?.({ target: this.target, waitingMs, workers, pending: this.pending.size, error: this.lastError });
      }
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.checking = false;
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timed out')), ms); });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Workers and tests use the same encoding. */
export { decodeJson, encodeJson };
