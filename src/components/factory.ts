/**
 * A plant or production line: turns out shells at `rate` per day while it is up, releases them in
 * lots every `lot_days`, and scraps the defective share. Output that does not fit the stockpile is
 * blocked: recorded, not made, so it uses no inputs. Breakdowns alternate exponential up and down
 * times (mtbf, mttr).
 */
import { z } from '../model/zod.js';
import type { Meter } from '../engine/meter.js';
import { Entity, schedule } from '../engine/simjs.js';
import { randomStream, type SimRandom } from '../engine/random.js';
import { InternalError } from '../model/errors.js';
import type { FactorySpec } from '../model/model.js';
import { Id, IsoDate, LIMITS, QuantityInput, WholeOrExpression } from '../model/schema.js';
import { RateInput } from '../model/series.js';
import { WholeShellCarry, wholeShells, wholeUp } from '../model/whole-shells.js';
import { kindOf, type BalanceTerms, type Component, type Metric, type Reading, type RunContext, type StockpileAccess } from './contract.js';

const FactoryInput = z.strictObject({
  id: Id,
  munition: Id,
  to: Id,
  rate: RateInput,
  lot_days: WholeOrExpression(z.number().int({ error: 'expected a whole number of days' }).min(1).max(LIMITS.days)).optional(),
  breakdown: z.strictObject({ mtbf_days: QuantityInput, mttr_days: QuantityInput }).optional(),
  defect_rate: QuantityInput.optional(),
  inputs: z.array(z.strictObject({ from: Id, munition: Id, per_unit: QuantityInput })).optional(),
  expansions: z.array(z.strictObject({ date: IsoDate, add: RateInput, delay_days: QuantityInput.optional() })).optional(),
  description: z.string().optional(),
});

export class Factory extends Entity implements Component {
  id!: string;
  spec!: FactorySpec;
  private context!: RunContext;
  private target!: StockpileAccess;
  /** Days per lot: as written, or an expression's day-0 value. */
  private lotDays = 1;
  private breakdowns?: SimRandom;
  private up = true;
  /** Time of the last up/down change or day boundary; up time is counted from there. */
  private markTime = 0;
  private upDays = 0;
  /** Output accumulated in the current lot, in (possibly fractional) shells. */
  private lot = 0;
  private produced!: Meter;
  private defective!: Meter;
  /** What it could have made while up (shells, fractional). */
  private capacity!: Meter;
  /** Output not made because it would not fit the stockpile. */
  private blocked!: Meter;
  /** Output not made for lack of inputs. */
  private starved!: Meter;
  /** Inputs consumed, per munition index. */
  private used!: Meter;
  /** Per input: units used so far are ⌈exact need so far⌉, so a part-used charge serves the next shell. */
  private inputCarries!: WholeShellCarry[];
  /** Defective shells so far are round(exact defective share so far): 10 % of lots of 5 scraps 1, 0, 1, 0. */
  private readonly defects = new WholeShellCarry();
  private expansionStarts!: number[];
  private expansionAdds!: number[];

  start(spec: FactorySpec, context: RunContext): void {
    this.id = spec.id;
    this.spec = spec;
    this.context = context;
    this.target = context.stockpiles[spec.to];
    this.lotDays = spec.lotDaysRef === undefined ? spec.lotDays : context.tables[spec.lotDaysRef][0];
    const { meters } = context;
    this.produced = meters.create();
    this.defective = meters.create();
    this.capacity = meters.create();
    this.blocked = meters.create();
    this.starved = meters.create();
    this.used = meters.create(context.munitionCount);
    this.inputCarries = spec.inputs.map(() => new WholeShellCarry(wholeUp));
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
    this.capacity.add(0, output);
    this.lot += output;
    if (now % this.lotDays === 0) this.release(day);
  }

  metrics(): Metric[] {
    const metrics: Metric[] = [
      { name: 'produced', kind: 'flow', read: this.produced.today, chart: this.context.isShell(this.spec.munition) ? 'produced' : undefined },
      { name: 'defective', kind: 'flow', read: this.defective.today },
      { name: 'capacity', kind: 'flow', read: this.capacity.today },
      { name: 'blocked', kind: 'flow', read: this.blocked.today },
    ];
    if (this.spec.inputs.length > 0) metrics.push({ name: 'starved', kind: 'flow', read: this.starved.today });
    return metrics;
  }

  balance(m: number, terms: BalanceTerms): void {
    if (this.spec.munition === m) terms.produced += this.produced.total[0];
    terms.used += this.used.total[m];
  }

  readings(): Partial<Record<Reading, () => number>> {
    return { produced: () => this.produced.total[0] };
  }

  shellTotals(isShell: (munition: number) => boolean): { produced: number } | undefined {
    return isShell(this.spec.munition) ? { produced: this.produced.total[0] } : undefined;
  }

  /** Shells per day while up: the base rate plus every capacity step already built. */
  private rate(day: number): number {
    const { tables } = this.context;
    let rate = tables[this.spec.rate][day];
    const { expansions } = this.spec;
    for (let k = 0; k < expansions.length; k++) if (day >= this.expansionStarts[k]) rate += this.expansionAdds[k];
    return rate;
  }

