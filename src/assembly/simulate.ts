/**
 * One run of a scenario: the world is assembled from the Model by the registry (each spec created
 * by its kind), the day clock visits the components in the registry's order, every meter is zeroed
 * once a day is recorded, and at the end the stock balance of every munition is checked.
 */
import type { BalanceTerms, Component, RunContext, Section, StockpileAccess } from '../components/contract.js';
import { kindNamed, ORDER, SECTIONS } from '../components/registry.js';
import { DayLoop } from '../engine/clock.js';
import { Meters } from '../engine/meter.js';
import { InternalError } from '../model/errors.js';
import type { Model } from '../model/model.js';
import type { Scenario } from '../model/scenario.js';
import { Recorder, type RecorderOptions } from '../output/recorder.js';
import type { BalanceRow, RunResult } from '../output/run-result.js';
import { summarizeRun } from '../output/summary.js';
import { RunQuantities, runTables } from './run-quantities.js';
import { bindTargets, type TargetTracker } from './run-targets.js';

export type { RunResult } from '../output/run-result.js';

export interface SimulateOptions {
  /** Keep the day-by-day series (default). Summary-only sweeps turn it off: same summary, less work and memory. */
  record?: boolean;
  /** Where recorded rows go as days close, and which columns keep every day (default: all, no sinks). */
  series?: RecorderOptions;
}

/** The components of a run, by section, in file order. */
type World = Record<Section, Component[]>;

/** Runs `scenario` with `seed`; throws InternalError if stock is not conserved. */
export function simulate(scenario: Scenario, seed: number, options: SimulateOptions = {}): RunResult {
  const { model, days } = scenario;
  // A model whose quantities read no run state keeps the scenario's tables: nothing to compute in the run.
  const tables = scenario.stateful ? runTables(scenario) : scenario.tables;
  let stateful: RunQuantities | undefined;
  const meters = new Meters();
  const recorder = new Recorder(days, options.series);
  const world = Object.fromEntries(SECTIONS.map((s) => [s.name, []])) as unknown as World;
  const phase = (order: readonly Section[], call: 'startDay' | 'endDay') =>
    order.flatMap((section) => world[section].filter((c) => c[call] !== undefined));
  let opening: Component[] = [];
  let closing: Component[] = [];
  let targets: TargetTracker | undefined;
  const loop = new DayLoop(days, {
    closeDay(day) {
      for (let i = 0; i < closing.length; i++) closing[i].endDay!(day);
      recorder.record(day);
      if (targets !== undefined) targets.record(day);
      meters.closeDay();
    },
    openDay(day) {
      if (stateful !== undefined) stateful.open(day);
      for (let i = 0; i < opening.length; i++) opening[i].startDay!(day);
    },
  });
  const context: RunContext = {
    tables, seed, days, meters,
    munitionCount: model.munitions.length,
    isShell: (m) => model.munitions[m].kind === 'shell',
    sim: loop.sim,
    stockpiles: world.stockpiles as unknown as StockpileAccess[],
    section: (section) => world[section],
    dayAt: (time) => Math.min(days - 1, Math.floor(time)),
  };
  for (const { name } of SECTIONS) {
    for (const spec of sectionOf(model, name)) world[name].push(kindNamed(spec.kind).create(spec, context));
  }
  const unserviceable = unserviceableMunitions(world);
  if (scenario.stateful) stateful = new RunQuantities(scenario, tables, { section: context.section, stockpiles: context.stockpiles, unserviceable });
  targets = bindTargets(model, world, days);
  opening = phase(ORDER.startDay, 'startDay');
  closing = phase(ORDER.endDay, 'endDay');
  if (options.record !== false) addColumns(recorder, model, world);
  const events = loop.run();
  const balance = checkBalance(scenario, world);
  const stockpiles = world.stockpiles as unknown as StockpileAccess[];
  const finalStock = splitFinalStock(stockpiles, unserviceable);
  // Split columns only where unserviceable shells can be: elsewhere final_stock is all serviceable, and a column 0 in every run is noise.
  const split = unserviceable.size === 0 ? [] : finalStock.filter((_, i) => stockpiles[i].handles.some((m) => unserviceable.has(m)));
  const summary = summarizeRun(ORDER.summary.flatMap((s) => world[s]), model.munitions, balance, split);
  const unserviceableIds = [...unserviceable].map((m) => model.munitions[m].id);
  return { scenario, seed, recorder, summary, balance, finalStock, events, unserviceableMunitions: unserviceableIds, ...(targets ? { targets: targets.values() } : {}) };
}

function sectionOf(model: Model, section: Section): { kind: string; id: string }[] {
  return model[section];
}

/** Every component's metrics, in column order: a total column, plus one per munition when it counts several. */
function addColumns(recorder: Recorder, model: Model, world: World): void {
  const { munitions } = model;
  for (const section of ORDER.columns) {
    for (const component of world[section]) {
      for (const metric of component.metrics?.() ?? []) {
        const { read, name, kind, chart } = metric;
        if (typeof read === 'function') { recorder.add(component.id, name, '', kind, read, chart); continue; }
        const counted = metric.munitions ?? [0];
        recorder.addSum(component.id, name, '', kind, read, [...counted], chart);
        if (metric.munitions && counted.length > 1) for (const m of counted) recorder.addSum(component.id, name, munitions[m].id, kind, read, [m]);
      }
    }
  }
}

function checkBalance(scenario: Scenario, world: World): BalanceRow[] {
  const all = SECTIONS.flatMap((s) => world[s.name]);
  return scenario.model.munitions.map((munition, m) => {
    const t: BalanceTerms = { initial: 0, produced: 0, converted: 0, final: 0, inTransit: 0, consumed: 0, lost: 0, destroyed: 0, used: 0 };
    for (const c of all) c.balance?.(m, t);
    const { initial, produced, converted, final, inTransit, consumed, lost, destroyed, used } = t;
    const residual = initial + produced + converted - final - inTransit - consumed - lost - destroyed - used;
    if (Math.abs(residual) > 1e-6 * Math.max(1, initial + produced) || final < 0) {
      throw new InternalError(`stock of ${munition.id} is not conserved in ${scenario.model.file}: initial ${initial} + produced ${produced} + converted ${converted} ≠ final ${final} + in transit ${inTransit} + consumed ${consumed} + lost ${lost} + destroyed ${destroyed} + used as input ${used} (residual ${residual})`);
    }
    return { munition: munition.id, initial, produced, converted, final, inTransit, consumed, lost, destroyed, used, residual };
  });
}

/** The munitions some component turns shells into (found unserviceable); found once a run, when its world is built. */
function unserviceableMunitions(world: World): Set<number> {
  const found = new Set<number>();
  for (const { name } of SECTIONS) for (const c of world[name]) if (c.unserviceableMunitions) for (const m of c.unserviceableMunitions()) found.add(m);
  return found;
}

/** Stock of the munitions some component turns shells into (found unserviceable) is reported apart. */
function splitFinalStock(stockpiles: readonly StockpileAccess[], unserviceable: ReadonlySet<number>): RunResult['finalStock'] {
  return stockpiles.map((s) => {
    let bad = 0;
    for (const m of s.handles) if (unserviceable.has(m)) bad += s.stock[m];
    return { stockpile: s.id, serviceable: s.level - bad, unserviceable: bad };
  });
}
