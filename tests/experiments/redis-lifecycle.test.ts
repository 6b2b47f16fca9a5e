/**
 * The Redis queue's life around the runs, against real redis-servers (scripts/ensure-redis.sh): Ctrl-C
 * with no worker, workers of other code, jobs a killed coordinator left behind, a database the server
 * lacks, and a Redis restart (a second server on its own port, stopped and started by its PID file).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoChainsModel } from '../two-chains.js';
import { computeCodeHash } from '../../src/experiments/evaluators/code-hash.js';
import type { RunTask } from '../../src/experiments/evaluators/evaluator.js';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import { PRESENCE_TTL_MS } from '../../src/experiments/evaluators/redis-protocol.js';
import { RedisQueueEvaluator, type RedisStall } from '../../src/experiments/evaluators/redis-queue.js';
import { startRedisWorker, type RedisWorkerEvent } from '../../src/experiments/evaluators/redis-worker.js';
import { UserError } from '../../src/model/errors.js';
import { loadModel } from '../../src/assembly/load-model.js';
import { munisimAsync, ROOT, type CliResult } from '../cli/cli.js';
import { ensureRedis, stopRedis } from '../redis-server.js';

/** Ports of this file's own (see tests/redis-server.ts); redis-evaluator.test.ts uses 6390. */
const PORT = 6391;
/** A server of its own, which one test stops and starts again. */
const RESTART_PORT = 6392;
let startedHere = false;
const QUEUE = `life-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const url = (port: number, queue: string) => `redis://127.0.0.1:${port}?queue=${queue}`;

const work = mkdtempSync(join(tmpdir(), 'munisim-redis-life-'));
const MODEL = 'two-chains.yaml';
writeFileSync(join(work, MODEL), twoChainsModel({ depotB: 5000, demandB: 60 }));

const redisCli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();
const keys = (port: number, pattern: string) => redisCli(port, '--scan', '--pattern', pattern).split('\n').filter(Boolean);
/** Keys that hold jobs (or lists of them): everything but BullMQ's bookkeeping of a queue. */
const jobKeys = (port: number, queue: string) => keys(port, `munisim:${queue}@*`).filter((key) => !/:(events|meta|id|marker|stalled-check)$/.test(key));

interface Spawned { child: ChildProcess; stderr: () => string; exited: Promise<CliResult> }
/** Every CLI process started here, killed at the end if a failed test left it running. */
const children: ChildProcess[] = [];

/** The CLI in `work`, resolving once stderr contains `ready` (or at once without it). */
function spawnCli(args: string[], ready?: string): Promise<Spawned> {
  let stderr = '';
  let child!: ChildProcess;
  const exited = munisimAsync(args, { cwd: work, control: (c) => { child = c; children.push(c); c.stderr!.on('data', (chunk) => { stderr += chunk; }); } });
  const spawned = { child, stderr: () => stderr, exited };
  if (ready === undefined) return Promise.resolve(spawned);
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => { if (stderr.includes(ready)) { clearInterval(timer); resolve(spawned); } }, 50);
    void exited.then((result) => { clearInterval(timer); reject(new Error(`munisim ${args[0]} exited with ${result.code} before printing "${ready}":\n${result.stderr}`)); });
  });
}

const task = (): RunTask => {
  const model = loadModel(join(work, MODEL));
  return { model, modelSha256: model.sha256, point: 0, parameters: { rate_a: 120 }, baseSeed: 3, firstReplication: 0, count: 2, kpis: ['fill_rate', 'shortfall_total'] };
};

beforeAll(() => {
  startedHere = ensureRedis(PORT);
  ensureRedis(RESTART_PORT);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  const drop = "for _, key in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', key) end";
  spawnSync('redis-cli', ['-p', String(PORT), 'eval', drop, '0', `munisim:${QUEUE}*`]);
  await stopRedis(RESTART_PORT);
  if (startedHere) await stopRedis(PORT);
});

