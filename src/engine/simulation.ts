/**
 * One run of a scenario on simjs over [0, days). A clock entity ticks at every whole day d: it
 * closes day d−1 (factories release output, fronts fire, the day is recorded) and opens day d
 * (strikes, route departures). Everything between ticks — arrivals, breakdowns, repairs — is a simjs
 * timer; one timed at t ≥ days never happens. Then the stock balance of every munition is checked.
 */
import { Sim, Entity, type SimInstance } from './simjs.js';
import { Consumer } from '../components/consumer.js';
import type { RunContext } from '../components/context.js';
import { EventSchedule } from '../components/events.js';
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
  /** Events scheduled on simjs during the run (ticks, arrivals, breakdowns, repairs). */
  events: number;
  /** Per munition: initial + produced + converted − final − in transit − consumed − lost − destroyed − used as input. */
  balance: { munition: string; initial: number; produced: number; converted: number; final: number; inTransit: number; consumed: number; lost: number; destroyed: number; used: number; residual: number }[];
  /**
   * Each stockpile's stock at the end, split: `unserviceable` holds the munitions that routes' arrivals
   * turn shells into (`unserviceable.becomes`), `serviceable` all the rest. Their sum is `final_stock`.
   */
  finalStock: { stockpile: string; serviceable: number; unserviceable: number }[];
}

/** The parts of a run, wired together; what the clock ticks and the summary reads. */
export interface World {
  stockpiles: Stockpile[];
  factories: Factory[];
  routes: Route[];
  consumers: Consumer[];
  events: EventSchedule;
}

class Clock extends Entity {
  private world!: World;
  private scenario!: Scenario;
  private recorder!: Recorder;
  private day = 0;

  /**
   * Schedules the ticks of days 0 … days−1 up front: the clock is the first entity, so at any whole
   * day its tick comes before other events at the same time, and an arrival at t = 2.0 belongs to day 2.
   */
  start(world: World, scenario: Scenario, recorder: Recorder): void {
    this.world = world;
    this.scenario = scenario;
    this.recorder = recorder;
    for (let day = 0; day < scenario.days; day++) this.setTimer(day).done(this.tick, this);
  }

  /** The tick at t = days: closes the last day, once everything timed before t = days has happened. */
  finish(): void {
    this.tick();
  }

  private tick(): void {
    const day = this.day++;
    const { stockpiles, factories, routes, consumers, events } = this.world;
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
      events.startDay(day);
      for (const r of routes) r.startDay(day);
    }
  }
}

export interface SimulateOptions {
  /** Keep the day-by-day series (default). Summary-only sweeps turn it off: same summary, less work and memory. */
  record?: boolean;
}

/** Runs `scenario` with `seed`; throws InternalError if stock is not conserved. */
export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): RunResult {
  const { model, tables, days } = scenario;
  const munitionCount = model.munitions.length;
  const sim: SimInstance = new Sim();
  const stockpiles = model.stockpiles.map((spec) => new Stockpile(spec, munitionCount, tables));
  const context: RunContext = { tables, stockpiles, seed, days, dayAt: (time) => Math.min(days - 1, Math.floor(time)) };
  const world = { stockpiles, factories: [], routes: [], consumers: [] } as unknown as World;
  const recorder = new Recorder(days);
  const clock = sim.addEntity(Clock, 'clock', world, scenario, recorder); // first: see Clock.start
  world.factories = model.factories.map((spec) => sim.addEntity(Factory, spec.id, spec, context));
  world.routes = model.routes.map((spec) => sim.addEntity(Route, spec.id, spec, context, munitionCount));
  world.consumers = model.consumers.map((spec) => new Consumer(spec, context, munitionCount));
  world.events = new EventSchedule(model.events, context, world.routes);
  if (options.record !== false) addColumns(recorder, scenario, world);
  // simjs delivers events up to and including its end time: stop just before t = days, so an
  // arrival at exactly t = days stays in transit and the last row is the end state.
  sim.simulate(justBelow(days));
  clock.finish();
  const balance = checkBalance(scenario, world);
  const finalStock = splitFinalStock(scenario, world);
  return { scenario, seed, recorder, summary: summarizeRun(world, model.munitions, balance), balance, finalStock, events: sim.queue.order };
}

