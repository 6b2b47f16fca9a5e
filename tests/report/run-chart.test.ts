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
    // One 7-day interval: its levels are dated on its last day, 2024-01-07, not on its first.
    expect(stocks).toEqual([
      { date: '2024-01-07', series: 'src', value: 0 },
      { date: '2024-01-07', series: 'dst serviceable', value: 75 },
      { date: '2024-01-07', series: 'dst unserviceable', value: 25 },
    ]);
  });
});

describe('a factory making 10 a day into a depot of 2000, 45 days charted every 30', () => {
  const result = runYaml(yamlModel(`factories: [{ id: plant, munition: m, rate: 10, to: depot }]
stockpiles: [{ id: depot, initial: { m: 2000 } }]
`, 'name: chart\nstart: 2024-01-01\ndays: 45\nmunitions: [{ id: m }]\n'));
  const { flows, stocks, step, lastIntervalDays } = runChartSeries(result, 30);

  it('dates each level at the end of its interval: 2300 on day 29 (Jan 30), 2450 on day 44 (Feb 14)', () => {
    // 2000 + 30 × 10 and 2000 + 45 × 10; the start date carries no end-of-interval level.
    expect(stocks).toEqual([
      { date: '2024-01-30', series: 'depot', value: 2300 },
      { date: '2024-02-14', series: 'depot', value: 2450 },
    ]);
  });

  it('draws production as 10 a day over both intervals, the 15-day stub closed on its last day', () => {
    expect(step).toBe(30);
    expect(lastIntervalDays).toBe(15);
    expect(flows.filter((f) => f.series === 'produced')).toEqual([
      { date: '2024-01-01', series: 'produced', value: 10 },
      { date: '2024-01-31', series: 'produced', value: 10 },
      { date: '2024-02-14', series: 'produced', value: 10 },
    ]);
  });
});
