/**
 * Result folders read back by name and as tidy long tables: a sweep's runs and runs_long.csv (one row per run
 * and KPI), a single run's summary and series, a study's indices — each checked against the values the
 * model gives when simulated directly, or against the wide file it was read from.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { planDesign } from '../../src/experiments/design-spec.js';
import { readCsvRecords, readRun, readStudy, readSweepRuns } from '../../src/experiments/read-results.js';
import { runSensitivity } from '../../src/experiments/sensitivity-study.js';
import { runSweep } from '../../src/experiments/sweep.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { writeRun } from '../../src/report/write-run.js';
import { writeSensitivity } from '../../src/report/write-sensitivity.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-read-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const model = parseModel(`name: t
start: 2024-01-01
days: 12
seed: 7
parameters: { rate: { value: 90, min: 50, max: 150 }, demand: { value: 100, min: 80, max: 120 } }
munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 100 } }]
factories: [{ id: plant, munition: m, to: depot, rate: rate }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: demand, demand_cv: 0.3 }]
`, 't.yaml');

describe('a 2-point sweep of rate, 3 replications, with runs_long.csv', () => {
  const dir = join(work, 'sweep');
  it('writes one row per run and KPI, with the values of runs simulated one by one', async () => {
    await runSweep({ model, design: planDesign(model, { vary: ['rate=60,120'], kind: 'grid', seed: 1 }), replications: 3, dir, jobs: 1, long: true });
    const long = readCsvRecords(join(dir, 'runs_long.csv'));
    const { kpis } = await readSweepRuns(dir);
    expect(readFileSync(join(dir, 'runs_long.csv'), 'utf8').split('\n')[0]).toBe('point,replication,rate,kpi,value');
    expect(long).toHaveLength(2 * 3 * kpis.length);
    const direct = simulate(resolveScenario(model, { parameters: { rate: 120 } }), 7 + 2).summary;
    const row = long.find((r) => r.point === 1 && r.replication === 2 && r.kpi === 'shortfall_total')!;
    expect(row).toEqual({ point: 1, replication: 2, rate: 120, kpi: 'shortfall_total', value: direct.shortfall_total });
  });

  it('reads the runs back by name, and the same long table as the file', async () => {
    const { runs, long } = await readSweepRuns(dir);
    expect(runs).toHaveLength(6);
    expect(runs[4]).toMatchObject({ point: 1, replication: 1, seed: 8, parameters: { rate: 120 } });
    expect(runs[4].kpis.consumed_total).toBe(simulate(resolveScenario(model, { parameters: { rate: 120 } }), 8).summary.consumed_total);
    expect(long).toEqual(readCsvRecords(join(dir, 'runs_long.csv')));
  });
});

describe('a single run', () => {
  it('reads summary.csv by name and timeseries.csv as rows and as a long table', async () => {
    const result = simulate(resolveScenario(model), 7);
    const dir = join(work, 'run');
    await writeRun(dir, result, { every: 1, format: 'wide', replace: false, startedAt: new Date(0) });
    const run = readRun(dir);
    expect(run.summary.shortfall_total).toBe(result.summary.shortfall_total);
    expect(run.rows).toHaveLength(12);
    expect(run.rows[3]).toMatchObject({ day: 3, date: '2024-01-04', 'front.consumed': result.recorder.values[result.recorder.columns.findIndex((c) => c.name === 'front.consumed')][3] });
    expect(run.long).toHaveLength(12 * (Object.keys(run.rows[0]).length - 2));
    expect(run.long.find((r) => r.day === 3 && r.column === 'front.consumed')!.value).toBe(run.rows[3]['front.consumed']);
  });

  it('refuses a folder with no summary.csv', () => {
    expect(() => readRun(work)).toThrow(/is not a run folder/);
  });
});

describe('a one-at-a-time study', () => {
  it('reads indices.csv by name and tidy: one row per output, parameter and index', async () => {
    const dir = join(work, 'study');
    const result = await runSensitivity({ model, method: 'oat', replications: 2, every: 1, dir, jobs: 1, outputs: ['shortfall_total'] });
    if (result.interrupted) throw new Error('stopped early');
    await writeSensitivity(dir, result, { command: 'test', every: 1 });
    const study = await readStudy(dir);
    expect(study.method).toBe('oat');
    expect(study.indices.map((r) => r.parameter).sort()).toEqual(['demand', 'rate']);
    const numeric = Object.entries(study.indices[0]).filter(([, v]) => typeof v === 'number');
    expect(study.long).toHaveLength(2 * numeric.length);
    expect(study.long[0]).toEqual({ output: 'shortfall_total', parameter: study.indices[0].parameter, index: numeric[0][0], value: numeric[0][1] });
    expect(study.runs.points.length).toBeGreaterThan(0);
  });
});
