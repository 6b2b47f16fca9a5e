/**
 * The worker-pool evaluator: `jobs` threads run tasks — the main thread itself plus `jobs − 1`
 * worker threads (tinypool) — each taking the next task from one shared queue when it is free, so
 * no thread idles while another has a backlog and the main thread computes while workers start.
 * A worker gets tasks only once it has answered a first message (its code is loaded): until then
 * the main thread takes every task, so results never wait, in order, behind a worker still starting.
 * The main thread parses the model once and resolves each design point's scenario once (its day
 * tables); workers get the tables and only simulate, so they never load the expression compiler.
 * Each scenario is serialized once into shared memory, and each worker decodes it once and keeps it
 * for the point's other tasks. `startWorkers` starts the threads early (while the model loads).
 */
import { serialize } from 'node:v8';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Scenario } from '../../model/scenario.js';
import type { Evaluator, RunTask, TaskResult } from './evaluator.js';
import { PortableScenarios } from './portable-scenario.js';
import { TaskCache } from './run-task.js';
import { runReplications } from './simulate-task.js';
import { loadTinypool, loadedTinypool, type Tinypool, type TinypoolConstructor } from './tinypool.js';
import type { SharedScenario, WorkerRequest } from './worker.js';
import { CLI_BUNDLE_WORKER, workerEntry } from './worker-bundle.js';

export { workerEntry } from './worker-bundle.js';

export interface WorkerPoolOptions {
  /** Let the main thread run tasks too (then `jobs − 1` workers). Default true. */
  mainThread?: boolean;
}

