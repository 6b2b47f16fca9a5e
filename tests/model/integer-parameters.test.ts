/**
 * Parameters with `integer: true`, and counts (`vehicles`, `lot_days`) written as parameter
 * expressions: whole values are accepted wherever a value comes from (the model, --set, events,
 * designs), other values are refused with the value; counts are read on day 0 of each scenario.
 */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { describeFlows } from '../../src/assembly/describe-model.js';
import { checkFixedParameters, planDesign } from '../../src/experiments/design-spec.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { refusal, runYaml, series, yamlModel } from '../helpers.js';

const header = (days: number) => `name: counts\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n`;

const fleet = (ships: string, extra = '') => yamlModel(`parameters:
  ships: { value: ${ships}, integer: true, min: 1, max: 5 }
stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes: [{ id: sea, from: src, to: dst, munitions: [m], vehicles: "ships", shipment: 10, transit_days: 0.5 }]
${extra}`, header(3));

describe('vehicles from an integer parameter', () => {
  it('sails 2 ships (each back at the next day start): 20 a day; with ships = 3, 30 a day', () => {
    expect(series(runYaml(fleet('2')), 'sea.shipped')).toEqual([20, 20, 20]);
    expect(series(runYaml(fleet('2'), 1, { parameters: { ships: 3 } }), 'sea.departures')).toEqual([3, 3, 3]);
  });

  it('is described by validate with its expression', () => {
    expect(describeFlows(parseModel(fleet('2'), 'f.yaml'))).toContain('    src → dst by sea ("ships" vehicles, m)');
  });

  it.each([
    ['the model\'s value', () => parseModel(fleet('2.5'), 'f.yaml'), /parameters\.ships\.value: ships takes whole numbers \(integer: true\), got 2\.5/],
    ['a --set value', () => resolveScenario(parseModel(fleet('2'), 'f.yaml'), { parameters: { ships: 2.5 } }), /ships: ships takes whole numbers \(integer: true\), got 2\.5/],
    ['a sweep\'s fixed value', () => checkFixedParameters(parseModel(fleet('2'), 'f.yaml'), { ships: 1.5 }, []), /ships takes whole numbers \(integer: true\), got 1\.5/],
    ['an event setting a constant', () => parseModel(fleet('2', 'events: [{ date: 2024-01-02, set: { ships: 3.5 } }]\n'), 'f.yaml'), /events\[0\]\.set\.ships: ships takes whole numbers \(integer: true\), got 3\.5/],
    ['an event setting an expression, on its day', () => resolveScenario(parseModel(fleet('3', 'events: [{ date: 2024-01-02, set: { ships: "ships / 2" } }]\n'), 'f.yaml')),
      /events\[0\]\.set\.ships: "ships \/ 2" gives 1\.5 on 2024-01-02, but ships takes whole numbers \(integer: true\), got 1\.5/],
  ])('refuses a fractional value: %s', (_what, action, message) => {
    expect(refusal(action)).toMatch(message);
  });
});

describe('counts from expressions, read on day 0', () => {
  const plain = (vehicles: string, days = 3) => yamlModel(`parameters: { n: 2.5, big: 20000 }
stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes: [{ id: sea, from: src, to: dst, munitions: [m], vehicles: ${vehicles}, shipment: 10, transit_days: 0.5 }]
`, header(days));

  it('refuses vehicles that are not whole on day 0, with the value', () => {
    expect(refusal(() => resolveScenario(parseModel(plain('"n"'), 'v.yaml')))).toMatch(/routes\[0\]\.vehicles: "n" must be a whole number ≥ 1, but is 2\.5 on day 0 \(2024-01-01\)/);
    expect(refusal(() => resolveScenario(parseModel(plain('"n - 2.5"'), 'v.yaml')))).toMatch(/must be a whole number ≥ 1, but is 0 on day 0/);
  });

  it('uses day 0\'s value only: "t < 1 ? 2 : 0.5" sails 2 ships and is not refused for later days', () => {
    expect(series(runYaml(plain('"t < 1 ? 2 : 0.5"')), 'sea.departures')).toEqual([2, 2, 2]);
  });

  it('refuses a fleet above the limit of 10,000 vehicles a route', () => {
    expect(refusal(() => resolveScenario(parseModel(plain('"big"'), 'v.yaml')))).toMatch(/routes\[0\]\.vehicles: gives 20,000 vehicles on day 0; a route may have at most 10,000/);
  });

  const plant = (lot: number) => yamlModel(`parameters: { lot: ${lot} }
stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: 10, lot_days: "lot" }]
`, header(6));

  it('lot_days "lot" with lot = 3 releases 30 at the end of days 2 and 5', () => {
    expect(series(runYaml(plant(3)), 'plant.produced')).toEqual([0, 0, 30, 0, 0, 30]);
  });

  it('refuses lot_days "lot" = 0 with the value', () => {
    expect(refusal(() => resolveScenario(parseModel(plant(0), 'l.yaml')))).toMatch(/factories\[0\]\.lot_days: "lot" must be a whole number ≥ 1 day, but is 0 on day 0/);
  });
});

describe('designs over an integer parameter', () => {
  const model = (min: number, max: number) => parseModel(yamlModel(`parameters:
  ships: { value: ${min}, integer: true, min: ${min}, max: ${max} }
stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes: [{ id: sea, from: src, to: dst, munitions: [m], vehicles: "ships", shipment: 10, transit_days: 0.5 }]
`, header(3)), 'd.yaml');

  it('a grid 1:5:3 keeps 1, 3, 5 without a warning', () => {
    const design = planDesign(model(1, 5), { vary: ['ships=1:5:3'], kind: 'grid', seed: 1 });
    expect(design.points).toEqual([[1], [3], [5]]);
    expect(design.warnings).toEqual([]);
  });

  it('a grid 1:3:5 (1, 1.5, 2, 2.5, 3) rounds half away from zero to 1, 2, 2, 3, 3 and keeps 1, 2, 3, with a warning', () => {
    const design = planDesign(model(1, 3), { vary: ['ships=1:3:5'], kind: 'grid', seed: 1 });
    expect(design.points).toEqual([[1], [2], [3]]);
    expect(design.warnings).toEqual([expect.objectContaining({ code: 'integer_levels', message: expect.stringContaining('its 5 levels from 1 to 3 round to 3 (1, 2, 3)') })]);
  });

  it('refuses a listed level that is not whole', () => {
    expect(refusal(() => planDesign(model(1, 5), { vary: ['ships=1,2.5'], kind: 'grid', seed: 1 }))).toMatch(/ships takes whole numbers \(integer: true\), got 2\.5/);
  });

  it.each([['lhs', 6, 1, 3], ['lhs', 7, 1, 3], ['sobol', 8, 1, 4], ['sobol', 16, 2, 4]] as const)('%s with %i samples over [%i, %i] takes each whole number ⌊n/m⌋ or ⌈n/m⌉ times', (kind, samples, min, max) => {
    const design = planDesign(model(min, max), { vary: ['ships'], kind, samples, seed: 7 });
    const m = max - min + 1;
    const counts = new Map<number, number>();
    for (const [v] of design.points) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(Array.from({ length: m }, (_, j) => min + j));
    for (const c of counts.values()) expect([Math.floor(samples / m), Math.ceil(samples / m)]).toContain(c);
  });

  it('refuses a sampled range with no whole number in it', () => {
    expect(refusal(() => planDesign(model(1, 5), { vary: ['ships=2.2:2.8'], kind: 'lhs', samples: 4, seed: 1 }))).toMatch(/there is none from 2\.2 to 2\.8/);
  });
});
