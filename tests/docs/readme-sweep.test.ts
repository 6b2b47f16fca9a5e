/**
 * The README's first sweep says what its output shows: run as the README gives it (7 levels of front_demand,
 * 30 replications), the shortfall is 0 at 10,000 and 15,000 a day, about 1.5 M at 20,000 (fill rate 0.87)
 * and about 13 M at 40,000 (0.44), with production unchanged; a sweep of nk_output moves no shortfall.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { resolveScenario } from '../../src/model/scenario.js';

const ROOT = resolve(import.meta.dirname, '../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const model = loadModel(join(ROOT, 'models/quickstart.yaml'));
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
/** KPI means over seeds base … base + 29 at one parameter value, as a sweep with 30 replications runs them. */
function at(parameters: Record<string, number>, kpi: string): number {
  const scenario = resolveScenario(model, { parameters });
  return mean(Array.from({ length: 30 }, (_, r) => simulate(scenario, model.seed + r).summary[kpi] as number));
}

describe('README: the first sweep', () => {
  it('is the sweep of front_demand over 10,000…40,000 in 7 levels', () => {
    expect(README).toContain('npx munisim sweep models/quickstart.yaml --vary front_demand=10000:40000:7 --replications 30');
    expect(README).toMatch(/no shortfall at 10,000 and\s+15,000 shells a day, then about 1\.5 million shells short at 20,000 \(fill rate 0\.87\), rising to about 13\s+million at 40,000 \(fill rate 0\.44\), while production stays at about 1\.58 million/);
  });

  it('shows what the README says: 0, 0, ~1.5 M (0.87) … ~13 M (0.44), production the same', () => {
    expect(at({ front_demand: 10_000 }, 'shortfall_total')).toBe(0);
    expect(at({ front_demand: 15_000 }, 'shortfall_total')).toBe(0);
    expect(at({ front_demand: 20_000 }, 'shortfall_total') / 1e6).toBeCloseTo(1.5, 1);
    expect(at({ front_demand: 20_000 }, 'fill_rate')).toBeCloseTo(0.87, 2);
    expect(at({ front_demand: 40_000 }, 'shortfall_total') / 1e6).toBeCloseTo(13, 0);
    expect(at({ front_demand: 40_000 }, 'fill_rate')).toBeCloseTo(0.44, 2);
    expect(at({ front_demand: 40_000 }, 'produced_total') / 1e6).toBeCloseTo(1.58, 2);
    expect(at({ front_demand: 10_000 }, 'produced_total')).toBe(at({ front_demand: 40_000 }, 'produced_total'));
  });

  it('and, as it says, nk_output alone moves no shortfall', () => {
    expect(at({ nk_output: 3000 }, 'shortfall_total')).toBe(at({ nk_output: 9000 }, 'shortfall_total'));
  });
});
