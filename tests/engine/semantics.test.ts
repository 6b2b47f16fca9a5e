/**
 * The semantic rules of a run (issue 10, docs/model-format.md "Exactly what happens in a day"),
 * one block per rule. Every expected number is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series, yamlModel } from '../helpers.js';

const oneMunition = 'munitions: [{ id: m }]\n';
const header = (days: number) => `name: semantics\nstart: 2024-01-01\ndays: ${days}\n`;
const departureDays = (result: ReturnType<typeof runYaml>, column = 'r.departures') =>
  series(result, column).flatMap((n, d) => Array(n).fill(d));

describe('rule 1: a vehicle keeps its schedule A + n · every_days', () => {
  /** One vehicle, 1.5 days out and 1.5 back (a 3-day round trip), from a stock that never runs out. */
  const fleet = (every: number | string, days: number, extra = '') => yamlModel(`${oneMunition}stockpiles: [{ id: a, initial: { m: 1000000 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, every_days: ${every}, transit_days: 1.5${extra} }]
`, header(days));

  it('every 3.3 days with a 3-day round trip: departs on day ceil(3.3 n), 100 times in 330 days', () => {
    // The vehicle is back 3 days after it left, before its next scheduled time, so every
    // departure is on time: day ceil(3.3 n) = ceil(33 n / 10) for n = 0 … 99 (3.3 · 100 = 330 is outside).
    const expected = Array.from({ length: 100 }, (_, n) => Math.floor((33 * n + 9) / 10));
    const days = departureDays(runYaml(fleet(3.3, 330)));
    expect(days).toHaveLength(100);
    expect(days).toEqual(expected);
  });

  it('every 8.2 days: the scheduled time 10 · 8.2 is 82, so the 11th departure is on day 82', () => {
    // ceil(8.2 n) = ceil(41 n / 5): 0, 9, 17, 25, 33, 41, 50, 58, 66, 74, 82; 8.2 · 11 = 90.2 is past day 89.
    expect(departureDays(runYaml(fleet(8.2, 90)))).toEqual([0, 9, 17, 25, 33, 41, 50, 58, 66, 74, 82]);
    // The same through an expression, whose value is computed, not typed.
    expect(departureDays(runYaml(fleet('"41 / 5"', 90)))).toEqual([0, 9, 17, 25, 33, 41, 50, 58, 66, 74, 82]);
  });

  it('re-anchors at the day it left when it leaves a day or more late (here: the route opens on day 4)', () => {
    // Scheduled at 0 but closed until day 4: leaves on day 4, 4 days late, so A = 4 and the next
    // times are 6.5, 9, 11.5, 14, 16.5, 19 → days 7, 9, 12, 14, 17, 19 (round trip 1 day).
    const result = runYaml(fleet(2.5, 20, ', open: [{ from: 2024-01-05 }]').replace('transit_days: 1.5', 'transit_days: 0.5'));
    expect(departureDays(result)).toEqual([4, 7, 9, 12, 14, 17, 19]);
  });

  it('re-anchors when it comes back a whole day after the due time (every 2.5, round trip 2.8)', () => {
    // Due 2.5, back 2.8 → day 3 (on time); due 5, back 5.8 → day 6, late: A = 6; due 8.5 → day 9
    // (back 8.8); due 11, back 11.8 → day 12, late: A = 12; due 14.5 is past day 13.
    const result = runYaml(fleet(2.5, 14).replace('transit_days: 1.5', 'transit_days: 1.4'));
    expect(departureDays(result)).toEqual([0, 3, 6, 9, 12]);
  });

  it('restarts the interval from the due time when every_days changes', () => {
    // every_days = gap: 2.5, then 4 from day 5; a 1-day round trip. Due 0, 2.5, 5 → days 0, 3, 5;
    // the departure on day 5 reads gap 4: next due 5 + 4 = 9, then 13 → days 0, 3, 5, 9, 13.
    const result = runYaml(fleet('gap', 16, '').replace('transit_days: 1.5', 'transit_days: 0.5').replace('munitions: [{ id: m }]', 'parameters: { gap: 2.5 }\nmunitions: [{ id: m }]')
      .concat('events: [{ date: 2024-01-06, set: { gap: 4 } }]\n'));
    expect(departureDays(result)).toEqual([0, 3, 5, 9, 13]);
  });

  it('staggers by a fractional stagger_days from the anchors k · stagger', () => {
    // Two vehicles, every 5 days, stagger 2.5: anchors 0 and 2.5 → days 0, 3, 5, 8, 10, 13, 15, 18.
    const result = runYaml(fleet(5, 20, ', vehicles: 2, stagger_days: 2.5'));
    expect(departureDays(result)).toEqual([0, 3, 5, 8, 10, 13, 15, 18]);
  });
});