describe('Ctrl-C with no worker on the queue', () => {
  // A sensitivity study stops as a sweep does: it is the same pipeline, with the same signal.
  const commands: Record<string, (queue: string, out: string) => string[]> = {
    sweep: (queue, out) => ['sweep', MODEL, '--vary', 'rate_a=100:200:5', '-r', '400', '--redis', url(PORT, queue), '--out', out],
    sensitivity: (queue, out) => ['sensitivity', MODEL, '--method', 'morris', '--params', 'rate_b,demand_a', '--replications', '400', '--redis', url(PORT, queue), '--out', out],
  };

  it.each([
    ['sweep', 'once', 1],
    ['sweep', 'twice', 2],
    ['sensitivity', 'once', 1],
    ['sensitivity', 'twice', 2],
  ])('%s, Ctrl-C %s: exits 130 within seconds, the manifest says interrupted, and none of its jobs stays in Redis', async (command, _, signals) => {
    const queue = `${QUEUE}-nobody-${command}-${signals}`;
    const out = `nobody-${command}-${signals}`;
    // The experiment says it waits for a worker running its code as soon as its first tasks are queued.
    const { child, exited } = await spawnCli(commands[command](queue, out), 'waiting for a worker running this code');
    expect(jobKeys(PORT, queue).length).toBeGreaterThan(0); // its tasks are queued
    const sent = Date.now();
    for (let i = 0; i < signals; i++) child.kill('SIGINT');
    const result = await exited;
    expect(result.code, result.stderr).toBe(130);
    expect(Date.now() - sent).toBeLessThan(5000);
    const manifest = JSON.parse(readFileSync(join(work, out, 'manifest.json'), 'utf8')) as { status: string; progress: { done: number } };
    expect(manifest.status).toBe('interrupted');
    expect(manifest.progress.done).toBe(0);
    expect(jobKeys(PORT, queue)).toEqual([]);
    expect(keys(PORT, `munisim:${queue}:coordinator:*`)).toEqual([]); // its presence key is gone with it
  }, 60_000);
});

describe('workers of other code', () => {
  it('leave the task to a worker of the same code, which runs it as --jobs 1 would; the sweep reports who runs what', async () => {
    const queue = `${QUEUE}-code`;
    const other = 'f'.repeat(16); // what a worker of another commit (same version string) would compute
    const stalls: RedisStall[] = [];
    const evaluator = await RedisQueueEvaluator.connect({ url: url(PORT, queue), stallMs: 500, onStall: (stall) => stalls.push(stall) });
    const events: RedisWorkerEvent[] = [];
    const stranger = await startRedisWorker({ url: url(PORT, queue), code: other, onEvent: (event) => events.push(event) });
    let same: Awaited<ReturnType<typeof startRedisWorker>> | undefined;
    try {
      expect(evaluator.code).not.toBe(other);
      const result = evaluator.evaluate(task());
      // The stranger says once that this sweep runs other code, and never takes its task.
      await expect.poll(() => events.filter((e) => e.kind === 'other-code'), { timeout: 15_000 }).toEqual([{ kind: 'other-code', code: evaluator.code, sweeps: 1 }]);
      await expect.poll(() => stalls.some((s) => s.waitingMs >= 500), { timeout: 10_000 }).toBe(true);
      const stall = stalls[stalls.length - 1];
      expect(stall).toMatchObject({ code: evaluator.code, workers: 0, pending: 1 });
      expect([...stall.otherCode!]).toEqual([[other, 1]]);
      expect(stranger.stats()).toEqual({ tasks: 0, runs: 0, refused: 0, skipped: 0 });
      expect(jobKeys(PORT, queue).some((key) => key.endsWith(':wait'))).toBe(true);

      same = await startRedisWorker({ url: url(PORT, queue) });
      expect(same.code).toBe(evaluator.code);
      const expected = await new InlineEvaluator().evaluate(task());
      expect((await result).outcomes).toEqual(expected.outcomes);
      expect(same.stats()).toMatchObject({ tasks: 1, runs: 2 });
      expect(stranger.stats().tasks).toBe(0);
    } finally {
      await evaluator.close();
      await Promise.all([stranger.close(), same?.close()]);
    }
  }, 60_000);
});

