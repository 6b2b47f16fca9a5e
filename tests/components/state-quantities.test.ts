/**
 * Quantities that read the run (docs/model-format.md "Quantities that read the run"), worked by
 * hand: the three examples of the docs, what each function reads on day d (the state the previous
 * day left: row d − 1 of timeseries.csv), a value that breaks its rule stopping the run with the
 * field, day and values, and the same results where a worker thread compiles the expressions again.
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { simulate } from '../../src/assembly/simulate.js';
import { UserError } from '../../src/model/errors.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { PortableScenarios } from '../../src/experiments/evaluators/portable-scenario.js';
import { toFailure } from '../../src/experiments/evaluators/simulate-task.js';
import { runYaml, series } from '../helpers.js';

const model = (days: number, body: string): string => `name: state\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n${body}`;
const k = (values: number[]) => values.map((v) => v * 1000);

describe('doctrine fire that falls when the depot holds under 30 days of supply', () => {
  // 620,000 shells, 15,000 made a day, 20,000 fired a day, 10,000 once under 30 × 20,000 = 600,000.
  // The front reads the stock as the day opens (the end of the day before): it fires 20,000 while
  // that is at least 600,000, so the stock falls 5,000 a day to 600,000 (end of day 3), then 595,000
  // (end of day 4: 600,000 is not under 600,000); day 5 opens at 595,000 and fires 10,000, back to
  // 600,000; and so on.
  const result = runYaml(model(10, `stockpiles: [{ id: ru-depot, initial: { m: 620000 } }]
factories: [{ id: plant, munition: m, to: ru-depot, rate: 15000 }]
consumers:
  - { id: front, draws_from: [ru-depot], munitions: [m], demand: 'stock("ru-depot") < 30 * 20000 ? 10000 : 20000' }
`));

  it('fires 20,000 a day until the stock that opens a day is under 600,000, then alternates', () => {
    expect(series(result, 'front.demand')).toEqual(k([20, 20, 20, 20, 20, 10, 20, 10, 20, 10]));
    expect(series(result, 'ru-depot.stock')).toEqual(k([615, 610, 605, 600, 595, 600, 595, 600, 595, 600]));
  });

  it('conserves stock: 620,000 + 150,000 made = 600,000 left + 170,000 fired', () => {
    expect(result.summary.consumed_total).toBe(170_000);
    expect(result.balance[0]).toMatchObject({ initial: 620_000, produced: 150_000, final: 600_000, consumed: 170_000, residual: 0 });
  });
});

describe('a donor releasing more when the recipient\'s stock is low', () => {
  // A daily convoy (half a day each way) carries 5,000, or 15,000 when Ukraine's depot opened the
  // day under 40,000; the front fires 10,000 a day. Day 0: 50,000 → 5,000 → 55,000 − 10,000 =
  // 45,000. Day 1: 45,000 → 5,000 → 40,000. Day 2: 40,000 is not under → 5,000 → 35,000. Day 3:
  // 35,000 → 15,000 → 40,000. Then 5,000 and 15,000 alternate.
  const result = runYaml(model(8, `stockpiles:
  - { id: us, initial: { m: 1000000 } }
  - { id: ua, initial: { m: 50000 } }
routes:
  - { id: us-ua, from: us, to: ua, munitions: [m], vehicles: 1, every_days: 1, transit_days: 0.5, shipment: 'stock("ua") < 40000 ? 15000 : 5000' }
consumers: [{ id: front, draws_from: [ua], munitions: [m], demand: 10000 }]
`));

  it('ships 15,000 on the days that open with the recipient under 40,000', () => {
    expect(series(result, 'us-ua.shipped')).toEqual(k([5, 5, 5, 15, 5, 15, 5, 15]));
    expect(series(result, 'ua.stock')).toEqual(k([45, 40, 35, 40, 35, 40, 35, 40]));
    expect(result.summary['final_stock.us']).toBe(1_000_000 - 70_000);
  });
});

describe('production that stops once a contract is filled', () => {
  it('makes 5,000 a day for 20 days, then nothing: 100,000 in all', () => {
    const result = runYaml(model(25, `stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: 'produced("plant") < 100000 ? 5000 : 0' }]
`));
    expect(series(result, 'plant.produced')).toEqual([...Array(20).fill(5000), ...Array(5).fill(0)]);
    expect(result.summary.produced_total).toBe(100_000);
  });

  it('with weekly lots counts only released shells, so it finishes the lot under way: 105,000', () => {
    // Lots of 7 days × 5,000 leave at the ends of days 6, 13 and 20; day 20 opens with 70,000 made,
    // so days 14–20 all make 5,000, and the third lot takes the total to 105,000.
    const result = runYaml(model(28, `stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, lot_days: 7, rate: 'produced("plant") < 100000 ? 5000 : 0' }]
`));
    expect(series(result, 'plant.capacity')).toEqual([...Array(21).fill(5000), ...Array(7).fill(0)]);
    expect(result.summary.produced_total).toBe(105_000);
  });
});

describe('what each function reads on day d', () => {
  // Probe fronts draw from an empty stockpile (they take nothing) and demand what a function gives,
  // so their `demand` column shows its value day by day (demand_cv 0; rounded half up).
  const probes: [string, string][] = [
    ['p-stock', 'stock("b")'],
    ['p-stock-bad', 'stock("b", "m-bad")'],
    ['p-in-transit', 'in_transit("r")'],
    ['p-shipped', 'shipped("r")'],
    ['p-delivered', 'delivered("r")'],
    ['p-consumed', 'consumed("front")'],
    ['p-produced', 'produced("plant")'],
    ['p-avg', 'demand_avg("front", 3)'],
  ];
  const result = runYaml(`name: probes\nstart: 2024-01-01\ndays: 9\nmunitions: [{ id: m }, { id: m-bad }]
stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b, initial: { m: 100 } }
  - { id: empty }
factories: [{ id: plant, munition: m, to: a, rate: 7, lot_days: 2 }]
routes:
  - { id: r, from: a, to: b, munitions: [m], vehicles: 2, every_days: 1, transit_days: 1.5, shipment: 100, unserviceable: { share: 0.1, becomes: { m: m-bad } } }
consumers:
  - { id: front, draws_from: [b], munitions: [m], demand: "30 + 10 * mod(t, 3)" }
${probes.map(([id, expr]) => `  - { id: ${id}, draws_from: [empty], munitions: [m], demand: '${expr}' }`).join('\n')}
events: [{ date: 2024-01-05, strike: { stockpile: b, destroy_fraction: 0.5 } }]
`);
  const column = (name: string) => series(result, name);
  /** The day-d value from the row of day d − 1 (`initial` on day 0). */
  const previousRow = (values: number[], initial: number) => values.map((_, d) => (d === 0 ? initial : values[d - 1]));
  /** The day-d value as the sum of rows 0 … d − 1. */
  const sumBefore = (values: number[]) => values.map((_, d) => values.slice(0, d).reduce((a, b) => a + b, 0));

  it('stock("b"): serviceable stock as the day opens, before its strike (day 4) and departures', () => {
    const serviceable = column('b.stock.m');
    // A tenth of each delivery turns out unserviceable (m-bad): it is in b's stock, not in stock("b").
    expect(Math.max(...column('b.stock.m-bad'))).toBeGreaterThan(0);
    expect(column('p-stock.demand')).toEqual(previousRow(serviceable, 100));
    expect(column('p-stock-bad.demand')).toEqual(previousRow(column('b.stock.m-bad'), 0));
    // The strike on day 4 halves b's stock after the front of day 3: the probe of day 4 reads the stock before it.
    expect(column('b.destroyed')[4]).toBeGreaterThan(0);
    expect(column('p-stock.demand')[4]).toBe(column('b.stock.m')[3]);
  });

  it('in_transit("r"): the level of the row before; shipped, delivered, consumed, produced: totals through the day before', () => {
    expect(column('p-in-transit.demand')).toEqual(previousRow(column('r.in_transit'), 0));
    expect(column('p-shipped.demand')).toEqual(sumBefore(column('r.shipped')));
    expect(column('p-delivered.demand')).toEqual(sumBefore(column('r.delivered')));
    expect(column('p-consumed.demand')).toEqual(sumBefore(column('front.consumed')));
    expect(column('p-produced.demand')).toEqual(sumBefore(column('plant.produced')));
  });

  it('demand_avg("front", 3): the mean of the last 3 days\' demand, of the days so far before day 3, 0 on day 0', () => {
    // The front demands 30, 40, 50, 30, 40, 50, … (30 + 10 · (t mod 3)).
    expect(column('front.demand')).toEqual([30, 40, 50, 30, 40, 50, 30, 40, 50]);
    // Day 1: 30 / 1; day 2: (30 + 40) / 2 = 35; from day 3 on, every 3 consecutive days sum to 120.
    expect(column('p-avg.demand')).toEqual([0, 30, 35, 40, 40, 40, 40, 40, 40]);
  });

  it('conserves stock with every reader in the model', () => {
    for (const b of result.balance) expect(b.residual).toBe(0);
  });
});

