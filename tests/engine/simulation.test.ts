/**
 * Hand-computed runs: each case is small enough to work out on paper, and the expected series are
 * written from that working, not from the program's output.
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series, yamlModel } from '../helpers.js';

const oneMunition = 'munitions: [{ id: m }]\n';

describe('consumer drawing a fixed stock', () => {
  // 1000 shells, 100 a day: days 0–9 are served, day 10 is the first short day.
  const text = yamlModel(`${oneMunition}stockpiles: [{ id: depot, initial: { m: 1000 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: 100 }]
`, 'name: stockout\nstart: 2024-01-01\ndays: 15\n');
  const result = runYaml(text);

  it('runs out on day 10 and loses unmet demand', () => {
    expect(series(result, 'depot.stock')).toEqual([900, 800, 700, 600, 500, 400, 300, 200, 100, 0, 0, 0, 0, 0, 0]);
    expect(series(result, 'front.shortfall')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 100, 100, 100, 100]);
    expect(result.summary['first_shortfall_day.front']).toBe(10);
    expect(result.summary.consumed_total).toBe(1000);
    expect(result.summary.demand_total).toBe(1500);
    expect(result.summary.shortfall_total).toBe(500);
    expect(result.summary.fill_rate).toBeCloseTo(1000 / 1500, 12);
  });

  it('carries unmet demand over with backlog: true', () => {
    // Demand 100/day from 250 shells; a factory adds 50/day. Day 0: 250+50=300 → serve 100.
    // Stock then falls by 50/day: 200, 150, 100, 50, 0 at end of day 4... then 50 in, 100 wanted.
    const backlog = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: depot, initial: { m: 250 } }]
factories: [{ id: plant, munition: m, to: depot, rate: 50 }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: 100, backlog: true }]
`, 'name: backlog\nstart: 2024-01-01\ndays: 8\n'));
    // End of day d stock = max(0, 250 + 50(d+1) − 100(d+1)) until it hits 0 on day 4.
    expect(series(backlog, 'depot.stock')).toEqual([200, 150, 100, 50, 0, 0, 0, 0]);
    // From day 4 on, 50 arrive and 100 + backlog are wanted: backlog grows by 50 a day.
    expect(series(backlog, 'front.backlog')).toEqual([0, 0, 0, 0, 0, 50, 100, 150]);
    expect(series(backlog, 'front.shortfall')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(backlog.summary.shortfall_total).toBe(150);
    expect(backlog.summary['first_shortfall_day.front']).toBe(5);
  });
});

describe('factory lots, defects and a full stockpile', () => {
  it('releases 30 shells every 3 days and scraps 10 %', () => {
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: 10, lot_days: 3, defect_rate: 0.1 }]
`, 'name: lots\nstart: 2024-01-01\ndays: 9\n'));
    expect(series(result, 'plant.produced')).toEqual([0, 0, 27, 0, 0, 27, 0, 0, 27]);
    expect(series(result, 'plant.defective')).toEqual([0, 0, 3, 0, 0, 3, 0, 0, 3]);
    expect(series(result, 'plant.capacity')).toEqual(Array(9).fill(10));
    expect(series(result, 'depot.stock')).toEqual([0, 0, 27, 27, 27, 54, 54, 54, 81]);
    expect(result.summary.produced_total).toBe(81);
  });

  it('blocks output that does not fit and records it', () => {
    // Capacity 50, 40 on hand, 20 made a day: 10 fit on day 0, then nothing fits.
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: depot, initial: { m: 40 }, capacity: 50 }]
factories: [{ id: plant, munition: m, to: depot, rate: 20 }]
`, 'name: full\nstart: 2024-01-01\ndays: 3\n'));
    expect(series(result, 'plant.produced')).toEqual([10, 0, 0]);
    expect(series(result, 'plant.blocked')).toEqual([10, 20, 20]);
    expect(series(result, 'depot.stock')).toEqual([50, 50, 50]);
  });

  it('evaluates rate expressions each day with t and parameters', () => {
    // rate = base * (1 + t): 5, 10, 15, 20
    const result = runYaml(yamlModel(`parameters: { base: { value: 5, min: 1, max: 10 } }
${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: "base * (1 + t)" }]
`, 'name: expr\nstart: 2024-01-01\ndays: 4\n'), 1, { parameters: { base: 5 } });
    expect(series(result, 'plant.produced')).toEqual([5, 10, 15, 20]);
  });

  it('follows an event that sets a parameter from its date on', () => {
    const result = runYaml(yamlModel(`parameters: { base: 5 }
${oneMunition}stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: "2 * base" }]
events: [{ date: 2024-01-03, set: { base: 7 } }]
`, 'name: event\nstart: 2024-01-01\ndays: 4\n'));
    expect(series(result, 'plant.produced')).toEqual([10, 10, 14, 14]);
  });

  it('adds a capacity step after its build delay and starves without inputs', () => {
    // Base 10/day, +5/day from day 2 + delay 1 = day 3. Each shell takes 1 charge; 40 charges.
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles: [{ id: depot, initial: { charge: 40 } }]
factories:
  - id: plant
    munition: m
    to: depot
    rate: 10
    inputs: [{ from: depot, munition: charge, per_unit: 1 }]
    expansions: [{ date: 2024-01-03, add: 5, delay_days: 1 }]
`, 'name: bom\nstart: 2024-01-01\ndays: 5\n'));
    expect(series(result, 'plant.capacity')).toEqual([10, 10, 10, 15, 15]);
    // Charges: 40 → 30 → 20 → 10 → 0 (15 wanted, 10 left) → 0.
    expect(series(result, 'plant.produced')).toEqual([10, 10, 10, 10, 0]);
    expect(series(result, 'plant.starved')).toEqual([0, 0, 0, 5, 15]);
    expect(result.balance.find((b) => b.munition === 'charge')!.used).toBe(40);
    expect(result.summary.produced_total).toBe(40);
  });
});

describe('routes', () => {
  const routeModel = (extra: string, days = 16) => yamlModel(`${oneMunition}stockpiles:
  - { id: a, initial: { m: 1000 }, reserve: { m: 200 } }
  - { id: b }
routes:
  - { id: r, from: a, to: b, munitions: [m], vehicles: 1, shipment: 300, every_days: 5, transit_days: 2${extra} }
`, `name: route\nstart: 2024-01-01\ndays: ${days}\n`);

  it('departs every 5 days, arrives after 2, and never takes the source below its reserve', () => {
    const result = runYaml(routeModel(''));
    // Departures on days 0, 5, 10 (back on day 4, ready on day 5); 300 + 300 + 200 (reserve 200).
    expect(series(result, 'r.shipped')).toEqual([300, 0, 0, 0, 0, 300, 0, 0, 0, 0, 200, 0, 0, 0, 0, 0]);
    expect(series(result, 'r.delivered')).toEqual([0, 0, 300, 0, 0, 0, 0, 300, 0, 0, 0, 0, 200, 0, 0, 0]);
    expect(series(result, 'r.in_transit')).toEqual([300, 300, 0, 0, 0, 300, 300, 0, 0, 0, 200, 200, 0, 0, 0, 0]);
    expect(series(result, 'a.stock').at(-1)).toBe(200);
    expect(series(result, 'b.stock').at(-1)).toBe(800);
  });

  it('waits for the vehicle to come back when the trip is longer than every_days', () => {
    // Transit 4, back on day 8 > 0 + 5: departures on days 0, 8.
    const result = runYaml(routeModel('').replace('transit_days: 2', 'transit_days: 4'), 1);
    expect(series(result, 'r.shipped').map((x, d) => (x > 0 ? d : -1)).filter((d) => d >= 0)).toEqual([0, 8]);
  });

  it('departs only inside its open windows and after a route strike', () => {
    const result = runYaml(routeModel(', open: [{ from: 2024-01-04 }]'));
    expect(series(result, 'r.shipped').findIndex((x) => x > 0)).toBe(3);
    const struck = runYaml(`${routeModel('')}events: [{ date: 2024-01-01, strike: { route: r, close_days: 7 } }]\n`);
    expect(series(struck, 'r.shipped').findIndex((x) => x > 0)).toBe(7);
  });

  it('holds a cargo aboard when the destination is full and unloads as room appears', () => {
    // b holds 100; a front draws 50/day from b. Day 2: 100 of 300 fit; then 50/day.
    const text = yamlModel(`${oneMunition}stockpiles:
  - { id: a, initial: { m: 300 } }
  - { id: b, capacity: 100 }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 300, every_days: 1, transit_days: 2 }]
consumers: [{ id: f, draws_from: [b], munitions: [m], demand: 50 }]
`, 'name: blocked\nstart: 2024-01-01\ndays: 8\n');
    const result = runYaml(text);
    expect(series(result, 'r.delivered')).toEqual([0, 0, 100, 50, 50, 50, 50, 0]);
    expect(series(result, 'r.blocked')).toEqual([0, 0, 200, 150, 100, 50, 0, 0]);
    expect(series(result, 'b.stock')).toEqual([0, 0, 50, 50, 50, 50, 50, 0]);
  });

  it('ships at most the forward share of what the source has held, after the approval delay', () => {
    const result = runYaml(routeModel(', approval_delay_days: 3, forward_share: 0.5'));
    // 1000 held × 0.5 = 500 may go: 300 on day 3, 200 on day 8.
    expect(series(result, 'r.shipped').filter((x) => x > 0)).toEqual([300, 200]);
    expect(series(result, 'r.shipped').findIndex((x) => x > 0)).toBe(3);
  });

  it('turns a share of each delivery into an unserviceable munition', () => {
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: m-u }]
stockpiles: [{ id: a, initial: { m: 1000 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 400, every_days: 100, transit_days: 1, unserviceable: { share: 0.25, becomes: { m: m-u } } }]
`, 'name: duds\nstart: 2024-01-01\ndays: 3\n'));
    expect(series(result, 'b.stock.m').at(-1)).toBe(300);
    expect(series(result, 'b.stock.m-u').at(-1)).toBe(100);
    expect(series(result, 'r.unserviceable').at(-1)).toBe(0);
    expect(series(result, 'r.unserviceable')[1]).toBe(100);
  });
});

describe('consumers with several munitions and stockpiles', () => {
  it('uses the preferred munition first, stockpiles in priority order', () => {
    const result = runYaml(yamlModel(`munitions: [{ id: m152 }, { id: m122 }]
stockpiles:
  - { id: near, initial: { m152: 30, m122: 100 } }
  - { id: far, initial: { m152: 50 } }
consumers: [{ id: f, draws_from: [near, far], munitions: [m152, m122], demand: 100 }]
`, 'name: prefs\nstart: 2024-01-01\ndays: 2\n'));
    // Day 0: 30 from near, 50 from far (152 mm), then 20 of 122 mm. Day 1: 80 left of 122 mm.
    expect(series(result, 'f.consumed.m152')).toEqual([80, 0]);
    expect(series(result, 'f.consumed.m122')).toEqual([20, 80]);
    expect(series(result, 'f.shortfall')).toEqual([0, 20]);
  });
});

describe('strikes', () => {
  it('destroys a share of the stock at the start of the day', () => {
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: depot, initial: { m: 1000 } }]
events: [{ date: 2024-01-02, strike: { stockpile: depot, destroy_fraction: 0.1 } }]
`, 'name: strike\nstart: 2024-01-01\ndays: 3\n'));
    expect(series(result, 'depot.destroyed')).toEqual([0, 100, 0]);
    expect(series(result, 'depot.stock')).toEqual([1000, 900, 900]);
  });

  it('strikes at random with its probability per day', () => {
    // p = 1 inside [day 2, day 4): exactly two strikes of 50 %.
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: depot, initial: { m: 1000 } }]
events: [{ id: raids, probability_per_day: 1, from: 2024-01-03, until: 2024-01-05, strike: { stockpile: depot, destroy_fraction: 0.5 } }]
`, 'name: raids\nstart: 2024-01-01\ndays: 6\n'));
    expect(series(result, 'depot.stock')).toEqual([1000, 1000, 500, 250, 250, 250]);
  });
});

describe('fleet schedules, rationing and pauses', () => {
  const fleet = (extra: string, days = 30) => yamlModel(`${oneMunition}stockpiles: [{ id: a, initial: { m: 1000000 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, transit_days: 1${extra} }]
`, `name: fleet\nstart: 2024-01-01\ndays: ${days}\n`);
  const departureDays = (result: ReturnType<typeof runYaml>) => series(result, 'r.departures').flatMap((n, d) => Array(n).fill(d));

  it('staggers a fleet instead of sailing in convoy', () => {
    // Three ships, every 9 days, staggered by 3: days 0, 3, 6, then 9, 12, 15, …
    const result = runYaml(fleet(', vehicles: 3, every_days: 9, stagger_days: 3', 18));
    expect(departureDays(result)).toEqual([0, 3, 6, 9, 12, 15]);
  });

  it('keeps a fractional every_days on average', () => {
    // every 2.5 days from day 0: scheduled 0, 2.5, 5, 7.5, … → departs on days 0, 3, 5, 8, 10, …
    const result = runYaml(fleet(', every_days: 2.5', 20));
    expect(departureDays(result)).toEqual([0, 3, 5, 8, 10, 13, 15, 18]);
  });

  it('pauses a route with a close event', () => {
    // Out on day 0, back on day 2 (1 there, 1 back); closed days 1–3, so the next departure is day 4.
    const result = runYaml(`${fleet(', every_days: 1', 6)}events: [{ date: 2024-01-02, close: { route: r, days: 3 } }]\n`);
    expect(departureDays(result)).toEqual([0, 4]);
  });

  it('rations: a front leaves `keep` shells in each stockpile', () => {
    const result = runYaml(yamlModel(`${oneMunition}stockpiles: [{ id: depot, initial: { m: 500 } }]
consumers: [{ id: f, draws_from: [depot], munitions: [m], demand: 100, keep: 250 }]
`, 'name: keep\nstart: 2024-01-01\ndays: 4\n'));
    expect(series(result, 'depot.stock')).toEqual([400, 300, 250, 250]);
    expect(series(result, 'f.shortfall')).toEqual([0, 0, 50, 100]);
  });

  it('counts duds found on arrival as received under the unserviceable munition', () => {
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: m-u }]
stockpiles: [{ id: a, initial: { m: 1000 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 400, every_days: 100, transit_days: 1, unserviceable: { share: 0.25, becomes: { m: m-u } } }]
`, 'name: duds\nstart: 2024-01-01\ndays: 3\n'));
    expect(series(result, 'b.received.m')).toEqual([0, 300, 0]);
    expect(series(result, 'b.received.m-u')).toEqual([0, 100, 0]);
    expect(series(result, 'b.received')).toEqual([0, 400, 0]);
  });
});

describe('runs without recording', () => {
  it('give the same summary and keep no series', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync('models/quickstart.yaml', 'utf8');
    const recorded = runYaml(text, 3);
    const { simulate } = await import('../../src/assembly/simulate.js');
    const bare = simulate(recorded.scenario, 3, { record: false });
    expect(bare.summary).toEqual(recorded.summary);
    expect(bare.recorder.columns).toEqual([]);
  });
});
