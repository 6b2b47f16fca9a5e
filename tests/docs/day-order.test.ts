/**
 * Every example of "Exactly what happens in a day" in docs/model-format.md, run as written there.
 * The expected numbers are the ones the section works out by hand; if a test fails, either the
 * simulation or the documentation is wrong, and both readers and the program must agree again.
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series } from '../helpers.js';

/** A model starting on 2024-01-01 (day d is 2024-01-(d+1)) over `days` days. */
const model = (days: number, body: string): string => `name: doc\nstart: 2024-01-01\ndays: ${days}\n${body}`;
const oneMunition = 'munitions: [{ id: m }]\n';
/** The days on which a flow column is positive. */
const daysWith = (values: number[]): number[] => values.flatMap((x, d) => (x > 0 ? [d] : []));

describe('the clock', () => {
  it('delivers an arrival at exactly t = 2 after day 2\'s strike and before day 2\'s front', () => {
    const result = runYaml(model(4, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b, initial: { m: 40 } }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 100, transit_days: 2 }]
consumers: [{ id: front, draws_from: [b], munitions: [m], demand: 10 }]
events: [{ date: 2024-01-03, strike: { stockpile: b, destroy_fraction: 0.5 } }]
`));
    expect(series(result, 'b.stock')).toEqual([30, 20, 100, 90]);
    expect(series(result, 'b.destroyed')).toEqual([0, 0, 10, 0]);
    expect(series(result, 'r.delivered')).toEqual([0, 0, 100, 0]);
    expect(series(result, 'r.in_transit')).toEqual([100, 100, 0, 0]);
  });

  it('lets routes load in file order from a shared source', () => {
    const routes = (first: string, second: string) => model(1, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b }
  - { id: c }
routes:
  - { id: ${first}, from: a, to: ${first === 'r1' ? 'b' : 'c'}, munitions: [m], shipment: 80, transit_days: 1 }
  - { id: ${second}, from: a, to: ${second === 'r1' ? 'b' : 'c'}, munitions: [m], shipment: 80, transit_days: 1 }
`);
    const inOrder = runYaml(routes('r1', 'r2'));
    expect([series(inOrder, 'r1.shipped'), series(inOrder, 'r2.shipped')]).toEqual([[80], [20]]);
    const swapped = runYaml(routes('r2', 'r1'));
    expect([series(swapped, 'r1.shipped'), series(swapped, 'r2.shipped')]).toEqual([[20], [80]]);
    const pipelineFirst = runYaml(model(1, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b }
routes:
  - { id: p, from: a, to: b, munitions: [m], capacity_per_day: 80, transit_days: 1 }
  - { id: r, from: a, to: b, munitions: [m], shipment: 80, transit_days: 1 }
`));
    expect([series(pipelineFirst, 'p.shipped'), series(pipelineFirst, 'r.shipped')]).toEqual([[80], [20]]);
  });

  it('retries cargo blocked at a full destination at the start of every day', () => {
    const result = runYaml(model(4, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 80 } }
  - { id: b, capacity: 50 }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 80, transit_days: 1 }]
consumers: [{ id: front, draws_from: [b], munitions: [m], demand: 20 }]
`));
    expect(series(result, 'r.delivered')).toEqual([0, 50, 20, 10]);
    expect(series(result, 'r.blocked')).toEqual([0, 30, 10, 0]);
    expect(series(result, 'r.in_transit')).toEqual([80, 30, 10, 0]);
    expect(series(result, 'b.stock')).toEqual([0, 30, 30, 20]);
    expect(series(result, 'front.shortfall')).toEqual([20, 0, 0, 0]);
  });

  it('puts an arrival at t = 1.5 in day 1, and leaves one at t = days in transit', () => {
    const result = runYaml(model(3, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b }
routes:
  - { id: fast, from: a, to: b, munitions: [m], shipment: 50, transit_days: 1.5 }
  - { id: slow, from: a, to: b, munitions: [m], shipment: 50, transit_days: 3 }
`));
    expect(series(result, 'fast.delivered')).toEqual([0, 50, 0]);
    expect(series(result, 'slow.delivered')).toEqual([0, 0, 0]);
    expect(series(result, 'slow.in_transit')).toEqual([50, 50, 50]);
    expect(series(result, 'b.stock')).toEqual([0, 50, 50]);
    // The summary's end state is the last row's.
    expect(result.summary['final_stock.b']).toBe(50);
    expect(result.summary['delivered_before_detection.slow']).toBe(0);
  });

  it('never releases a lot that would end after the horizon', () => {
    const result = runYaml(model(3, `${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: 10, lot_days: 2 }]
`));
    expect(series(result, 'plant.capacity')).toEqual([10, 10, 10]);
    expect(series(result, 'plant.produced')).toEqual([0, 20, 0]);
    expect(result.summary.produced_total).toBe(20);
  });
});

describe('vehicle schedules', () => {
  const fleet = (days: number, fields: string) => model(days, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 1, ${fields} }]
`);

  it('keeps a fractional every_days on its schedule: 2.5 days with a 2-day round trip', () => {
    expect(daysWith(series(runYaml(fleet(10, 'every_days: 2.5, transit_days: 1')), 'r.departures'))).toEqual([0, 3, 5, 8]);
  });

  it('makes 100 departures in 330 days every 3.3 days with a 3-day round trip', () => {
    const departures = series(runYaml(fleet(330, 'every_days: 3.3, transit_days: 1.5')), 'r.departures');
    expect(departures.reduce((a, b) => a + b, 0)).toBe(100);
    expect(daysWith(departures).slice(0, 6)).toEqual([0, 4, 7, 10, 14, 17]);
  });

  it('departs on day 82 for the 10th trip every 8.2 days (no drift from repeated addition)', () => {
    const departures = daysWith(series(runYaml(fleet(90, 'every_days: 8.2, transit_days: 1')), 'r.departures'));
    expect(departures).toEqual([0, 9, 17, 25, 33, 41, 50, 58, 66, 74, 82]);
  });

  it('restarts the schedule from a late departure: every 2.5 days, back after 3.2', () => {
    expect(daysWith(series(runYaml(fleet(13, 'every_days: 2.5, transit_days: 1.6')), 'r.departures'))).toEqual([0, 4, 8, 12]);
  });

  it('restarts the schedule when the vehicle is exactly one day late: every 2.5 days, back after 2.8', () => {
    // Scheduled 2.5 → leaves on day 3 (0.5 late, schedule kept); scheduled 5, back at 5.8 → day 6
    // (1 day late: re-anchored at 6); scheduled 8.5 → day 9; scheduled 11, back at 11.8 → day 12.
    expect(daysWith(series(runYaml(fleet(13, 'every_days: 2.5, transit_days: 1.4')), 'r.departures'))).toEqual([0, 3, 6, 9, 12]);
  });

  it('restarts the schedule from the due time when every_days changes: 2 until day 5, then 3', () => {
    expect(daysWith(series(runYaml(fleet(13, 'every_days: "t < 5 ? 2 : 3", transit_days: 0.5')), 'r.departures'))).toEqual([0, 2, 4, 6, 9, 12]);
  });

  it.each([
    ['0.2', [4, 4]],
    ['0.4', [2, 2]],
  ])('flies sorties within the day every 0.25 days, with a round trip of %s days', (roundTrip, departures) => {
    const transit = Number(roundTrip) / 2;
    expect(series(runYaml(fleet(2, `every_days: 0.25, transit_days: ${transit}`)), 'r.departures')).toEqual(departures);
  });

  it('reads an expression for vehicles on day 0: a set on day 0 counts, a later one does not', () => {
    const result = runYaml(model(2, `parameters: { fleet: 2 }
${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], vehicles: fleet, shipment: 1, every_days: 10, transit_days: 5 }]
events:
  - { date: 2024-01-01, set: { fleet: 3 } }
  - { date: 2024-01-02, set: { fleet: 5 } }
`));
    expect(series(result, 'r.departures')).toEqual([3, 0]);
  });

  it('staggers a fleet by fractional days: 1.5 days apart leave on days 0, 2 and 3', () => {
    expect(series(runYaml(fleet(5, 'vehicles: 3, stagger_days: 1.5, every_days: 100, transit_days: 1')), 'r.departures')).toEqual([1, 0, 1, 1, 0]);
  });

  it('counts the stagger from the approval gate, and sends vehicles that waited out a closure together', () => {
    const staggered = runYaml(fleet(20, 'vehicles: 3, stagger_days: 4, every_days: 100, transit_days: 50, approval_delay_days: 10'));
    expect(daysWith(series(staggered, 'r.departures'))).toEqual([10, 14, 18]);
    const closed = runYaml(`${fleet(20, 'vehicles: 3, stagger_days: 4, every_days: 100, transit_days: 50')}events: [{ date: 2024-01-01, close: { route: r, days: 10 } }]\n`);
    expect(series(closed, 'r.departures')[10]).toBe(3);
    expect(daysWith(series(closed, 'r.departures'))).toEqual([10]);
  });
});

