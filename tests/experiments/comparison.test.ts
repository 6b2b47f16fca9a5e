/**
 * Scenario comparison on the pipeline, checked against runs simulated one by one: the same seeds give the
 * same KPIs, the paired interval is narrower than the unpaired one, and the verdicts follow the hand-computed
 * differences. Byte-identical files with 1 and 2 jobs; a rerun reports the finished runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { studentTQuantile } from '../../src/analysis/statistics.js';
import { parseModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { readComparison, runComparison, type ComparisonRecords, type ComparisonScenario } from '../../src/experiments/comparison.js';
import { resolveScenario } from '../../src/model/scenario.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const model = parseModel(`name: chain
start: 2024-01-01
days: 20
seed: 3
parameters:
  rate: { value: 100, min: 0, max: 300 }
  initial_stock: { value: 300 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: "initial_stock" } }]
factories: [{ id: plant, munition: shell, to: depot, rate: rate, breakdown: { mtbf_days: 5, mttr_days: 1 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 110, demand_cv: 0.3 }]
`, 'chain.yaml');
const R = 12;
const scenarios: ComparisonScenario[] = [
  { name: 'base', overrides: {} },
  { name: 'more', overrides: { rate: 115 } },
  { name: 'same', overrides: { initial_stock: 300 } },
];

/** KPI per seed for one scenario, simulated directly (no pipeline). */
function byHand(overrides: Record<string, number>, kpi: string): number[] {
  return Array.from({ length: R }, (_, r) => simulate(resolveScenario(model, { parameters: overrides }), 3 + r).summary[kpi] as number);
}
const meanOf = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sdOf = (x: number[]) => Math.sqrt(x.reduce((a, b) => a + (b - meanOf(x)) ** 2, 0) / (x.length - 1));

