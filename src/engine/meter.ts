/**
 * A meter counts a flow the way a utility meter does: what passed today, and what passed over the
 * whole run. `add` moves both at once, so the two can never disagree; the day's reading is zeroed by
 * whoever owns the clock (`closeDay`), never by the component that counts.
 */

/** Today's amount and the run total of a flow, per munition index (or one slot, index 0, for a scalar flow). */
export class Meter {
  /** Amount so far in the run, per slot. */
  readonly total: Float64Array;

  /** `today`: amount so far today, per slot (a view into its Meters' shared block). */
  constructor(readonly today: Float64Array) {
    this.total = new Float64Array(today.length);
  }

  /** Counts `amount` (may be negative, for a correction) in slot `slot`. */
  add(slot: number, amount: number): void {
    this.today[slot] += amount;
    this.total[slot] += amount;
  }
}

/** Doubles in each block of today's readings: a quickstart run's meters fit in one. */
const BLOCK = 256;

/**
 * Every meter of a run. Their today's readings are views into a few shared blocks, so the end of a
 * day zeroes each block with one fill, instead of visiting every meter.
 */
export class Meters {
  private readonly blocks: Float64Array[] = [];
  private block = new Float64Array(0);
  private used = 0;

  /** A new meter with `slots` slots, zeroed with the others every day. */
  create(slots = 1): Meter {
    if (this.used + slots > this.block.length) {
      this.block = new Float64Array(Math.max(BLOCK, slots));
      this.blocks.push(this.block);
      this.used = 0;
    }
    const today = this.block.subarray(this.used, this.used + slots);
    this.used += slots;
    return new Meter(today);
  }

  /** The day is over: every meter's today's reading starts again from 0. */
  closeDay(): void {
    // Loops, not fill(0): a few dozen slots are zeroed faster in place than by a call into the builtin.
    const { blocks } = this;
    const last = blocks.length - 1;
    for (let b = 0; b <= last; b++) {
      const block = blocks[b];
      const end = b === last ? this.used : block.length;
      for (let i = 0; i < end; i++) block[i] = 0;
    }
  }
}
