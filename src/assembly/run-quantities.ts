/**
 * The quantities of a run that read the run itself (issue 8 §2): a front that fires less when its
 * depot runs low. As each day opens, before its events and departures, every one of them is computed
 * once from the state the previous day left, and written into the run's own copy of its day table,
 * so components read it as they read any quantity. A value that breaks its rule stops the run.
 */
import type { Component, Reading, Section, StockpileAccess } from '../components/contract.js';
import { dayOfIsoDate } from '../model/dates.js';
import { UserError, quote } from '../model/errors.js';
import { compileQuantity, ExpressionError, STATE_FUNCTIONS, type Quantity, type StateCall } from '../model/expressions.js';
import type { StateRead } from '../model/model.js';
import { checkRule } from '../model/rules.js';
import type { Scenario } from '../model/scenario.js';
import type { StatefulQuantity } from '../model/state-reads.js';

/** One stateful quantity of the run: its code, what each of its calls reads, and the run's table it fills. */
interface Field {
  spec: StatefulQuantity;
  evaluate: (scope: Map<string, number>) => number;
  calls: StateCall[];
  /** The parameters it reads, for messages. */
  symbols: string[];
  readers: ((day: number) => number)[];
  table: Float64Array;
}

/** What the readers of a run see. */
export interface RunWorld {
  section(section: Section): readonly Component[];
  stockpiles: readonly StockpileAccess[];
  /** Munitions some component turns deliveries into (found unserviceable): not serviceable stock. */
  unserviceable: ReadonlySet<number>;
}

/**
 * The day tables of a run of `scenario`: the scenario's own, except that each stateful quantity gets
 * a table of this run (the scenario's are shared by every run and never written).
 */
export function runTables(scenario: Scenario): Float64Array[] {
  const tables = scenario.tables.slice();
  for (const { ref } of scenario.stateful ?? []) tables[ref] = new Float64Array(scenario.days);
  return tables;
}

/** Computes a run's stateful quantities day by day; `open(day)` must be called as each day opens, in order. */
export class RunQuantities {
  private readonly fields: Field[];
  private readonly scope: Map<string, number>;
  private nextChange = 0;
  /** Per front read by demand_avg: its demand total as each day opened (index = day). */
  private readonly demandHistory = new Map<number, { read: () => number; totals: Float64Array }>();

  constructor(private readonly scenario: Scenario, tables: Float64Array[], private readonly world: RunWorld) {
    this.scope = new Map(Object.entries(scenario.parameters));
    const compiled = compiledQuantities(scenario);
    this.fields = (scenario.stateful ?? []).map((spec) => {
      const quantity = compiled(spec);
      return { spec, evaluate: quantity.evaluate, calls: quantity.state!, symbols: quantity.symbols, readers: spec.reads.map((read, k) => this.reader(read, quantity.state![k])), table: tables[spec.ref] };
    });
  }

  /** Day `day` opens: parameters as its `set` events leave them, then every stateful quantity of the day. */
  open(day: number): void {
    const { changes = [] } = this.scenario;
    while (this.nextChange < changes.length && changes[this.nextChange].day <= day) {
      const change = changes[this.nextChange++];
      this.scope.set(change.parameter, change.value);
    }
    this.scope.set('t', day);
    for (const history of this.demandHistory.values()) history.totals[day] = history.read();
    for (const field of this.fields) {
      for (let k = 0; k < field.calls.length; k++) this.scope.set(field.calls[k].symbol, field.readers[k](day));
      let value: number;
      try {
        value = field.evaluate(this.scope);
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        throw this.failure(field, `${error.message} on day ${day} (${this.scenario.dates[day]})`);
      }
      const problem = checkRule(value, field.spec.rule, field.spec.unit);
      if (problem) throw this.failure(field, `${quote(field.spec.source)} ${problem}, but is ${value} on day ${day} (${this.scenario.dates[day]})`);
      field.table[day] = value;
    }
  }

  /** The value a call reads on the day it is asked, as that day opens. */
  private reader(read: StateRead, call: StateCall): (day: number) => number {
    const { world } = this;
    if (read.name === 'stock') {
      const stockpile = world.stockpiles[read.component];
      if (read.munition !== undefined) { const m = read.munition; return () => stockpile.stock[m]; }
      const bad = stockpile.handles.filter((m) => world.unserviceable.has(m));
      return () => { let level = stockpile.level; for (const m of bad) level -= stockpile.stock[m]; return level; };
    }
    const component = world.section(STATE_FUNCTIONS[read.name].section)[read.component];
    if (read.name === 'demand_avg') return this.demandAverage(read.component, this.readingOf(component, 'demand'), call);
    return this.readingOf(component, read.name as Reading);
  }

  private readingOf(component: Component, reading: Reading): () => number {
    const read = component.readings?.()[reading];
    if (read === undefined) throw new Error(`${component.id} has no reading "${reading}" (Component.readings)`);
    return read;
  }

  /**
   * Mean daily demand over the last `days` days before `day` (days day − days … day − 1): over the
   * days so far when fewer have passed, and 0 on day 0, when none has.
   */
  private demandAverage(consumer: number, read: () => number, call: StateCall): (day: number) => number {
    let history = this.demandHistory.get(consumer);
    if (!history) this.demandHistory.set(consumer, history = { read, totals: new Float64Array(this.scenario.days + 1) });
    const { totals } = history;
    return (day) => {
      const days = call.days!(this.scope);
      if (!Number.isInteger(days) || days < 1) {
        const field = this.fields.find((f) => f.calls.includes(call))!;
        throw this.failure(field, `demand_avg's days must be a whole number ≥ 1, but is ${days} on day ${day} (${this.scenario.dates[day]})`);
      }
      const n = Math.min(days, day);
      return n === 0 ? 0 : (totals[day] - totals[day - n]) / n;
    };
  }

  private failure(field: Field, message: string): UserError {
    const { path, line, column } = field.spec;
    const values = field.calls.map((call) => `${call.name}(${call.ids.map((id) => `"${id}"`).join(', ')}${call.days ? ', …' : ''}) = ${this.scope.get(call.symbol)}`);
    const parameters = field.symbols.map((name) => `${name} = ${this.scope.get(name)}`);
    return new UserError({ file: this.scenario.model.file, path, line, column, message, hint: `with ${[...values, ...parameters].join(', ')}` });
  }
}

/**
 * The compiled code of each stateful quantity: the model's own where it still has it; compiled again
 * from its text in a worker thread, whose model came without code (functions cannot be cloned).
 */
function compiledQuantities(scenario: Scenario): (spec: StatefulQuantity) => Extract<Quantity, { kind: 'expression' }> {
  const { model } = scenario;
  const context = { parameterNames: new Set(model.parameters.map((p) => p.name)), dayOf: (iso: string) => dayOfIsoDate(model.start, iso) };
  return (spec) => {
    const own = model.quantities[spec.ref]?.quantity;
    const quantity = own?.kind === 'expression' && own.state ? own : compileQuantity(spec.source, context);
    if (quantity.kind !== 'expression' || !quantity.state) throw new Error(`${spec.path}: "${spec.source}" no longer reads the run`);
    return quantity;
  };
}
