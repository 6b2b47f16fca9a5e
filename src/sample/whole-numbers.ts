/**
 * Whole-number values for a sampled design (a count of ships, a day): each point of [0, 1) is mapped
 * through its stratum, so a stratified sample (a Latin hypercube: one point per stratum) spreads over
 * the whole numbers of a range as evenly as its size allows. Points only — this never runs a model.
 */

/**
 * The whole number for coordinate `x` of an `n`-point design over the `count` whole numbers
 * `first`, `first + 1`, …: the point's stratum k = ⌊x · n⌋ is mapped to first + ⌊(k + ½) · count / n⌋
 * (the stratum's midpoint, computed in integers). When the n points take the n strata once each (LHS;
 * a scrambled Sobol' design of a power of 2 points), each of the whole numbers is taken ⌊n / count⌋ or
 * ⌈n / count⌉ times, and with n ≤ count no two points share one.
 * @example stratumToWhole(0.55, 4, 1, 2) → 2 (stratum 2 of 4; 2 of the 4 strata go to each of 1 and 2)
 * @throws RangeError if n or count is not a positive integer
 */
export function stratumToWhole(x: number, n: number, first: number, count: number): number {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(count) || count < 1) {
    throw new RangeError(`stratumToWhole: n and count must be integers ≥ 1, got ${n} and ${count}`);
  }
  const k = Math.min(n - 1, Math.max(0, Math.floor(x * n)));
  return first + Math.floor(((2 * k + 1) * count) / (2 * n));
}
