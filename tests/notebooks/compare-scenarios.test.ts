/**
 * The scenario-comparison notebook, executed (see notebook.ts): KPI tables per model, paired differences
 * narrower than unpaired ones, the same numbers as the library run under Node with the same seeds, and an
 * answer that matches the quickstart model (the ships, not the plants, limit deliveries).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { summarizeSample } from '../../src/analysis/statistics.js';
import { loadModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import type { ScenarioKpi } from '../../src/experiments/comparison.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { ROOT, describeNotebook, text } from './notebook.js';

const SCENARIOS = ['baseline', 'more-nk-output', 'higher-demand'];

describeNotebook('compare-scenarios.ipynb', (executed) => {
  it('shows a KPI table per model with every scenario and plausible numbers', () => {
    const tables = executed().displays('KPIs per scenario');
    expect(tables, 'one KPI table for quickstart and one for north-korea-to-russia').toHaveLength(2);
    for (const table of tables) {
      for (const name of SCENARIOS) expect(text(table.data?.['text/html'])).toContain(`<td>${name}</td>`);
      const rows = table.data?.['application/json'] as ScenarioKpi[];
      const kpi = (scenario: string, key: string) => rows.find((r) => r.scenario === scenario && r.kpi === key)!.summary!;
      for (const name of SCENARIOS) {
        expect(kpi(name, 'shortfall_total').n).toBe(20);
        expect(kpi(name, 'fill_rate').mean).toBeGreaterThan(0.5);
        expect(kpi(name, 'fill_rate').mean).toBeLessThanOrEqual(1);
      }
      // More output: more produced.
      expect(kpi('more-nk-output', 'produced_total').mean).toBeGreaterThan(kpi('baseline', 'produced_total').mean);
    }
    // Quickstart's front runs short, and more demand from the same supply makes it clearly (not within noise) shorter.
    const quickstart = tables[0].data?.['application/json'] as ScenarioKpi[];
    const shortfall = (scenario: string) => quickstart.find((r) => r.scenario === scenario && r.kpi === 'shortfall_total')!.summary!;
    for (const name of SCENARIOS) expect(shortfall(name).mean).toBeGreaterThan(0);
    expect(shortfall('higher-demand').mean).toBeGreaterThan(shortfall('baseline').mean + shortfall('baseline').ciHalfWidth95);
  });

  it('reports the same north-korea-to-russia numbers as the library under Node, and the margin the front keeps', () => {
    const rows = executed().displays('KPIs per scenario')[1].data?.['application/json'] as ScenarioKpi[];
    const model = loadModel(join(ROOT, 'models/north-korea-to-russia.yaml'));
    const means: Record<string, Record<string, number>> = {};
    for (const [name, parameters] of Object.entries<Record<string, number>>({ baseline: {}, 'more-nk-output': { nk_output_per_year: 3000000 }, 'higher-demand': { ru_fire_jun24: 45000 } })) {
      const scenario = resolveScenario(model, { parameters });
      const runs = Array.from({ length: 20 }, (_, i) => simulate(scenario, i + 1, { record: false }).summary);
      means[name] = {};
      for (const key of ['shortfall_total', 'final_stock.ru-west', 'days_of_supply_min.ru-front']) {
        const expected = summarizeSample(runs.map((s) => s[key]!));
        const got = rows.find((r) => r.scenario === name && r.kpi === key)!.summary!;
        expect(got.mean, `${name} ${key}: Deno's kernel and Node disagree`).toBeCloseTo(expected.mean, 6);
        means[name][key] = expected.mean;
      }
    }
    // The same supply against more fire leaves the Russian depot lower.
    expect(means['higher-demand']['final_stock.ru-west']).toBeLessThan(means.baseline['final_stock.ru-west']);
    expect(means['higher-demand']['days_of_supply_min.ru-front']).toBeLessThan(means.baseline['days_of_supply_min.ru-front']);
    // The answer states the margin when, and only when, no run of any scenario is short.
    const neverShort = Object.values(means).every((m) => m.shortfall_total === 0);
    expect(executed().stdout.includes('The front is never short in any run of any scenario'), 'the answer and the numbers disagree on whether the front is ever short').toBe(neverShort);
  });

  it('reports the same quickstart numbers as the library run under Node with seeds 1…20', () => {
    const rows = executed().displays('KPIs per scenario')[0].data?.['application/json'] as ScenarioKpi[];
    const model = loadModel(join(ROOT, 'models/quickstart.yaml'));
    for (const [name, parameters] of Object.entries<Record<string, number>>({ baseline: {}, 'higher-demand': { front_demand: 25000 } })) {
      const scenario = resolveScenario(model, { parameters });
      const expected = summarizeSample(Array.from({ length: 20 }, (_, i) => simulate(scenario, i + 1).summary.shortfall_total!));
      const got = rows.find((r) => r.scenario === name && r.kpi === 'shortfall_total')!.summary!;
      expect(got.mean, `${name}: Deno's kernel and Node disagree`).toBeCloseTo(expected.mean, 6);
      expect(got.ciHalfWidth95).toBeCloseTo(expected.ciHalfWidth95, 6);
    }
  });

  it('pairs the scenarios by seed, with intervals narrower than unpaired ones', () => {
    const [quickstart] = executed().displays('Differences from the baseline').map((t) => t.data?.['application/json'] as ScenarioKpi[]);
    const shortfall = (scenario: string) => quickstart.find((d) => d.scenario === scenario && d.kpi === 'shortfall_total')!.versus!;
    expect(shortfall('higher-demand').paired.n).toBe(20);
    expect(shortfall('higher-demand').verdict).toBe('higher');
    expect(shortfall('higher-demand').paired.ciHalfWidth95).toBeLessThan(shortfall('higher-demand').unpairedHalfWidth / 2);
    // The "What it says" cell explains why more North Korean output leaves the quickstart shortfall unchanged.
    expect(shortfall('more-nk-output').difference, 'the "What it says" cell no longer matches the quickstart model').toBe(0);
  });

  it('draws the Russian depot per scenario and answers from the numbers', () => {
    const fan = executed().displays('[chart: ru-depot.stock');
    expect(fan.length).toBe(2); // the fan and the difference from the baseline
    for (const name of SCENARIOS) expect(text(fan[0].data?.['text/html'])).toContain(`>${name}<`);
    expect(executed().stdout).toMatch(/Answer: In the quickstart model, more North Korean output leaves the shortfall exactly the same in each of the 20 pairs of runs; higher Russian demand makes the shortfall higher by /);
  });
});
