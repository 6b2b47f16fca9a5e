/**
 * Limits that bound the work: component-days, the estimated events of a run and design cells, each
 * refused up front with the figure named; and validation whose memory does not grow with the horizon.
 * Every expected figure below is worked out by hand in the test's comment.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planStudy } from '../../src/experiments/sensitivity-study.js';
import { checkComponentDays, checkDesignCells, componentDays, EventEstimate } from '../../src/model/limits.js';
import { parseModel } from '../../src/assembly/load-model.js';
import { checkScenario, resolveScenario } from '../../src/model/scenario.js';
import { LIMITS } from '../../src/model/schema.js';
import { munisim } from '../cli/cli.js';
import { refusal } from '../helpers.js';

/** One munition, two stockpiles and `routes` routes of `vehicles` vehicles each. */
function routesModel(routes: number, vehicles: number, days: number, extra = ''): string {
  const lines = [`name: many-routes`, `start: 2000-01-01`, `days: ${days}`, `munitions: [{ id: m }]`,
    `stockpiles: [{ id: a, initial: { m: 1000 } }, { id: b }]`, `routes:`];
  for (let i = 0; i < routes; i++) lines.push(`  - { id: r${i}, from: a, to: b, munitions: [m], vehicles: ${vehicles}, every_days: 1, shipment: 10, transit_days: 1 }`);
  return `${lines.join('\n')}\n${extra}`;
}

describe('components: munitions + stockpiles + factories + routes + consumers', () => {
  /** One munition and `stockpiles` stockpiles: 1 + stockpiles components. */
  const stockpilesModel = (stockpiles: number) => [`name: many-stockpiles`, `start: 2000-01-01`, `days: 1`, `munitions: [{ id: m }]`, `stockpiles:`,
    ...Array.from({ length: stockpiles }, (_, i) => `  - { id: s${i} }`)].join('\n');

  it('accepts exactly the limit and refuses one component more, naming both figures', () => {
    expect(LIMITS.components).toBe(5_000);
    // 1 munition + 4,999 stockpiles = 5,000.
    expect(parseModel(stockpilesModel(4_999), 'm.yaml').stockpiles).toHaveLength(4_999);
    // 1 + 5,000 = 5,001.
    expect(refusal(() => parseModel(stockpilesModel(5_000), 'm.yaml'))).toContain('the model has 5001 components; at most 5000 are allowed');
  });
});

describe('component-days: (components + vehicles) × days', () => {
  it.each([
    // 1 munition + 2 stockpiles + 3 routes = 6 components; 3 × 2 vehicles; (6 + 6) × 100
    { routes: 3, vehicles: 2, days: 100, components: 6, vehicleCount: 6, total: 1_200 },
    // 1 + 2 + 1 = 4 components, 10,000 vehicles: (4 + 10,000) × 36,500 = 365,146,000
    { routes: 1, vehicles: 10_000, days: 36_500, components: 4, vehicleCount: 10_000, total: 365_146_000 },
  ])('$routes route(s) of $vehicles vehicle(s) over $days days make $total', ({ routes, vehicles, days, components, vehicleCount, total }) => {
    const model = parseModel(routesModel(routes, vehicles, days), 'm.yaml');
    expect(componentDays(model, days)).toEqual({ components, vehicles: vehicleCount, days, total });
  });

  it('accepts exactly the limit and refuses one day more', () => {
    // 1 + 2 + 1 = 4 components and 996 vehicles: 1,000 per day, so 20,000 days is 20,000,000.
    const model = parseModel(routesModel(1, 996, 20_000), 'm.yaml');
    expect(LIMITS.componentDays).toBe(20_000_000);
    expect(() => checkComponentDays(model, 20_000)).not.toThrow();
    expect(refusal(() => checkComponentDays(model, 20_001))).toContain('20,001,000 component-days ((4 components + 996 vehicles) × 20,001 days); at most 20,000,000 are allowed');
  });

  it('refuses 4,990 routes × 1 vehicle × 36,500 days in validate and run alike, before tabulating', () => {
    // 1 munition + 2 stockpiles + 4,990 routes = 4,993 components, 4,990 vehicles: 9,983 × 36,500 = 364,379,500.
    const model = parseModel(routesModel(4_990, 1, 36_500), 'big.yaml');
    const expected = 'days: the run has 364,379,500 component-days ((4,993 components + 4,990 vehicles) × 36,500 days)';
    expect(refusal(() => checkScenario(model))).toContain(expected);
    expect(refusal(() => resolveScenario(model))).toContain(expected);
    // A shorter horizon is the way out: (4,993 + 4,990) × 365 = 3,643,795.
    expect(() => checkScenario(model, { days: 365 })).not.toThrow();
  });

  it('refuses one route of 10,000 vehicles over 100 years', () => {
    const model = parseModel(routesModel(1, 10_000, 36_500), 'fleet.yaml');
    expect(refusal(() => resolveScenario(model))).toContain('365,146,000 component-days ((4 components + 10,000 vehicles) × 36,500 days)');
  });
});

