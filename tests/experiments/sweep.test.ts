/**
 * runSweep's ordering and recovery, in-process with evaluators that misbehave on purpose: results
 * that finish in random order, an abort in the middle, an evaluator that dies. The files must come
 * out byte-identical to a plain in-order sweep every time.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planDesign } from '../../src/experiments/design-spec.js';
import type { Evaluator, RunTask, TaskResult } from '../../src/experiments/evaluators/evaluator.js';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import { TaskCache } from '../../src/experiments/evaluators/run-task.js';
import { runReplications } from '../../src/experiments/evaluators/simulate-task.js';
import { readSweep, runSweep, sweepFolderName, sweepIdentity, type SweepOptions } from '../../src/experiments/sweep.js';
import { UserError } from '../../src/model/errors.js';
import { loadModel } from '../../src/assembly/load-model.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-sweep-lib-'));
const modelFile = join(work, 'chain.yaml');
writeFileSync(modelFile, `name: chain
start: 2024-01-01
days: 20
seed: 3
parameters:
  rate: { value: 100, min: 0, max: 300 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 300 } }]
factories: [{ id: plant, munition: shell, to: depot, rate: rate, breakdown: { mtbf_days: 5, mttr_days: 1 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 110, demand_cv: 0.3 }]
`);
const model = loadModel(modelFile);
const design = planDesign(model, { vary: ['rate=50:250:5'], kind: 'grid', seed: 1 });
const FILES = ['design.csv', 'summary.csv', 'failures.csv', 'aggregate.csv'];
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const options = (dir: string, evaluator: Evaluator): SweepOptions => ({ model, design, replications: 7, dir, evaluator });

/** Finishes tasks after random delays, so results arrive out of order; can fail on one point. */
class ShuffledEvaluator implements Evaluator {
  private readonly cache = new TaskCache();
  evaluated = 0;
  constructor(private readonly failOnPoint?: number, readonly capacity = 12) {}
  async evaluate(task: RunTask): Promise<TaskResult> {
    this.evaluated++;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 8));
    if (task.point === this.failOnPoint) throw new Error('the evaluator lost its workers');
    return runReplications(task, this.cache.scenarioFor(task));
  }
  async close(): Promise<void> {}
}

