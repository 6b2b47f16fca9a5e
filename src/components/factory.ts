/**
 * A plant or production line: turns out shells at `rate` per day while it is up, releases them in
 * lots every `lot_days`, and scraps the defective share. Output that does not fit the stockpile is
 * blocked: recorded, not made, so it uses no inputs. Breakdowns alternate exponential up and down
 * times (mtbf, mttr).
 */
import { Entity } from '../engine/simjs.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import { InternalError } from '../model/errors.js';
import type { FactorySpec } from '../model/model.js';
import { wholeShells } from '../model/whole-shells.js';
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
  private expansionAdds!: number[];

  start(spec: FactorySpec, context: RunContext): void {
    this.spec = spec;
    this.context = context;
    this.target = context.stockpiles[spec.to];
    this.usedTotal = new Float64Array(context.stockpiles[0].stock.length);
    // A step is planned on its date: its slip and size are read then, so only events up to that date change them.
    const onDate = (day: number) => Math.min(Math.max(day, 0), context.days - 1);
    this.expansionStarts = spec.expansions.map((step) => step.day + Math.round(context.tables[step.delayDays][onDate(step.day)]));
    this.expansionAdds = spec.expansions.map((step) => context.tables[step.add][onDate(step.day)]);
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
    for (let k = 0; k < expansions.length; k++) if (day >= this.expansionStarts[k]) rate += this.expansionAdds[k];
    return rate;
  }

  /** Shells of the lot `whole` that the inputs on hand allow. */
  private possibleFromInputs(whole: number, day: number): number {
    const { tables, stockpiles } = this.context;
    let possible = whole;
    for (const input of this.spec.inputs) {
      possible = Math.min(possible, wholeShells(stockpiles[input.from].stock[input.munition] / tables[input.perUnit][day]));
    }
    return possible;
  }

  /** Units of `input` that `made` shells use (rounded up: a part-used charge is used). */
  private inputsFor(input: FactorySpec['inputs'][number], made: number, day: number): number {
    return Math.ceil(made * this.context.tables[input.perUnit][day] - 1e-9);
  }

  /** Whether the serviceable share of `made` shells fits the target once their inputs are taken out of it. */
  private fits(made: number, defectRate: number, day: number): boolean {
    let freed = 0;
    for (const input of this.spec.inputs) if (this.context.stockpiles[input.from] === this.target) freed += this.inputsFor(input, made, day);
    return made - Math.round(made * defectRate) <= this.target.roomAfterTaking(freed, day);
  }

  /**
   * Releases the lot: as many shells as the inputs allow, cut to the largest number whose serviceable
   * share fits the stockpile (found by bisection); only the shells made use inputs.
   */
  private release(day: number): void {
    const whole = wholeShells(this.lot);
    this.lot -= whole;
    const possible = this.spec.inputs.length > 0 ? this.possibleFromInputs(whole, day) : whole;
    this.starved += whole - possible;
    const defectRate = this.spec.defectRate === undefined ? 0 : this.context.tables[this.spec.defectRate][day];
    let made = possible;
    if (!this.fits(made, defectRate, day)) {
      // fits(0) always holds; keep lo fitting and hi not.
      let lo = 0, hi = possible;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.fits(mid, defectRate, day)) lo = mid; else hi = mid;
      }
      made = lo;
    }
    for (const input of this.spec.inputs) {
      this.usedTotal[input.munition] += this.context.stockpiles[input.from].take(input.munition, this.inputsFor(input, made, day));
    }
    const defective = Math.round(made * defectRate);
    const serviceable = made - defective;
    const accepted = this.target.put(this.spec.munition, serviceable, day);
    if (accepted !== serviceable) throw new InternalError(`factory ${this.spec.id} on day ${day}: ${serviceable} shells were made to fit, but ${accepted} fitted`);
    this.defective += defective;
    this.produced += accepted;
    this.producedTotal += accepted;
    this.blocked += possible - Math.round(possible * defectRate) - serviceable;
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
