/**
 * The sensitivity notebook, executed (see notebook.ts): a Sobol study of the quickstart shortfall whose
 * ranking matches the model's structure — the route, not the plants, limits deliveries, so front_demand
 * carries the variance and nk_output none — and an answer that says so.
 */
import { expect, it } from 'vitest';
import { describeNotebook, text } from './notebook.js';

interface Row { parameter: string; S1: number; ST: number; STHigh: number }

describeNotebook('sensitivity.ipynb', (executed) => {
  it('shows the indices of the total shortfall, front_demand first', () => {
    const [table] = executed().displays('Sobol indices of shortfall_total');
    const rows = table.data?.['application/json'] as Row[];
    const of = (name: string) => rows.find((r) => r.parameter === name)!;
    // With nk_output unable to move deliveries, front_demand carries the variance: ST near 1, nk_output near 0.
    expect(of('front_demand').ST).toBeGreaterThan(0.8);
    expect(of('nk_output').ST).toBeLessThan(0.05);
    expect(text(table.data?.['text/html'])).toContain('<td>front_demand</td>');
  });

  it('draws the indices over time and answers from them', () => {
    expect(executed().displays('[chart: Sobol ST of cumulative ru-front.shortfall over time')).toHaveLength(1);
    expect(executed().stdout).toMatch(/Answer: front_demand explains about \d+(\.\d+)? % of the variance of the total shortfall .*nk_output explains almost none of it/);
  });
});