describe('estimated events per run', () => {
  const factoryModel = (mtbf: string, mttr: string, days: number, routes = '') => `name: breakdowns
start: 2000-01-01
days: ${days}
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 1000 } }, { id: b }]
factories:
  - { id: f, munition: m, to: a, rate: 10, breakdown: { mtbf_days: ${mtbf}, mttr_days: ${mttr} } }
${routes}`;

  it('refuses breakdowns every 1e-9 days, which would never finish', () => {
    // 365 days / (1e-9 + 1e-9) days per cycle = 182,500,000,000 cycles.
    const model = parseModel(factoryModel('1e-9', '1e-9', 365), 'b.yaml');
    const message = refusal(() => resolveScenario(model));
    expect(message).toContain('factories[0].breakdown: the run would have about 182,500,000,000 events (182,500,000,000 breakdown cycles + 0 vehicle trips; most are breakdowns of f); at most 50,000,000 are allowed');
    expect(refusal(() => checkScenario(model))).toBe(message);
  });

  it.each([
    // 36,500 / (0.0005 + 0.0005) = 36,500,000 ≤ 50,000,000
    { mtbf: '0.0005', mttr: '0.0005', refused: false },
    // 36,500 / (0.0003 + 0.0003) ≈ 60,833,333 > 50,000,000
    { mtbf: '0.0003', mttr: '0.0003', refused: true },
  ])('mtbf $mtbf + mttr $mttr over 100 years: refused $refused', ({ mtbf, mttr, refused }) => {
    const model = parseModel(factoryModel(mtbf, mttr, 36_500), 'b.yaml');
    if (refused) expect(refusal(() => checkScenario(model))).toContain('about 60,833,333 events');
    else expect(() => checkScenario(model)).not.toThrow();
  });

  it('adds breakdown cycles and vehicle trips, and names the larger share', () => {
    // Cycles: 2,000 days / (1/45,000 + 1/45,000) = 2,000 × 22,500 = 45,000,000.
    // Trips: 5,000 vehicles × 2,000 days / max(1, every 1, transit 1) = 10,000,000. Sum 55,000,000.
    // (Component-days (4 + 1 factory + 5,000) × 2,000 = 10,010,000 pass.)
    const route = 'routes:\n  - { id: sea, from: a, to: b, munitions: [m], vehicles: 5000, every_days: 1, shipment: 10, transit_days: 1 }\n';
    const model = parseModel(factoryModel('"1 / 45000"', '"1 / 45000"', 2_000, route), 'b.yaml');
    expect(refusal(() => checkScenario(model))).toContain('about 55,000,000 events (45,000,000 breakdown cycles + 10,000,000 vehicle trips; most are breakdowns of f)');
  });

  it.each([
    // trips per day = vehicles / max(1, every_days, shortest transit)
    { transit: '3', every: 0, perDay: 40 / 3 },
    { transit: '{ dist: uniform, min: 5, max: 9 }', every: 2, perDay: 40 / 5 },
    { transit: '{ dist: triangular, min: 0.5, mode: 1, max: 2 }', every: 0, perDay: 40 },
    { transit: '{ dist: normal, mean: 6, sd: 1 }', every: 4, perDay: 40 / 4 },
    { transit: '{ dist: lognormal, mean: 6, sd: 1 }', every: 0, perDay: 40 },
  ])('a route of 40 vehicles with transit $transit and every_days $every makes at most $perDay trips a day', ({ transit, every, perDay }) => {
    const model = parseModel(`name: trips
start: 2000-01-01
days: 30
munitions: [{ id: m }]
stockpiles: [{ id: a }, { id: b }]
routes:
  - { id: r, from: a, to: b, munitions: [m], vehicles: 40, every_days: ${every}, shipment: 10, transit_days: ${transit} }
`, 't.yaml');
    const { tables } = resolveScenario(model);
    const estimate = new EventEstimate(model);
    for (let day = 0; day < 30; day++) estimate.addDay(tables.map((table) => table[day]));
    expect(estimate.totals.cycles).toBe(0);
    expect(estimate.totals.trips).toBeCloseTo(perDay * 30, 9);
  });
});