describe('runSweep', () => {
  const reference = join(work, 'reference');
  beforeAll(async () => {
    const result = await runSweep(options(reference, new InlineEvaluator()));
    expect(result).toMatchObject({ status: 'complete', points: 5, total: 35, done: 35, failed: 0 });
  });

  it('writes the same files whatever order the results arrive in', async () => {
    const dir = join(work, 'shuffled');
    const evaluator = new ShuffledEvaluator();
    await runSweep(options(dir, evaluator));
    expect(evaluator.evaluated).toBeGreaterThan(5); // several tasks were in flight at once
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('stops on abort after the runs in flight, leaving a resumable prefix', async () => {
    const dir = join(work, 'aborted');
    const controller = new AbortController();
    // At most 3 tasks (≤ 21 runs) outstanding, so an abort at 5 runs done leaves runs never dispatched.
    const result = await runSweep({
      ...options(dir, new ShuffledEvaluator(undefined, 3)),
      signal: controller.signal,
      onProgress: (p) => { if (p.done >= 5) controller.abort(); },
    });
    expect(result.status).toBe('interrupted');
    expect(result.done).toBeLessThan(35);
    expect(read(reference, 'summary.csv').startsWith(read(dir, 'summary.csv'))).toBe(true);
    expect(existsSync(join(dir, 'aggregate.csv'))).toBe(false);
    expect(JSON.parse(read(dir, 'manifest.json'))).toMatchObject({ status: 'interrupted', progress: { done: result.done } });

    const resumed = await runSweep(options(dir, new ShuffledEvaluator()));
    expect(resumed).toMatchObject({ status: 'complete', resumed: result.done, done: 35 });
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('stops when the evaluator itself fails, keeps the finished prefix, and resumes', async () => {
    const dir = join(work, 'broken');
    await expect(runSweep(options(dir, new ShuffledEvaluator(3)))).rejects.toThrow('the evaluator lost its workers');
    const manifest = JSON.parse(read(dir, 'manifest.json'));
    expect(manifest).toMatchObject({ status: 'failed', error: 'the evaluator lost its workers' });
    expect(manifest.progress.done).toBeLessThanOrEqual(21); // nothing of point 3 or after
    expect(read(reference, 'summary.csv').startsWith(read(dir, 'summary.csv'))).toBe(true);

    await runSweep(options(dir, new ShuffledEvaluator()));
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('refuses a folder that holds a different sweep, naming the difference', async () => {
    await expect(runSweep({ ...options(reference, new InlineEvaluator()), replications: 8 }))
      .rejects.toThrow(/holds a different sweep.*replications: 7 there, 8 here/);
    await expect(runSweep({ ...options(reference, new InlineEvaluator()), seed: 11 }))
      .rejects.toThrow(/seed: 3 there, 11 here/);
  });
});

/** The UserError issue a promise rejects with (fails the test on anything else). */
async function refusal(promise: Promise<unknown>): Promise<{ file?: string; path?: string; line?: number; message: string; hint?: string }> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).issues[0];
}

describe('resume, replace and locks', () => {
  const complete = join(work, 'complete-ref');
  const startOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
  beforeAll(async () => { await runSweep(options(complete, new InlineEvaluator())); });
  const copy = (name: string) => { const dir = join(work, name); cpSync(complete, dir, { recursive: true }); return dir; };

  it('resumes a folder whose lock names a live PID with another start time (a reused PID)', async () => {
    const dir = join(work, 'stale-lock');
    const controller = new AbortController();
    await runSweep({ ...options(dir, new ShuffledEvaluator(undefined, 2)), signal: controller.signal, onProgress: (p) => { if (p.done >= 7) controller.abort(); } });
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.ppid, start: startOf(process.ppid) + 3, boot: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() }));
    const resumed = await runSweep(options(dir, new InlineEvaluator()));
    expect(resumed.status).toBe('complete');
    for (const file of FILES) expect(read(dir, file), file).toBe(read(complete, file));
    expect(existsSync(join(dir, '.lock'))).toBe(false);
  });

  it('refuses to resume or replace a folder locked by a running process, naming its PID, and deletes nothing', async () => {
    const dir = copy('live-lock');
    writeFileSync(join(dir, 'manifest.json'), read(dir, 'manifest.json').replace('"status": "complete"', '"status": "interrupted"'));
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.ppid, start: startOf(process.ppid), boot: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() }));
    for (const replace of [false, true]) {
      const issue = await refusal(runSweep({ ...options(dir, new InlineEvaluator()), replace }));
      expect(issue.message).toContain(`another munisim (process ${process.ppid}) is writing this sweep`);
      expect(issue.hint).toContain(`kill ${process.ppid}`);
    }
    for (const file of FILES) expect(read(dir, file), file).toBe(read(complete, file));
  });

  it('replaces a sweep of another identity when asked, under the lock', async () => {
    const dir = copy('replaced');
    const result = await runSweep({ ...options(dir, new InlineEvaluator()), replications: 2, replace: true });
    expect(result).toMatchObject({ status: 'complete', total: 10, resumed: 0 });
    expect(JSON.parse(read(dir, 'manifest.json')).replications).toBe(2);
  });

  it.each([
    ['layout.parameters is null', (m: Record<string, any>) => { m.layout.parameters = null; }, 'layout.parameters', /expected a list of names, got null/],
    ['layout.kpis is missing', (m: Record<string, any>) => { delete m.layout.kpis; }, 'layout.kpis', /expected a non-empty list of names, got nothing/],
    ['progress.done is a string', (m: Record<string, any>) => { m.progress.done = '35'; }, 'progress.done', /expected a whole number ≥ 0, got "35"/],
    ['points is 1e12', (m: Record<string, any>) => { m.points = 1e12; m.runs = 7e12; m.progress.done = 7e12; }, 'points', /is 1000000000000, but this sweep's design has 5 points/],
    ['status is unknown', (m: Record<string, any>) => { m.status = 'done'; }, 'status', /expected one of running, interrupted, failed, complete, got "done"/],
  ])('refuses to resume when the manifest\'s %s, naming the file and field', async (_, edit, path, message) => {
    const dir = copy(`bad-manifest-${path}-${Math.random().toString(36).slice(2, 6)}`);
    const manifest = JSON.parse(read(dir, 'manifest.json'));
    edit(manifest);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const issue = await refusal(runSweep(options(dir, new InlineEvaluator())));
    expect(issue).toMatchObject({ file: join(dir, 'manifest.json'), path });
    expect(issue.message).toMatch(message);
    expect(issue.hint).toMatch(/`replace`/);
  });

  it('does not call a sweep "already complete" when its aggregate.csv is missing or summary.csv is short', async () => {
    const noAggregate = copy('no-aggregate');
    rmSync(join(noAggregate, 'aggregate.csv'));
    const issue = await refusal(runSweep(options(noAggregate, new InlineEvaluator())));
    expect(issue).toMatchObject({ file: join(noAggregate, 'aggregate.csv'), message: 'is missing, but the sweep is marked complete' });
    const short = copy('short-summary');
    const lines = read(short, 'summary.csv').split('\n');
    writeFileSync(join(short, 'summary.csv'), `${lines.slice(0, 1 + 20).join('\n')}\n`); // header and 20 of 35 runs
    expect((await refusal(runSweep(options(short, new InlineEvaluator())))).message).toBe('has 20 runs, but the sweep is marked complete with 35');
  });
});

