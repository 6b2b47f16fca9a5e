/**
 * The pipeline route, worked by hand: one lot a day of up to capacity_per_day shells, within the
 * source's reserve and the route's floor, each lot arriving after its own transit time, blocked at
 * a full destination, stopped by a closure; and the vehicle fields refused beside capacity_per_day.
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { refusal, runYaml, series, yamlModel } from '../helpers.js';

const header = (days: number) => `name: pipe\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n`;

describe('a pipeline of 100 shells a day, 2 days in transit, from 1,000 shells with a reserve of 750', () => {
  const result = runYaml(yamlModel(`stockpiles:
  - { id: src, initial: { m: 1000 }, reserve: { m: 750 } }
  - { id: dst }
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 2 }
`, header(7)));

  it('ships 100, 100, then the 50 above the reserve, then nothing', () => {
    expect(series(result, 'rail.shipped')).toEqual([100, 100, 50, 0, 0, 0, 0]);
    expect(series(result, 'rail.departures')).toEqual([1, 1, 1, 0, 0, 0, 0]);
    expect(series(result, 'src.stock')).toEqual([900, 800, 750, 750, 750, 750, 750]);
  });

  it('delivers each lot 2 days after it left: on days 2, 3 and 4', () => {
    expect(series(result, 'rail.delivered')).toEqual([0, 0, 100, 100, 50, 0, 0]);
    // In transit at the end of each day: sent so far minus delivered so far.
    expect(series(result, 'rail.in_transit')).toEqual([100, 200, 150, 50, 0, 0, 0]);
    expect(series(result, 'dst.stock')).toEqual([0, 0, 100, 200, 250, 250, 250]);
  });

  it('conserves stock: 1,000 = 750 left + 250 delivered', () => {
    const m = result.balance[0];
    expect(m).toMatchObject({ initial: 1000, final: 1000, inTransit: 0, lost: 0, residual: 0 });
    expect(result.summary['final_stock.src']).toBe(750);
    expect(result.summary['final_stock.dst']).toBe(250);
    expect(result.summary['delivered_before_detection.rail']).toBe(250);
  });
});

describe('a pipeline into a stockpile with room for 150', () => {
  // 100 a day, 1 day in transit. Lot 1 (day 0) lands on day 1: 100 fit. Lot 2 lands on day 2: 50
  // fit, 50 wait. Lot 3 lands on day 3 and lot 2 retries at the start of day 3: no room, all wait.
  const result = runYaml(yamlModel(`stockpiles:
  - { id: src, initial: { m: 1000 } }
  - { id: dst, capacity: 150 }
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1 }
`, header(4)));

  it('blocks what does not fit and keeps it in transit', () => {
    expect(series(result, 'rail.shipped')).toEqual([100, 100, 100, 100]);
    expect(series(result, 'rail.delivered')).toEqual([0, 100, 50, 0]);
    expect(series(result, 'dst.stock')).toEqual([0, 100, 150, 150]);
    expect(series(result, 'rail.blocked')).toEqual([0, 0, 50, 150]);
    // Blocked shells are still in transit: 50 + 100 waiting + 100 under way on day 3.
    expect(series(result, 'rail.in_transit')).toEqual([100, 100, 150, 250]);
    expect(result.balance[0]).toMatchObject({ initial: 1000, final: 750, inTransit: 250, residual: 0 });
  });

  it('unloads the waiting lots, oldest first, once a front makes room', () => {
    // The front takes 100 at the end of every day from day 2 on: 150 − 100 = 50 at the end of day 2.
    // Day 3 starts with room for 100: lot 2's 50 land, then 50 of lot 3 (arrived day 3 at t = 3).
    const fed = runYaml(yamlModel(`stockpiles:
  - { id: src, initial: { m: 1000 } }
  - { id: dst, capacity: 150 }
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1 }
consumers: [{ id: front, draws_from: [dst], munitions: [m], demand: "t >= 2 ? 100 : 0" }]
`, header(4)));
    expect(series(fed, 'rail.delivered')).toEqual([0, 100, 50, 100]);
    expect(series(fed, 'front.consumed')).toEqual([0, 0, 100, 100]);
    expect(series(fed, 'rail.blocked')).toEqual([0, 0, 50, 50]);
  });
});

describe('a pipeline keeps the route\'s loading rules and closures', () => {
  it('stops at its floor: 1,000 held, floor 950, so 50 leave on day 0 and none after', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1, floor: 950 }
`, header(3)));
    expect(series(result, 'rail.shipped')).toEqual([50, 0, 0]);
  });

  it('sends nothing while an event closes it (day 1 for 2 days)', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes:
  - { id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1 }
events: [{ date: 2024-01-02, close: { route: rail, days: 2 } }]
`, header(5)));
    expect(series(result, 'rail.shipped')).toEqual([100, 0, 0, 100, 100]);
  });

  it('is described by validate as a pipeline', async () => {
    const { describeFlows } = await import('../../src/assembly/describe-model.js');
    const model = parseModel(yamlModel(`stockpiles: [{ id: src }, { id: dst }]
routes: [{ id: rail, from: src, to: dst, munitions: [m], capacity_per_day: 100, transit_days: 1 }]
`, header(3)), 'pipe.yaml');
    expect(describeFlows(model)).toEqual(['  flows', '    src → dst by rail (pipeline, m)']);
  });
});

describe('capacity_per_day beside the vehicle fields', () => {
  it.each([
    ['vehicles: 3', 'vehicles'],
    ['shipment: 500', 'shipment'],
    ['every_days: 2', 'every_days'],
    ['stagger_days: 1', 'stagger_days'],
  ])('refuses %s with its line (12: after 4 header lines, stockpiles, routes and 6 route lines)', (field, key) => {
    const text = yamlModel(`stockpiles: [{ id: src }, { id: dst }]
routes:
  - id: rail
    from: src
    to: dst
    munitions: [m]
    capacity_per_day: 100
    ${field}
    transit_days: 1
`, header(3));
    const message = refusal(() => parseModel(text, 'pipe.yaml'));
    expect(message).toMatch(new RegExp(`pipe\\.yaml:12:\\d+: routes\\[0\\]\\.${key}: a route with capacity_per_day is a pipeline and has no ${key}`));
  });
});