describe('events', () => {
  it('applies same-date set events in file order, each seeing the one before', () => {
    const result = runYaml(model(4, `parameters: { base: 5 }
${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: base }]
events:
  - { date: 2024-01-03, set: { base: 10 } }
  - { date: 2024-01-03, set: { base: "base * 2" } }
`));
    expect(series(result, 'plant.produced')).toEqual([5, 5, 20, 20]);
  });

  it('strikes with the value a same-day set gives, dated strikes before random ones', () => {
    const result = runYaml(model(3, `parameters: { share: 0.1 }
${oneMunition}stockpiles: [{ id: depot, initial: { m: 11 } }]
events:
  - { date: 2024-01-02, strike: { stockpile: depot, destroy_fraction: share } }
  - { id: raid, probability_per_day: 1, from: 2024-01-02, until: 2024-01-03, strike: { stockpile: depot, destroy_fraction: 0.3 } }
  - { date: 2024-01-02, set: { share: 0.5 } }
`));
    // Day 1: round(11 × 0.5) = 6 → 5 left; then the raid: round(5 × 0.3) = 2 → 3 left.
    expect(series(result, 'depot.destroyed')).toEqual([0, 8, 0]);
    expect(series(result, 'depot.stock')).toEqual([11, 3, 3]);
  });
});

