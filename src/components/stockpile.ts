/**
 * A depot or arsenal holding shells of one or more munitions. It never goes below zero, and no put
 * takes it above its capacity (shared by all munitions; a capacity cut below the stock removes
 * nothing, it only blocks puts): `put` accepts what fits and `take` gives what is there, each
 * returning the amount actually moved. Every other component moves stock through these two calls.
 */
import { z } from '../model/zod.js';
import { Meter } from '../engine/meter.js';
import type { StockpileSpec } from '../model/model.js';
import { Id, QuantityInput } from '../model/schema.js';
import { wholeShells } from '../model/whole-shells.js';
import { kindOf, type BalanceTerms, type Component, type Metric, type RunContext, type StockpileAccess } from './contract.js';

const StockpileInput = z.strictObject({
  id: Id,
  initial: z.record(z.string(), QuantityInput).optional(),
  reserve: z.record(z.string(), QuantityInput).optional(),
  capacity: QuantityInput.optional(),
  description: z.string().optional(),
});

export class Stockpile implements Component, StockpileAccess {
  readonly id: string;
  readonly handles: number[];
  /** Shells on hand, per munition index. */
  readonly stock: Float64Array;
  readonly initial: Float64Array;
  readonly received: Meter;
  readonly issued: Meter;
  readonly destroyed: Meter;
  private total = 0;
  private readonly capacity?: Float64Array;
  private readonly reserve: (Float64Array | undefined)[];

  constructor(spec: StockpileSpec, context: RunContext) {
    const { tables, munitionCount, meters } = context;
    this.id = spec.id;
    this.handles = spec.handles;
    this.stock = new Float64Array(munitionCount);
    this.received = meters.create(munitionCount);
    this.issued = meters.create(munitionCount);
    this.destroyed = meters.create(munitionCount);
    spec.initial.forEach((ref, m) => { if (ref !== undefined) this.stock[m] = wholeShells(tables[ref][0]); });
    this.initial = this.stock.slice();
    this.total = this.stock.reduce((a, b) => a + b, 0);
    this.capacity = spec.capacity === undefined ? undefined : tables[spec.capacity];
    this.reserve = spec.reserve.map((ref) => (ref === undefined ? undefined : tables[ref]));
  }

  /** Total shells on hand, all munitions. */
  get level(): number {
    return this.total;
  }

  /** Room left under today's capacity. A capacity cut below the stock blocks puts; it destroys nothing. */
  room(day: number): number {
    return this.roomAfterTaking(0, day);
  }

  /** Room there would be under today's capacity once `amount` shells (on hand) are taken out. */
  roomAfterTaking(amount: number, day: number): number {
    return this.capacity === undefined ? Infinity : Math.max(0, wholeShells(this.capacity[day]) - (this.total - amount));
  }

  /** Stock a route may take without going below the munition's reserve. */
  releasable(munition: number, day: number): number {
    const reserve = this.reserve[munition];
    return reserve === undefined ? this.stock[munition] : Math.max(0, this.stock[munition] - wholeShells(reserve[day]));
  }

  /** Adds up to `amount` shells; returns how many fit. */
  put(munition: number, amount: number, day: number): number {
    const accepted = Math.min(amount, this.room(day));
    if (accepted <= 0) return 0;
    this.stock[munition] += accepted;
    this.total += accepted;
    this.received.add(munition, accepted);
    return accepted;
  }

  /** Removes up to `amount` shells; returns how many were there. */
  take(munition: number, amount: number): number {
    const taken = Math.min(amount, this.stock[munition]);
    if (taken <= 0) return 0;
    this.stock[munition] -= taken;
    this.total -= taken;
    this.issued.add(munition, taken);
    return taken;
  }

  /**
   * Re-labels `amount` shells of `from` just received as `to` (found unserviceable on arrival): the
   * total is unchanged, and they count as received under the munition they turned out to be.
   */
  reclassifyReceived(from: number, to: number, amount: number): number {
    const moved = Math.min(amount, this.stock[from], this.received.today[from]);
    this.stock[from] -= moved;
    this.stock[to] += moved;
    this.received.add(from, -moved);
    this.received.add(to, moved);
    return moved;
  }

  /** A strike: destroys `fraction` of every munition on hand (rounded to whole shells). */
  destroy(fraction: number): void {
    for (const m of this.handles) {
      const lost = Math.round(this.stock[m] * fraction);
      this.stock[m] -= lost;
      this.total -= lost;
      this.destroyed.add(m, lost);
    }
  }

  metrics(): Metric[] {
    const munitions = this.handles;
    return [
      { name: 'stock', kind: 'level', read: this.stock, munitions, chart: 'stock' },
      { name: 'received', kind: 'flow', read: this.received.today, munitions },
      { name: 'issued', kind: 'flow', read: this.issued.today, munitions },
      { name: 'destroyed', kind: 'flow', read: this.destroyed.today, munitions },
    ];
  }

  balance(m: number, terms: BalanceTerms): void {
    terms.initial += this.initial[m];
    terms.final += this.stock[m];
    terms.destroyed += this.destroyed.total[m];
  }

  milestones(): [string, number | undefined][] {
    return [['final_stock', this.level]];
  }
}

export const stockpileKind = kindOf<StockpileSpec, z.infer<typeof StockpileInput>>({
  kind: 'stockpile',
  section: 'stockpiles',
  schema: StockpileInput,
  build(s, i, tools) {
    const perMunition = (key: 'initial' | 'reserve') => {
      const list: (number | undefined)[] = Array.from({ length: tools.munitionCount }, () => undefined);
      for (const [munition, value] of Object.entries(s[key] ?? {})) {
        const m = tools.refer('munitions', munition, ['stockpiles', i, key, munition]);
        list[m] = tools.quantity(value, ['stockpiles', i, key, munition], 'nonNegative');
        tools.handles(i, m);
      }
      return list;
    };
    return {
      kind: 'stockpile',
      id: s.id,
      initial: perMunition('initial'),
      reserve: perMunition('reserve'),
      capacity: s.capacity === undefined ? undefined : tools.quantity(s.capacity, ['stockpiles', i, 'capacity'], 'nonNegative'),
      // Filled in by the assembly once every section has said what the stockpile holds.
      handles: [],
    };
  },
  create: (spec, context) => new Stockpile(spec, context),
});