interface Queued {
  task: RunTask;
  resolve: (result: TaskResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Tasks posted to each worker at once: one running and two waiting. The main thread answers a
 * worker only between its own tasks (of the same size), so with one waiting the worker could finish
 * both before the main thread posted more, and wait (5 % of a worker's time, profiled at 30,000
 * quickstart runs, --jobs 2; about 2 % with two waiting, at the start and the end).
 */
const TASKS_PER_WORKER = 3;

/** Worker threads and how many of them have loaded their code. */
class Workers {
  readonly pool: Promise<Tinypool>;
  /** Workers that answered a ping: the ones tasks may go to. */
  ready = 0;
  /** Why the workers could not start (their module failed to load), if they could not. */
  failed?: unknown;
  private readonly seen = new Set<number>();
  private closed = false;
  /** Called whenever another worker becomes ready. */
  onReady: () => void = () => {};

  constructor(readonly count: number) {
    const pool = (Pool: TinypoolConstructor, filename: string) => new Pool({
      filename,
      minThreads: count,
      maxThreads: count,
      idleTimeout: 60_000,
      isolateWorkers: false,
      concurrentTasksPerWorker: TASKS_PER_WORKER,
      // A smaller young generation: less memory per worker at no measurable cost in speed.
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    // Threads spawned now if they can be (startWorkers loaded tinypool), not at the next turn of the
    // event loop: the caller goes on to load the model synchronously, and that is when they should
    // be loading their code.
    const Pool = loadedTinypool();
    this.pool = Pool !== undefined && CLI_BUNDLE_WORKER !== undefined ? Promise.resolve(pool(Pool, CLI_BUNDLE_WORKER))
      : Promise.all([loadTinypool(), workerEntry()]).then(([Loaded, filename]) => pool(Loaded, filename));
    this.pool.then((pool) => this.awaitReady(pool)).catch((error: unknown) => {
      // Without workers the main thread runs every task (or, if it may not, the tasks fail with this).
      this.failed = error;
      this.onReady();
    });
  }

  /**
   * Pings until every worker has answered once. Tinypool gives a task only to a worker that has
   * loaded, so each answer names a ready worker; one already seen means the others are still loading.
   */
  private async awaitReady(pool: Tinypool): Promise<void> {
    while (!this.closed && this.seen.size < this.count) {
      const id = (await pool.run({ ping: true } satisfies WorkerRequest)) as number;
      if (this.seen.has(id)) { await sleep(5); continue; }
      this.seen.add(id);
      this.ready = this.seen.size;
      this.onReady();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await (await this.pool).destroy();
  }
}

let started: Workers | undefined;

/**
 * Starts the worker threads of a `jobs`-thread pool (once tinypool is loaded), so they load while
 * the caller loads the model; the next WorkerPoolEvaluator of as many jobs takes them over. Does
 * nothing for one job.
 */
export async function startWorkers(jobs: number): Promise<void> {
  if (jobs < 2) return;
  await loadTinypool();
  if (started === undefined) started = new Workers(jobs - 1);
}

export class WorkerPoolEvaluator implements Evaluator {
  readonly capacity: number;
  readonly threads: number;
  private readonly workers?: Workers;
  private readonly mainThread: boolean;
  private readonly cache = new TaskCache();
  private readonly queue: Queued[] = [];
  private mainBusy = false;
  private inWorkers = 0;
  private readonly portable = new PortableScenarios();
  /** Each resolved scenario in shared memory, made at its first task for a worker. */
  private readonly shared = new WeakMap<Scenario, SharedScenario>();

  /** @param jobs - threads that run tasks, an integer ≥ 1 */
  constructor(readonly jobs: number, options: WorkerPoolOptions = {}) {
    if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`WorkerPoolEvaluator: jobs must be an integer ≥ 1, got ${jobs}`);
    this.mainThread = options.mainThread ?? true;
    const count = this.mainThread ? jobs - 1 : jobs;
    this.threads = jobs;
    // Enough tasks outstanding that every thread has a next one while results wait to be written in order.
    this.capacity = 4 * jobs + 4;
    if (count > 0) {
      // Threads started early for this many workers are taken over; meanwhile the main thread already runs tasks.
      if (started?.count === count) { this.workers = started; started = undefined; } else this.workers = new Workers(count);
      this.workers.onReady = () => this.pump();
    }
  }

  evaluate(task: RunTask): Promise<TaskResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    await this.workers?.close();
  }

  /** Hands queued tasks to free threads: the main thread first, then ready workers (TASKS_PER_WORKER each). */
  private pump(): void {
    if (!this.mainThread && this.workers?.failed !== undefined) {
      for (const item of this.queue.splice(0)) item.reject(this.workers.failed);
    }
    while (this.queue.length > 0) {
      if (this.mainThread && !this.mainBusy) {
        void this.runOnMainThread(this.queue.shift()!);
      } else if (this.workers && this.inWorkers < TASKS_PER_WORKER * this.workers.ready) {
        void this.runInWorker(this.queue.shift()!);
      } else {
        return;
      }
    }
  }

  private async runOnMainThread(item: Queued): Promise<void> {
    this.mainBusy = true;
    try {
      await nextTurn(); // let worker messages and signals through between tasks
      const started = performance.now();
      item.resolve(await runReplications(item.task, this.cache.scenarioFor(item.task), started));
    } catch (error) {
      item.reject(error);
    } finally {
      this.mainBusy = false;
      this.pump();
    }
  }

  private async runInWorker(item: Queued): Promise<void> {
    this.inWorkers++;
    try {
      const scenario = this.cache.scenarioFor(item.task);
      // The model stays here (its expressions cannot be cloned); the worker gets the resolved tables.
      const { model: _model, ...task } = item.task;
      const request: WorkerRequest = 'kind' in scenario ? { task, scenario } : { task, shared: this.sharedOf(scenario) };
      const pool = await this.workers!.pool;
      item.resolve((await pool.run(request)) as TaskResult);
    } catch (error) {
      item.reject(error);
    } finally {
      this.inWorkers--;
      this.pump();
    }
  }

  private sharedOf(scenario: Scenario): SharedScenario {
    let shared = this.shared.get(scenario);
    if (shared === undefined) {
      const bytes = serialize(this.portable.of(scenario));
      const memory = new SharedArrayBuffer(bytes.length);
      new Uint8Array(memory).set(bytes);
      shared = { id: nextScenarioId++, bytes: memory };
      this.shared.set(scenario, shared);
    }
    return shared;
  }
}

let nextScenarioId = 0;