describe('readSweep checks the files against the manifest', () => {
  const complete = join(work, 'read-ref');
  beforeAll(async () => { await runSweep(options(complete, new InlineEvaluator())); });
  const aggregateLines = () => read(complete, 'aggregate.csv').split('\n'); // header, 5 points, ''

  it.each([
    ['truncated to one point', () => `${aggregateLines().slice(0, 2).join('\n')}\n`, undefined, /has 1 point rows, but the sweep has 5 points/],
    ['cut in the middle of a row', () => aggregateLines().join('\n').slice(0, -30), 6, /line 6 is cut short/],
    ['a garbage row', () => { const l = aggregateLines(); l[3] = 'garbage'; return l.join('\n'); }, 4, /line 4 has 1 cells, expected \d+/],
    ['a row with a word for a number', () => { const l = aggregateLines(); const c = l[2].split(','); c[5] = 'NaN?'; l[2] = c.join(','); return l.join('\n'); }, 3, /line 3: "NaN\?" is not a number/],
    ['a failed count above the replications', () => { const l = aggregateLines(); const c = l[2].split(','); c[3] = '9'; l[2] = c.join(','); return l.join('\n'); }, 3, /line 3: failed is "9", expected a whole number from 0 to 7/],
    ['rows out of order', () => { const l = aggregateLines(); [l[1], l[2]] = [l[2], l[1]]; return l.join('\n'); }, 2, /line 2 is point "1", expected point 0/],
    ['empty', () => '', undefined, /is empty/],
    ['header only', () => `${aggregateLines()[0]}\n`, undefined, /has 0 point rows, but the sweep has 5 points/],
    ['binary', () => '\u0000\u0001\u0002\u00ff\n\u0003', 1, /line 1 is not the header of this sweep's aggregate \("\\u0000\\u0001\\u0002ÿ"\)/],
  ])('refuses aggregate.csv %s', async (name, content, line, message) => {
    const dir = join(work, `aggregate-${name.replace(/\W+/g, '-')}`);
    cpSync(complete, dir, { recursive: true });
    writeFileSync(join(dir, 'aggregate.csv'), content());
    const issue = await refusal(readSweep(dir));
    expect(issue.file).toBe(join(dir, 'aggregate.csv'));
    expect(issue.line).toBe(line);
    expect(issue.message).toMatch(message);
    expect(issue.hint).toMatch(/`replace`/);
  });

  it('refuses a manifest whose points disagree with design.csv (points: 1e12)', async () => {
    const dir = join(work, 'points-1e12');
    cpSync(complete, dir, { recursive: true });
    const manifest = JSON.parse(read(dir, 'manifest.json'));
    Object.assign(manifest, { points: 1e12, runs: 7e12, progress: { ...manifest.progress, done: 7e12 } });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const issue = await refusal(readSweep(dir));
    expect(issue).toMatchObject({ file: join(dir, 'manifest.json'), path: 'points', message: 'is 1000000000000, but design.csv has 5 points' });
  });

  it('refuses a garbage row in the summary.csv of an unfinished sweep, and reads an intact one', async () => {
    const dir = join(work, 'unfinished-garbage');
    cpSync(complete, dir, { recursive: true });
    const manifest = JSON.parse(read(dir, 'manifest.json'));
    Object.assign(manifest, { status: 'interrupted', progress: { ...manifest.progress, done: 10 } });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    rmSync(join(dir, 'aggregate.csv'));
    const lines = read(dir, 'summary.csv').split('\n').slice(0, 11); // header and runs 0..9
    writeFileSync(join(dir, 'summary.csv'), `${lines.join('\n')}\n`);
    const intact = await readSweep(dir);
    expect(intact).toMatchObject({ status: 'interrupted', done: 10, points: 5 });
    expect(intact.rows.map((r) => r.point)).toEqual([0, 1]); // 10 runs of 7 replications: point 0 whole, 3 runs of point 1
    writeFileSync(join(dir, 'summary.csv'), `${lines.slice(0, 5).join('\n')}\nx,y,z\n`);
    const issue = await refusal(readSweep(dir));
    expect(issue).toMatchObject({ file: join(dir, 'summary.csv'), line: 6 });
    expect(issue.message).toMatch(/line 6 has 3 cells/);
  });
});

describe('sweepFolderName', () => {
  it('is <design>-<first 12 hex digits of the SHA-256 of the identity as JSON>: equal for equal sweeps, different otherwise', () => {
    const identity = sweepIdentity({ model, design, replications: 7, dir: '' });
    const expected = `grid-${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12)}`;
    expect(sweepFolderName(identity)).toBe(expected);
    expect(sweepFolderName(sweepIdentity({ model, design, replications: 7, dir: 'elsewhere', jobs: 3 }))).toBe(expected);
    expect(sweepFolderName(sweepIdentity({ model, design, replications: 8, dir: '' }))).not.toBe(expected);
    expect(sweepFolderName(sweepIdentity({ model, design, replications: 7, seed: 4, dir: '' }))).not.toBe(expected);
  });
});