describe('design cells: rows × parameters', () => {
  it('accepts exactly the limit and refuses one cell more, naming the figure', () => {
    expect(LIMITS.designCells).toBe(10_000_000);
    expect(() => checkDesignCells(1_000_000, 10, 'samples', 'lower the number of samples')).not.toThrow();
    expect(refusal(() => checkDesignCells(10_000_001, 1, 'samples', 'lower the number of samples')))
      .toContain('samples: the design has 10,000,001 cells (10,000,001 rows × 1 parameter); at most 10,000,000 are allowed (lower the number of samples; see "Limits" in docs/model-format.md)');
  });

  const ranged = (k: number) => parseModel(`name: many-parameters
start: 2000-01-01
days: 5
parameters:
${Array.from({ length: k }, (_, i) => `  p${i}: { value: 1, min: 0, max: 2 }`).join('\n')}
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 10 } }]
`, 'p.yaml');
  const study = { modelFile: 'p.yaml', replications: 1, every: 1 };

  it.each([
    // Morris: 1,000,000 trajectories × (100 + 1) rows = 101,000,000 rows; × 100 parameters
    { method: 'morris' as const, k: 100, figure: '10,100,000,000 cells (101,000,000 rows × 100 parameters)' },
    // Sobol (Saltelli): 1,000,000 × (32 + 2) = 34,000,000 rows; × 32 parameters
    { method: 'sobol' as const, k: 32, figure: '1,088,000,000 cells (34,000,000 rows × 32 parameters)' },
  ])('a $method study of 1,000,000 samples over $k parameters is refused before it samples', ({ method, k, figure }) => {
    const message = refusal(() => planStudy(ranged(k), { ...study, method, samples: 1_000_000 }));
    expect(message).toContain(`samples: the design has ${figure}; at most 10,000,000 are allowed`);
    expect(message).toContain('lower the number of samples');
    expect(message).not.toMatch(/--\w/);
  });

  it('sweep --design lhs --samples 1000000 with 100 --vary exits 2 with the figure and leaves no folder', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'munisim-limits-'));
    const file = join(cwd, 'p.yaml');
    writeFileSync(file, `name: many-parameters\nstart: 2000-01-01\ndays: 5\nparameters:\n${Array.from({ length: 100 }, (_, i) => `  p${i}: { value: 1, min: 0, max: 2 }`).join('\n')}\nmunitions: [{ id: m }]\nstockpiles: [{ id: a, initial: { m: 10 } }]\n`);
    const vary = Array.from({ length: 100 }, (_, i) => ['--vary', `p${i}`]).flat();
    const result = munisim(['sweep', file, '--design', 'lhs', '--samples', '1000000', ...vary], { cwd });
    expect(result.code).toBe(2);
    // 1,000,000 rows × 100 parameters = 100,000,000 cells.
    expect(result.stderr).toContain('the design has 100,000,000 cells (1,000,000 rows × 100 parameters); at most 10,000,000 are allowed');
    expect(result.stderr).not.toContain('    at ');
    expect(readdirSync(cwd)).toEqual(['p.yaml']);
  });
});