describe('rates per period', () => {
  it('reads a rate per week or per year as its value per day', () => {
    const result = runYaml(model(2, `${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: { value: 3652.5, per: year } }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: { value: 35, per: week } }]
`));
    expect(series(result, 'plant.produced')).toEqual([10, 10]);
    expect(series(result, 'front.demand')).toEqual([5, 5]);
    expect(series(result, 'depot.stock')).toEqual([5, 10]);
  });
});

describe('when one-off quantities are read', () => {
  it('reads approval_delay_days on day 0: a set on day 0 counts, a later one does not', () => {
    const result = runYaml(model(6, `parameters: { gate: 0 }
${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, every_days: 1, transit_days: 0.5, approval_delay_days: gate }]
events:
  - { date: 2024-01-01, set: { gate: 2 } }
  - { date: 2024-01-02, set: { gate: 5 } }
`));
    expect(series(result, 'r.departures')).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('opens a route on day up(approval_delay_days): "0.07 * 100" is day 7, not 8', () => {
    const result = runYaml(model(9, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, every_days: 1, transit_days: 0.5, approval_delay_days: "0.07 * 100" }]
`));
    expect(daysWith(series(result, 'r.departures'))).toEqual([7, 8]);
  });

  it('reads an expansion\'s delay_days and add on its date', () => {
    const result = runYaml(model(6, `parameters: { slip: 0, extra: 5 }
${oneMunition}stockpiles: [{ id: depot }]
factories:
  - { id: plant, munition: m, to: depot, rate: 10, expansions: [{ date: 2024-01-03, add: extra, delay_days: slip }] }
events:
  - { date: 2024-01-02, set: { slip: 2 } }
  - { date: 2024-01-04, set: { extra: 100 } }
`));
    // Built on day 2 + 2 = day 4, adding the 5 it was planned with on day 2.
    expect(series(result, 'plant.produced')).toEqual([10, 10, 10, 10, 15, 15]);
  });
});

describe('whole shells', () => {
  it('carries a factory\'s fractional output over to the next lot', () => {
    const result = runYaml(model(4, `${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: 2.5 }]
`));
    expect(series(result, 'plant.produced')).toEqual([2, 3, 2, 3]);
  });

  it.each([
    ['shipment', 'shipment: "0.29 * 100"'],
    ['forward_share', 'shipment: 1000, forward_share: 0.29'],
  ])('counts %s of 0.29 × 100 as 29 shells', (_field, fields) => {
    const result = runYaml(model(1, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], transit_days: 1, ${fields} }]
`));
    expect(series(result, 'r.shipped')).toEqual([29]);
  });

  it('counts an initial stock and a capacity of 0.29 × 100 as 29 shells', () => {
    const result = runYaml(model(1, `${oneMunition}stockpiles:
  - { id: a, initial: { m: "0.29 * 100" } }
  - { id: b, capacity: "0.29 * 100" }
factories: [{ id: plant, munition: m, to: b, rate: 100 }]
`));
    expect(series(result, 'a.stock')).toEqual([29]);
    expect(series(result, 'b.stock')).toEqual([29]);
    expect(series(result, 'plant.blocked')).toEqual([71]);
  });

  it('counts a reserve, a floor and a keep of 0.29 × 100 as 29 shells', () => {
    const result = runYaml(model(1, `munitions: [{ id: m }, { id: n }]
stockpiles:
  - { id: a, initial: { m: 100 }, reserve: { m: "0.29 * 100" } }
  - { id: b, initial: { n: 100 } }
  - { id: c, initial: { m: 100 } }
  - { id: sink }
routes:
  - { id: r1, from: a, to: sink, munitions: [m], shipment: 1000, transit_days: 1 }
  - { id: r2, from: b, to: sink, munitions: [n], shipment: 1000, transit_days: 1, floor: "0.29 * 100" }
consumers: [{ id: front, draws_from: [c], munitions: [m], demand: 1000, keep: "0.29 * 100" }]
`));
    expect(series(result, 'r1.shipped')).toEqual([71]);
    expect(series(result, 'r2.shipped')).toEqual([71]);
    expect(series(result, 'front.consumed')).toEqual([71]);
  });

  it('rounds demand, defects and unserviceable shares half up cumulatively, strikes half up each', () => {
    const result = runYaml(model(4, `munitions: [{ id: m }, { id: m-u }]
stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
  - { id: c, initial: { m: 5 } }
factories: [{ id: plant, munition: m, to: c, rate: 10, defect_rate: 0.25 }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 100, transit_days: 1, unserviceable: { share: 0.125, becomes: { m: m-u } } }]
consumers: [{ id: front, draws_from: [c], munitions: [m], demand: 2.5 }]
events: [{ date: 2024-01-02, strike: { stockpile: c, destroy_fraction: 0.5 } }]
`));
    // Exact defects so far 2.5, 5, 7.5, 10 → round 3, 5, 8, 10: 3, 2, 3, 2 a day; demand likewise.
    expect(series(result, 'plant.defective')).toEqual([3, 2, 3, 2]);
    expect(series(result, 'plant.produced')).toEqual([7, 8, 7, 8]);
    expect(series(result, 'front.demand')).toEqual([3, 2, 3, 2]);
    // c: 5 + 7 − 3 = 9 on day 0; day 1: strike round(4.5) = 5 → 4, + 8 − 2 = 10; then 14, 20.
    expect(series(result, 'c.destroyed')).toEqual([0, 5, 0, 0]);
    expect(series(result, 'c.stock')).toEqual([9, 10, 14, 20]);
    // 100 delivered on days 1 and 3: round(12.5) = 13, then round(25) − 13 = 12 found unserviceable.
    expect(series(result, 'r.unserviceable')).toEqual([0, 13, 0, 12]);
    expect(series(result, 'b.stock.m')).toEqual([0, 87, 87, 175]);
    expect(series(result, 'b.stock.m-u')).toEqual([0, 13, 13, 25]);
    expect([result.summary['final_stock.b'], result.summary['final_stock_serviceable.b'], result.summary['final_stock_unserviceable.b']]).toEqual([200, 175, 25]);
  });

  it.each([
    ['0.4', [0, 1, 0, 1, 0]],
    ['2.5', [3, 2, 3, 2, 3]],
  ])('demands %s a day as %j whole shells', (demand, expected) => {
    const result = runYaml(model(5, `${oneMunition}stockpiles: [{ id: depot, initial: { m: 100 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: ${demand} }]
`));
    expect(series(result, 'front.demand')).toEqual(expected);
  });
});

