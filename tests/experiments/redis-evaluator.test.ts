/**
 * The Redis-queue evaluator end to end, through the real CLI: a Redis server on a test port
 * (scripts/ensure-redis.sh), two `munisim worker` processes (one on two threads) that cannot see the
 * model file (they run in an empty folder and get the model's text, and the CSV files it reads, with
 * each job), a sweep and a sensitivity study whose files must be byte-identical to --jobs 1, refusals when Redis is
 * unreachable, the no-worker hint, and workers stopping cleanly on SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoChainsModel } from '../two-chains.js';
import { decodeJson, encodeJson } from '../../src/experiments/json-numbers.js';
import { parseRedisTarget } from '../../src/experiments/evaluators/redis-connection.js';
import { RedisQueueEvaluator, type RedisStall } from '../../src/experiments/evaluators/redis-queue.js';
import { jobQueueName } from '../../src/experiments/evaluators/redis-protocol.js';
import { UserError } from '../../src/model/errors.js';
import { loadModel } from '../../src/assembly/load-model.js';
import { munisimAsync, ROOT, type CliResult } from '../cli/cli.js';
import { ensureRedis, stopRedis } from '../redis-server.js';

/** This file's port (see tests/redis-server.ts); redis-lifecycle.test.ts uses 6391 and 6392. */
const PORT = 6390;
const URL_BASE = `redis://127.0.0.1:${PORT}`;
const QUEUE = `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const REDIS = `${URL_BASE}?queue=${QUEUE}`;

const work = mkdtempSync(join(tmpdir(), 'munisim-redis-'));
/** Where the workers run: an empty folder, so they can only use the model text sent with each job. */
const elsewhere = join(work, 'elsewhere');
mkdirSync(elsewhere);

/**
 * Two independent chains; plant A's rate is `rate_a - 50`, so rate_a below 50 is refused (failing
 * runs), and with low demand front B never falls short (empty first_shortfall_day cells: NaN KPIs).
 */
const MODEL = 'two-chains.yaml';
writeFileSync(join(work, MODEL), twoChainsModel({ depotB: 5000, demandB: 60 }));

/** The CLI in `work` (relative model path, and sensitivity's journal in work/runs/.partial). */
const munisim = (args: string[], cwd = work) => munisimAsync(args, { cwd });
type Result = CliResult;

interface WorkerProcess { child: ChildProcess; stderr: () => string; exited: Promise<Result> }

/** Starts `munisim worker` in `elsewhere` and resolves once it says it is taking tasks. */
function startWorker(concurrency: number): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/munisim.js'), 'worker', '--redis', URL_BASE, '--queue', QUEUE, '--concurrency', String(concurrency)], { cwd: elsewhere, env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => { stdout += chunk; });
  const exited = new Promise<Result>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`munisim worker did not start within 30 s:\n${stderr}`)), 30_000);
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.includes('taking tasks')) { clearTimeout(timer); resolve({ child, stderr: () => stderr, exited }); }
    });
    void exited.then((result) => { clearTimeout(timer); reject(new Error(`munisim worker exited with ${result.code} before starting:\n${stderr}`)); });
  });
}

/** A local port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const read = (dir: string, file: string) => readFileSync(join(work, dir, file), 'utf8');
let workers: WorkerProcess[] = [];

let startedHere = false;

beforeAll(async () => {
  startedHere = ensureRedis(PORT);
  workers = await Promise.all([startWorker(1), startWorker(2)]);
});

afterAll(async () => {
  for (const { child } of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // The test's queues (events streams, ids) would otherwise stay in the server between runs.
  const drop = "for _, key in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', key) end";
  spawnSync('redis-cli', ['-p', String(PORT), 'eval', drop, '0', `munisim:${QUEUE}*`]);
  if (startedHere) await stopRedis(PORT);
});

describe('encodeJson', () => {
  it('keeps what plain JSON loses: NaN, ±Infinity and −0', () => {
    const value = { values: [1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0], message: 'NaN' };
    const back = decodeJson<typeof value>(encodeJson(value));
    expect(back.values).toEqual(value.values);
    expect(Object.is(back.values[4], -0)).toBe(true);
    expect(Object.is(back.values[5], 0)).toBe(true);
    expect(back.message).toBe('NaN');
  });
});

describe.concurrent('results through Redis equal those on one thread', () => {
  it('a sweep with failing points and never-happened KPIs: every file byte-identical to --jobs 1', async () => {
    const args = ['sweep', MODEL, '--vary', 'rate_a=20,100,250', '--vary', 'demand_a=60:180:3', '-r', '6', '--quiet'];
    const [inline, redis] = await Promise.all([
      munisim([...args, '--jobs', '1', '--out', 'sweep-inline']),
      munisim([...args, '--redis', REDIS, '--out', 'sweep-redis']),
    ]);
    expect(inline.code, inline.stderr).toBe(3); // the rate_a = 20 points fail
    expect(redis.code, redis.stderr).toBe(3);
    for (const file of ['design.csv', 'summary.csv', 'failures.csv', 'aggregate.csv']) {
      expect(read('sweep-redis', file), file).toBe(read('sweep-inline', file));
    }
    const summary = read('sweep-inline', 'summary.csv').trim().split('\n');
    expect(summary).toHaveLength(1 + 9 * 6);
    const header = summary[0].split(',');
    const neverShort = header.indexOf('first_shortfall_day.front-b');
    expect(summary.slice(1).every((row) => row.split(',')[neverShort] === '')).toBe(true);
    expect(read('sweep-inline', 'failures.csv')).toContain('two-chains.yaml'); // a failure names the model file the sweep was given
  });

  it('a model that reads a CSV the workers\' disk lacks: they parse the copy sent with each job, and summary.csv is that of --jobs 1', async () => {
    mkdirSync(join(work, 'with-csv'));
    writeFileSync(join(work, 'with-csv', 'model.yaml'), `name: csv