describe('rule 2: the run covers [0, days); the summary is the last row', () => {
  // 300 shells leave on day 0 with a 5-day transit: they arrive at t = 5, which a 5-day run never reaches.
  const text = yamlModel(`${oneMunition}stockpiles: [{ id: a, initial: { m: 300 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 300, every_days: 100, transit_days: 5 }]
`, header(5));

  it('an arrival at exactly t = days stays in transit', () => {
    const result = runYaml(text);
    expect(series(result, 'r.in_transit').at(-1)).toBe(300);
    expect(series(result, 'b.stock').at(-1)).toBe(0);
    expect(result.summary['final_stock.b']).toBe(0);
    expect(result.summary['final_stock.a']).toBe(0);
    expect(result.summary['delivered_before_detection.r']).toBe(0);
    expect(result.balance[0]).toMatchObject({ initial: 300, final: 0, inTransit: 300, residual: 0 });
  });

  it('summary end state equals the last timeseries row, and delivered totals the delivered column', () => {
    // Six days instead: the cargo arrives at t = 5 (day 5), inside the run.
    const result = runYaml(text.replace('days: 5', 'days: 6'));
    const delivered = series(result, 'r.delivered');
    expect(delivered).toEqual([0, 0, 0, 0, 0, 300]);
    expect(result.summary['delivered_before_detection.r']).toBe(delivered.reduce((a, b) => a + b, 0));
    expect(result.summary['final_stock.b']).toBe(series(result, 'b.stock').at(-1));
    const short = runYaml(text);
    expect(short.summary['delivered_before_detection.r']).toBe(series(short, 'r.delivered').reduce((a, b) => a + b, 0));
    expect(short.summary['final_stock.b']).toBe(series(short, 'b.stock').at(-1));
  });
});

describe('rule 3: whole shells are rounded down with a tolerance (0.29 · 100 counts as 29)', () => {
  // 0.29 * 100 is 28.999999999999996 in floating point; each case would give 28 (or 72, 71 ± 1) without the tolerance.
  const route = (fields: string, stock = 100) => `stockpiles: [{ id: a, initial: { m: ${stock} } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], every_days: 100, transit_days: 1${fields} }]
`;
  it.each([
    ['shipment', route(', shipment: "0.29 * 100"'), 'r.shipped', 29],
    ['forward_share × held', route(', shipment: 1000, forward_share: 0.29'), 'r.shipped', 29],
    // Shipping stops at the reserve or the floor: 100 − 29 = 71 leave.
    ['reserve', route(', shipment: 1000').replace('initial: { m: 100 }', 'initial: { m: 100 }, reserve: { m: "0.29 * 100" }'), 'r.shipped', 71],
    ['floor', route(', shipment: 1000, floor: "0.29 * 100"'), 'r.shipped', 71],
    // min_load 29 + 1e-12 rounds down to 29: a load of exactly 29 goes (it did not when compared unrounded).
    ['min_load', route(', shipment: 1000, min_load: "29 + 1e-12"', 29), 'r.shipped', 29],
    ['initial', 'stockpiles: [{ id: a, initial: { m: "0.29 * 100" } }]\n', 'a.stock', 29],
    // 29 shells in a store of capacity 0.29 · 100: they fit.
    ['capacity ≥ initial', 'stockpiles: [{ id: a, initial: { m: 29 }, capacity: "0.29 * 100" }]\n', 'a.stock', 29],
    // A plant making 100 a day into a store that holds 29.
    ['capacity', 'stockpiles: [{ id: a, capacity: "0.29 * 100" }]\nfactories: [{ id: p, munition: m, to: a, rate: 100 }]\n', 'a.stock', 29],
    // The front leaves 29 of 100: it fires 71.
    ['keep', 'stockpiles: [{ id: a, initial: { m: 100 } }]\nconsumers: [{ id: f, draws_from: [a], munitions: [m], demand: 1000, keep: "0.29 * 100" }]\n', 'f.consumed', 71],
  ])('%s', (_name, body, column, expected) => {
    const result = runYaml(yamlModel(`${oneMunition}${body}`, header(1)));
    expect(series(result, column)).toEqual([expected]);
  });
});

