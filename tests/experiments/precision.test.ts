/**
 * Replications to a precision (Law 2015, §9.4.1), on a model whose KPI has a known distribution: one
 * day of a front demanding 1000 shells times a lognormal factor of mean 1 and coefficient of
 * variation `cv`, from a stock that never runs out, so demand_total has mean ≈ 1000 and sd ≈ 1000·cv.
 * The stopping n depends on the sample, so the rule is checked from the written summary.csv rows,
 * recomputed here (mean, s, t from a table): not met at any earlier batch boundary, met at the final
 * n or stopped at the maximum and flagged; the n found lies near (t·cv/γ')². Then: the same files
 * whatever the evaluator and the order results arrive in, across interrupt and resume, and a resume
 * with other precision settings refused.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOISY_MODEL } from '../noisy-model.js';
import { planDesign } from '../../src/experiments/design-spec.js';
import type { Evaluator, RunTask, TaskResult } from '../../src/experiments/evaluators/evaluator.js';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import { TaskCache } from '../../src/experiments/evaluators/run-task.js';
import { runReplications } from '../../src/experiments/evaluators/simulate-task.js';
import { atDecision, neededRuns, nextRuns, relativePrecisionMet, type PrecisionRule } from '../../src/experiments/precision.js';
import { readSweep, runSweep, type SweepOptions, type SweepProgress, type SweepResult } from '../../src/experiments/sweep.js';
import { UserError } from '../../src/model/errors.js';
import { loadModel } from '../../src/assembly/load-model.js';
import { describeSweep } from '../../src/cli/commands/summarize.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-precision-'));
const modelFile = join(work, 'noisy.yaml');
writeFileSync(modelFile, NOISY_MODEL);
const model = loadModel(modelFile);
const CVS = [0.1, 0.2, 0.3, 0.9];
const design = planDesign(model, { vary: [`cv=${CVS.join(',')}`], kind: 'grid', seed: 1 });
const GAMMA = 0.05;
const INITIAL = 10;
const MAX = 300;
const FILES = ['design.csv', 'summary.csv', 'failures.csv', 'aggregate.csv'];
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const options = (dir: string, evaluator?: Evaluator): SweepOptions => ({
  model, design, replications: INITIAL, precision: GAMMA, precisionKpis: ['demand_total'], maxReplications: MAX, dir, ...(evaluator ? { evaluator } : { jobs: 2 }),
});

/** t_{df, 0.975}, from a table of Student's t (two-sided 95 %), for the degrees of freedom at the batch boundaries n = 10, 20, …, 300. */
const T_975: Record<number, number> = {
  9: 2.2622, 19: 2.093, 29: 2.0452, 39: 2.0227, 49: 2.0096, 59: 2.001, 69: 1.9949, 79: 1.9905, 89: 1.987, 99: 1.9842,
  109: 1.982, 119: 1.9801, 129: 1.9785, 139: 1.9772, 149: 1.976, 159: 1.975, 169: 1.9741, 179: 1.9733, 189: 1.9726, 199: 1.972,
  209: 1.9714, 219: 1.9709, 229: 1.9704, 239: 1.9699, 249: 1.9695, 259: 1.9692, 269: 1.9688, 279: 1.9685, 289: 1.9682, 299: 1.9679,
};

