/**
 * Sensitivity studies on a model whose answer is known by hand: two plants feed one depot, so
 * produced_total = days · (a + b) exactly. With a ~ U[0, 100] and b ~ U[0, 300] the variance shares
 * are Var a : Var b = 100² : 300² → S1_a = 0.1, S1_b = 0.9 (and ST = S1, no interaction); Morris
 * μ* per whole range is days·100 and days·300; one-at-a-time gives days·min and days·max.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import type { MorrisIndices, OatIndices, SobolIndices } from '../../src/analysis/index.js';
import { noiseShareOf, runSensitivity } from '../../src/experiments/sensitivity-study.js';
import { planDesign } from '../../src/experiments/design-spec.js';
import { readSweep, runSweep } from '../../src/experiments/sweep.js';
import { parseModel } from '../../src/assembly/load-model.js';
import { munisim } from '../cli/cli.js';

const DAYS = 20;
const work = mkdtempSync(join(tmpdir(), 'munisim-sensitivity-'));
const modelFile = join(work, 'plants.yaml');
writeFileSync(modelFile, `name: plants
start: 2024-01-01
days: ${DAYS}
parameters:
  a: { value: 50, min: 0, max: 100, unit: shells/day }
  b: { value: 150, min: 0, max: 300, unit: shells/day }
  fixed_cap: 7
munitions: [{ id: m }]
stockpiles: [{ id: depot }]
factories:
  - { id: pa, munition: m, to: depot, rate: a }
  - { id: pb, munition: m, to: depot, rate: b }
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: 100, demand_cv: 0.3 }]
`);

const attempt = (method: 'oat' | 'morris' | 'sobol', extra: Partial<Parameters<typeof runSensitivity>[0]> = {}) => runSensitivity({
  modelFile, method, outputs: ['produced_total'], replications: 2, every: 5, evaluator: new InlineEvaluator(), ...extra,
});
/** A study run to its end. */
const study = async (...args: Parameters<typeof attempt>) => {
  const result = await attempt(...args);
  if (result.interrupted) throw new Error('the study stopped early');
  return result;
};

describe('methods on a model with known indices', () => {
  it('one-at-a-time: each parameter at its min and max, the other at its value', async () => {
    const result = await study('oat');
    const rows = result.indices.byOutput.get('produced_total') as OatIndices[];
    // Base: 20 · (50 + 150) = 4000. a at 0 → 3000, at 100 → 5000; b at 0 → 1000, at 300 → 7000.
    expect(rows.map((r) => [r.parameter, r.low, r.high, r.base])).toEqual([['b', 1000, 7000, 4000], ['a', 3000, 5000, 4000]]);
  });

  it('Morris: μ* equals days · range for a linear output, σ is about 0', async () => {
    const result = await study('morris', { samples: 10 });
    const rows = result.indices.byOutput.get('produced_total') as MorrisIndices[];
    const byName = Object.fromEntries(rows.map((r) => [r.parameter, r]));
    // Fractional rates are released as whole shells (the remainder carries), so allow one shell per run.
    expect(byName.a.muStar).toBeCloseTo(DAYS * 100, -1);
    expect(byName.b.muStar).toBeCloseTo(DAYS * 300, -1);
    expect(byName.b.sigma / byName.b.muStar).toBeLessThan(0.01);
  });

  it('Sobol: S1 and ST near 0.1 and 0.9, intervals covering them', async () => {
    const result = await study('sobol', { samples: 256 });
    const rows = Object.fromEntries((result.indices.byOutput.get('produced_total') as SobolIndices[]).map((r) => [r.parameter, r]));
    expect(rows.a.S1).toBeCloseTo(0.1, 1);
    expect(rows.b.S1).toBeCloseTo(0.9, 1);
    expect(rows.b.ST).toBeCloseTo(0.9, 1);
    expect(rows.a.S1Low).toBeLessThanOrEqual(0.1);
    expect(rows.a.S1High).toBeGreaterThanOrEqual(0.1);
    // produced_total has no randomness in this model: noise share 0.
    expect(result.noiseShare.get('produced_total')).toBe(0);
    expect(result.rows).toHaveLength(256 * 4);
  });

  it('series indices at every interval, and a fan chart of production in shells per day', async () => {
    const result = await study('sobol', { samples: 64, series: ['pb.produced'] });
    const series = result.seriesIndices[0];
    expect(series.days).toEqual([0, 5, 10, 15]);
    // pb.produced depends on b alone: S1_b = 1 and S1_a = 0 in every interval.
    for (const point of series.points.filter((p) => p.index === 'S1')) {
      expect(point.value, `${point.parameter} on day ${point.day}`).toBeCloseTo(point.parameter === 'b' ? 1 : 0, 1);
    }
    // Production per day is a + b over the samples; its median across samples is near 50 + 150.
    const produced = result.fan.filter((f) => f.series === 'produced');
    expect(produced).toHaveLength(4);
    for (const f of produced) {
      expect(f.p50).toBeGreaterThan(150);
      expect(f.p50).toBeLessThan(250);
      expect(f.p05).toBeLessThan(f.p95);
    }
  });

  it('gives the same indices whatever the number of workers', async () => {
    const { WorkerPoolEvaluator } = await import('../../src/experiments/evaluators/worker-pool.js');
    const pool = new WorkerPoolEvaluator(2);
    try {
      const one = await study('morris', { samples: 4 });
      const two = await study('morris', { samples: 4, evaluator: pool });
      expect(two.indices).toEqual(one.indices);
    } finally {
      await pool.close();
    }
  });
});

