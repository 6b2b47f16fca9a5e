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
  producedTotal = 0;

  start(spec: FactorySpec, context: RunContext): void {
    this.spec = spec;
    this.context = context;
    this.target = context.stockpiles[spec.to];
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
    const output = this.context.tables[this.spec.rate][day] * this.upDays;
    this.upDays = 0;
    this.capacity += output;
    this.lot += output;
    if (now % this.spec.lotDays === 0) this.release(day);
  }

  resetDay(): void {
    this.produced = this.defective = this.capacity = this.blocked = 0;
  }

  private release(day: number): void {
    const made = Math.floor(this.lot + 1e-9);
    this.lot -= made;
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