describe('factories and their inputs', () => {
  it('uses no inputs for output that is blocked', () => {
    const result = runYaml(model(2, `munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles:
  - { id: parts, initial: { charge: 100 } }
  - { id: depot, initial: { m: 10 }, capacity: 15 }
factories: [{ id: plant, munition: m, to: depot, rate: 10, inputs: [{ from: parts, munition: charge, per_unit: 2 }] }]
`));
    expect(series(result, 'plant.produced')).toEqual([5, 0]);
    expect(series(result, 'plant.blocked')).toEqual([5, 10]);
    expect(series(result, 'parts.stock')).toEqual([90, 90]);
  });

  it('makes only what fits, defects included: 10 a day, 10 % defective, room for 5', () => {
    const result = runYaml(model(1, `${oneMunition}stockpiles: [{ id: depot, capacity: 5 }]
factories: [{ id: plant, munition: m, to: depot, rate: 10, defect_rate: 0.1 }]
`));
    expect(series(result, 'plant.produced')).toEqual([5]);
    expect(series(result, 'plant.defective')).toEqual([1]);
    expect(series(result, 'plant.blocked')).toEqual([4]);
  });

  it('may take an input below its stockpile\'s reserve (the reserve holds against routes only)', () => {
    const result = runYaml(model(3, `munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles:
  - { id: parts, initial: { charge: 20 }, reserve: { charge: 15 } }
  - { id: depot }
factories: [{ id: plant, munition: m, to: depot, rate: 10, inputs: [{ from: parts, munition: charge, per_unit: 1 }] }]
`));
    expect(series(result, 'parts.stock')).toEqual([10, 0, 0]);
    expect(series(result, 'plant.produced')).toEqual([10, 10, 0]);
    expect(series(result, 'plant.starved')).toEqual([0, 0, 10]);
  });

  it.each([
    // [charges in stock, charges left each day, produced, starved]
    [10, [9, 9, 8], [1, 1, 1], [0, 0, 0]],
    [1, [0, 0, 0], [1, 1, 0], [0, 0, 1]],
  ])('uses per_unit 0.5 cumulatively: %d charges', (charges, stock, produced, starved) => {
    const result = runYaml(model(3, `munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles:
  - { id: parts, initial: { charge: ${charges} } }
  - { id: depot }
factories: [{ id: plant, munition: m, to: depot, rate: 1, inputs: [{ from: parts, munition: charge, per_unit: 0.5 }] }]
`));
    expect(series(result, 'parts.stock')).toEqual(stock);
    expect(series(result, 'plant.produced')).toEqual(produced);
    expect(series(result, 'plant.starved')).toEqual(starved);
  });
});

