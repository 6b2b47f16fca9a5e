/**
 * The worker-pool evaluator: `jobs` threads run tasks — the main thread itself plus `jobs − 1`
 * worker threads (tinypool) — each taking the next task from one shared queue when it is free, so
 * no thread idles while another has a backlog and the main thread computes while workers start.
 * The main thread parses the model once and resolves each design point's scenario once (its day
 * tables); workers get the tables and only simulate, so they never load the expression compiler.
 * Workers run a plain-JS bundle of that code (built once with esbuild, cached by content) rather
 * than TypeScript through tsx: each is ~30 MB smaller and ready in tens of milliseconds.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { projectPath } from '../../project-root.js';
import type { Evaluator, RunTask, TaskResult } from './evaluator.js';
import { PortableScenarios } from './portable-scenario.js';
import { TaskCache } from './run-task.js';
import { runReplications } from './simulate-task.js';
import type { WorkerRequest } from './worker.js';

export interface WorkerPoolOptions {
  /** Let the main thread run tasks too (then `jobs − 1` workers). Default true. */
  mainThread?: boolean;
}

interface Queued {
  task: RunTask;
  resolve: (result: TaskResult) => void;
  reject: (error: unknown) => void;
}

export class WorkerPoolEvaluator implements Evaluator {
  readonly capacity: number;
  private readonly pool?: Promise<Tinypool>;
  private readonly workers: number;
  private readonly mainThread: boolean;
  private readonly cache = new TaskCache();
  private readonly queue: Queued[] = [];
  private mainBusy = false;
  private inWorkers = 0;
  private readonly portable = new PortableScenarios();

  /** @param jobs - threads that run tasks, an integer ≥ 1 */
  constructor(readonly jobs: number, options: WorkerPoolOptions = {}) {
    if (!Number.isInteger(jobs) || jobs < 1) throw new RangeError(`WorkerPoolEvaluator: jobs must be an integer ≥ 1, got ${jobs}`);
    this.mainThread = options.mainThread ?? true;
    this.workers = this.mainThread ? jobs - 1 : jobs;
    // Enough tasks outstanding that every thread has a next one while results wait to be written in order.
    this.capacity = 4 * jobs + 4;
    if (this.workers > 0) {
      const workers = this.workers;
      // Meanwhile the main thread already runs tasks.
      this.pool = workerEntry().then((filename) => new Tinypool({
        filename,
        minThreads: workers,
        maxThreads: this.workers,
        idleTimeout: 60_000,
        isolateWorkers: false,
        // Two tasks posted to each worker at once: it starts the second as soon as the first is done,
        // without waiting for the main thread (which may be busy running a task of its own).
        concurrentTasksPerWorker: 2,
        // A smaller young generation: less memory per worker at no measurable cost in speed.
        resourceLimits: { maxYoungGenerationSizeMb: 16 },
      }));
    }
  }

  evaluate(task: RunTask): Promise<TaskResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    await (await this.pool)?.destroy();
  }

  /** Hands queued tasks to free threads: the main thread first, then workers (two each: one running, one ready). */
  private pump(): void {
    while (this.queue.length > 0) {
      if (this.mainThread && !this.mainBusy) {
        void this.runOnMainThread(this.queue.shift()!);
      } else if (this.pool && this.inWorkers < 2 * this.workers) {
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
      const request: WorkerRequest = { task, scenario: 'kind' in scenario ? scenario : this.portable.of(scenario) };
      const pool = await this.pool!;
      item.resolve((await pool.run(request)) as TaskResult);
    } catch (error) {
      item.reject(error);
    } finally {
      this.inWorkers--;
      this.pump();
    }
  }
}

let entry: Promise<string> | undefined;

/**
 * The worker module: `worker.ts` bundled to plain JS in `node_modules/.cache/munisim/` (named by its
 * content, so it is rebuilt only when the code changes), or, if esbuild is not available or the
 * cache is not writable, the tsx bootstrap that loads the TypeScript directly.
 */
export function workerEntry(): Promise<string> {
  entry ??= bundleWorker().catch(() => pathToFileURL(projectPath('src/experiments/evaluators/worker-bootstrap.mjs')).href);
  return entry;
}

async function bundleWorker(): Promise<string> {
  const esbuild = await import('esbuild');
  const source = projectPath('src/experiments/evaluators/worker.ts');
  const built = await esbuild.build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, logLevel: 'silent' });
  const text = built.outputFiles[0].text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  // Under the package's node_modules, so that the bundle resolves packages (simjs) as the source does.
  const dir = projectPath('node_modules/.cache/munisim');
  const file = join(dir, `sweep-worker-${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, text);
  }
  return pathToFileURL(file).href;
}
