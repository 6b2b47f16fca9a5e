/**
 * Full-factorial designs: every combination of every factor's levels, the sweep a modeller writes
 * as nested loops. Points only — this module never runs a model.
 */

/**
 * The full factorial of the given factor levels: one row per combination, the first factor varying
 * slowest (row-major, as nested loops written in factor order). The design has the product of the
 * level counts as its number of rows; with no factors it is the single empty point `[[]]`.
 *
 * @example gridDesign([[1, 2], [10, 20, 30]]) → [[1,10],[1,20],[1,30],[2,10],[2,20],[2,30]]
 * @param levels - for each factor, its levels in the order they should be visited
 * @returns the combinations, each a row with one value per factor
 * @throws RangeError if a factor has no levels
 */
export function gridDesign(levels: number[][]): number[][] {
  levels.forEach((factor, index) => {
    if (factor.length === 0) throw new RangeError(`gridDesign: levels[${index}] has no levels`);
  });
  let rows: number[][] = [[]];
  for (const factor of levels) {
    const next: number[][] = [];
    for (const row of rows) for (const level of factor) next.push([...row, level]);
    rows = next;
  }
  return rows;
}

/**
 * `n` evenly spaced values from `low` to `high`, both ends included and exact
 * (like numpy.linspace); `n = 1` gives `[low]`.
 *
 * @param low - first value, finite
 * @param high - last value, finite (may be below `low` for a descending sequence)
 * @param n - number of values, an integer ≥ 1
 * @throws RangeError if n is not a positive integer or low/high is not finite
 */
export function linspace(low: number, high: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`linspace: n must be an integer ≥ 1, got ${n}`);
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new RangeError(`linspace: low and high must be finite, got ${low} and ${high}`);
  }
  if (n === 1) return [low];
  const step = (high - low) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? high : low + i * step));
}