describe('resuming an interrupted study', () => {
  it('resumes from the study folder after a stop and gives the same result as an uninterrupted study', async () => {
    const dir = join(work, 'stopped');
    const controller = new AbortController();
    const first = await attempt('morris', { samples: 6, dir, signal: controller.signal, onProgress: (p) => { if (p.done >= 6) controller.abort(); } });
    expect(first.interrupted).toBe(true);
    // Morris with 2 parameters: 6 trajectories × 3 rows = 18 samples, × 2 replications = 36 runs.
    const written = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n').length - 1;
    expect(written).toBeGreaterThanOrEqual(6);
    expect(written).toBeLessThan(36);
    let resumedFrom = -1;
    const resumed = await study('morris', { samples: 6, dir, onProgress: (p) => { resumedFrom = p.resumed; } });
    expect(resumedFrom).toBe(written); // the runs on disk are not run again
    const fresh = await study('morris', { samples: 6 });
    expect(resumed.indices).toEqual(fresh.indices);
    expect(resumed.means).toEqual(fresh.means);
    expect(resumed.fan).toEqual(fresh.fan); // from series.csv, resumed too
  });
});

describe('on a model built in memory (no file on disk)', () => {
  const text = readFileSync(modelFile, 'utf8');
  // Named after a file that does not exist: evaluators get the model itself, never read a path.
  const model = parseModel(text, join(work, 'never-written', 'plants.yaml'));
  it.each([1, 2])('runSensitivity with %i thread(s) gives the one-at-a-time values by hand', async (jobs) => {
    const result = await runSensitivity({ model, method: 'oat', outputs: ['produced_total'], replications: 2, every: 5, jobs });
    if (result.interrupted) throw new Error('stopped early');
    const rows = result.indices.byOutput.get('produced_total') as OatIndices[];
    expect(rows.map((r) => [r.parameter, r.low, r.high, r.base])).toEqual([['b', 1000, 7000, 4000], ['a', 3000, 5000, 4000]]);
  });
  it.each([1, 2])('runSweep with %i thread(s): produced_total is 20 · (a + 150)', async (jobs) => {
    const design = planDesign(model, { vary: ['a=0,100'], kind: 'grid', seed: 1 });
    const dir = join(work, `memory-sweep-${jobs}`);
    const result = await runSweep({ model, design, replications: 2, dir, jobs });
    expect(result.status).toBe('complete');
    const { rows } = await readSweep(dir);
    const produced = result.layout.kpis.indexOf('produced_total');
    expect(rows.map((r) => r.kpis[produced]?.mean)).toEqual([20 * 150, 20 * 250]);
  });
});

