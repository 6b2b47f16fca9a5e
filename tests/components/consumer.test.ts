/**
 * A front's rationing and its whole-shell demand, worked out by hand: `keep` counts only the
 * munitions the front accepts, and a fractional demand is rounded with its remainder carried over.
 */
import { describe, expect, it } from 'vitest';
import { randomStream } from '../../src/engine/random.js';
import { runYaml, series } from '../helpers.js';

const model = (days: number, body: string) => `name: front\nstart: 2024-01-01\ndays: ${days}\n${body}`;

describe('keep counts only the munitions the front accepts', () => {
  it('takes 30 of 50 a with keep 20, although the depot also holds 50 b', () => {
    const result = runYaml(model(2, `munitions: [{ id: a }, { id: b }]
stockpiles: [{ id: depot, initial: { a: 50, b: 50 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [a], demand: 100, keep: 20 }]
`));
    // 50 − 20 = 30 on day 0; the 20 a kept stay kept, the 50 b are not the front's.
    expect(series(result, 'front.consumed')).toEqual([30, 0]);
    expect(series(result, 'depot.stock.a')).toEqual([20, 20]);
    expect(series(result, 'depot.stock.b')).toEqual([50, 50]);
  });

  it('does not count unserviceable shells it does not accept towards keep', () => {
    // 100 delivered with share 0.5: 50 m and 50 m-u at the front's depot on day 1.
    const result = runYaml(model(3, `munitions: [{ id: m }, { id: m-u }]
stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 100, transit_days: 1, unserviceable: { share: 0.5, becomes: { m: m-u } } }]
consumers: [{ id: front, draws_from: [b], munitions: [m], demand: 100, keep: 40 }]
`));
    expect(series(result, 'b.stock.m-u')).toEqual([0, 50, 50]);
    expect(series(result, 'front.consumed')).toEqual([0, 10, 0]);
  });

  it('keeps per stockpile, drawing both accepted munitions down to keep together', () => {
    // d1: 30 a + 30 b + 100 c (not accepted), keep 40: 20 leave d1 (all of them a); d2 gives the rest.
    const result = runYaml(model(1, `munitions: [{ id: a }, { id: b }, { id: c }]
stockpiles:
  - { id: d1, initial: { a: 30, b: 30, c: 100 } }
  - { id: d2, initial: { a: 45 } }
consumers: [{ id: front, draws_from: [d1, d2], munitions: [a, b], demand: 50, keep: 40 }]
`));
    expect(series(result, 'd1.stock.a')).toEqual([10]);
    expect(series(result, 'd1.stock.b')).toEqual([30]);
    expect(series(result, 'd2.stock')).toEqual([40]);
    expect(series(result, 'front.consumed')).toEqual([25]);
    expect(series(result, 'front.shortfall')).toEqual([25]);
  });
});

describe('a fractional demand is rounded with its remainder carried over', () => {
  const front = (demand: string, days: number, extra = '') => runYaml(model(days, `munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 1000 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: ${demand}${extra} }]
`));

  it.each([
    // [demand a day, whole demand each day: round(S_d) − round(S_{d−1}), S_d = demand × (d + 1)]
    ['0.4', [0, 1, 0, 1, 0]], // S = 0.4, 0.8, 1.2, 1.6, 2 → 0, 1, 1, 2, 2
    ['2.5', [3, 2, 3, 2, 3]], // S = 2.5, 5, 7.5, 10, 12.5 → 3, 5, 8, 10, 13
    ['0.1', [0, 0, 0, 0, 1]], // S = 0.5 on day 4 → 1
  ])('demand %s gives %j', (demand, expected) => {
    const result = front(demand, 5);
    expect(series(result, 'front.demand')).toEqual(expected);
    expect(series(result, 'front.consumed')).toEqual(expected);
  });

  it('demands 146 shells in 365 days at 0.4 a day (fill rate of a real demand, not 0 demanded)', () => {
    const { summary } = front('0.4', 365);
    expect(summary.demand_total).toBe(146);
    expect(summary.consumed_total).toBe(146);
  });

  it('keeps noisy demand within half a shell of its exact sum (demand_cv 0.5, 0.4 a day, a year)', () => {
    const { summary } = front('0.4', 365, ', demand_cv: 0.5');
    // The exact sum from the front's own stream: one standard normal z a day, factor exp(−σ²/2 + σz), σ² = ln(1 + cv²).
    const random = randomStream(1, 'consumer', 'front', 'demand');
    const sigma2 = Math.log(1 + 0.5 * 0.5);
    let exact = 0;
    for (let d = 0; d < 365; d++) exact += 0.4 * Math.exp(-sigma2 / 2 + Math.sqrt(sigma2) * random.normal(0, 1));
    expect(Math.abs((summary.demand_total as number) - exact)).toBeLessThanOrEqual(0.5);
  });
});
