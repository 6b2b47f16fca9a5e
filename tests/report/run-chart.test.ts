/**
 * The run chart's stock lines: a stockpile holding shells found unserviceable draws them as a line
 * of their own beside its serviceable stock (they are nothing a front can fire); others keep one line.
 */
import { describe, expect, it } from 'vitest';
import { runChartSeries } from '../../src/report/run-chart.js';
import { runYaml, yamlModel } from '../helpers.js';

describe('100 shells shipped on day 0, a quarter found unserviceable on arrival', () => {
  const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 100 } }, { id: dst }]
routes:
  - { id: ship, from: src, to: dst, munitions: [m], shipment: 100, every_days: 10, transit_days: 1, unserviceable: { share: 0.25, becomes: { m: bad } } }
`, 'name: chart\nstart: 2024-01-01\ndays: 7\nmunitions: [{ id: m }, { id: bad }]\n'));

  it('draws dst as 75 serviceable and 25 unserviceable at the end of the week, src as one line', () => {
    const { stocks } = runChartSeries(result, 1);
    expect(stocks).toEqual([
      { date: '2024-01-01', series: 'src', value: 0 },
      { date: '2024-01-01', series: 'dst serviceable', value: 75 },
      { date: '2024-01-01', series: 'dst unserviceable', value: 25 },
    ]);
  });
});
