/**
 * A meter counts a flow the way a utility meter does: what passed today, and what passed over the
 * whole run. `add` moves both at once, so the two can never disagree; the day's reading is zeroed by
 * whoever owns the clock (`closeDay`), never by the component that counts.
 */

/** Today's amount and the run total of a flow, per munition index (or one slot, index 0, for a scalar flow). */
export class Meter {
  /** Amount so far today, per slot. */
  readonly today: Float64Array;
  /** Amount so far in the run, per slot. */
  readonly total: Float64Array;

  constructor(slots = 1) {
    this.today = new Float64Array(slots);
    this.total = new Float64Array(slots);
  }

  /** Counts `amount` (may be negative, for a correction) in slot `slot`. */
  add(slot: number, amount: number): void {
    this.today[slot] += amount;
    this.total[slot] += amount;
  }

  /** The day is over: today's reading starts again from 0. */
  closeDay(): void {
    // A loop, not fill(0): most meters have one or a few slots, and this runs for each of them every day.
    const today = this.today;
    for (let i = 0; i < today.length; i++) today[i] = 0;
  }
}

/** Every meter of a run, so the clock can zero them all at the end of each day. */
export class Meters {
  private readonly all: Meter[] = [];

  /** A new meter with `slots` slots, zeroed with the others every day. */
  create(slots = 1): Meter {
    const meter = new Meter(slots);
    this.all.push(meter);
    return meter;
  }

  closeDay(): void {
    for (let i = 0; i < this.all.length; i++) this.all[i].closeDay();
  }
}
