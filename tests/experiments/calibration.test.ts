/**
 * Calibration recovers known parameters: a model run at rate 10 and demand 5, with targets taken from
 * its own output, calibrated from wide priors. The NROY region must contain the truth and shrink over
 * waves; two contradictory targets must be found to conflict; the files must not depend on threads or
 * on being interrupted and resumed; --write-model keeps the file's comments.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mean } from '../../src/analysis/statistics.js';
import { parseModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { calibratedModelText } from '../../src/experiments/calibrated-model.js';
import { runCalibration, type CalibrationOptions, type CalibrationResult } from '../../src/experiments/calibration.js';
import { resolveScenario } from '../../src/model/scenario.js';

const TRUTH = { rate: 10, demand: 5 };
const header = `# known truth: rate 10, demand 5
name: known
start: 2024-01-01
days: 60
seed: 3
parameters:
  rate: { value: 12, min: 5, max: 15, unit: shells/day }   # the factory's output
  demand: { value: 4, min: 2, max: 8, unit: shells/day }
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 50 } }]
factories: [{ id: f, munition: m, to: a, rate: "rate" }]
consumers: [{ id: c, draws_from: [a], munitions: [m], demand: "demand", demand_cv: 0.3 }]
targets:
`;
const measures = [
  '{ id: made, metric: produced, of: f, by: 2024-02-29',
  '{ id: fired, metric: consumed, of: c, over: [2024-01-11, 2024-02-29], stat: mean_per_day',
  '{ id: left, metric: stock, of: a, on: 2024-02-15',
];

/** The targets' values at the truth: the mean over 10 seeds of the model's own output. */
function observed(): number[] {
  const probe = parseModel(`${header}${measures.map((m) => `  - ${m}, range: [0, 1e9] }\n`).join('')}`, 'probe.yaml');
  const runs = Array.from({ length: 10 }, (_, s) => simulate(resolveScenario(probe, { parameters: TRUTH }), 100 + s, { record: false }).targets!);
  return measures.map((_, k) => mean(runs.map((r) => r[k])));
}
const truth = observed();
const text = `${header}${measures.map((m, k) => `  - ${m}, value: ${truth[k]}, tolerance: 0.08 }\n`).join('')}`;
const model = parseModel(text, 'known.yaml');
const work = mkdtempSync(join(tmpdir(), 'munisim-calibration-'));
const base = (dir: string, extra: Partial<CalibrationOptions> = {}): CalibrationOptions => ({
  model, samples: 40, replications: 3, waves: 3, cutoff: 3, every: 7, dir: join(work, dir), jobs: 1, ...extra,
});
async function calibrate(options: CalibrationOptions): Promise<CalibrationResult> {
  const result = await runCalibration(options);
  if (result.interrupted) throw new Error('interrupted');
  return result;
}

