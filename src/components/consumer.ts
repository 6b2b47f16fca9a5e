/**
 * A front firing shells: each day it demands `demand` (times a lognormal day-to-day factor with
 * coefficient of variation `demand_cv`) and draws it from its stockpiles, munitions in order of
 * preference, stockpiles in order of priority, leaving `keep` of those munitions in each (rationing). Unmet
 * demand is lost (shortfall) unless `backlog`.
 */
import { z } from '../model/zod.js';
import { noiseFactor } from '../engine/distributions.js';
import type { Meter } from '../engine/meter.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import type { ConsumerSpec } from '../model/model.js';
import { Id, QuantityInput } from '../model/schema.js';
import { RateInput } from '../model/series.js';
import { WholeShellCarry, wholeShells } from '../model/whole-shells.js';
import { Endurance } from './endurance.js';
import { kindOf, type BalanceTerms, type Component, type Metric, type Reading, type RunContext, type ShellTotals, type StockpileAccess } from './contract.js';

const ConsumerInput = z.strictObject({
  id: Id,
  draws_from: z.array(Id).min(1, { error: 'list at least one stockpile' }),
  munitions: z.array(Id).min(1, { error: 'list at least one munition' }),
  demand: RateInput,
  demand_cv: QuantityInput.optional(),
  backlog: z.boolean().optional(),
  keep: QuantityInput.optional(),
  description: z.string().optional(),
});

export class Consumer implements Component {
  readonly id: string;
  private readonly random: SimRandom;
  private readonly demand: Meter;
  /** Shells drawn, per munition index. */
  private readonly consumed: Meter;
  private readonly shortfall: Meter;
  /** Unmet demand carried to the next day (backlog consumers only). */
  private backlog = 0;
  /** First day with unmet demand, or undefined. */
  private firstShortfallDay?: number;
  private readonly endurance: Endurance;
  /** Demand so far is round(exact demand so far): 0.4 a day demands 0, 1, 0, 1, 0, not 0 every day. */
  private readonly wholeDemand = new WholeShellCarry();

  constructor(readonly spec: ConsumerSpec, private readonly context: RunContext) {
    this.id = spec.id;
    this.random = randomStream(context.seed, 'consumer', spec.id, 'demand');
    this.demand = context.meters.create();
    this.consumed = context.meters.create(context.munitionCount);
    this.shortfall = context.meters.create();
    this.endurance = new Endurance(spec.reportDays);
  }

  endDay(day: number): void {
    const { tables, stockpiles } = this.context;
    const demand = this.wholeDemand.take(tables[this.spec.demand][day] * noiseFactor(tables[this.spec.demandCv][day], this.random));
    let need = demand + this.backlog;
    const wanted = need;
    const keep = this.spec.keep === undefined ? 0 : wholeShells(tables[this.spec.keep][day]);
    for (const m of this.spec.munitions) {
      for (const s of this.spec.drawsFrom) {
        if (need <= 0) break;
        const stockpile = stockpiles[s];
        const got = stockpile.take(m, keep > 0 ? Math.min(need, Math.max(0, this.held(stockpile) - keep)) : need);
        need -= got;
        this.consumed.add(m, got);
      }
    }
    this.demand.add(0, demand);
    if (this.spec.backlog) this.backlog = need;
    else this.shortfall.add(0, need);
    if (need > 0 && this.firstShortfallDay === undefined) this.firstShortfallDay = day;
    this.endurance.endDay(day, demand, wanted - need, this.available(keep), this.shortfall.totalOf(0));
  }

  /**
   * Shells of the munitions it accepts in `stockpile`: what `keep` counts, so other munitions (and
   * unserviceable shells it does not accept) never stand in for the shells it rations.
   */
  private held(stockpile: StockpileAccess): number {
    let held = 0;
    for (const m of this.spec.munitions) held += stockpile.stock[m];
    return held;
  }

  /** Shells of its munitions it could still draw from its stockpiles, each leaving `keep` (rationing). */
  private available(keep: number): number {
    let available = 0;
    for (const s of this.spec.drawsFrom) available += Math.max(0, this.held(this.context.stockpiles[s]) - keep);
    return available;
  }

  metrics(): Metric[] {
    const metrics: Metric[] = [
      { name: 'demand', kind: 'flow', read: this.demand.today, chart: 'demand' },
      { name: 'consumed', kind: 'flow', read: this.consumed.today, munitions: this.spec.munitions, chart: 'consumed' },
      { name: 'shortfall', kind: 'flow', read: this.shortfall.today },
    ];
    if (this.spec.backlog) metrics.push({ name: 'backlog', kind: 'level', read: () => this.backlog });
    return metrics;
  }

  balance(m: number, terms: BalanceTerms): void {
    terms.consumed += this.consumed.total[m];
  }

  /**
   * Components (propellant, fuzes) are inputs, not shells: they stay out of the shell totals. A
   * front drawing only components is left out; demand a front met from components is not shell demand.
   */
  shellTotals(isShell: (munition: number) => boolean): ShellTotals | undefined {
    if (!this.spec.munitions.some(isShell)) return undefined;
    let shells = 0, components = 0;
    for (const m of this.spec.munitions) {
      if (isShell(m)) shells += this.consumed.total[m];
      else components += this.consumed.total[m];
    }
    return { consumed: shells, demand: this.demand.total[0] - components };
  }

  milestones(): [string, number | undefined][] {
    return [['first_shortfall_day', this.firstShortfallDay]];
  }

  kpis(): [string, number | undefined, string?][] {
    return this.endurance.kpis();
  }

  readings(): Partial<Record<Reading, () => number>> {
    return {
      consumed: () => { let total = 0; for (const m of this.spec.munitions) total += this.consumed.total[m]; return total; },
      demand: () => this.demand.total[0],
    };
  }
}

export const consumerKind = kindOf<ConsumerSpec, z.infer<typeof ConsumerInput>>({
  kind: 'consumer',
  section: 'consumers',
  schema: ConsumerInput,
  build(c, i, tools) {
    const drawsFrom = c.draws_from.map((s, j) => tools.refer('stockpiles', s, ['consumers', i, 'draws_from', j]));
    const munitions = c.munitions.map((m, j) => tools.refer('munitions', m, ['consumers', i, 'munitions', j]));
    for (const s of drawsFrom) for (const m of munitions) tools.handles(s, m);
    return {
      kind: 'consumer',
      id: c.id,
      drawsFrom,
      munitions,
      demand: tools.quantity(c.demand, ['consumers', i, 'demand'], 'nonNegative'),
      demandCv: tools.quantity(c.demand_cv ?? 0, ['consumers', i, 'demand_cv'], 'nonNegative'),
      backlog: c.backlog ?? false,
      keep: c.keep === undefined ? undefined : tools.quantity(c.keep, ['consumers', i, 'keep'], 'nonNegative'),
      reportDays: tools.reportDays,
    };
  },
  create: (spec, context) => new Consumer(spec, context),
  describe: (c, model) => `${c.drawsFrom.map((s) => model.stockpiles[s].id).join(' | ')} ⇒ ${c.id}`,
});
