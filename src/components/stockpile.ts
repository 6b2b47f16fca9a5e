/**
 * A depot or arsenal holding shells of one or more munitions. It never goes below zero or above its
 * capacity (shared by all munitions): `put` accepts what fits and `take` gives what is there, each
 * returning the amount actually moved. Every other component moves stock through these two calls.
 */
import type { StockpileSpec } from '../model/model.js';
import { wholeShells } from '../model/whole-shells.js';

export class Stockpile {
  readonly id: string;
  readonly handles: number[];
  /** Shells on hand, per munition index. */
  readonly stock: Float64Array;
  readonly initial: Float64Array;
  // Flows of the current day and of the whole run, per munition.
  readonly received: Float64Array;
  readonly receivedTotal: Float64Array;
  readonly issued: Float64Array;
  readonly destroyed: Float64Array;
  readonly destroyedTotal: Float64Array;
  private total = 0;
  private readonly capacity?: Float64Array;
  private readonly reserve: (Float64Array | undefined)[];

  constructor(spec: StockpileSpec, munitionCount: number, tables: Float64Array[]) {
    this.id = spec.id;
    this.handles = spec.handles;
    this.stock = new Float64Array(munitionCount);
    this.received = new Float64Array(munitionCount);
    this.receivedTotal = new Float64Array(munitionCount);
    this.issued = new Float64Array(munitionCount);
    this.destroyed = new Float64Array(munitionCount);
    this.destroyedTotal = new Float64Array(munitionCount);
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
    this.received[munition] += accepted;
    this.receivedTotal[munition] += accepted;
    return accepted;
  }

  /** Removes up to `amount` shells; returns how many were there. */
  take(munition: number, amount: number): number {
    const taken = Math.min(amount, this.stock[munition]);
    if (taken <= 0) return 0;
    this.stock[munition] -= taken;
    this.total -= taken;
    this.issued[munition] += taken;
    return taken;
  }

  /**
   * Re-labels `amount` shells of `from` just received as `to` (found unserviceable on arrival): the
   * total is unchanged, and they count as received under the munition they turned out to be.
   */
  reclassifyReceived(from: number, to: number, amount: number): number {
    const moved = Math.min(amount, this.stock[from], this.received[from]);
    this.stock[from] -= moved;
    this.stock[to] += moved;
    this.received[from] -= moved;
    this.receivedTotal[from] -= moved;
    this.received[to] += moved;
    this.receivedTotal[to] += moved;
    return moved;
  }

  /** A strike: destroys `fraction` of every munition on hand (rounded to whole shells). */
  destroy(fraction: number): void {
    for (const m of this.handles) {
      const lost = Math.round(this.stock[m] * fraction);
      this.stock[m] -= lost;
      this.total -= lost;
      this.destroyed[m] += lost;
      this.destroyedTotal[m] += lost;
    }
  }

  resetDay(): void {
    this.received.fill(0);
    this.issued.fill(0);
    this.destroyed.fill(0);
  }
}
