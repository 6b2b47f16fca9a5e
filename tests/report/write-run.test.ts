/**
 * A run's folder written as it runs (simulateAndWrite, what `munisim run` does): the same files as a run
 * simulated first and written afterwards, a chart from only the columns it reads, and nothing left
 * behind by a run that stops half-way.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { UserError } from '../../src/model/errors.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { chartColumns, runChartSeries } from '../../src/report/run-chart.js';
import { simulateAndWrite, writeRun } from '../../src/report/write-run.js';
import { yamlModel } from '../helpers.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-write-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Two munitions, one of them partly found unserviceable on arrival: per-munition columns and a split stock line.
const MODEL = yamlModel(`stockpiles: [{ id: src, initial: { m: 5000, n: 300 } }, { id: dst }]
factories: [{ id: plant, munition: m, rate: 40, to: src, breakdown: { mtbf_days: 8, mttr_days: 2 } }]
routes:
  - { id: ship, from: src, to: dst, munitions: [m, n], shipment: 700, every_days: 3, transit_days: { dist: triangular, min: 1, mode: 2, max: 4 }, unserviceable: { share: 0.25, becomes: { m: bad } } }
consumers: [{ id: front, draws_from: [dst], munitions: [m, n], demand: 150, demand_cv: 0.3 }]
`, 'name: written\nstart: 2024-01-01\ndays: 50\nmunitions: [{ id: m }, { id: n }, { id: bad }]\n');
const scenario = resolveScenario(parseModel(MODEL, 'written.yaml'));
const options = { replace: false, startedAt: new Date(0) };
const files = (dir: string) => readdirSync(dir).filter((f) => f !== 'manifest.json').sort();

describe('a run written as its days close', () => {
  for (const [format, every] of [['wide', 1], ['long', 1], ['wide', 7], ['long', 9]] as const) {
    it(`writes the files of the run simulated first, ${format} every ${every}`, async () => {
      const streamed = join(work, `streamed-${format}-${every}`);
      const whole = join(work, `whole-${format}-${every}`);
      const run = await simulateAndWrite(streamed, scenario, 3, { ...options, every, format });
      await writeRun(whole, simulate(scenario, 3), { ...options, every, format });
      expect(files(streamed)).toEqual(['summary.csv', 'timeseries.csv']);
      for (const file of files(whole)) expect(readFileSync(join(streamed, file), 'utf8'), file).toBe(readFileSync(join(whole, file), 'utf8'));
      // Nothing of the series is held: the rows went to the file.
      expect(run.recorder.values.every((v) => v.length === 0)).toBe(true);
    });
  }

  it('keeps for a chart only the columns it reads, and draws the same series from them', () => {
    const kept = simulate(scenario, 3, { series: { keep: chartColumns() } });
    const all = simulate(scenario, 3);
    const names = kept.recorder.columns.filter((_, c) => kept.recorder.values[c].length > 0).map((c) => c.name);
    // produced, demand and consumed totals; every stock column (the unserviceable part is read by munition;
    // src never holds bad shells, so it has no column for them).
    expect(names).toEqual(['plant.produced', 'src.stock', 'src.stock.m', 'src.stock.n', 'dst.stock', 'dst.stock.m', 'dst.stock.n', 'dst.stock.bad', 'front.demand', 'front.consumed']);
    for (const every of [1, 7, 30]) expect(runChartSeries(kept, every)).toEqual(runChartSeries(all, every));
  });
});

describe('a run that stops half-way', () => {
  // Day 0 makes 100 + 60 into the depot; on day 1 plant a's rate, 100 − 160, is negative and stops the run.
  const failing = resolveScenario(parseModel(yamlModel(`stockpiles: [{ id: depot }]
factories:
  - { id: a, munition: m, rate: '100 - stock("depot")', to: depot }
  - { id: b, munition: m, rate: 60, to: depot }
`, 'name: failing\nstart: 2024-01-01\ndays: 20\nmunitions: [{ id: m }]\n'), 'failing.yaml'));

  it('leaves neither the folder nor its temporary', async () => {
    const parent = join(work, 'failing');
    const dir = join(parent, 'run');
    await expect(simulateAndWrite(dir, failing, 1, { ...options, every: 1, format: 'wide' })).rejects.toBeInstanceOf(UserError);
    expect(readdirSync(parent)).toEqual([]);
  });
});
