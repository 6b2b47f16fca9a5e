/**
 * Counting whole shells. A shell count computed in floating point (0.29 · 100 = 28.999999999999996)
 * may land a hair below the whole number it means; every count of whole shells in a run is rounded
 * through these helpers, with one relative tolerance, so such a value counts as 29.
 */

/** Relative tolerance below a whole number that still counts as that number. */
export const WHOLE_SHELL_TOLERANCE = 1e-9;

/**
 * `x` rounded down to whole shells, counting a value within 1e-9 · max(1, |x|) below a whole
 * number as that number: wholeShells(28.999999999999996) = 29, wholeShells(28.9) = 28.
 */
export function wholeShells(x: number): number {
  return Math.floor(x + WHOLE_SHELL_TOLERANCE * Math.max(1, Math.abs(x)));
}

/**
 * `x` rounded up to a whole number (days, or units of an input used), counting a value within
 * 1e-9 · max(1, |x|) above a whole number as that number: wholeUp(0.07 · 100) = wholeUp(7.000000000000001)
 * = 7, wholeUp(7.01) = 8.
 */
export function wholeUp(x: number): number {
  // + 0 turns the −0 that ⌈−1e-9⌉ gives into 0.
  return Math.ceil(x - WHOLE_SHELL_TOLERANCE * Math.max(1, Math.abs(x))) + 0;
}

/** `x` rounded half up to whole shells, with the same tolerance: 2.5 → 3, 2.4999999999999996 → 3, 2.49 → 2. */
export function roundShells(x: number): number {
  return wholeShells(x + 0.5);
}

/**
 * Cumulative rounding of a fractional amount that recurs (a share of each lot or delivery, a
 * fractional demand each day): the whole amount on event n is round(S_n) − round(S_{n−1}), S_n the
 * exact running sum, so the whole total stays within half a shell of the exact one (up to the
 * tolerance) instead of erring on every event. It keeps only the remainder S_n − (whole so far),
 * so the rounding stays as exact on day 10,000 as on day 1. `round` picks the rule (half up by
 * default; {@link wholeUp} for inputs used, so the total used never falls below the exact need).
 */
export class WholeShellCarry {
  /** Exact amount minus whole amount so far: what the next events still owe (or have had in advance). */
  private remainder = 0;

  constructor(private readonly round: (x: number) => number = roundShells) {}

  /** The exact amount counted in advance (positive when more whole shells went out than the exact sum). */
  get advance(): number {
    return -this.remainder;
  }

  /** Whole shells for the exact amount `x` on this event, between 0 and `most`, without recording it. */
  peek(x: number, most = Infinity): number {
    return Math.min(most, Math.max(0, this.round(this.remainder + x)));
  }

  /** Records that `whole` shells stood for the exact amount `x` (what `peek` gave, or less if less was there). */
  commit(x: number, whole: number): void {
    this.remainder += x - whole;
  }

  /** Whole shells for the exact amount `x` on this event, recorded: peek then commit. */
  take(x: number, most = Infinity): number {
    const whole = this.peek(x, most);
    this.commit(x, whole);
    return whole;
  }
}
