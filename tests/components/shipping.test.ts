/**
 * What every route does on unloading, worked out by hand: the share found unserviceable is rounded
 * cumulatively per route and munition, so duds so far are round(share × shells unloaded so far).
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series } from '../helpers.js';

const model = (days: number, route: string) => `name: duds\nstart: 2024-01-01\ndays: ${days}
munitions: [{ id: m }, { id: m-u }]
stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], transit_days: 0.5, every_days: 1, ${route} }]
`;

describe('the unserviceable share carries its fraction from unloading to unloading', () => {
  it.each([
    // [shipment, share, duds on days 0–3] (half a day out, half back: one delivery a day): round(S_n) − round(S_{n−1}), S_n = shipment × share × n
    [100, '0.125', [13, 12, 13, 12]], // S = 12.5, 25, 37.5, 50
    [5, '0.1', [1, 0, 1, 0]], // S = 0.5, 1, 1.5, 2
    [10, '0.04', [0, 1, 0, 1]], // S = 0.4, 0.8, 1.2, 1.6 → 0, 1, 1, 2
  ])('shipment %d with share %s finds %j unserviceable', (shipment, share, duds) => {
    const result = runYaml(model(4, `shipment: ${shipment}, unserviceable: { share: ${share}, becomes: { m: m-u } }`));
    expect(series(result, 'r.unserviceable')).toEqual(duds);
    const total = duds.reduce((a, b) => a + b, 0);
    expect(series(result, 'b.stock.m-u').at(-1)).toBe(total);
    expect(series(result, 'b.stock.m').at(-1)).toBe(4 * shipment - total);
  });

  it('keeps one remainder per munition: 10 m and 10 n with share 0.05 find 1 of each, not 1 in all', () => {
    const result = runYaml(`name: duds\nstart: 2024-01-01\ndays: 2
munitions: [{ id: m }, { id: m-u }, { id: n }, { id: n-u }]
stockpiles:
  - { id: a, initial: { m: 10, n: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m, n], transit_days: 0.5, every_days: 1, shipment: 20, unserviceable: { share: 0.05, becomes: { m: m-u, n: n-u } } }]
`);
    // Day 0: 10 m (exact 0.5 → 1) and 10 n (exact 0.5 → 1). Day 1: 20 n, exact n so far 1.5 → 2, so 1 more.
    expect(series(result, 'r.unserviceable.m')).toEqual([1, 0]);
    expect(series(result, 'r.unserviceable.n')).toEqual([1, 1]);
  });
});

describe('the approval gate opens on a whole day, with the shared tolerance', () => {
  it.each([
    // [route fields, approval_delay_days, first departure day]
    ['shipment: 10, every_days: 1', '"0.07 * 100"', 7], // 7.000000000000001 is day 7, not 8
    ['capacity_per_day: 10', '"0.07 * 100"', 7],
    ['shipment: 10, every_days: 1', '6.5', 7],
    ['shipment: 10, every_days: 1', '"7 + 1e-7"', 8],
  ])('%s with approval_delay_days %s first departs on day %d', (fields, delay, first) => {
    const result = runYaml(`name: gate\nstart: 2024-01-01\ndays: 10
munitions: [{ id: m }]
stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], transit_days: 0.5, ${fields}, approval_delay_days: ${delay} }]
`);
    expect(series(result, 'r.departures').findIndex((x) => x > 0)).toBe(first);
  });
});
