/**
 * Properties over random models (routes with vehicles and pipelines, quantities that read the run): stock is conserved, stockpiles stay
 * within [0, capacity], routes respect reserves, runs are deterministic, and each component's randomness is its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { simulate } from '../../src/assembly/simulate.js';

const dist = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  fc.record({ dist: fc.constant('uniform'), min: fc.constant(0.5), max: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ dist: fc.constant('triangular'), min: fc.constant(1), mode: fc.constant(2), max: fc.integer({ min: 2, max: 6 }) }),
  fc.record({ dist: fc.constant('normal'), mean: fc.integer({ min: 1, max: 5 }), sd: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ dist: fc.constant('lognormal'), mean: fc.integer({ min: 1, max: 5 }), sd: fc.integer({ min: 0, max: 3 }) }),
);

/**
 * Whole or fractional days between departures (fractional ones keep their schedule by multiplication);
 * below 1, sorties within the day.
 */
const every = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.constantFrom(0.25, 0.5, 1 / 3));

/** A random but valid model over 2 shell munitions, a component and 3 stockpiles. */
const modelArbitrary = fc.record({
  days: fc.integer({ min: 1, max: 60 }),
  stockpiles: fc.array(fc.record({
    a: fc.integer({ min: 0, max: 5000 }), b: fc.integer({ min: 0, max: 5000 }), c: fc.integer({ min: 0, max: 3000 }),
    extraRoom: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    reserve: fc.integer({ min: 0, max: 3000 }),
  }), { minLength: 3, maxLength: 3 }),
  factories: fc.array(fc.record({
    munition: fc.constantFrom('a', 'b'), to: fc.integer({ min: 0, max: 2 }), rate: fc.integer({ min: 0, max: 500 }),
    lot: fc.integer({ min: 1, max: 5 }), defect: fc.double({ min: 0, max: 0.5, noNaN: true }), breakdown: fc.boolean(),
    input: fc.option(fc.record({ from: fc.integer({ min: 0, max: 2 }), perUnit: fc.constantFrom(0.5, 1, 2.5) }), { nil: undefined }),
  }), { maxLength: 2 }),
  routes: fc.array(fc.record({
    from: fc.integer({ min: 0, max: 2 }), shift: fc.integer({ min: 1, max: 2 }), vehicles: fc.integer({ min: 1, max: 3 }),
    shipment: fc.integer({ min: 1, max: 3000 }), every, transit: dist,
    loss: fc.double({ min: 0, max: 0.3, noNaN: true }), duds: fc.boolean(),
    // A pipeline: no vehicles, up to `shipment` a day, one lot a day with its own transit draw.
    pipeline: fc.boolean(),
    // A loan: at most this many shells ever.
    total: fc.option(fc.integer({ min: 0, max: 8000 }), { nil: undefined }),
  }), { maxLength: 2 }),
  consumers: fc.array(fc.record({
    from: fc.integer({ min: 0, max: 2 }), demand: fc.integer({ min: 0, max: 800 }), cv: fc.double({ min: 0, max: 0.5, noNaN: true }), backlog: fc.boolean(),
    second: fc.constantFrom('b', 'c'),
  }), { maxLength: 2 }),
  strike: fc.option(fc.record({ stockpile: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 0, max: 59 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
});

type Spec = typeof modelArbitrary extends fc.Arbitrary<infer T> ? T : never;
const capacityOf = (s: Spec['stockpiles'][number]) => s.a + s.b + s.c + (s.extraRoom ?? 0);

function toModelText(spec: Spec): string {
  const ids = ['s0', 's1', 's2'];
  const model = {
    name: 'random', start: '2024-01-01', days: spec.days,
    munitions: [{ id: 'a' }, { id: 'b' }, { id: 'a-u' }, { id: 'c', kind: 'component' }],
    stockpiles: spec.stockpiles.map((s, i) => ({ id: ids[i], initial: { a: s.a, b: s.b, c: s.c }, reserve: { a: s.reserve }, ...(s.extraRoom === undefined ? {} : { capacity: capacityOf(s) }) })),
    factories: spec.factories.map((f, i) => ({
      id: `f${i}`, munition: f.munition, to: ids[f.to], rate: f.rate, lot_days: f.lot, defect_rate: f.defect,
      ...(f.breakdown ? { breakdown: { mtbf_days: 5, mttr_days: 2 } } : {}),
      ...(f.input ? { inputs: [{ from: ids[f.input.from], munition: 'c', per_unit: f.input.perUnit }] } : {}),
    })),
    routes: spec.routes.map((r, i) => ({
      id: `r${i}`, from: ids[r.from], to: ids[(r.from + r.shift) % 3], munitions: ['a', 'b'],
      ...(r.pipeline ? { capacity_per_day: r.shipment } : { vehicles: r.vehicles, shipment: r.shipment, every_days: r.every }),
      transit_days: r.transit, loss_probability: r.loss, detect_probability: 0.3,
      ...(r.duds ? { unserviceable: { share: 0.2, becomes: { a: 'a-u' } } } : {}),
      ...(r.total === undefined ? {} : { total: r.total }),
    })),
    consumers: spec.consumers.map((c, i) => ({ id: `c${i}`, draws_from: [ids[c.from], ids[(c.from + 1) % 3]], munitions: ['a', c.second], demand: c.demand, demand_cv: c.cv, backlog: c.backlog })),
    events: spec.strike && spec.strike.day < spec.days
      ? [{ date: new Date(Date.UTC(2024, 0, 1 + spec.strike.day)).toISOString().slice(0, 10), strike: { stockpile: ids[spec.strike.stockpile], destroy_fraction: spec.strike.share } }]
      : [],
  };
  return JSON.stringify(model);
}

const runText = (text: string, seed: number) => simulate(resolveScenario(parseModel(text, 'random.json')), seed);

describe('random models', () => {
  it('conserve every munition and keep stockpiles within [0, capacity]', () => {
    fc.assert(fc.property(modelArbitrary, fc.integer({ min: 0, max: 1000 }), (spec, seed) => {
      const result = runText(toModelText(spec), seed); // throws InternalError on a residual
      expect(result.summary.balance_error).toBe(0);
      for (const b of result.balance) expect(b.residual).toBe(0);
      spec.stockpiles.forEach((s, i) => {
        const stock = result.recorder.column(`s${i}.stock`);
        for (const level of stock) {
          expect(level).toBeGreaterThanOrEqual(0);
          if (s.extraRoom !== undefined) expect(level).toBeLessThanOrEqual(capacityOf(s));
        }
        // The summary's end state is the last row's (an arrival at exactly t = days stays in transit).
        expect(result.summary[`final_stock.s${i}`]).toBe(stock.at(-1));
      });
      spec.routes.forEach((r, i) => {
        if (r.total === undefined) return;
        // A route never ships more than its total, and `remaining` is what is left of it.
        const shipped = Array.from(result.recorder.column(`r${i}.shipped`)).reduce((a, b) => a + b, 0);
        expect(shipped).toBeLessThanOrEqual(r.total);
        expect(result.recorder.column(`r${i}.remaining`).at(-1)).toBe(r.total - shipped);
      });
    }), { numRuns: 150 });
  });

  it('count only shells in the shell totals', () => {
    fc.assert(fc.property(modelArbitrary, fc.integer({ min: 0, max: 1000 }), (spec, seed) => {
      const result = runText(toModelText(spec), seed);
      const consumed = (id: string) => result.balance.find((b) => b.munition === id)!.consumed;
      // Every front draws shell a first; what it takes of component c is neither shell demand nor use.
      expect(result.summary.consumed_total).toBe(consumed('a') + consumed('b'));
      expect(result.summary.shortfall_total).toBeGreaterThanOrEqual(0);
      expect(result.summary.demand_total! - result.summary.consumed_total!).toBe(result.summary.shortfall_total);
    }), { numRuns: 60 });
  });

  it('never ship a source below its reserve', () => {
    fc.assert(fc.property(modelArbitrary, (spec) => {
      const noConsumers = { ...spec, consumers: [], strike: undefined, factories: [] };
      const result = runText(toModelText(noConsumers), 1);
      spec.stockpiles.forEach((s, i) => {
        // Without consumers or strikes only routes take stock; they stop at the reserve of munition a.
        const startA = s.a;
        const stockA = result.recorder.columns.some((c) => c.name === `s${i}.stock.a`) ? result.recorder.column(`s${i}.stock.a`) : undefined;
        if (stockA) for (const level of stockA) expect(level).toBeGreaterThanOrEqual(Math.min(startA, s.reserve));
      });
    }), { numRuns: 100 });
  });

  it('conserve stock and stay deterministic when their quantities read the run', () => {
    // Every rate, demand, shipment and capacity_per_day reads the run: plants stop at a contract of
    // 20 days' output or while their depot is full-ish, fronts ration by their first depot's stock and
    // follow their recent demand, routes send more while the destination is low or stop after a total.
    const stateful = (spec: Spec): string => {
      const model = JSON.parse(toModelText(spec));
      model.factories.forEach((f: { id: string; to: string; rate: number | string }) => {
        f.rate = `produced("${f.id}") < ${20 * Number(f.rate)} and stock("${f.to}") < 12000 ? ${f.rate} : 0`;
      });
      model.routes.forEach((r: { id: string; to: string; shipment?: number | string; capacity_per_day?: number | string }, i: number) => {
        const key = r.capacity_per_day !== undefined ? 'capacity_per_day' : 'shipment';
        const most = Number(r[key]);
        r[key] = i === 0
          ? `stock("${r.to}", "a") < 2000 ? ${most} : ${Math.floor(most / 3)}`
          : `shipped("${r.id}") + in_transit("${r.id}") * 0 < 4000 ? ${most} : delivered("${r.id}") * 0`;
      });
      model.consumers.forEach((c: { id: string; draws_from: string[]; demand: number | string }) => {
        c.demand = `stock("${c.draws_from[0]}") < 1000 ? ${c.demand} / 2 : min(${c.demand}, demand_avg("${c.id}", 3) + consumed("${c.id}") * 0 + 100)`;
      });
      return JSON.stringify(model);
    };
    fc.assert(fc.property(modelArbitrary, fc.integer({ min: 0, max: 1000 }), (spec, seed) => {
      const text = stateful(spec);
      const result = runText(text, seed); // throws InternalError on a residual
      for (const b of result.balance) expect(b.residual).toBe(0);
      spec.stockpiles.forEach((s, i) => {
        for (const level of result.recorder.column(`s${i}.stock`)) {
          expect(level).toBeGreaterThanOrEqual(0);
          if (s.extraRoom !== undefined) expect(level).toBeLessThanOrEqual(capacityOf(s));
        }
      });
      // A plant whose rate reads its own output stops by the contract: 20 days of its rate, plus at most one lot.
      spec.factories.forEach((f, i) => {
        const made = Array.from(result.recorder.column(`f${i}.produced`)).reduce((a, b) => a + b, 0);
        expect(made).toBeLessThanOrEqual(20 * f.rate + f.lot * f.rate);
      });
      const again = runText(text, seed);
      expect(again.summary).toEqual(result.summary);
    }), { numRuns: 100 });
  });

  it('are deterministic: same model and seed give identical series', () => {
    fc.assert(fc.property(modelArbitrary, fc.integer({ min: 0, max: 1000 }), (spec, seed) => {
      const text = toModelText(spec);
      const one = runText(text, seed);
      const two = runText(text, seed);
      expect(two.summary).toEqual(one.summary);
      one.recorder.values.forEach((column, c) => expect(Array.from(two.recorder.values[c])).toEqual(Array.from(column)));
    }), { numRuns: 40 });
  });
});

describe('per-component random streams', () => {
  const base = `name: streams
start: 2024-01-01
days: 120
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 1000000 } }, { id: b }, { id: c }]
factories: [{ id: plant, munition: m, to: a, rate: 100, breakdown: { mtbf_days: 10, mttr_days: 3 } }]
routes:
  - { id: sea, from: a, to: b, munitions: [m], vehicles: 2, shipment: 5000, every_days: 3, transit_days: { dist: uniform, min: 1, max: 6 }, detect_probability: 0.2, loss_probability: 0.1 }
consumers: [{ id: front, draws_from: [b], munitions: [m], demand: 2000, demand_cv: 0.3 }]
`;
  it('adding a component leaves the other components\' draws unchanged', () => {
    const withRail = base.replace('consumers:', `  - { id: rail, from: a, to: c, munitions: [m], vehicles: 1, shipment: 100, every_days: 1, transit_days: { dist: triangular, min: 1, mode: 2, max: 9 }, loss_probability: 0.5 }
consumers:`);
    const one = runText(base, 7);
    const two = runText(withRail, 7);
    for (const column of ['plant.capacity', 'sea.shipped', 'sea.delivered', 'sea.lost', 'sea.detections', 'front.demand']) {
      expect(Array.from(two.recorder.column(column)), column).toEqual(Array.from(one.recorder.column(column)));
    }
  });

  it('changing one component\'s probability leaves another component\'s draws unchanged', () => {
    const one = runText(base, 3);
    const two = runText(base.replace('detect_probability: 0.2', 'detect_probability: 0.9'), 3);
    expect(Array.from(two.recorder.column('front.demand'))).toEqual(Array.from(one.recorder.column('front.demand')));
    expect(Array.from(two.recorder.column('sea.delivered'))).toEqual(Array.from(one.recorder.column('sea.delivered')));
    expect(two.summary['first_detection_day.sea']).toBeLessThanOrEqual(one.summary['first_detection_day.sea']!);
  });

  it('different seeds give different draws', () => {
    expect(Array.from(runText(base, 1).recorder.column('front.demand'))).not.toEqual(Array.from(runText(base, 2).recorder.column('front.demand')));
  });
});