/** δ(n)/|x̄(n)| of the first n values, computed here: two-pass mean and sample variance, t from the table. */
function relativeHalfWidth(values: readonly number[], n: number): number {
  const sample = values.slice(0, n);
  const mean = sample.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(sample.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  return (T_975[n - 1] * s) / Math.sqrt(n) / Math.abs(mean);
}

/** Per point, the column's values in replication order, from summary.csv (checking the replications run 0, 1, 2, …). */
function runsByPoint(dir: string, column: string): number[][] {
  const [header, ...rows] = read(dir, 'summary.csv').trim().split('\n').map((line) => line.split(','));
  const out: number[][] = [];
  for (const row of rows) {
    const point = Number(row[0]);
    (out[point] ??= []).push(Number(row[header.indexOf(column)]));
    expect(Number(row[1])).toBe(out[point].length - 1);
  }
  return out;
}

function aggregateRows(dir: string): Record<string, string>[] {
  const [header, ...rows] = read(dir, 'aggregate.csv').trim().split('\n').map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

/** Finishes tasks after random delays, so results arrive out of order. */
class ShuffledEvaluator implements Evaluator {
  private readonly cache = new TaskCache();
  constructor(readonly capacity = 12) {}
  async evaluate(task: RunTask): Promise<TaskResult> {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    return runReplications(task, this.cache.scenarioFor(task));
  }
  async close(): Promise<void> {}
}

describe('the stopping rule, by hand', () => {
  const rule: PrecisionRule = { relative: 0.05, kpis: ['x'], batch: 10, max_replications: 35 };
  const summary = (n: number, mean: number, sd: number, ciHalfWidth95: number) => ({ n, mean, sd, ciHalfWidth95, min: 0, max: 0 });

  it('compares δ/|x̄| with γ/(1+γ) = 0.047619…, and treats a zero mean as met only when s = 0', () => {
    expect(relativePrecisionMet(summary(10, 100, 1, 4.76), 0.05)).toBe(true); // 0.0476 ≤ 0.047619
    expect(relativePrecisionMet(summary(10, -100, 1, 4.77), 0.05)).toBe(false); // 0.0477 > 0.047619; |x̄| for a negative mean
    expect(relativePrecisionMet(summary(10, 0, 0, 0), 0.05)).toBe(true);
    expect(relativePrecisionMet(summary(10, 0, 0.5, 0.36), 0.05)).toBe(false);
    expect(relativePrecisionMet(summary(1, 100, Number.NaN, Number.NaN), 0.05)).toBe(false);
    expect(relativePrecisionMet(undefined, 0.05)).toBe(false);
  });

  it('decides after the initial runs and each batch, and at the maximum', () => {
    const decisions = Array.from({ length: 40 }, (_, n) => n).filter((n) => atDecision({ replications: 5 }, rule, n));
    expect(decisions).toEqual([5, 15, 25, 35]);
    expect(neededRuns(5, rule, 0, () => true)).toBe(5);
    expect(neededRuns(5, rule, 5, () => false)).toBe(15);
    expect(neededRuns(5, rule, 5, () => true)).toBe(5);
    expect(neededRuns(5, rule, 9, () => true)).toBe(15); // a batch torn by an interrupt is finished first
    expect(neededRuns(5, rule, 25, () => false)).toBe(35); // the last batch is cut at the maximum
    expect(neededRuns(5, rule, 35, () => false)).toBe(35);
    expect(nextRuns({ replications: 5, precision: rule }, [2, 4])).toEqual([[2, 5], [3, 0]]);
    expect(nextRuns({ replications: 5, precision: rule }, [2, 5])).toEqual([[2, 6]]);
    expect(nextRuns({ replications: 5, precision: rule }, [2, 34])).toEqual([[3, 0]]);
    expect(nextRuns({ replications: 5 }, [2, 4])).toEqual([[3, 0]]);
  });
});

describe('sweep with a precision', () => {
  const reference = join(work, 'reference');
  let result: SweepResult;
  const progress: SweepProgress[] = [];
  beforeAll(async () => {
    result = await runSweep({ ...options(reference, new InlineEvaluator()), onProgress: (p) => progress.push(p) });
  });

  it('stops each point at the first batch boundary where t·s/√n ≤ γ/(1+γ)·|x̄|, or at the maximum, flagged', () => {
    const values = runsByPoint(reference, 'demand_total');
    const rows = aggregateRows(reference);
    const gammaPrime = GAMMA / (1 + GAMMA);
    values.forEach((runs, point) => {
      const n = runs.length;
      expect(rows[point].replications).toBe(String(n));
      expect((n - INITIAL) % INITIAL === 0 || n === MAX, `point ${point}: ${n} runs is no batch boundary`).toBe(true);
      for (let m = INITIAL; m < n; m += INITIAL) expect(relativeHalfWidth(runs, m), `point ${point} at n = ${m}`).toBeGreaterThan(gammaPrime);
      const met = relativeHalfWidth(runs, n) <= gammaPrime;
      expect(met || n === MAX, `point ${point} stopped at ${n} without the precision`).toBe(true);
      expect(rows[point].precision_met).toBe(String(met));
    });
  });

  it('takes about n ≈ (t·σ/(γ\'·μ))² runs, σ/μ being the demand cv', () => {
    const counts = runsByPoint(reference, 'demand_total').map((runs) => runs.length);
    // (t·cv/γ')² with t ≈ 1.97 (t_{n−1,0.975} for n near 100) and γ' = 0.05/1.05: 17 for cv 0.1, 68 for 0.2, 154 for 0.3; 1,386 for 0.9, beyond the 300.
    const expected = CVS.map((cv) => (1.97 * cv / (GAMMA / (1 + GAMMA))) ** 2);
    expect(expected.map(Math.round)).toEqual([17, 68, 154, 1386]);
    counts.slice(0, 3).forEach((n, i) => {
      expect(n, `cv ${CVS[i]}`).toBeGreaterThanOrEqual(Math.max(INITIAL, 0.6 * expected[i]));
      expect(n, `cv ${CVS[i]}`).toBeLessThanOrEqual(1.5 * expected[i] + INITIAL);
    });
    expect(counts[3]).toBe(MAX);
    expect(aggregateRows(reference).map((row) => row.precision_met)).toEqual(['true', 'true', 'true', 'false']);
  });

  it('warns, in the result and the manifest, how many points did not reach it, and records the rule', () => {
    const warning = result.warnings.find((w) => w.code === 'precision_not_met');
    expect(warning?.message).toBe('1 of 4 points did not reach the relative precision 0.05 of the mean of demand_total within 300 replications (precision_met is false in aggregate.csv): raise `maxReplications`, or ask for a looser `precision`');
    const manifest = JSON.parse(read(reference, 'manifest.json'));
    expect(manifest.warnings).toContainEqual(warning);
    expect(manifest.precision).toMatchObject({ relative: 0.05, kpis: ['demand_total'], batch: 10, max_replications: 300, points_not_met: 1 });
    expect(manifest.precision.procedure).toMatch(/Law \(2015\).*§9\.4\.1/);
    expect(manifest.sweep.precision).toEqual({ relative: 0.05, kpis: ['demand_total'], batch: 10, max_replications: 300 });
    const total = runsByPoint(reference, 'demand_total').reduce((sum, runs) => sum + runs.length, 0);
    expect(manifest).toMatchObject({ status: 'complete', replications: 10, runs: total, progress: { done: total } });
    expect(result).toMatchObject({ status: 'complete', total, done: total, precision: { notMet: 1 } });
  });

  it('reports progress with a growing total and the points still open', () => {
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ done: result.total, total: result.total, openPoints: 0, points: 4 });
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
      expect(progress[i].openPoints!).toBeLessThanOrEqual(progress[i - 1].openPoints!);
      expect(progress[i].total).toBeGreaterThanOrEqual(progress[i].done);
    }
    expect(progress[0]).toMatchObject({ done: 0, total: 40, openPoints: 4 }); // 4 points × 10 initial runs known at the start
  });

  it('writes the same files on a worker pool (jobs 2) and with results arriving in random order', async () => {
    const pool = join(work, 'jobs-2');
    await runSweep(options(pool));
    const shuffled = join(work, 'shuffled');
    await runSweep(options(shuffled, new ShuffledEvaluator()));
    for (const dir of [pool, shuffled]) for (const file of FILES) expect(read(dir, file), `${dir} ${file}`).toBe(read(reference, file));
  });

  it.each([7, 15, 42, 120, 400])('stops on abort after %i runs, and resumes (a torn last line cut) to the same files', async (at) => {
    const dir = join(work, `aborted-${at}`);
    const controller = new AbortController();
    const stopped = await runSweep({ ...options(dir, new ShuffledEvaluator(3)), signal: controller.signal, onProgress: (p) => { if (p.done >= at) controller.abort(); } });
    expect(stopped.status).toBe('interrupted');
    expect(stopped.precision?.openPoints).toBeGreaterThan(0);
    expect(read(reference, 'summary.csv').startsWith(read(dir, 'summary.csv'))).toBe(true);
    expect(JSON.parse(read(dir, 'manifest.json'))).toMatchObject({ status: 'interrupted', runs: 4 * MAX, progress: { done: stopped.done } });
    appendFileSync(join(dir, 'summary.csv'), '3,1'); // a row cut short by a kill
    const resumed = await runSweep(options(dir, new InlineEvaluator()));
    expect(resumed).toMatchObject({ status: 'complete', resumed: stopped.done, done: result.total });
    for (const file of FILES) expect(read(dir, file), file).toBe(read(reference, file));
  });

  it('summarises an unfinished sweep with its run count as a ceiling, and a finished one with the runs it took', async () => {
    const dir = join(work, 'summarised');
    const controller = new AbortController();
    await runSweep({ ...options(dir), signal: controller.signal, onProgress: (p) => { if (p.done >= 42) controller.abort(); } });
    const unfinished = await describeSweep(dir);
    expect(unfinished).toContain(`4 points × ${INITIAL} to ${MAX} replications (to a precision) = at most 1,200 runs`);
    expect(unfinished).toMatch(/incomplete \(interrupted\): [\d,]+ of at most 1,200 runs finished/);
    await runSweep(options(dir));
    const finished = await describeSweep(dir);
    expect(finished).toContain(`(to a precision) = ${result.total.toLocaleString('en-US')} runs`);
    expect(finished).not.toContain('at most');
  });

  it('refuses to resume with other precision settings, or none, naming them', async () => {
    const refused = async (changes: Partial<SweepOptions>) => {
      const error = await runSweep({ ...options(reference, new InlineEvaluator()), ...changes }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      return (error as UserError).message;
    };
    expect(await refused({ precision: 0.1 })).toMatch(/holds a different sweep.*precision: 0\.05 of demand_total within 300 replications there, 0\.1 of demand_total within 300 replications here/);
    expect(await refused({ maxReplications: 200 })).toMatch(/within 300 replications there, 0\.05 of demand_total within 200 replications here/);
    expect(await refused({ precisionKpis: ['demand_total', 'fill_rate'] })).toMatch(/there, 0\.05 of demand_total, fill_rate within 300 replications here/);
    expect(await refused({ precision: undefined, precisionKpis: undefined, maxReplications: undefined })).toMatch(/precision: 0\.05 of demand_total within 300 replications there, none here/);
  });

  it('reads back through readSweep, and refuses an aggregate.csv whose replications or precision_met were edited', async () => {
    const report = await readSweep(reference);
    expect(report.rows.map((row) => [row.replications, row.precisionMet])).toEqual(aggregateRows(reference).map((row) => [Number(row.replications), row.precision_met === 'true']));
    expect(report).toMatchObject({ status: 'complete', total: result.total, replications: INITIAL });
    const edits: [string, (cells: string[]) => void, RegExp][] = [
      ['beyond-max', (cells) => { cells[2] = '400'; }, /line 2: replications is "400", expected a whole number from 10 to 300/],
      ['not-boolean', (cells) => { cells[4] = 'maybe'; }, /line 2: precision_met is "maybe", expected true or false/],
      ['other-total', (cells) => { cells[2] = String(Number(cells[2]) + 10); }, new RegExp(`its replications add up to ${result.total + 10} runs, but the sweep has ${result.total}`)],
    ];
    for (const [name, edit, message] of edits) {
      const dir = join(work, `edited-${name}`);
      cpSync(reference, dir, { recursive: true });
      const lines = read(dir, 'aggregate.csv').split('\n');
      const cells = lines[1].split(',');
      edit(cells);
      lines[1] = cells.join(',');
      writeFileSync(join(dir, 'aggregate.csv'), lines.join('\n'));
      const error = await readSweep(dir).then(() => undefined, (e: unknown) => e);
      expect(error, name).toBeInstanceOf(UserError);
      expect((error as UserError).message, name).toMatch(message);
    }
  });

  it('counts a KPI that is 0 in every run (mean 0, s = 0) as precise after the initial runs', async () => {
    const dir = join(work, 'zero-mean');
    const zero = await runSweep({ ...options(dir, new InlineEvaluator()), precisionKpis: ['shortfall_total'] });
    expect(zero.total).toBe(4 * INITIAL);
    expect(aggregateRows(dir).map((row) => [row.replications, row.precision_met, row['shortfall_total.mean']])).toEqual(Array(4).fill(['10', 'true', '0']));
  });
});

