/**
 * Scenario discovery and sweep readers on a calibration: the whole folder gives the runs of all its waves
 * (points numbered on across the waves, the prior as the bounds), a wave folder reads as a sweep of its own,
 * and readSweep on the whole folder names its waves instead of refusing it as "not a sweep".
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { runCalibration } from '../../src/experiments/calibration.js';
import { discoverBoxes, readDiscoveryData } from '../../src/experiments/discovery.js';
import { readSweep } from '../../src/experiments/read-experiment.js';
import { UserError } from '../../src/model/errors.js';

// A front that fires what it demands from a stock that never runs out: its mean fire is `demand`.
const model = parseModel(`name: firing
start: 2024-01-01
days: 30
seed: 2
parameters:
  rate: { value: 10, min: 5, max: 15, unit: shells/day }
  demand: { value: 5, min: 2, max: 8, unit: shells/day }
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 1000 } }]
factories: [{ id: f, munition: m, to: a, rate: "rate" }]
consumers: [{ id: c, draws_from: [a], munitions: [m], demand: "demand", demand_cv: 0.2 }]
targets:
  - { id: fired, metric: consumed, of: c, over: [2024-01-01, 2024-01-30], stat: mean_per_day, value: 5, tolerance: 0.3 }
`, 'firing.yaml');
const work = mkdtempSync(join(tmpdir(), 'munisim-calibration-discovery-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, 'calibration');
const done = runCalibration({ model, samples: 30, replications: 2, waves: 2, cutoff: 3, every: 7, dir, jobs: 1 }).then((result) => {
  if (result.interrupted) throw new Error('interrupted');
  return result;
});

/** summary.csv of a wave, independently: per run its point, parameter values and target.fired. */
function summaryRuns(wave: number): { point: number; rate: number; demand: number; fired: number }[] {
  const [header, ...lines] = readFileSync(join(dir, `wave-${wave}`, 'summary.csv'), 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    const cell = (name: string) => Number(cells[names.indexOf(name)]);
    return { point: cell('point'), rate: cell('rate'), demand: cell('demand'), fired: cell('target.fired') };
  });
}

describe('a calibration folder as input to discovery', () => {
  it('reads every run of every wave, numbering wave 2\'s points after wave 1\'s, with the prior as the bounds', async () => {
    await done;
    const runs = [...summaryRuns(1), ...summaryRuns(2).map((r) => ({ ...r, point: r.point + 30 }))];
    expect(runs).toHaveLength(2 * 30 * 2);
    const data = await readDiscoveryData(dir, 'target.fired > 6');
    expect(data.parameters).toEqual(['rate', 'demand']);
    expect(data.bounds).toEqual([[5, 15], [2, 8]]);
    expect(data.designKind).toBe('lhs');
    expect(data.status).toBe('complete');
    expect(data.points).toEqual(runs.map((r) => r.point));
    expect(data.x).toEqual(runs.map((r) => [r.rate, r.demand]));
    expect(data.y).toEqual(runs.map((r) => r.fired > 6));
    expect(data.y.some(Boolean) && !data.y.every(Boolean)).toBe(true);
  });

  it('finds that high fire comes from high demand, whatever the factory makes', async () => {
    await done;
    const found = discoverBoxes(await readDiscoveryData(dir, 'target.fired > 6', 'point'), { resamples: 0 });
    const box = found.boxes[0];
    expect(box.restricted).toEqual([false, true]);
    // Fire is demand (the stock never runs out): a box of points firing over 6 a day asks demand ≥ ~6.
    expect(box.limits.lower[1]).toBeGreaterThan(5);
    expect(box.density).toBeGreaterThan(0.8);
  });

  it('reads one wave as a sweep of its own: that wave\'s runs and its box', async () => {
    const result = await done;
    const wave = join(dir, 'wave-2');
    const data = await readDiscoveryData(wave, 'target.fired > 5');
    const runs = summaryRuns(2);
    expect(data.points).toEqual(runs.map((r) => r.point));
    expect(data.y).toEqual(runs.map((r) => r.fired > 5));
    expect(data.bounds).toEqual([0, 1].map((d) => [result.waves[1].box.low[d], result.waves[1].box.high[d]]));
    const sweep = await readSweep(wave);
    expect(sweep.kind).toBe('munisim-calibration-wave');
    expect(sweep.points).toBe(30);
    expect(sweep.done).toBe(60);
  });

  it('readSweep on the whole folder names its waves', async () => {
    await done;
    const error = await readSweep(dir).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('is a calibration folder');
    expect((error as UserError).message).toContain(join(dir, 'wave-1'));
    expect((error as UserError).message).toContain(join(dir, 'wave-2'));
  });
});