describe('validation memory', () => {
  it('shares one table per constant value and keeps its own table for what changes, values unchanged', () => {
    const model = parseModel(`name: tables
start: 2000-01-01
days: 4
parameters: { k: 3, u: 7 }
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 5 }, capacity: 5000 }, { id: b, initial: { m: 5 } }]
factories: [{ id: f, munition: m, to: a, rate: "k * 2" }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: "10 + t", min_load: "u", transit_days: 5 }]
events: [{ date: 2000-01-03, set: { k: 5 } }]
`, 't.yaml');
    const { tables, model: { quantities } } = resolveScenario(model);
    const at = (path: string) => tables[quantities.findIndex((q) => q.path === path)];
    // k = 3 until day 2, when the event sets it to 5: rate 6, 6, 10, 10.
    expect(Array.from(at('factories[0].rate'))).toEqual([6, 6, 10, 10]);
    expect(Array.from(at('routes[0].shipment'))).toEqual([10, 11, 12, 13]);
    expect(Array.from(at('routes[0].min_load'))).toEqual([7, 7, 7, 7]);
    // initial 5 in both stockpiles and transit 5: one shared table of fives.
    expect(Array.from(at('stockpiles[0].initial.m'))).toEqual([5, 5, 5, 5]);
    expect(at('stockpiles[1].initial.m')).toBe(at('stockpiles[0].initial.m'));
    expect(at('routes[0].transit_days')).toBe(at('stockpiles[0].initial.m'));
    expect(at('routes[0].shipment')).not.toBe(at('factories[0].rate'));
  });

  it('fields of one expression text share one compiled quantity and one day table, each still checked by its own rule', () => {
    const model = parseModel(`name: same-text
start: 2000-01-01
days: 3
munitions: [{ id: m }]
stockpiles: [{ id: a }, { id: b }]
factories:
  - { id: f, munition: m, to: a, rate: "2 + t" }
  - { id: g, munition: m, to: b, rate: "2 + t" }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, transit_days: 1, loss_probability: "2 + t" }]
`, 's.yaml');
    const at = (path: string) => model.quantities.findIndex((q) => q.path === path);
    expect(model.quantities[at('factories[1].rate')].quantity).toBe(model.quantities[at('factories[0].rate')].quantity);
    // Not a probability on day 0 (2 + 0 = 2): refused at the route's own field, though the rates of the same text are fine.
    expect(refusal(() => resolveScenario(model))).toContain('routes[0].loss_probability');
    expect(refusal(() => resolveScenario(model))).not.toContain('factories[');
  });

  it('a shared expression that breaks its rule is reported at every field, in file order', () => {
    const model = parseModel(`name: same-text
start: 2000-01-01
days: 5
munitions: [{ id: m }]
stockpiles: [{ id: a }, { id: b }]
factories:
  - { id: f, munition: m, to: a, rate: "2 - t" }
  - { id: g, munition: m, to: b, rate: 1 }
  - { id: h, munition: m, to: b, rate: "2 - t" }
`, 's.yaml');
    const { tables, model: { quantities } } = resolveScenario(model, { days: 3 });
    const at = (path: string) => tables[quantities.findIndex((q) => q.path === path)];
    // 2 − t over days 0, 1, 2: one table for both factories that write it.
    expect(Array.from(at('factories[0].rate'))).toEqual([2, 1, 0]);
    expect(at('factories[2].rate')).toBe(at('factories[0].rate'));
    // On day 3, 2 − 3 = −1 (2000-01-04): both fields named, f before h.
    const message = refusal(() => resolveScenario(model));
    expect(message).toMatch(/factories\[0\]\.rate[^]*"2 - t" must be ≥ 0, but is -1 on day 3 \(2000-01-04\)[^]*factories\[2\]\.rate/);
  });

  it('validate refuses what a run refuses, naming the day, without keeping tables', () => {
    const model = parseModel(`name: negative
start: 2000-01-01
days: 36500
munitions: [{ id: m }]
stockpiles: [{ id: a }]
factories: [{ id: f, munition: m, to: a, rate: "100 - t" }]
`, 'n.yaml');
    // 100 − t is first negative on day 101 (2000-04-11: 31 + 29 + 31 + 10 days after 1 January 2000).
    const message = refusal(() => checkScenario(model));
    expect(message).toContain('"100 - t" must be ≥ 0, but is -1 on day 101 (2000-04-11)');
    expect(refusal(() => resolveScenario(model))).toBe(message);
  });
});
