/**
 * Counting whole shells. A shell count computed in floating point (0.29 · 100 = 28.999999999999996)
 * may land a hair below the whole number it means; every count of whole shells in a run is rounded
 * down through this one helper, with a relative tolerance, so such a value counts as 29.
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