/** Every file under `dir` except manifests (they hold times), by relative path. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'manifest.json' && name !== '.lock') out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('a model whose true parameters are known', () => {
  const run = calibrate(base('known'));

  it('has the truth inside every wave\'s box and inside the final NROY range', async () => {
    const result = await run;
    expect(result.waves).toHaveLength(3);
    result.parameters.forEach((p, d) => {
      const value = TRUTH[p.name as keyof typeof TRUTH];
      for (const wave of result.waves) {
        expect(wave.box.low[d], `${p.name} wave ${wave.wave}`).toBeLessThanOrEqual(value);
        expect(wave.box.high[d], `${p.name} wave ${wave.wave}`).toBeGreaterThanOrEqual(value);
      }
      const row = result.posterior[d];
      expect(row.nroyMin).toBeLessThanOrEqual(value);
      expect(row.nroyMax).toBeGreaterThanOrEqual(value);
    });
  });

  it('shrinks the region over the waves, and every wave has NROY points', async () => {
    const result = await run;
    for (const wave of result.waves) expect(wave.nroy.some(Boolean)).toBe(true);
    result.parameters.forEach((_p, d) => {
      const widths = result.waves.map((w) => w.box.high[d] - w.box.low[d]);
      expect(widths[1]).toBeLessThan(widths[0]);
      expect(widths[2]).toBeLessThanOrEqual(widths[1]);
      const row = result.posterior[d];
      expect(row.nroyMax - row.nroyMin).toBeLessThan((row.priorMax - row.priorMin) / 2);
    });
    // The NROY share grows as the waves home in.
    expect(result.waves[2].share).toBeGreaterThan(result.waves[0].share);
  });

  it('writes the analysis files with the documented columns', async () => {
    const result = await run;
    const read = (name: string) => readFileSync(join(result.dir, name), 'utf8').split('\n');
    expect(read('posterior.csv')[0]).toBe('parameter,prior_min,prior_max,nroy_min,nroy_max,q05,q50,q95');
    expect(read('targets.csv')[0]).toBe('target,low,high,sim_q05,sim_q50,sim_q95,hit_share');
    expect(read('conflicts.csv')[0]).toBe('target_a,target_b,share_a,share_b,share_both');
    expect(read('implausibility.csv')[0]).toBe('wave,point,made,fired,left,max,second,nroy');
    expect(read('implausibility.csv')).toHaveLength(1 + 3 * 40 + 1);
    const nroy = result.waves.reduce((n, w) => n + w.nroy.filter(Boolean).length, 0);
    expect(read('plausible.csv')).toHaveLength(1 + nroy + 1);
    expect(readdirSync(result.dir)).toEqual(expect.arrayContaining(['wave-1', 'wave-2', 'wave-3']));
  });

  it('gives byte-identical files with 2 threads', async () => {
    await run;
    await calibrate(base('known-2', { jobs: 2 }));
    expect(files(join(work, 'known-2'))).toEqual(files(join(work, 'known')));
  });

  it('resumes an interrupted calibration to byte-identical files', async () => {
    await run;
    const controller = new AbortController();
    const options = base('resumed', {
      signal: controller.signal,
      // Stop part-way through wave 2.
      onProgress: (wave, progress) => { if (wave === 2 && progress.done > 20) controller.abort(); },
    });
    const first = await runCalibration(options);
    expect(first).toMatchObject({ interrupted: true, wave: 2 });
    await calibrate({ ...options, signal: undefined, onProgress: undefined });
    expect(files(join(work, 'resumed'))).toEqual(files(join(work, 'known')));
  });

  it('--write-model narrows each parameter to its NROY range, median as value, keeping comments', async () => {
    const result = await run;
    const written = calibratedModelText(model, result.posterior);
    expect(written).toContain('# known truth: rate 10, demand 5');
    expect(written).toContain("# the factory's output");
    const again = parseModel(written, 'calibrated.yaml');
    for (const row of result.posterior) {
      const p = again.parameters.find((q) => q.name === row.parameter)!;
      expect(p.value).toBeCloseTo(row.q50, 3);
      expect(p.min).toBeCloseTo(row.nroyMin, 3);
      expect(p.max).toBeCloseTo(row.nroyMax, 3);
    }
    expect(again.targets).toHaveLength(3);
  });
});

describe('two contradictory targets', () => {
  // Output by 29 Feb says rate ≈ 10; output by 30 Jan (30 days) at 13 a day says rate ≈ 13: never both.
  const contradictory = parseModel(`${header}  - { id: made, metric: produced, of: f, by: 2024-02-29, value: 600, tolerance: 0.03, source: S1 }
  - { id: early, metric: produced, of: f, by: 2024-01-30, value: 390, tolerance: 0.03, source: S2 }
`, 'contradictory.yaml');

  it('are found to conflict: each holds alone at some points, never together, and no point is left', async () => {
    const result = await calibrate({ ...base('conflict'), model: contradictory, params: undefined } as CalibrationOptions);
    expect(result.waves).toHaveLength(1);
    expect(result.warnings.map((w) => w.code)).toContain('no_nroy');
    const [pair] = result.conflicts;
    expect(pair.shareBoth).toBe(0);
    expect(pair.shareA).toBeGreaterThan(0);
    expect(pair.shareB).toBeGreaterThan(0);
    // The shares, recounted from implausibility.csv: a target holds where its I ≤ 3.
    const rows = readFileSync(join(result.dir, 'implausibility.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const holds = (k: number) => rows.filter((r) => r[2 + k] <= 3).length / rows.length;
    expect([pair.shareA, pair.shareB]).toEqual([holds(0), holds(1)]);
    expect(readFileSync(join(result.dir, 'conflicts.csv'), 'utf8')).toBe(`target_a,target_b,share_a,share_b,share_both\nmade,early,${pair.shareA},${pair.shareB},0\n`);
  });
});

describe('a subset of the targets', () => {
  const contradictory = parseModel(`${header}  - { id: made, metric: produced, of: f, by: 2024-02-29, value: 600, tolerance: 0.03, source: S1 }
  - { id: early, metric: produced, of: f, by: 2024-01-30, value: 390, tolerance: 0.03, source: S2 }
`, 'contradictory.yaml');

  it('matches only the targets named: one of two contradictory figures alone leaves points not ruled out', async () => {
    const result = await calibrate({ ...base('subset'), model: contradictory, targets: ['early'], waves: 1 });
    expect(result.targets.map((t) => t.id)).toEqual(['early']);
    expect(result.waves[0].nroy.some(Boolean)).toBe(true);
    expect(readFileSync(join(result.dir, 'implausibility.csv'), 'utf8').split('\n')[0]).toBe('wave,point,early,max,second,nroy');
    // The early figure (390 by day 29: 13 a day) holds only for rates near 13.
    const rate = result.posterior.find((r) => r.parameter === 'rate')!;
    expect(rate.nroyMin).toBeGreaterThan(11);
  });

  it('refuses an unknown target id with the nearest one', async () => {
    const error = await runCalibration({ ...base('subset-bad'), model: contradictory, targets: ['erly'] }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/unknown target "erly".*did you mean "early"/s);
  });
});
