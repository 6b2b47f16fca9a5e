/**
 * A route's `total` (a loan, a pledge, a contract), worked by hand: the cumulative shells it ships
 * never pass whole(total on day 0), for vehicles and pipelines alike; `remaining` counts what is left
 * and `total_reached_day` the day the last shell left. Routes without `total` get neither.
 */
import { describe, expect, it } from 'vitest';
import { refusal, runYaml, series, yamlModel } from '../helpers.js';
import { parseModel } from '../../src/assembly/load-model.js';

const header = (days: number) => `name: quota\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n`;

describe('a ship lending 400 shells, 150 a trip, one trip a day', () => {
  // transit 0.5 out and 0.5 back: back at each day start, so it leaves every day.
  const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: loan, from: src, to: dst, munitions: [m], shipment: 150, transit_days: 0.5, total: 400 }
`, header(5)));

  it('ships 150, 150, then the last 100 of the loan, then nothing', () => {
    expect(series(result, 'loan.shipped')).toEqual([150, 150, 100, 0, 0]);
    expect(series(result, 'loan.departures')).toEqual([1, 1, 1, 0, 0]);
    expect(series(result, 'loan.remaining')).toEqual([250, 100, 0, 0, 0]);
    expect(series(result, 'src.stock')).toEqual([850, 700, 600, 600, 600]);
    expect(series(result, 'dst.stock')).toEqual([150, 300, 400, 400, 400]);
  });

  it('reports the day the loan was shipped in full', () => {
    expect(result.summary['total_reached_day.loan']).toBe(2);
    expect(result.balance[0]).toMatchObject({ initial: 1000, final: 1000, inTransit: 0, residual: 0 });
  });
});

describe('a pipeline of 100 a day under a pledge', () => {
  const run = (total: string, extra = '', days = 5) => runYaml(yamlModel(`parameters: { pledge: 250 }
stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1, total: ${total} }
${extra}`, header(days)));

  it('of a parameter (250) ships 100, 100, 50', () => {
    const result = run('pledge');
    expect(series(result, 'rail.shipped')).toEqual([100, 100, 50, 0, 0]);
    expect(series(result, 'rail.remaining')).toEqual([150, 50, 0, 0, 0]);
    expect(result.summary['total_reached_day.rail']).toBe(2);
  });

  it('is read once, on day 0: "t < 1 ? 120 : 1000" caps at 120, and a later set does not move it', () => {
    expect(series(run('"t < 1 ? 120 : 1000"'), 'rail.shipped')).toEqual([100, 20, 0, 0, 0]);
    const raised = run('pledge', 'events: [{ date: 2024-01-02, set: { pledge: 900 } }]\n');
    expect(series(raised, 'rail.shipped')).toEqual([100, 100, 50, 0, 0]);
  });

  it('counts whole shells with the shared tolerance: "0.29 * 100" is 29', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 10, transit_days: 1, total: "0.29 * 100" }
`, header(5)));
    expect(series(result, 'rail.shipped')).toEqual([10, 10, 9, 0, 0]);
  });

  it('counts lost shipments against the total (loss_probability 1: 250 shipped, all lost)', () => {
    const lost = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1, total: 250, loss_probability: 1 }
`, header(6)));
    expect(series(lost, 'rail.shipped')).toEqual([100, 100, 50, 0, 0, 0]);
    expect(series(lost, 'rail.lost')).toEqual([0, 100, 100, 50, 0, 0]);
    expect(lost.balance[0]).toMatchObject({ initial: 1000, final: 750, lost: 250, residual: 0 });
  });

  it('with total 0 ships nothing, reached on day 0', () => {
    const result = run('0');
    expect(series(result, 'rail.shipped')).toEqual([0, 0, 0, 0, 0]);
    expect(result.summary['total_reached_day.rail']).toBe(0);
  });

  it('takes the tighter of total and forward_share (60 % of 1,000 = 600 against a total of 250)', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 400, transit_days: 1, total: 700, forward_share: 0.6 }
`, header(4)));
    expect(series(result, 'rail.shipped')).toEqual([400, 200, 0, 0]);
    expect(series(result, 'rail.remaining')).toEqual([300, 100, 100, 100]);
    expect(result.summary['total_reached_day.rail']).toBeUndefined();
  });
});

describe('routes without total', () => {
  it('have no remaining column and no total_reached_day', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 100 } }, { id: dst }]
routes: [{ id: r, from: src, to: dst, munitions: [m], shipment: 10, transit_days: 1 }]
`, header(2)));
    expect(result.recorder.columns.some((c) => c.name.startsWith('r.remaining'))).toBe(false);
    expect(Object.keys(result.summary).some((k) => k.startsWith('total_reached_day'))).toBe(false);
  });

  it('refuses a negative total with its value', () => {
    const text = yamlModel(`stockpiles: [{ id: src }, { id: dst }]
routes: [{ id: r, from: src, to: dst, munitions: [m], shipment: 10, transit_days: 1, total: -5 }]
`, header(2));
    expect(refusal(() => parseModel(text, 'q.yaml'))).toMatch(/routes\[0\]\.total: must be ≥ 0, got -5/);
  });
});
