/**
 * History matching (Craig et al. 1997; Vernon et al. 2010) on simulator runs, without an emulator:
 * each design point's replications give a mean and a variance per target; the implausibility
 * I = |mean − obs| / √(var_obs + var_sim / R) says how far the point is from the observation in
 * standard deviations; points whose largest (or second-largest) I is ≤ the cutoff are not ruled out yet.
 */
import { mean, quantileSorted, variance } from './statistics.js';

/** An observation as a target gives it: its accepted range, read as ±2σ around its midpoint. */
export interface Observation {
  low: number;
  high: number;
}

/** obs = the range's midpoint; var_obs = ((high − low) / 4)², the range being ±2σ. */
export function observationMoments(target: Observation): { obs: number; varObs: number } {
  const sd = (target.high - target.low) / 4;
  return { obs: (target.low + target.high) / 2, varObs: sd * sd };
}

/**
 * Implausibility of one point for one target from its replication values: |mean − obs| / √(var_obs + var_sim / R),
 * var_sim the sample variance (n − 1) of the R values (0 with one). NaN when a value is missing.
 */
export function implausibility(values: readonly number[], target: Observation): number {
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) return Number.NaN;
  const { obs, varObs } = observationMoments(target);
  const R = values.length;
  const varSim = R > 1 ? variance(values, 1) : 0;
  const distance = Math.abs(mean(values) - obs);
  const scale = Math.sqrt(varObs + varSim / R);
  return scale > 0 ? distance / scale : distance === 0 ? 0 : Number.POSITIVE_INFINITY;
}

/** The largest and second-largest implausibility of a point (the second is the largest when there is one target). */
export function maxima(row: readonly number[]): { max: number; second: number } {
  const sorted = [...row].sort((a, b) => b - a);
  return { max: sorted[0] ?? Number.NaN, second: sorted[1] ?? sorted[0] ?? Number.NaN };
}

/** Whether a point is not ruled out yet: its largest (or second-largest) I is ≤ cutoff; a point with a missing I is ruled out. */
export function isNroy(row: readonly number[], cutoff: number, secondMax = false): boolean {
  if (row.some((v) => Number.isNaN(v))) return false;
  const { max, second } = maxima(row);
  return (secondMax ? second : max) <= cutoff;
}

/** How often a pair of targets holds (I ≤ cutoff) alone and together over the points. */
export interface Conflict {
  a: number;
  b: number;
  shareA: number;
  shareB: number;
  shareBoth: number;
}

/**
 * For each pair of targets (a before b in target order), the share of points where each holds and
 * where both do. Points with a missing implausibility are left out.
 */
export function targetConflicts(rows: readonly (readonly number[])[], cutoff: number): Conflict[] {
  const complete = rows.filter((row) => row.every((v) => !Number.isNaN(v)));
  const n = complete.length;
  const k = complete[0]?.length ?? rows[0]?.length ?? 0;
  const holds = complete.map((row) => row.map((v) => v <= cutoff));
  const share = (count: number) => (n === 0 ? Number.NaN : count / n);
  const conflicts: Conflict[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let ca = 0, cb = 0, both = 0;
      for (const h of holds) { if (h[a]) ca++; if (h[b]) cb++; if (h[a] && h[b]) both++; }
      conflicts.push({ a, b, shareA: share(ca), shareB: share(cb), shareBoth: share(both) });
    }
  }
  return conflicts;
}

/** Where the next wave samples: per parameter, [low, high]. */
export interface Box {
  low: number[];
  high: number[];
}

/**
 * The next wave's box: the bounding box of the NROY points, widened on each side along each parameter by the
 * smaller of two margins, since the plausible region's edge lies somewhere between a kept point and the nearest
 * ruled-out one: the design's typical spacing (its box width × N^(−1/k) for N points over k parameters, the side
 * of the cell each point stands for), and, with m ≥ 2 NROY points, their range along it ÷ (m − 1) (how far the
 * edge of a uniform spread lies beyond its extreme points, the endpoint estimate). In many dimensions the cell
 * side is most of the box (0.81 of it for 1024 points over 33 parameters), which alone would keep every wave in
 * the prior. Clipped to the current box. Undefined without NROY points.
 */
export function nextBox(points: readonly (readonly number[])[], nroy: readonly boolean[], current: Box): Box | undefined {
  const kept = points.filter((_, i) => nroy[i]);
  if (kept.length === 0) return undefined;
  const spacing = points.length ** (-1 / current.low.length);
  const lowest = current.low.map((_, d) => Math.min(...kept.map((p) => p[d])));
  const highest = current.high.map((_, d) => Math.max(...kept.map((p) => p[d])));
  const pad = (d: number) => {
    const cell = (current.high[d] - current.low[d]) * spacing;
    return kept.length >= 2 ? Math.min(cell, (highest[d] - lowest[d]) / (kept.length - 1)) : cell;
  };
  const low = current.low.map((lo, d) => Math.max(lo, lowest[d] - pad(d)));
  const high = current.high.map((hi, d) => Math.min(hi, highest[d] + pad(d)));
  return { low, high };
}

/** The 5, 50 and 95 % quantiles of some values (NaN when there are none). */
export function spread(values: readonly number[]): { q05: number; q50: number; q95: number } {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) return { q05: Number.NaN, q50: Number.NaN, q95: Number.NaN };
  return { q05: quantileSorted(sorted, 0.05), q50: quantileSorted(sorted, 0.5), q95: quantileSorted(sorted, 0.95) };
}