function splitFinalStock(scenario: Scenario, world: World): RunResult['finalStock'] {
  const unserviceable = new Set(scenario.model.routes.flatMap((r) => (r.unserviceable ? [...r.unserviceable.becomes.values()] : [])));
  return world.stockpiles.map((s) => {
    let bad = 0;
    for (const m of s.handles) if (unserviceable.has(m)) bad += s.stock[m];
    return { stockpile: s.id, serviceable: s.level - bad, unserviceable: bad };
  });
}

/** The largest double below `x` (x > 0). */
function justBelow(x: number): number {
  const value = new Float64Array([x]);
  new BigInt64Array(value.buffer)[0] -= 1n;
  return value[0];
}

function addColumns(recorder: Recorder, scenario: Scenario, world: World): void {
  const { munitions } = scenario.model;
  /** A total column, plus one per munition when the node handles several. */
  const perMunition = (node: string, metric: string, kind: 'flow' | 'level', handled: number[], source: Float64Array) => {
    recorder.addSum(node, metric, '', kind, source, handled);
    if (handled.length > 1) for (const m of handled) recorder.addSum(node, metric, munitions[m].id, kind, source, [m]);
  };
  for (const f of world.factories) {
    const id = f.spec.id;
    recorder.add(id, 'produced', '', 'flow', () => f.produced);
    recorder.add(id, 'defective', '', 'flow', () => f.defective);
    recorder.add(id, 'capacity', '', 'flow', () => f.capacity);
    recorder.add(id, 'blocked', '', 'flow', () => f.blocked);
    if (f.spec.inputs.length > 0) recorder.add(id, 'starved', '', 'flow', () => f.starved);
  }
  for (const s of world.stockpiles) {
    perMunition(s.id, 'stock', 'level', s.handles, s.stock);
    perMunition(s.id, 'received', 'flow', s.handles, s.received);
    perMunition(s.id, 'issued', 'flow', s.handles, s.issued);
    perMunition(s.id, 'destroyed', 'flow', s.handles, s.destroyed);
  }
  for (const r of world.routes) {
    const id = r.spec.id;
    const carried = r.spec.munitions;
    perMunition(id, 'shipped', 'flow', carried, r.shipped);
    perMunition(id, 'delivered', 'flow', carried, r.delivered);
    perMunition(id, 'in_transit', 'level', carried, r.inTransit);
    perMunition(id, 'lost', 'flow', carried, r.lost);
    recorder.add(id, 'departures', '', 'flow', () => r.departures);
    recorder.add(id, 'detections', '', 'flow', () => r.detections);
    recorder.add(id, 'blocked', '', 'level', () => r.blocked);
    if (r.spec.unserviceable) perMunition(id, 'unserviceable', 'flow', [...r.spec.unserviceable.becomes.keys()], r.unserviceable);
  }
  for (const c of world.consumers) {
    const id = c.spec.id;
    recorder.add(id, 'demand', '', 'flow', () => c.demand);
    perMunition(id, 'consumed', 'flow', c.spec.munitions, c.consumed);
    recorder.add(id, 'shortfall', '', 'flow', () => c.shortfall);
    if (c.spec.backlog) recorder.add(id, 'backlog', '', 'level', () => c.backlog);
  }
}

function checkBalance(scenario: Scenario, world: World): RunResult['balance'] {
  return scenario.model.munitions.map((munition, m) => {
    let initial = 0, final = 0, destroyed = 0, produced = 0, used = 0, inTransit = 0, lost = 0, consumed = 0, converted = 0;
    for (const s of world.stockpiles) { initial += s.initial[m]; final += s.stock[m]; destroyed += s.destroyedTotal[m]; }
    for (const f of world.factories) { if (f.spec.munition === m) produced += f.producedTotal; used += f.usedTotal[m]; }
    for (const r of world.routes) { inTransit += r.inTransit[m]; lost += r.lostTotal[m]; converted += r.convertedIn[m] - r.convertedOut[m]; }
    for (const c of world.consumers) consumed += c.consumedByMunition[m];
    const residual = initial + produced + converted - final - inTransit - consumed - lost - destroyed - used;
    if (Math.abs(residual) > 1e-6 * Math.max(1, initial + produced) || final < 0) {
      throw new InternalError(`stock of ${munition.id} is not conserved in ${scenario.model.file}: initial ${initial} + produced ${produced} + converted ${converted} ≠ final ${final} + in transit ${inTransit} + consumed ${consumed} + lost ${lost} + destroyed ${destroyed} + used as input ${used} (residual ${residual})`);
    }
    return { munition: munition.id, initial, produced, converted, final, inTransit, consumed, lost, destroyed, used, residual };
  });
}
