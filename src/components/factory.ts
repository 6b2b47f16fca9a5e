/**
 * A plant or production line: turns out shells at `rate` per day while it is up, releases them in
 * lots every `lot_days`, and scraps the defective share. A lot that does not fit the stockpile is
 * blocked (recorded, not made). Breakdowns alternate exponential up and down times (mtbf, mttr).
 */
import { Entity } from '../engine/simjs.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import type { FactorySpec } from '../model/model.js';
import type { RunContext } from './context.js';
import type { Stockpile } from './stockpile.js';

export class Factory extends Entity {
  spec!: FactorySpec;
  private context!: RunContext;
  private target!: Stockpile;
  private breakdowns?: SimRandom;
  private up = true;
  /** Time of the last up/down change or day boundary; up time is counted from there. */
  private markTime = 0;
  private upDays = 0;
  /** Output accumulated in the current lot, in (possibly fractional) shells. */
  private lot = 0;
  // Flows of the current day, then run totals.
  produced = 0;
  defective = 0;
  capacity = 0;
  blocked = 0;
  /** Output not made for lack of inputs. */
  starved = 0;
  producedTotal = 0;
  /** Inputs consumed over the run, per munition index. */
  usedTotal!: Float64Array;
  private expansionStarts!: number[];

  start(spec: FactorySpec, context: RunContext): void {
    this.spec = spec;
    this.context = context;
    this.target = context.stockpiles[spec.to];
    this.usedTotal = new Float64Array(context.stockpiles[0].stock.length);
    // A slip in a build plan is a property of the scenario: read on day 0.
    this.expansionStarts = spec.expansions.map((step) => step.day + Math.round(context.tables[step.delayDays][0]));
    if (spec.breakdown) {
      this.breakdowns = randomStream(context.seed, 'factory', spec.id, 'breakdown');
      this.scheduleChange();
    }
  }

  /** End of `day`: add the day's output to the lot; release the lot on lot boundaries. */
  endDay(day: number): void {
    const now = day + 1;
    if (this.up) this.upDays += now - this.markTime;
    this.markTime = now;
    const output = this.rate(day) * this.upDays;
    this.upDays = 0;
    this.capacity += output;
    this.lot += output;
    if (now % this.spec.lotDays === 0) this.release(day);
  }

  resetDay(): void {
    this.produced = this.defective = this.capacity = this.blocked = this.starved = 0;
  }

  /** Shells per day while up: the base rate plus every capacity step already built. */
  private rate(day: number): number {
    const { tables } = this.context;
    let rate = tables[this.spec.rate][day];
    const { expansions } = this.spec;
    for (let k = 0; k < expansions.length; k++) if (day >= this.expansionStarts[k]) rate += tables[expansions[k].add][day];
    return rate;
  }

  /** Cuts `made` to what the inputs on hand allow, and consumes them. */
  private drawInputs(made: number, day: number): number {
    const { tables, stockpiles } = this.context;
    let possible = made;
    for (const input of this.spec.inputs) {
      possible = Math.min(possible, Math.floor(stockpiles[input.from].stock[input.munition] / tables[input.perUnit][day] + 1e-9));
    }
    for (const input of this.spec.inputs) {
      const used = stockpiles[input.from].take(input.munition, Math.ceil(possible * tables[input.perUnit][day] - 1e-9));
      this.usedTotal[input.munition] += used;
    }
    this.starved += made - possible;
    return possible;
  }

  private release(day: number): void {
    const whole = Math.floor(this.lot + 1e-9);
    this.lot -= whole;
    const made = this.spec.inputs.length > 0 ? this.drawInputs(whole, day) : whole;
    const defectRate = this.spec.defectRate === undefined ? 0 : this.context.tables[this.spec.defectRate][day];
    const defective = Math.round(made * defectRate);
    const serviceable = made - defective;
    const accepted = this.target.put(this.spec.munition, serviceable, day);
    this.defective += defective;
    this.produced += accepted;
    this.producedTotal += accepted;
    this.blocked += serviceable - accepted;
  }

  private scheduleChange(): void {
    const breakdown = this.spec.breakdown!;
    const day = this.context.dayAt(this.time());
    const meanDays = this.context.tables[this.up ? breakdown.mtbfDays : breakdown.mttrDays][day];
    this.setTimer(this.breakdowns!.exponential(1 / meanDays)).done(this.toggle, this);
  }

  private toggle(): void {
    const now = this.time();
    if (this.up) this.upDays += now - this.markTime;
    this.markTime = now;
    this.up = !this.up;
    this.scheduleChange();
  }
}