describe('rule 4: shell totals leave out kind: component', () => {
  it('counts a front\'s shells, not a range burning propellant charges', () => {
    // front: 100 wanted, 60 shells there → 60 fired, 40 short. range: 30 charges of 50 burnt (left out).
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles: [{ id: a, initial: { m: 60, charge: 50 } }]
consumers:
  - { id: front, draws_from: [a], munitions: [m], demand: 100 }
  - { id: range, draws_from: [a], munitions: [charge], demand: 30 }
`, header(1)));
    expect(result.summary).toMatchObject({ consumed_total: 60, demand_total: 100, shortfall_total: 40, fill_rate: 0.6 });
    expect(series(result, 'range.consumed')).toEqual([30]);
  });

  it('leaves demand met from a component out of both demand and consumption', () => {
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles: [{ id: a, initial: { m: 100, charge: 50 } }]
consumers: [{ id: front, draws_from: [a], munitions: [m, charge], demand: 150 }]
`, header(1)));
    // 150 wanted: 100 shells and 50 charges, so shell demand is 100, met in full.
    expect(result.summary).toMatchObject({ consumed_total: 100, demand_total: 100, shortfall_total: 0, fill_rate: 1 });
  });
});

describe('rule 5: a lead time with sd 0 is its mean, and one within 1e-9 of a whole day is that day', () => {
  it.each(['normal', 'lognormal'])('%s sd 0 mean 3: delivered on day 3', (dist) => {
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: a, initial: { m: 10 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, every_days: 100, transit_days: { dist: ${dist}, mean: 3, sd: 0 } }]
`, header(5)));
    expect(series(result, 'r.delivered')).toEqual([0, 0, 0, 10, 0]);
  });

  // 0.3 / 0.1 and 6 · 0.7 / 1.4 are 2.9999999999999996 in floating point, a hair below day 3: a lead time
  // within 1e-9 of a whole day is that day, so both deliver on day 3 (⌊2.9999999999999996⌋ would be day 2).
  it.each(['"0.3 / 0.1"', '"6 * 0.7 / 1.4"', '{ dist: uniform, min: "0.3 / 0.1", max: "0.3 / 0.1" }'])('transit %s: delivered on day 3', (transit) => {
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: a, initial: { m: 10 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, every_days: 100, transit_days: ${transit} }]
`, header(5)));
    expect(series(result, 'r.delivered')).toEqual([0, 0, 0, 10, 0]);
  });
});