describe('a sweep without a precision', () => {
  it('writes aggregate.csv as before: no precision_met column, every point with its R runs, statistics of its rows', async () => {
    const dir = join(work, 'fixed');
    await runSweep({ model, design, replications: 7, dir, evaluator: new InlineEvaluator() });
    const [header] = read(dir, 'aggregate.csv').split('\n');
    expect(header.startsWith('point,cv,replications,failed,produced_total.mean,')).toBe(true);
    expect(header).not.toContain('precision_met');
    const values = runsByPoint(dir, 'demand_total');
    aggregateRows(dir).forEach((row, point) => {
      const runs = values[point];
      expect(runs).toHaveLength(7);
      const mean = runs.reduce((a, b) => a + b, 0) / 7;
      const sd = Math.sqrt(runs.reduce((a, x) => a + (x - mean) ** 2, 0) / 6);
      expect(row).toMatchObject({ replications: '7', failed: '0', 'demand_total.n': '7' });
      expect(Number(row['demand_total.mean'])).toBeCloseTo(mean, 5);
      expect(Number(row['demand_total.sd'])).toBeCloseTo(sd, 5);
      expect(Number(row['demand_total.ci95_halfwidth'])).toBeCloseTo((2.446912 * sd) / Math.sqrt(7), 4); // t_{6, 0.975} = 2.446912
    });
    const manifest = JSON.parse(read(dir, 'manifest.json'));
    expect(manifest.sweep.precision).toBeUndefined();
    expect(manifest.precision).toBeUndefined();
    expect(manifest.layout.precision).toBeUndefined();
  });
});