start: 2024-01-01
days: 4
parameters:
  initial_stock: { value: 100, min: 0, max: 1000 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: initial_stock } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: { csv: data/demand.csv, column: shells, per: day } }]
`);
    mkdirSync(join(work, 'with-csv', 'data'));
    writeFileSync(join(work, 'with-csv', 'data', 'demand.csv'), 'date,shells\n2024-01-01,10\n2024-01-03,30\n');
    expect(existsSync(join(elsewhere, 'with-csv'))).toBe(false);
    const args = ['sweep', 'with-csv/model.yaml', '--vary', 'initial_stock=30,90', '-r', '2', '--quiet'];
    const [inline, redis] = await Promise.all([
      munisim([...args, '--jobs', '1', '--out', 'csv-inline']),
      munisim([...args, '--redis', REDIS, '--out', 'csv-redis']),
    ]);
    expect(inline.code, inline.stderr).toBe(0);
    expect(redis.code, redis.stderr).toBe(0);
    for (const file of ['summary.csv', 'failures.csv', 'aggregate.csv']) expect(read('csv-redis', file), file).toBe(read('csv-inline', file));
    // Demand 10, 10, 30, 30 (the CSV's step series): 80 in all, of which 30 or 80 is met.
    const [header, ...rows] = read('csv-redis', 'summary.csv').trim().split('\n').map((line) => line.split(','));
    expect(rows.map((row) => [row[header.indexOf('demand_total')], row[header.indexOf('consumed_total')]])).toEqual([['80', '30'], ['80', '30'], ['80', '80'], ['80', '80']]);
  });

  it('a sensitivity study: samples.csv and indices.csv byte-identical to --jobs 1', async () => {
    const args = ['sensitivity', MODEL, '--method', 'morris', '--samples', '4', '--params', 'rate_b,demand_a', '--replications', '2', '--series', 'depot-b.stock'];
    // Each in its own folder with its own copy of the model: a study's resume journal is kept under runs/.partial/.
    for (const dir of ['sensitivity-inline', 'sensitivity-redis']) {
      mkdirSync(join(work, dir));
      copyFileSync(join(work, MODEL), join(work, dir, MODEL));
    }
    const [inline, redis] = await Promise.all([
      munisim([...args, '--jobs', '1', '--out', 'out'], join(work, 'sensitivity-inline')),
      munisim([...args, '--redis', REDIS, '--out', 'out'], join(work, 'sensitivity-redis')),
    ]);
    expect(inline.code, inline.stderr).toBe(0);
    expect(redis.code, redis.stderr).toBe(0);
    for (const file of ['samples.csv', 'indices.csv', 'indices_series.csv']) {
      expect(read('sensitivity-redis/out', file), file).toBe(read('sensitivity-inline/out', file));
    }
  });
});

describe.concurrent('an unreachable Redis is bad input: exit 2, a message naming the URL, nothing written', () => {
  it.each([
    ['sweep', (url: string) => ['sweep', MODEL, '--vary', 'rate_a=100,200', '-r', '2', '--redis', url, '--out', 'unreachable-sweep']],
    ['sensitivity', (url: string) => ['sensitivity', MODEL, '--method', 'oat', '--redis', url, '--out', 'unreachable-sensitivity']],
    ['worker', (url: string) => ['worker', '--redis', url]],
  ])('%s', async (command, args) => {
    const url = `redis://127.0.0.1:${await closedPort()}`;
    const result = await munisim(args(url));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`cannot reach Redis at ${url}`);
    expect(result.stderr).toMatch(/redis-server/);
    expect(result.stderr).toMatch(/munisim worker/);
    expect(existsSync(join(work, `unreachable-${command}`))).toBe(false);
  });
});

