/**
 * A front firing shells: each day it demands `demand` (times a lognormal day-to-day factor with
 * coefficient of variation `demand_cv`) and draws it from its stockpiles, munitions in order of
 * preference, stockpiles in order of priority, leaving `keep` shells in each (rationing). Unmet
 * demand is lost (shortfall) unless `backlog`.
 */
import { noiseFactor } from '../engine/distributions.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import type { ConsumerSpec } from '../model/model.js';
import { wholeShells } from '../model/whole-shells.js';
import type { RunContext } from './context.js';

export class Consumer {
  readonly spec: ConsumerSpec;
  private readonly context: RunContext;
  private readonly random: SimRandom;
  // Flows of the current day, per munition where it matters.
  demand = 0;
  readonly consumed: Float64Array;
  shortfall = 0;
  /** Unmet demand carried to the next day (backlog consumers only). */
  backlog = 0;
  demandTotal = 0;
  consumedTotal = 0;
  readonly consumedByMunition: Float64Array;
  /** First day with unmet demand, or undefined. */
  firstShortfallDay?: number;

  constructor(spec: ConsumerSpec, context: RunContext, munitionCount: number) {
    this.spec = spec;
    this.context = context;
    this.random = randomStream(context.seed, 'consumer', spec.id, 'demand');
    this.consumed = new Float64Array(munitionCount);
    this.consumedByMunition = new Float64Array(munitionCount);
  }

  endDay(day: number): void {
    const { tables, stockpiles } = this.context;
    const demand = Math.round(tables[this.spec.demand][day] * noiseFactor(tables[this.spec.demandCv][day], this.random));
    let need = demand + this.backlog;
    const keep = this.spec.keep === undefined ? 0 : wholeShells(tables[this.spec.keep][day]);
    for (const m of this.spec.munitions) {
      for (const s of this.spec.drawsFrom) {
        if (need <= 0) break;
        const stockpile = stockpiles[s];
        const got = stockpile.take(m, keep > 0 ? Math.min(need, Math.max(0, stockpile.level - keep)) : need);
        need -= got;
        this.consumed[m] += got;
        this.consumedByMunition[m] += got;
        this.consumedTotal += got;
      }
    }
    this.demand = demand;
    this.demandTotal += demand;
    if (this.spec.backlog) this.backlog = need;
    else this.shortfall = need;
    if (need > 0 && this.firstShortfallDay === undefined) this.firstShortfallDay = day;
  }

  resetDay(): void {
    this.demand = this.shortfall = 0;
    this.consumed.fill(0);
  }
}
