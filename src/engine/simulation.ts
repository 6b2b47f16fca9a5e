/**
 * One run of a scenario on simjs. A clock entity ticks at every whole day d: it closes day d−1
 * (factories release output, fronts fire, the day is recorded) and opens day d (strikes, route
 * departures). Everything between ticks — arrivals, breakdowns, repairs — is a simjs timer.
 * At the end the stock balance of every munition is checked; a residual is a bug.
 */
import { Sim, Entity, type SimInstance } from './simjs.js';
import { Consumer } from '../components/consumer.js';
import type { RunContext } from '../components/context.js';
import { Factory } from '../components/factory.js';
import { Route } from '../components/route.js';
import { Stockpile } from '../components/stockpile.js';
import { InternalError } from '../model/errors.js';
import type { Scenario } from '../model/scenario.js';
import { Recorder } from '../output/recorder.js';
import { summarizeRun, type RunSummary } from '../output/summary.js';

export interface RunResult {
  scenario: Scenario;
  seed: number;
  recorder: Recorder;
  summary: RunSummary;
  /** Per munition: initial + produced − final − in transit − consumed − lost − destroyed. */
  balance: { munition: string; initial: number; produced: number; final: number; inTransit: number; consumed: number; lost: number; destroyed: number; residual: number }[];
}

/** The parts of a run, wired together; what the clock ticks and the summary reads. */
export interface World {
  stockpiles: Stockpile[];
  factories: Factory[];
  routes: Route[];
  consumers: Consumer[];
}

class Clock extends Entity {
  private world!: World;
  private scenario!: Scenario;
  private recorder!: Recorder;
  private day = 0;

  start(world: World, scenario: Scenario, recorder: Recorder): void {
    this.world = world;
    this.scenario = scenario;
    this.recorder = recorder;
    this.tick();
  }

  private tick(): void {
    const day = this.day++;
    const { stockpiles, factories, routes, consumers } = this.world;
    if (day > 0) {
      const closing = day - 1;
      for (const f of factories) f.endDay(closing);
      for (const c of consumers) c.endDay(closing);
      this.recorder.record(closing);
      for (const f of factories) f.resetDay();
      for (const c of consumers) c.resetDay();
      for (const r of routes) r.resetDay();
      for (const s of stockpiles) s.resetDay();
    }
    if (day < this.scenario.days) {
      this.strike(day);
      for (const r of routes) r.startDay(day);
      this.setTimer(1).done(this.tick, this);
    }
  }

  private strike(day: number): void {
    const { events } = this.scenario.model;
    const { tables } = this.scenario;
    for (const event of events) {
      if (event.day === day && event.strike) {
        this.world.stockpiles[event.strike.stockpile].destroy(tables[event.strike.destroyFraction][day]);
      }
    }
  }
}

/** Runs `scenario` with `seed`; throws InternalError if stock is not conserved. */
export function simulate(scenario: Scenario, seed: number): RunResult {
  const { model, tables, days } = scenario;
  const munitionCount = model.munitions.length;
  const sim: SimInstance = new Sim();
  const stockpiles = model.stockpiles.map((spec) => new Stockpile(spec, munitionCount, tables));
  const context: RunContext = { tables, stockpiles, seed, days, dayAt: (time) => Math.min(days - 1, Math.floor(time)) };
  const factories = model.factories.map((spec) => sim.addEntity(Factory as never, spec.id, spec, context) as unknown as Factory);
  const routes = model.routes.map((spec) => sim.addEntity(Route as never, spec.id, spec, context, munitionCount) as unknown as Route);
  const consumers = model.consumers.map((spec) => new Consumer(spec, context, munitionCount));
  const world: World = { stockpiles, factories, routes, consumers };
  const recorder = createRecorder(scenario, world);
  sim.addEntity(Clock as never, 'clock', world, scenario, recorder);
  sim.simulate(days);
  const balance = checkBalance(scenario, world);
  return { scenario, seed, recorder, summary: summarizeRun(world, balance), balance };
}

function createRecorder(scenario: Scenario, world: World): Recorder {
  const { munitions } = scenario.model;
  const recorder = new Recorder(scenario.days);
  /** A total column, plus one per munition when the node handles several. */
  const perMunition = (node: string, metric: string, kind: 'flow' | 'level', handled: number[], read: (m: number) => number) => {
    recorder.add(node, metric, '', kind, () => { let sum = 0; for (const m of handled) sum += read(m); return sum; });
    if (handled.length > 1) for (const m of handled) recorder.add(node, metric, munitions[m].id, kind, () => read(m));
  };
  for (const f of world.factories) {
    const id = f.spec.id;
    recorder.add(id, 'produced', '', 'flow', () => f.produced);
    recorder.add(id, 'defective', '', 'flow', () => f.defective);
    recorder.add(id, 'capacity', '', 'flow', () => f.capacity);
    recorder.add(id, 'blocked', '', 'flow', () => f.blocked);
  }
  for (const s of world.stockpiles) {
    perMunition(s.id, 'stock', 'level', s.handles, (m) => s.stock[m]);
    perMunition(s.id, 'received', 'flow', s.handles, (m) => s.received[m]);
    perMunition(s.id, 'issued', 'flow', s.handles, (m) => s.issued[m]);
    perMunition(s.id, 'destroyed', 'flow', s.handles, (m) => s.destroyed[m]);
  }
  for (const r of world.routes) {
    const id = r.spec.id;
    const carried = r.spec.munitions;
    perMunition(id, 'shipped', 'flow', carried, (m) => r.shipped[m]);
    perMunition(id, 'delivered', 'flow', carried, (m) => r.delivered[m]);
    perMunition(id, 'in_transit', 'level', carried, (m) => r.inTransit[m]);
    perMunition(id, 'lost', 'flow', carried, (m) => r.lost[m]);
    recorder.add(id, 'detections', '', 'flow', () => r.detections);
    recorder.add(id, 'blocked', '', 'level', () => r.blocked);
  }
  for (const c of world.consumers) {
    const id = c.spec.id;
    recorder.add(id, 'demand', '', 'flow', () => c.demand);
    perMunition(id, 'consumed', 'flow', c.spec.munitions, (m) => c.consumed[m]);
    recorder.add(id, 'shortfall', '', 'flow', () => c.shortfall);
    if (c.spec.backlog) recorder.add(id, 'backlog', '', 'level', () => c.backlog);
  }
  return recorder;
}

function checkBalance(scenario: Scenario, world: World): RunResult['balance'] {
  return scenario.model.munitions.map((munition, m) => {
    let initial = 0, final = 0, destroyed = 0, produced = 0, inTransit = 0, lost = 0, consumed = 0;
    for (const s of world.stockpiles) { initial += s.initial[m]; final += s.stock[m]; destroyed += s.destroyedTotal[m]; }
    for (const f of world.factories) if (f.spec.munition === m) produced += f.producedTotal;
    for (const r of world.routes) { inTransit += r.inTransit[m]; lost += r.lostTotal[m]; }
    for (const c of world.consumers) consumed += c.consumedByMunition[m];
    const residual = initial + produced - final - inTransit - consumed - lost - destroyed;
    if (Math.abs(residual) > 1e-6 * Math.max(1, initial + produced) || final < 0) {
      throw new InternalError(`stock of ${munition.id} is not conserved in ${scenario.model.file}: initial ${initial} + produced ${produced} ≠ final ${final} + in transit ${inTransit} + consumed ${consumed} + lost ${lost} + destroyed ${destroyed} (residual ${residual})`);
    }
    return { munition: munition.id, initial, produced, final, inTransit, consumed, lost, destroyed, residual };
  });
}