let records: ComparisonRecords;
describe('rate 100 against 115 and an override that changes nothing, 12 replications', () => {
  it('runs', async () => {
    const result = await runComparison({ model, scenarios, replications: R, dir: join(work, 'one'), jobs: 1, kpis: ['shortfall_total', 'consumed_total'], series: ['front.consumed'], every: 7 });
    expect('interrupted' in result).toBe(false);
    records = result as ComparisonRecords;
  });

  it('gives each scenario the mean and t-interval of its runs simulated one by one', () => {
    const base = byHand({}, 'shortfall_total');
    const row = records.results.find((r) => r.scenario === 'base' && r.kpi === 'shortfall_total')!;
    expect(row.summary!.mean).toBeCloseTo(meanOf(base), 9);
    expect(row.summary!.ciHalfWidth95).toBeCloseTo((studentTQuantile(0.975, R - 1) * sdOf(base)) / Math.sqrt(R), 9);
    expect(row.versus).toBeUndefined();
  });

  it('pairs seed by seed: the difference and verdict of hand-computed differences, the paired interval narrower than the unpaired', () => {
    const base = byHand({}, 'shortfall_total');
    const more = byHand({ rate: 115 }, 'shortfall_total');
    const d = more.map((x, r) => x - base[r]);
    const half = (studentTQuantile(0.975, R - 1) * sdOf(d)) / Math.sqrt(R);
    const row = records.results.find((r) => r.scenario === 'more' && r.kpi === 'shortfall_total')!;
    expect(row.versus!.difference).toBeCloseTo(meanOf(d), 9);
    expect(row.versus!.paired.ciHalfWidth95).toBeCloseTo(half, 9);
    // More production, less shortfall: the hand-computed interval lies below zero.
    expect(meanOf(d) + half).toBeLessThan(0);
    expect(row.versus!.verdict).toBe('lower');
    expect(row.versus!.paired.ciHalfWidth95).toBeLessThan(row.versus!.unpairedHalfWidth);
  });

  it('says "no clear difference" where the override equals the model value (every pair equal)', () => {
    const row = records.results.find((r) => r.scenario === 'same' && r.kpi === 'shortfall_total')!;
    expect(row.versus!.difference).toBe(0);
    expect(row.versus!.verdict).toBe('no clear difference');
  });

  it('writes comparison.csv with the difference columns empty for the baseline', () => {
    const lines = readFileSync(join(work, 'one', 'comparison.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('scenario,kpi,mean,ci95_halfwidth,difference,paired_ci95_halfwidth,unpaired_ci95_halfwidth,verdict');
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines[1]).toMatch(/^base,shortfall_total,[\d.]+,[\d.]+,,,,$/);
    expect(lines.find((l) => l.startsWith('more,shortfall_total,'))).toMatch(/,lower$/);
  });

  it('draws consumption per day of each 7-day interval, the 6-day stub per day too', () => {
    const base = records.series.filter((e) => e.scenario === 'base');
    expect(base.map((e) => [e.day, e.days])).toEqual([[0, 7], [7, 7], [14, 6]]);
    // Consumption never exceeds demand's mean by much: per day, not per interval (110 a day, cv 0.3).
    for (const e of base) expect(e.p50).toBeLessThan(200);
    expect(records.series.filter((e) => e.scenario === 'more').every((e) => e.difference !== undefined)).toBe(true);
  });

  it('reads back the same records', () => {
    expect(readComparison(join(work, 'one'))).toEqual(records);
  });

  it('writes the same bytes with 2 jobs, and a rerun finds the runs done', async () => {
    await runComparison({ model, scenarios, replications: R, dir: join(work, 'two'), jobs: 2, kpis: ['shortfall_total', 'consumed_total'], series: ['front.consumed'], every: 7 });
    for (const file of ['comparison.csv', 'series_envelopes.csv', 'runs/summary.csv', 'runs/series.csv']) {
      expect(readFileSync(join(work, 'two', file), 'utf8'), file).toBe(readFileSync(join(work, 'one', file), 'utf8'));
    }
    const again = await runComparison({ model, scenarios, replications: R, dir: join(work, 'two'), jobs: 2, kpis: ['shortfall_total', 'consumed_total'], series: ['front.consumed'], every: 7 });
    expect((again as ComparisonRecords).results).toEqual(records.results);
  });
});

describe('a scenario that is another model ("same question, two structures")', () => {
  it('runs it as its own experiment and says its pairs share the seed only', async () => {
    const other = parseModel(`name: chain2
start: 2024-01-01
days: 20
seed: 3
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 600 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 110, demand_cv: 0.3 }]
`, 'chain2.yaml');
    const result = (await runComparison({ model, scenarios: [scenarios[0], { name: 'stockpile-only', overrides: {}, model: other }], replications: 4, dir: join(work, 'models'), jobs: 1, kpis: ['shortfall_total'] })) as ComparisonRecords;
    expect(result.scenarios.map((s) => s.pairing)).toEqual(['seed and model', 'seed only']);
    const hand = Array.from({ length: 4 }, (_, r) => simulate(resolveScenario(other, {}), 3 + r).summary.shortfall_total as number);
    expect(result.results[1].summary!.mean).toBeCloseTo(meanOf(hand), 9);
  });

  it.each<[ComparisonScenario[], RegExp]>([
    [[{ name: 'only', overrides: {} }], /at least one other scenario, got 1/],
    [[{ name: 'a', overrides: {} }, { name: 'a', overrides: {} }], /"a" names two scenarios/],
    [[{ name: 'a', overrides: {} }, { name: 'b', overrides: { nope: 1 } }], /chain.yaml has no parameter "nope"/],
    [[{ name: 'a', overrides: {} }, { name: 'b c', overrides: {} }], /got "b c"/],
  ])('refuses %j', async (bad, message) => {
    await expect(runComparison({ model, scenarios: bad, replications: 2, dir: join(work, 'bad'), jobs: 1 })).rejects.toThrow(message);
  });
});
