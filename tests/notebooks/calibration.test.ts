/**
 * The calibration notebook, executed (see notebook.ts): two waves of history matching on the North Korea to
 * Russia model; the NROY set of the June–November 2024 fire rate is narrower than its prior and lies within
 * it, the fan is drawn against the report, and the answer names the parameter the targets pin down.
 */
import { expect, it } from 'vitest';
import { describeNotebook } from './notebook.js';

interface Posterior { parameter: string; priorMin: number; priorMax: number; nroyMin: number; nroyMax: number; kept: number }

describeNotebook('calibration.ipynb', (executed) => {
  it('shows the prior and NROY ranges, the NROY inside the prior', () => {
    const [table] = executed().displays('Prior and NROY ranges');
    const rows = table.data?.['application/json'] as Posterior[];
    expect(rows.map((r) => r.parameter).sort()).toEqual(['nk_output_per_year', 'ru_fire_jun24']);
    for (const r of rows) {
      expect(r.nroyMin).toBeGreaterThanOrEqual(r.priorMin);
      expect(r.nroyMax).toBeLessThanOrEqual(r.priorMax);
      expect(r.kept).toBeCloseTo((r.nroyMax - r.nroyMin) / (r.priorMax - r.priorMin), 12);
    }
    // The June–November fire rate is what the consumption targets measure most directly.
    expect(rows.find((r) => r.parameter === 'ru_fire_jun24')!.kept).toBeLessThan(0.6);
  });

  it('draws the predictive fan against the report and answers from the ranges', () => {
    expect(executed().displays('[chart: ru-fire-jun-nov-2024')).toHaveLength(1);
    expect(executed().stdout).toMatch(/Answer: the reported figures pin down \S+ to [\d,]+ … [\d,]+ \(median [\d,]+; \d+(\.\d+)? % of its prior range\)/);
  });
});