describe('rule 6: blocked output is not made and uses no inputs', () => {
  const plant = (extra = '') => yamlModel(`munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles: [{ id: out, initial: { m: 40 }, capacity: 50 }, { id: parts, initial: { charge: 1000 } }]
factories: [{ id: p, munition: m, to: out, rate: 20, inputs: [{ from: parts, munition: charge, per_unit: 2 }]${extra} }]
`, header(3));

  it('takes inputs only for the shells that fit', () => {
    // Day 0: 10 fit of 20 → 10 made, 20 charges; days 1–2: none fit, none made, no charges.
    const result = runYaml(plant());
    expect(series(result, 'p.produced')).toEqual([10, 0, 0]);
    expect(series(result, 'p.blocked')).toEqual([10, 20, 20]);
    expect(series(result, 'parts.stock')).toEqual([980, 980, 980]);
    expect(result.balance.find((b) => b.munition === 'charge')).toMatchObject({ used: 20, final: 980, residual: 0 });
  });

  it('makes the largest number whose serviceable share fits, defects included', () => {
    // 10 % defective, room 10. 11 made: 1 defective (round 1.1), 10 fit; 12 made would give 11.
    // Planned: 20 made, 2 defective, 18 serviceable → 18 − 10 = 8 blocked. Charges: 11 · 2 = 22.
    const result = runYaml(plant(', defect_rate: 0.1'));
    expect(series(result, 'p.produced')).toEqual([10, 0, 0]);
    expect(series(result, 'p.defective')).toEqual([1, 0, 0]);
    expect(series(result, 'p.blocked')).toEqual([8, 18, 18]);
    expect(result.balance.find((b) => b.munition === 'charge')).toMatchObject({ used: 22, residual: 0 });
  });

  it('counts the room its own inputs free when it draws them from the stockpile it fills', () => {
    // A full store (60 unserviceable + 40 serviceable of 100) reworks 30 a day: each takes out the
    // shell it puts back, so nothing is blocked: u 60 → 30 → 0, m 40 → 70 → 100.
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: m-u }]
stockpiles: [{ id: s, initial: { m: 40, m-u: 60 }, capacity: 100 }]
factories: [{ id: rework, munition: m, to: s, rate: 30, inputs: [{ from: s, munition: m-u, per_unit: 1 }] }]
`, header(3)));
    expect(series(result, 's.stock.m')).toEqual([70, 100, 100]);
    expect(series(result, 's.stock.m-u')).toEqual([30, 0, 0]);
    expect(series(result, 'rework.blocked')).toEqual([0, 0, 0]);
    expect(series(result, 'rework.starved')).toEqual([0, 0, 30]);
  });
});

describe('rule 8: one-off quantities are read on the day they take effect', () => {
  const expansion = (events: string) => yamlModel(`parameters: { slip: 5, extra: 5 }
${oneMunition}stockpiles: [{ id: depot }]
factories:
  - { id: p, munition: m, to: depot, rate: 10, expansions: [{ date: 2024-01-03, add: extra, delay_days: slip }] }
events: [${events}]
`, header(10));

  it('an expansion\'s delay_days follows a set event dated before the expansion', () => {
    // Day 1: slip becomes 1, so the step dated day 2 is built on day 3 (with slip 5 it would be day 7).
    const result = runYaml(expansion('{ date: 2024-01-02, set: { slip: 1 } }'));
    expect(series(result, 'p.capacity')).toEqual([10, 10, 10, 15, 15, 15, 15, 15, 15, 15]);
  });

  it('an expansion\'s add and delay_days ignore set events after the expansion date', () => {
    // Day 4: slip 1 and extra 50, both too late for the step dated day 2: built on day 7, adding 5.
    const result = runYaml(expansion('{ date: 2024-01-05, set: { slip: 1, extra: 50 } }'));
    expect(series(result, 'p.capacity')).toEqual([10, 10, 10, 10, 10, 10, 10, 15, 15, 15]);
  });

  it('stagger_days and approval_delay_days are read on day 0', () => {
    // A set event on day 1 changes neither: approval delay 3 → the first vehicle leaves on day 3;
    // stagger 5, counted from the gate → the second on day 3 + 5 = 8 (with the event's values: days 0 and 1).
    const result = runYaml(yamlModel(`parameters: { wait: 3, gap: 5 }
${oneMunition}stockpiles: [{ id: a, initial: { m: 1000 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], vehicles: 2, shipment: 10, every_days: 100, transit_days: 1, approval_delay_days: wait, stagger_days: gap }]
events: [{ date: 2024-01-02, set: { wait: 0, gap: 1 } }]
`, header(10)));
    expect(departureDays(result)).toEqual([3, 8]);
  });
});