describe('parameters and events', () => {
  it('sees a parameter as the `set` events of the day leave it', () => {
    // Fire 1 a day while the stock is under `level`, else 2; `level` goes from 0 to 1,000 on day 2.
    const result = runYaml(model(4, `parameters: { level: 0 }
stockpiles: [{ id: d, initial: { m: 100 } }]
consumers: [{ id: front, draws_from: [d], munitions: [m], demand: 'stock("d") < level ? 1 : 2' }]
events: [{ date: 2024-01-03, set: { level: 1000 } }]
`));
    expect(series(result, 'front.demand')).toEqual([2, 2, 1, 1]);
  });

  it('reads demand_avg over a number of days a parameter gives', () => {
    const result = runYaml(model(4, `parameters: { window: 2 }
stockpiles: [{ id: d, initial: { m: 100 } }, { id: empty }]
consumers:
  - { id: front, draws_from: [d], munitions: [m], demand: "10 * (t + 1)" }
  - { id: probe, draws_from: [empty], munitions: [m], demand: 'demand_avg("front", window)' }
`), 1, { parameters: { window: 1 } });
    // window = 1 (set from outside): yesterday's demand, 10 · d.
    expect(series(result, 'probe.demand')).toEqual([0, 10, 20, 30]);
  });
});

describe('a value that breaks its rule in the run', () => {
  // Depot 25, a factory adds 10 a day, the front demands 30 − stock: 5 on day 0 (25 + 10 − 5 = 30),
  // 0 on day 1 (40), and −10 on day 2.
  const text = model(5, `stockpiles: [{ id: d, initial: { m: 25 } }]
factories: [{ id: plant, munition: m, to: d, rate: 10 }]
consumers:
  - { id: front, draws_from: [d], munitions: [m], demand: '30 - stock("d")' }
`);

  it('stops the run with the field, its line, the day and the values read', () => {
    const scenario = resolveScenario(parseModel(text, 'state.yaml'));
    let error: unknown;
    try { simulate(scenario, 1); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UserError);
    const [issue] = (error as UserError).issues;
    expect(issue).toMatchObject({ file: 'state.yaml', path: 'consumers[0].demand', line: 8 });
    expect(issue.message).toBe('"30 - stock(\\"d\\")" must be ≥ 0, but is -10 on day 2 (2024-01-03)');
    expect(issue.hint).toBe('with stock("d") = 40');
  });

  it('is a failure of the model\'s (kind user) where a sweep records it', () => {
    const scenario = resolveScenario(parseModel(text, 'state.yaml'));
    let error: unknown;
    try { simulate(scenario, 1); } catch (e) { error = e; }
    expect(toFailure(error).kind).toBe('user');
    expect(toFailure(error).message).toMatch(/consumers\[0\]\.demand: .* -10 on day 2/);
  });
});

describe('in a worker thread', () => {
  it('gives the same run from a scenario without compiled code (the expressions are compiled again)', () => {
    const text = model(12, `stockpiles: [{ id: d, initial: { m: 1000 } }, { id: far }]
factories: [{ id: plant, munition: m, to: d, rate: 'produced("plant") < 300 ? 50 : 0' }]
routes: [{ id: r, from: d, to: far, munitions: [m], capacity_per_day: 'stock("far") < 200 ? 120 : 10', transit_days: { dist: uniform, min: 1, max: 3 } }]
consumers: [{ id: front, draws_from: [far], munitions: [m], demand: 'max(20, demand_avg("front", 2) * 1.1)', demand_cv: 0.3 }]
`);
    const scenario = resolveScenario(parseModel(text, 'state.yaml'));
    const portable = structuredClone(new PortableScenarios().of(scenario));
    expect(portable.model.quantities).toEqual([]);
    const here = simulate(scenario, 7);
    const there = simulate(portable, 7);
    expect(there.summary).toEqual(here.summary);
    expect(series(there, 'front.demand')).toEqual(series(here, 'front.demand'));
  });
});