describe('a study with failing runs', () => {
  // c is a third plant's rate; at its min (−10) the model refuses the run (a rate must be ≥ 0).
  const model = parseModel(readFileSync(modelFile, 'utf8')
    .replace('  fixed_cap: 7\n', '  fixed_cap: 7\n  c: { value: 0, min: -10, max: 10 }\n')
    .replace('  - { id: pb, munition: m, to: depot, rate: b }\n', '  - { id: pb, munition: m, to: depot, rate: b }\n  - { id: pc, munition: m, to: depot, rate: c }\n'), 'failing.yaml');
  it('records them in failures.csv and analyses the rest, saying how many failed', async () => {
    const dir = join(work, 'failing');
    const result = await runSensitivity({ model, method: 'oat', outputs: ['produced_total'], replications: 2, every: 5, dir, jobs: 1 });
    if (result.interrupted) throw new Error('stopped early');
    // OAT over a, b, c: 7 samples × 2 replications = 14 runs; sample 5 (c at its min) fails twice.
    expect([result.total, result.failed]).toEqual([14, 2]);
    expect(result.failures.map((f) => [f.sample, f.replication])).toEqual([[5, 0], [5, 1]]);
    expect(result.failures[0].message).toMatch(/must be ≥ 0, but is -10/);
    const failures = readFileSync(join(dir, 'failures.csv'), 'utf8').trim().split('\n');
    expect(failures).toHaveLength(1 + 2);
    // Base c = 0 adds nothing: a and b keep their hand values; c at 10 adds 20 · 10 = 200 shells.
    const rows = result.indices.byOutput.get('produced_total') as OatIndices[];
    expect(rows.map((r) => [r.parameter, r.low, r.high, r.base])).toEqual([['b', 1000, 7000, 4000], ['a', 3000, 5000, 4000], ['c', Number.NaN, 4200, 4000]]);
    expect(result.warnings.find((w) => w.code === 'failed_runs')?.message).toMatch(/^2 of 14 runs failed \(see failures\.csv\): the sample they belong to is left out/);
    expect(result.warnings.find((w) => w.code === 'incomplete_samples')?.message).toBe('produced_total: 2 of 3 parameters (baseline, min and max) have a value in every run, and the indices use those only');
  });

  it('Sobol leaves out the base samples with a failed run and estimates from the others', async () => {
    const result = await runSensitivity({ model, method: 'sobol', samples: 64, outputs: ['produced_total'], replications: 1, every: 5, jobs: 1 });
    if (result.interrupted) throw new Error('stopped early');
    expect(result.failed).toBeGreaterThan(0);
    const rows = Object.fromEntries((result.indices.byOutput.get('produced_total') as SobolIndices[]).map((r) => [r.parameter, r]));
    // Without failures the shares would be 100² : 300² : 20² over the sum; the kept samples (c ≥ 0 in
    // every row of the block) still see a and b vary over their whole ranges: b dominates, a is small.
    expect(rows.b.S1).toBeGreaterThan(0.6);
    expect(rows.a.S1).toBeLessThan(0.3);
  });
});

describe('helpers', () => {
  it('noise share is the within-sample variance over the pooled variance', () => {
    // Samples {1,3} and {11,13}: within var = 2 each; pooled var of 1,3,11,13 = 104/3.
    expect(noiseShareOf([[1, 3], [11, 13]])).toBeCloseTo(2 / (104 / 3), 12);
    expect(noiseShareOf([[5], [7]])).toBe(0);
  });
});

describe('munisim sensitivity on the command line', () => {
  it.each([
    [['--method', 'sobol', '--params', 'c'], /unknown parameter "c"/],
    [['--method', 'sobol', '--params', 'fixed_cap'], /"fixed_cap" has no range to vary/],
    [['--method', 'oat', '--outputs', 'nonsense'], /unknown output "nonsense".*produced_total/s],
    [['--method', 'oat', '--series', 'depot.nothing'], /unknown series "depot.nothing"/],
    [['--method', 'oat', '--series', 'depot.stok'], /unknown series "depot.stok" \(did you mean "depot.stock"\?\)/],
    [['--method', 'sobol', '--samples', '1'], /--samples: expected a whole number from 2/],
    [['--method', 'magic'], /Invalid values/],
  ])('%j exits 2 and writes nothing', (args, message) => {
    const out = join(work, `never-${Math.random()}`);
    const result = munisim(['sensitivity', modelFile, ...args, '--out', out, '--jobs', '1']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('writes indices, samples and a report that renders in Chromium with visible charts', async () => {
    const out = join(work, 'report');
    const result = munisim(['sensitivity', modelFile, '--method', 'sobol', '--samples', '32', '--outputs', 'produced_total,shortfall_total',
      '--series', 'depot.stock', '-r', '2', '--jobs', '1', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const indices = parse(readFileSync(join(out, 'indices.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(indices.map((r) => `${r.output}:${r.parameter}`)).toEqual(['produced_total:a', 'produced_total:b', 'shortfall_total:a', 'shortfall_total:b']);
    const samples = readFileSync(join(out, 'samples.csv'), 'utf8').trim().split('\n');
    expect(samples[0]).toBe('sample,a,b,produced_total,shortfall_total');
    expect(samples).toHaveLength(1 + 32 * 4);
    expect(existsSync(join(out, 'indices_series.csv'))).toBe(true);
    const markdown = readFileSync(join(out, 'report.md'), 'utf8');
    for (const image of markdown.match(/\(([^)]+\.png)\)/g) ?? []) expect(existsSync(join(out, image.slice(1, -1)))).toBe(true);

    execFileSync('bash', [resolve(import.meta.dirname, '../../scripts/ensure-chromium.sh')]);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(pathToFileURL(join(out, 'report.html')).href);
      const charts = await page.locator('svg').all();
      expect(charts.length).toBeGreaterThanOrEqual(4); // S1/ST per output, indices over time, fan chart
      for (const chart of charts) {
        const box = await chart.boundingBox();
        expect(box!.width * box!.height).toBeGreaterThan(10_000);
      }
      expect(await page.textContent('body')).toMatch(/explains \d+ %/);
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(50_000); // a blank page is a few kB
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