  /** Shells of the lot `whole` that the inputs on hand allow, with what earlier lots used in advance. */
  private possibleFromInputs(whole: number, day: number): number {
    const { tables, stockpiles } = this.context;
    let possible = whole;
    // Indexed loops over inputs here and below, not forEach: they run on every lot, and a closure a lot is garbage.
    const { inputs } = this.spec;
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k];
      const units = stockpiles[input.from].stock[input.munition] + this.inputCarries[k].advance;
      possible = Math.min(possible, wholeShells(units / tables[input.perUnit][day]));
    }
    return possible;
  }

  /** Units of input `k` that `made` more shells use: the rise of ⌈exact need so far⌉ (a part-used charge is used). */
  private inputsFor(k: number, made: number, day: number): number {
    return this.inputCarries[k].peek(made * this.context.tables[this.spec.inputs[k].perUnit][day]);
  }

  /** Whether the serviceable share of `made` shells fits the target once their inputs are taken out of it. */
  private fits(made: number, defectRate: number, day: number): boolean {
    let freed = 0;
    const { inputs } = this.spec;
    for (let k = 0; k < inputs.length; k++) if (this.context.stockpiles[inputs[k].from] === this.target) freed += this.inputsFor(k, made, day);
    return made - this.defects.peek(made * defectRate, made) <= this.target.roomAfterTaking(freed, day);
  }

  /**
   * Releases the lot: as many shells as the inputs allow, cut to the largest number whose serviceable
   * share fits the stockpile (found by bisection); only the shells made use inputs.
   */
  private release(day: number): void {
    const whole = wholeShells(this.lot);
    this.lot -= whole;
    const possible = this.spec.inputs.length > 0 ? this.possibleFromInputs(whole, day) : whole;
    this.starved.add(0, whole - possible);
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
    const { inputs } = this.spec;
    for (let k = 0; k < inputs.length; k++) {
      const input = inputs[k];
      const taken = this.context.stockpiles[input.from].take(input.munition, this.inputsFor(k, made, day));
      this.inputCarries[k].commit(made * this.context.tables[input.perUnit][day], taken);
      this.used.add(input.munition, taken);
    }
    // The serviceable share of all it could make, before this lot's defects are recorded.
    const possibleServiceable = possible - this.defects.peek(possible * defectRate, possible);
    const defective = this.defects.take(made * defectRate, made);
    const serviceable = made - defective;
    const accepted = this.target.put(this.spec.munition, serviceable, day);
    if (accepted !== serviceable) throw new InternalError(`factory ${this.spec.id} on day ${day}: ${serviceable} shells were made to fit, but ${accepted} fitted`);
    this.defective.add(0, defective);
    this.produced.add(0, accepted);
    this.blocked.add(0, possibleServiceable - serviceable);
  }

  private scheduleChange(): void {
    const breakdown = this.spec.breakdown!;
    const day = this.context.dayAt(this.time());
    const meanDays = this.context.tables[this.up ? breakdown.mtbfDays : breakdown.mttrDays][day];
    schedule(this, this.breakdowns!.exponential(1 / meanDays), this.toggle, this);
  }

  private toggle(): void {
    const now = this.time();
    if (this.up) this.upDays += now - this.markTime;
    this.markTime = now;
    this.up = !this.up;
    this.scheduleChange();
  }
}

export const factoryKind = kindOf<FactorySpec, z.infer<typeof FactoryInput>>({
  kind: 'factory',
  section: 'factories',
  schema: FactoryInput,
  build(f, i, tools) {
    const munition = tools.refer('munitions', f.munition, ['factories', i, 'munition']);
    const to = tools.refer('stockpiles', f.to, ['factories', i, 'to']);
    tools.handles(to, munition);
    return {
      kind: 'factory',
      id: f.id,
      munition,
      to,
      rate: tools.quantity(f.rate, ['factories', i, 'rate'], 'nonNegative'),
      // An expression is read on day 0 of each scenario (the Factory takes it from the day tables).
      ...(typeof f.lot_days === 'string'
        ? { lotDays: 1, lotDaysRef: tools.quantity(f.lot_days, ['factories', i, 'lot_days'], 'count') }
        : { lotDays: f.lot_days ?? 1 }),
      breakdown: f.breakdown && {
        mtbfDays: tools.quantity(f.breakdown.mtbf_days, ['factories', i, 'breakdown', 'mtbf_days'], 'positive'),
        mttrDays: tools.quantity(f.breakdown.mttr_days, ['factories', i, 'breakdown', 'mttr_days'], 'positive'),
      },
      defectRate: f.defect_rate === undefined ? undefined : tools.quantity(f.defect_rate, ['factories', i, 'defect_rate'], 'probability'),
      inputs: (f.inputs ?? []).map((input, j) => {
        const path = ['factories', i, 'inputs', j];
        const from = tools.refer('stockpiles', input.from, [...path, 'from']);
        const inputMunition = tools.refer('munitions', input.munition, [...path, 'munition']);
        if (inputMunition === munition && input.munition === f.munition) tools.report([...path, 'munition'], `a factory cannot consume its own output (${f.munition})`);
        tools.handles(from, inputMunition);
        return { from, munition: inputMunition, perUnit: tools.quantity(input.per_unit, [...path, 'per_unit'], 'positive') };
      }),
      expansions: (f.expansions ?? []).map((step, j) => {
        const path = ['factories', i, 'expansions', j];
        const day = tools.day(step.date, [...path, 'date'], 'the expansion');
        return { day, add: tools.quantity(step.add, [...path, 'add'], 'nonNegative'), delayDays: tools.quantity(step.delay_days ?? 0, [...path, 'delay_days'], 'nonNegative') };
      }),
    };
  },
  create: (spec, context) => context.sim.addEntity(Factory, spec.id, spec, context),
  describe(f, model) {
    const stockpile = (i: number) => model.stockpiles[i].id;
    return `${f.id} ⇒ ${stockpile(f.to)}${f.inputs.length ? ` (from ${f.inputs.map((i) => `${model.munitions[i.munition].id} in ${stockpile(i.from)}`).join(', ')})` : ''}`;
  },
});