describe('routes: how much a vehicle loads', () => {
  it('loads the least of shipment, stock above reserve, stock above floor and the forward share left', () => {
    const result = runYaml(model(1, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000 }, reserve: { m: 300 } }
  - { id: b }
routes:
  - { id: r, from: a, to: b, munitions: [m], vehicles: 2, shipment: 450, transit_days: 1, floor: 400, forward_share: 0.8 }
`));
    // Vehicle 1: min(450, 1000 − 300, 1000 − 400, 800 − 0) = 450.
    // Vehicle 2: min(450, 550 − 300, 550 − 400, 800 − 450) = 150.
    expect(series(result, 'r.shipped')).toEqual([600]);
    expect(series(result, 'r.departures')).toEqual([2]);
    expect(series(result, 'a.stock')).toEqual([400]);
  });
});

describe('detection and loss', () => {
  const route = (fields: string) => model(6, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, every_days: 1, ${fields} }]
`);

  it('counts what was delivered before the first detected departure', () => {
    const result = runYaml(route('transit_days: 1, detect_probability: "t < 4 ? 0 : 1"'));
    expect(daysWith(series(result, 'r.departures'))).toEqual([0, 2, 4]);
    expect(series(result, 'r.detections')).toEqual([0, 0, 0, 0, 1, 0]);
    expect(result.summary['first_detection_day.r']).toBe(4);
    expect(result.summary['delivered_before_detection.r']).toBe(20);
  });

  it('loses a cargo at its arrival time', () => {
    const result = runYaml(route('transit_days: 2, loss_probability: 1'));
    expect(series(result, 'r.lost').slice(0, 3)).toEqual([0, 0, 10]);
    expect(series(result, 'r.in_transit').slice(0, 3)).toEqual([10, 10, 0]);
    expect(series(result, 'b.stock').at(-1)).toBe(0);
  });
});

describe('fronts', () => {
  it('draws munitions in order of preference, stockpiles in order of priority', () => {
    const result = runYaml(model(1, `munitions: [{ id: a }, { id: b }]
stockpiles:
  - { id: d1, initial: { a: 5, b: 50 } }
  - { id: d2, initial: { a: 30 } }
consumers: [{ id: front, draws_from: [d1, d2], munitions: [a, b], demand: 40 }]
`));
    expect(series(result, 'front.consumed.a')).toEqual([35]);
    expect(series(result, 'front.consumed.b')).toEqual([5]);
    expect(series(result, 'd1.stock.b')).toEqual([45]);
  });

  it('rations with keep', () => {
    const result = runYaml(model(2, `${oneMunition}stockpiles: [{ id: depot, initial: { m: 50 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: 20, keep: 20 }]
`));
    expect(series(result, 'front.consumed')).toEqual([20, 10]);
    expect(series(result, 'front.shortfall')).toEqual([0, 10]);
  });

  it('counts only the munitions the front accepts towards keep', () => {
    const result = runYaml(model(1, `munitions: [{ id: a }, { id: b }]
stockpiles: [{ id: depot, initial: { a: 50, b: 50 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [a], demand: 100, keep: 20 }]
`));
    expect(series(result, 'front.consumed')).toEqual([30]);
  });

  it.each([
    [false, { shortfall: [10, 10, 0, 0], consumed: [10, 10, 0, 0], stock: [0, 0, 10, 20] }, 20],
    [true, { shortfall: [0, 0, 0, 0], consumed: [10, 10, 10, 10], stock: [0, 0, 0, 0] }, 0],
  ])('backlog: %s — shortfall_total is demand_total − consumed_total', (backlog, expected, shortfallTotal) => {
    const result = runYaml(model(4, `${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: 10 }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: "t < 2 ? 20 : 0", backlog: ${backlog} }]
`));
    expect(series(result, 'front.shortfall')).toEqual(expected.shortfall);
    expect(series(result, 'front.consumed')).toEqual(expected.consumed);
    expect(series(result, 'depot.stock')).toEqual(expected.stock);
    if (backlog) expect(series(result, 'front.backlog')).toEqual([10, 20, 10, 0]);
    expect(result.summary.demand_total).toBe(40);
    expect(result.summary.consumed_total).toBe(40 - shortfallTotal);
    expect(result.summary.shortfall_total).toBe(shortfallTotal);
    expect(result.summary['first_shortfall_day.front']).toBe(0);
  });
});

describe('stockpiles', () => {
  it('destroys nothing when a capacity falls below the stock: it blocks puts until the stock is below it', () => {
    const result = runYaml(model(3, `${oneMunition}stockpiles: [{ id: depot, initial: { m: 100 }, capacity: "t < 1 ? 100 : 60" }]
factories: [{ id: plant, munition: m, to: depot, rate: 10 }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: 30 }]
`));
    expect(series(result, 'depot.stock')).toEqual([70, 40, 20]);
    expect(series(result, 'depot.destroyed')).toEqual([0, 0, 0]);
    expect(series(result, 'plant.blocked')).toEqual([10, 10, 0]);
    expect(series(result, 'plant.produced')).toEqual([0, 0, 10]);
  });

  it('stays above a capacity lowered below its stock, with nothing removed and every put blocked', () => {
    const result = runYaml(model(3, `${oneMunition}stockpiles: [{ id: depot, initial: { m: 100 }, capacity: "t < 1 ? 100 : 60" }]
factories: [{ id: plant, munition: m, to: depot, rate: 10 }]
`));
    expect(series(result, 'depot.stock')).toEqual([100, 100, 100]);
    expect(series(result, 'plant.blocked')).toEqual([10, 10, 10]);
  });
});

describe('lead times', () => {
  it.each([
    ['normal', '{ dist: normal, mean: 3, sd: 0 }'],
    ['lognormal', '{ dist: lognormal, mean: 3, sd: 0 }'],
    ['triangular', '{ dist: triangular, min: 3, mode: 3, max: 3 }'],
    ['uniform', '{ dist: uniform, min: 3, max: 3 }'],
    ['fixed', '"0.3 / 0.1"'],
  ])('a %s lead time of 3 days arrives on day 3', (_name, dist) => {
    const result = runYaml(model(5, `${oneMunition}stockpiles:
  - { id: a, initial: { m: 10 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, transit_days: ${dist} }]
`));
    expect(series(result, 'r.delivered')).toEqual([0, 0, 0, 10, 0]);
  });
});

describe('shell totals and columns', () => {
  it('leaves components out of the shell totals', () => {
    const result = runYaml(model(2, `munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles: [{ id: depot, initial: { m: 10, charge: 10 } }]
factories: [{ id: charges, munition: charge, to: depot, rate: 3 }]
consumers:
  - { id: front, draws_from: [depot], munitions: [m], demand: 1 }
  - { id: test-range, draws_from: [depot], munitions: [charge], demand: 2 }
`));
    expect(result.summary.produced_total).toBe(0);
    expect(result.summary.consumed_total).toBe(2);
    expect(result.summary.demand_total).toBe(2);
    expect(result.summary.shortfall_total).toBe(0);
    expect(result.summary.fill_rate).toBe(1);
  });

  it('adds per-munition columns to the nodes that handle several munitions', () => {
    const result = runYaml(model(1, `munitions: [{ id: a }, { id: b }]
stockpiles:
  - { id: src, initial: { a: 10 } }
  - { id: dst }
routes: [{ id: r, from: src, to: dst, munitions: [a, b], shipment: 5, transit_days: 1 }]
consumers: [{ id: front, draws_from: [dst], munitions: [a], demand: 1 }]
`));
    const names = result.recorder.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['src.stock.a', 'src.stock.b', 'dst.received.b', 'r.shipped.a', 'r.in_transit.b']));
    expect(names).not.toContain('front.consumed.a');
  });
});