describe('computeCodeHash', () => {
  it('is the same for the same code wherever it is installed, and changes with any source byte', () => {
    const copy = (from: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'munisim-code-'));
      spawnSync('cp', ['-r', join(from, 'src'), join(from, 'package.json'), dir]);
      return dir;
    };
    const a = copy(ROOT);
    const b = copy(ROOT);
    expect(computeCodeHash(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(computeCodeHash(b)).toBe(computeCodeHash(a));
    const file = join(b, 'src', 'assembly', 'simulate.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')} `);
    expect(computeCodeHash(b)).not.toBe(computeCodeHash(a));
  });

  it('changes with the installed version of a dependency (mathjs computes the expressions)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'munisim-code-'));
    spawnSync('cp', ['-r', join(ROOT, 'src'), join(ROOT, 'package.json'), dir]);
    const before = computeCodeHash(dir);
    mkdirSync(join(dir, 'node_modules', 'mathjs'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'mathjs', 'package.json'), '{"version":"15.2.0"}');
    const with1520 = computeCodeHash(dir);
    writeFileSync(join(dir, 'node_modules', 'mathjs', 'package.json'), '{"version":"15.2.1"}');
    expect(new Set([before, with1520, computeCodeHash(dir)]).size).toBe(3);
  });
});

describe('jobs a killed coordinator left behind', () => {
  it('are skipped and removed by a worker once the coordinator\'s presence key has expired', async () => {
    const queue = `${QUEUE}-orphans`;
    const { child, exited } = await spawnCli(['sweep', MODEL, '--vary', 'rate_a=100:200:5', '-r', '400', '--redis', url(PORT, queue), '--out', 'orphans'], 'waiting for a worker running this code');
    child.kill('SIGKILL');
    await exited;
    const [presence] = keys(PORT, `munisim:${queue}:coordinator:*`);
    const ttl = Number(redisCli(PORT, 'pttl', presence));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(PRESENCE_TTL_MS);
    const [waiting] = jobKeys(PORT, queue).filter((key) => key.endsWith(':wait'));
    const left = Number(redisCli(PORT, 'llen', waiting));
    expect(left).toBe(64); // the coordinator's capacity: 2,000 runs in tasks of ≥ 1 run, 64 outstanding
    redisCli(PORT, 'del', presence); // what its TTL does a few seconds later

    const worker = await spawnCli(['worker', '--redis', url(PORT, queue)], 'taking tasks');
    await expect.poll(() => jobKeys(PORT, queue), { timeout: 20_000, interval: 200 }).toEqual([]);
    worker.child.kill('SIGTERM');
    const stopped = await worker.exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toContain(`stopped after 0 tasks (0 runs), ${left} skipped (their sweep had stopped)`);
  }, 60_000);
});

describe('a database the server does not have', () => {
  it.each([['sweep'], ['worker']])('%s: exit 2, the number and how many there are, nothing written', async (command) => {
    const target = `redis://127.0.0.1:${PORT}/99`;
    const args = command === 'sweep' ? ['sweep', MODEL, '--vary', 'rate_a=100,200', '-r', '2', '--redis', target, '--out', 'db99'] : ['worker', '--redis', target];
    const result = await munisimAsync(args, { cwd: work });
    expect(result.code, result.stderr).toBe(2);
    const databases = Number(redisCli(PORT, 'config', 'get', 'databases').split('\n')[1]);
    expect(result.stderr).toContain(`database 99 does not exist on this server (${target}); it has ${databases} (0 to ${databases - 1})`);
    expect(result.stderr).not.toMatch(/ReplyError|^\s+at /m);
    expect(existsSync(join(work, 'db99'))).toBe(false);
  });
});

describe('a Redis restart', () => {
  it('prints one line each way on both sides, no stack, and the sweep finishes every run', async () => {
    const queue = `${QUEUE}-restart`;
    const worker = await spawnCli(['worker', '--redis', url(RESTART_PORT, queue)], 'taking tasks');
    const sweep = await spawnCli(['sweep', MODEL, '--vary', 'rate_a=100:200:3', '-r', '200', '--days', '2000', '--redis', url(RESTART_PORT, queue), '--out', 'restart']);
    // Down once some runs are written and others are still to come.
    const summary = join(work, 'restart', 'summary.csv');
    await expect.poll(() => (existsSync(summary) ? readFileSync(summary, 'utf8').split('\n').length : 0), { timeout: 30_000, interval: 50 }).toBeGreaterThan(2);
    await stopRedis(RESTART_PORT);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    ensureRedis(RESTART_PORT);
    const result = await sweep.exited;
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(summary, 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 200);
    worker.child.kill('SIGTERM');
    const stopped = await worker.exited;
    expect(stopped.code, stopped.stderr).toBe(0);
    const display = `redis://127.0.0.1:${RESTART_PORT}`;
    for (const [stderr, prefix] of [[result.stderr, ''], [stopped.stderr, 'worker: ']]) {
      expect(stderr.match(new RegExp(`^${prefix}lost the connection to Redis at ${display}.*; retrying$`, 'gm')), stderr).toHaveLength(1);
      expect(stderr.match(new RegExp(`^${prefix}Redis at ${display} is back after \\d+ s$`, 'gm')), stderr).toHaveLength(1);
      expect(stderr).not.toMatch(/^\s+at |errno|Unhandled error/m);
    }
  }, 120_000);

  it('that never comes back: the evaluator gives up its tasks with one clear error', async () => {
    const evaluator = await RedisQueueEvaluator.connect({ url: url(RESTART_PORT, `${QUEUE}-gone`), reconnectLimitMs: 1500 });
    const result = evaluator.evaluate(task());
    result.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300)); // queued
    await stopRedis(RESTART_PORT);
    try {
      await expect(result).rejects.toBeInstanceOf(UserError);
      await expect(result).rejects.toThrow(new RegExp(`lost the connection to Redis at redis://127.0.0.1:${RESTART_PORT} and it did not come back within [12] s`)); // down ≈ the 1.5 s limit: 1 or 2 s once rounded, by timing
    } finally {
      await evaluator.close();
      ensureRedis(RESTART_PORT);
    }
  }, 30_000);
});
