/**
 * Endurance KPIs of a consumer, worked by hand: days of supply (stock it could still draw at the end
 * of a day ÷ its mean demand over the last 7 days, fewer at the start), the first day its 7-day
 * rolling fill rate is under 90 %, 75 % and 50 %, its shortfall so far on report dates, and final
 * stock split into serviceable and unserviceable — all after summary.csv's earlier columns.
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { refusal, runYaml, yamlModel } from '../helpers.js';

const header = (days: number, extra = '') => `name: endurance\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }, { id: other }]\n${extra}`;
const front = (depot: string, consumer: string, days: number, extra = '') => runYaml(yamlModel(`stockpiles: [${depot}]
consumers:
  - { id: front, draws_from: [depot], munitions: [m], ${consumer} }
`, header(days, extra)));

describe('350 shells, 100 a day demanded, 8 days, report dates 2024-01-04 and 2024-01-08', () => {
  // Drawn: 100, 100, 100, 50, then 0; stock after each day: 250, 150, 50, 0, 0 …
  const { summary } = front('{ id: depot, initial: { m: 350 } }', 'demand: 100', 8, 'report_dates: [2024-01-04, 2024-01-08]\n');

  it('days of supply falls 2.5, 1.5, 0.5, 0: its minimum is 0, on day 3', () => {
    expect(summary['days_of_supply_min.front']).toBe(0);
    expect(summary['days_of_supply_min_day.front']).toBe(3);
  });

  it('the 7-day fill rate is 350/400 on day 3 (under 90 %), 350/500 on day 4 (under 75 %)', () => {
    expect(summary['first_day_fill_below_90.front']).toBe(3);
    expect(summary['first_day_fill_below_75.front']).toBe(4);
  });

  it('350/700 on day 6 is 50 %, not under it; day 7 drops day 0 from the window: 250/700', () => {
    expect(summary['first_day_fill_below_50.front']).toBe(7);
  });

  it('shortfall so far: 50 by 2024-01-04 (day 3), 50 + 4 × 100 = 450 by 2024-01-08 (day 7)', () => {
    expect(summary['shortfall_by.front.2024-01-04']).toBe(50);
    expect(summary['shortfall_by.front.2024-01-08']).toBe(450);
    expect(summary.shortfall_total).toBe(450);
  });
});

describe('days of supply divides by the mean demand of the last 7 days', () => {
  it('0, 0, then 70 a day from 1,000 shells: the minimum is on the last day, 510 ÷ 70', () => {
    // Day 2: 930 ÷ (70/3) = 39.9; day 8: 7 days of 70 drawn, 510 left, window mean 70.
    const { summary } = front('{ id: depot, initial: { m: 1000 } }', 'demand: { table: [[2024-01-01, 0], [2024-01-03, 70]], per: day }', 9);
    expect(summary['days_of_supply_min.front']).toBeCloseTo(510 / 70, 12);
    expect(summary['days_of_supply_min_day.front']).toBe(8);
  });

  it('counts only the munitions it accepts: 90 of m left (not the 1,000 others) ÷ 10 a day = 9', () => {
    const { summary } = front('{ id: depot, initial: { m: 100, other: 1000 } }', 'demand: 10', 1);
    expect(summary['days_of_supply_min.front']).toBe(9);
  });

  it('leaves what it keeps: 1,000 keeping 400 at 100 a day is 500, 400, 300 drawable: 3 days on day 2', () => {
    const { summary } = front('{ id: depot, initial: { m: 1000 } }', 'demand: 100, keep: 400', 3);
    expect(summary['days_of_supply_min.front']).toBe(3);
    expect(summary['days_of_supply_min_day.front']).toBe(2);
  });

  it('a front never short and never asked for anything leaves the cells empty', () => {
    const { summary } = front('{ id: depot, initial: { m: 10 } }', 'demand: 0', 5);
    for (const name of ['days_of_supply_min', 'days_of_supply_min_day', 'first_day_fill_below_90', 'first_day_fill_below_75', 'first_day_fill_below_50']) {
      expect(summary).toHaveProperty([`${name}.front`], undefined);
    }
  });
});

describe('final stock, serviceable and unserviceable apart', () => {
  // 100 shells shipped on day 0 arrive on day 1; a quarter is found unserviceable (m → other).
  const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 100 } }, { id: dst }]
routes:
  - { id: ship, from: src, to: dst, munitions: [m], shipment: 100, every_days: 10, transit_days: 1, unserviceable: { share: 0.25, becomes: { m: other } } }
consumers:
  - { id: front, draws_from: [dst], munitions: [m], demand: 0 }
`, header(3, 'report_dates: [2024-01-02]\n')));
  const { summary } = result;

  it('dst holds 100: 75 serviceable and 25 unserviceable; final_stock stays the total', () => {
    expect(summary['final_stock.dst']).toBe(100);
    expect(summary['final_stock_serviceable.dst']).toBe(75);
    expect(summary['final_stock_unserviceable.dst']).toBe(25);
  });

  it('splits only stockpiles that can hold unserviceable shells: src never receives any, so it has no split columns', () => {
    expect(summary).not.toHaveProperty(['final_stock_serviceable.src']);
    expect(summary).not.toHaveProperty(['final_stock_unserviceable.src']);
  });

  it('puts every new column after the earlier ones, in this order', () => {
    const keys = Object.keys(summary);
    const added = ['days_of_supply_min.front', 'days_of_supply_min_day.front', 'first_day_fill_below_90.front', 'first_day_fill_below_75.front',
      'first_day_fill_below_50.front', 'shortfall_by.front.2024-01-02', 'final_stock_serviceable.dst', 'final_stock_unserviceable.dst'];
    expect(keys.slice(-added.length)).toEqual(added);
    expect(keys.slice(0, -added.length).at(-1)).toBe('final_stock.dst');
  });
});

describe('report_dates are refused at their line', () => {
  const model = (dates: string) => yamlModel('stockpiles: [{ id: depot }]\n', header(10, `report_dates: ${dates}\n`));
  it.each([
    ['a date after the horizon', '[2024-02-01]', 'test.yaml:5:16: report_dates[0]: 2024-02-01 is after the horizon'],
    ['a date before the start', '[2023-12-31]', 'report_dates[0]: 2023-12-31 is before the model\'s start'],
    ['a date given twice', '[2024-01-02, 2024-01-02]', 'report_dates[1]: 2024-01-02 is listed twice'],
    ['not a date', '[2024-13-01]', 'report_dates[0]: expected a calendar date'],
  ])('refuses %s', (_what, dates, message) => {
    expect(refusal(() => parseModel(model(dates), 'test.yaml'))).toContain(message);
  });
});
