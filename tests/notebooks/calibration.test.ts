/**
 * The calibration notebook, executed (see notebook.ts): two waves of history matching on the North Korea to
 * Russia model; the NROY set of the June–November 2024 fire rate is narrower than its prior and lies within
 * it, the fan is drawn against the report, and the answer names the parameter the targets pin down.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { ROOT, describeNotebook } from './notebook.js';

interface Posterior { parameter: string; priorMin: number; priorMax: number; nroyMin: number; nroyMax: number; kept: number }

describeNotebook('calibration.ipynb', (executed) => {
  it('screens the targets first, and leaves out the one no point over the prior can meet', () => {
    // ru-fire-2024 (N13) allows at most 7.5M shells fired in 2024. At the lowest June–November rate of the prior,
    // 30,000 a day, the front still fires more than that in 2024 (it is never short), so no point can meet it.
    const model = loadModel(join(ROOT, 'models/north-korea-to-russia.yaml'));
    const consumed = simulate(resolveScenario(model, { parameters: { ru_fire_jun24: 30_000 } }), 1).recorder.column('ru-front.consumed');
    const from = Date.parse('2024-01-01') / 86_400_000 - Date.parse(model.start) / 86_400_000;
    const fired2024 = consumed.slice(from, from + 366).reduce((a, b) => a + b, 0);
    expect(fired2024).toBeGreaterThan(7_500_000);
    const [screen] = executed().displays('Each target over wave 1');
    const rows = screen.data?.['application/json'] as { target: string; hitShare: number }[];
    expect(rows.find((r) => r.target === 'ru-fire-2024')!.hitShare).toBe(0);
    expect(executed().stdout).toContain('No point meets ru-fire-2024 (N13');
    expect(executed().stdout).toMatch(/left out, because no point over the prior meets them: ru-fire-2024 \(N13\)/);
  });

  it('shows the prior and NROY ranges, the NROY inside the prior', () => {
    const [table] = executed().displays('Prior and NROY ranges');
    const rows = table.data?.['application/json'] as Posterior[];
    expect(rows.map((r) => r.parameter).sort()).toEqual(['nk_output_per_year', 'ru_fire_jun24']);
    for (const r of rows) {
      expect(r.nroyMin).toBeGreaterThanOrEqual(r.priorMin);
      expect(r.nroyMax).toBeLessThanOrEqual(r.priorMax);
      expect(r.kept).toBeCloseTo((r.nroyMax - r.nroyMin) / (r.priorMax - r.priorMin), 12);
    }
    // ru-fire-jun-nov-2024 reads 36,000 … 45,000 a day as ±2σ: centre 40,500, σ 2,250. A front that is never short
    // fires its demand, so I ≤ 3 needs a rate of at least 40,500 − 3 × 2,250 = 33,750 (a little less for the
    // replications' own variance, under 1 % of σ here): the low end of the 30,000 … 45,000 prior is ruled out.
    const fire = rows.find((r) => r.parameter === 'ru_fire_jun24')!;
    expect(fire.nroyMin).toBeGreaterThan(33_500);
    expect(fire.kept).toBeLessThan((45_000 - 33_500) / (45_000 - 30_000));
  });

  it('draws the predictive fan against the report and answers from the ranges', () => {
    expect(executed().displays('[chart: ru-fire-jun-nov-2024')).toHaveLength(1);
    expect(executed().stdout).toMatch(/Answer: the reported figures pin down ru_fire_jun24 to [\d,]+ … [\d,]+ \(median [\d,]+; \d+(\.\d+)? % of its prior range\)/);
  });
});