describe('parseRedisTarget', () => {
  it.each([
    ['redis://h:6379', undefined, { url: 'redis://h:6379', display: 'redis://h:6379', queue: 'munisim', db: 0 }],
    ['redis://h:6379/', undefined, { url: 'redis://h:6379/', display: 'redis://h:6379', queue: 'munisim', db: 0 }],
    ['redis://h:6379/2?queue=q1', undefined, { url: 'redis://h:6379/2', display: 'redis://h:6379/2', queue: 'q1', db: 2 }],
    ['rediss://user:secret@h:6380', 'q2', { url: 'rediss://user:secret@h:6380', display: 'rediss://user:***@h:6380', queue: 'q2', db: 0 }],
  ])('%s (--queue %s)', (url, queue, expected) => {
    expect(parseRedisTarget(url, queue)).toEqual(expected);
  });

  it.each([
    ['http://h:6379', undefined, /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['not a url', undefined, /expected a URL like redis:\/\/host:6379/],
    ['redis://h?queue=a', 'b', /"b" differs from the URL's queue "a"/],
    ['redis://h', 'a:b', /expected 1 to 100 letters/],
    ['redis://h', 'a@b', /expected 1 to 100 letters/], // "@" separates the queue from the code hash in BullMQ's queue name
    ['redis://h:6379/x', undefined, /expected a database number after the host \(redis:\/\/host:6379\/0\), got "\/x"/],
    ['redis://h:6379/1/2', undefined, /expected a database number after the host .*got "\/1\/2"/],
  ])('refuses %s (--queue %s)', (url, queue, message) => {
    expect(() => parseRedisTarget(url, queue)).toThrow(UserError);
    expect(() => parseRedisTarget(url, queue)).toThrow(message);
  });
});

describe('with no worker on the queue', () => {
  it('reports the stall (no worker connected), refuses kept time series, and removes its waiting job on close', async () => {
    const model = loadModel(join(work, MODEL));
    const stalls: RedisStall[] = [];
    const evaluator = await RedisQueueEvaluator.connect({ url: `${URL_BASE}?queue=${QUEUE}-empty`, stallMs: 300, onStall: (stall) => stalls.push(stall) });
    try {
      const pending = evaluator.evaluate({
        model, modelSha256: model.sha256, point: 0, parameters: {}, baseSeed: 1, firstReplication: 0, count: 1, kpis: ['fill_rate'],
      });
      pending.catch(() => {});
      await expect.poll(() => stalls.length, { timeout: 10_000, interval: 100 }).toBeGreaterThan(0);
      expect(stalls[0]).toMatchObject({ workers: 0, pending: 1 });
      expect(stalls[0].target.queue).toBe(`${QUEUE}-empty`);
      await expect(evaluator.evaluate({
        model, modelSha256: model.sha256, point: 0, parameters: {}, baseSeed: 1, firstReplication: 0, count: 1, kpis: [],
        series: { dir: work, every: 1 },
      })).rejects.toBeInstanceOf(UserError);
    } finally {
      await evaluator.close();
    }
    const waiting = spawnSync('redis-cli', ['-p', String(PORT), 'llen', `munisim:${jobQueueName(`${QUEUE}-empty`, evaluator.code)}:wait`], { encoding: 'utf8' });
    expect(waiting.stdout.trim()).toBe('0');
  });
});

describe('stopping the workers', () => {
  it('on SIGTERM each finishes, says how many tasks it ran (both ran some) and exits 0', async () => {
    for (const { child } of workers) child.kill('SIGTERM');
    const results = await Promise.all(workers.map((worker) => worker.exited));
    for (const result of results) {
      expect(result.signal, result.stderr).toBe(null);
      expect(result.code, result.stderr).toBe(0);
      const tasks = /stopped after (\d+) tasks/.exec(result.stderr);
      expect(tasks, result.stderr).not.toBe(null);
      expect(Number(tasks![1])).toBeGreaterThan(0);
    }
  });
});
