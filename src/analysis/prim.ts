/**
 * PRIM, the patient rule induction method (Friedman & Fisher 1999), for scenario discovery as the EMA
 * Workbench does it (Kwakkel 2017; Bryant & Lempert 2010): peel a box of parameter space until the cases of
 * interest are dense inside it, paste back what helps, then cover the rest with further boxes.
 * Arrays in, arrays out: `x[i][j]` is parameter j of case i, `y[i]` whether case i is of interest.
 */
import { randomStream } from '../engine/random.js';

/** Lower and upper limit of a box in each dimension (both inclusive). */
export interface BoxLimits {
  lower: number[];
  upper: number[];
}

/** One box on a peeling (and pasting) trajectory. */
export interface TrajectoryStep {
  /** Position on the trajectory, 0 for the starting box. */
  index: number;
  stage: 'start' | 'peel' | 'paste';
  /** Share of all cases of interest that fall in the box. */
  coverage: number;
  /** Share of the box's cases that are of interest. */
  density: number;
  /** Share of all cases that fall in the box. */
  mass: number;
  /** Number of dimensions whose limits differ from the bounds. */
  restricted: number;
  limits: BoxLimits;
  /** Cases in the box, and cases of interest among them. */
  cases: number;
  interest: number;
}

/** A box chosen from a trajectory, with its statistics. */
export interface PrimBox {
  trajectory: TrajectoryStep[];
  /** Index of the chosen step in `trajectory`. */
  selected: number;
  limits: BoxLimits;
  coverage: number;
  density: number;
  mass: number;
  cases: number;
  interest: number;
  /** Per dimension whether its limits differ from the bounds. */
  restricted: boolean[];
  /**
   * Per dimension the quasi-p-value of its restriction (Bryant & Lempert 2010): the one-sided binomial
   * probability of as many cases of interest in the box if the restriction were dropped; of a dimension
   * restricted on both sides, the larger of the two. NaN for an unrestricted dimension.
   */
  quasiP: number[];
  /**
   * Per dimension the share of bootstrap resamples of this box's data in which PRIM, choosing by the
   * same rule, restricts it; empty when no resampling was asked for.
   */
  resampledRestriction: number[];
  /** Indices of the cases in the box (among those not covered by an earlier box). */
  members: number[];
}

/** What {@link prim} found. */
export interface PrimResult {
  /** Cases, cases of interest, and their ratio (the density of the whole space). */
  cases: number;
  interest: number;
  baseRate: number;
  bounds: [number, number][];
  /** The boxes in the order found (covering): each from the cases no earlier box holds. */
  boxes: PrimBox[];
  /** Why covering stopped after the last box. */
  stop: 'max_boxes' | 'below_base_rate' | 'no_interest_left' | 'no_box';
}

export interface PrimOptions {
  /** The parameter ranges (the starting box); default each column's min and max. */
  bounds?: readonly (readonly [number, number])[];
  /** Share of a box's cases peeled off per step. Default 0.05 (Friedman & Fisher 1999). */
  peelAlpha?: number;
  /** Share of the cases just outside a limit pasted back per step. Default 0.05. */
  pasteAlpha?: number;
  /** Smallest box, as a share of all cases. Default 0.05. */
  massMin?: number;
  /**
   * Box selection: among the steps with coverage ≥ threshold · the trajectory's largest coverage,
   * the densest (ties: the larger coverage, then the earlier). Default 0.8.
   */
  threshold?: number;
  /** Trajectory index of the first box, instead of the rule above. */
  select?: number;
  /** Most boxes found by covering. Default 3. */
  maxBoxes?: number;
  /** Bootstrap resamples per box for the restriction statistics. Default 0. */
  resamples?: number;
  /** Seed of the resamples. Default 0. */
  seed?: number;
}

/** Column-major data with the counts every step's statistics are shares of. */
interface Data {
  cols: Float64Array[];
  y: Uint8Array;
  bounds: [number, number][];
  /** All cases and all cases of interest (the denominators of mass and coverage). */
  n: number;
  interest: number;
}

/**
 * Finds boxes in which cases of interest are dense: the first by peeling and pasting over all cases, each
 * next one over the cases no earlier box holds, until `maxBoxes`, no case of interest is left, or the next
 * box's density falls below the base rate (that box is not kept).
 * @throws Error on ragged rows, a `y` of another length, bounds that do not fit, or options out of range
 */
export function prim(x: readonly (readonly number[])[], y: readonly boolean[], options: PrimOptions = {}): PrimResult {
  const data = columns(x, y, options.bounds);
  checkOptions(options);
  const maxBoxes = options.maxBoxes ?? 3;
  const baseRate = data.n > 0 ? data.interest / data.n : 0;
  const boxes: PrimBox[] = [];
  let remaining = Array.from({ length: data.n }, (_, i) => i);
  let stop: PrimResult['stop'] = 'max_boxes';
  while (boxes.length < maxBoxes) {
    if (!remaining.some((i) => data.y[i] === 1)) { stop = boxes.length === 0 ? 'no_box' : 'no_interest_left'; break; }
    const box = findBox(data, remaining, options, boxes.length === 0 ? options.select : undefined);
    if (boxes.length > 0 && box.density < baseRate) { stop = 'below_base_rate'; break; }
    box.resampledRestriction = resampleRestriction(data, remaining, options, boxes.length);
    boxes.push(box);
    const inside = new Set(box.members);
    remaining = remaining.filter((i) => !inside.has(i));
  }
  return { cases: data.n, interest: data.interest, baseRate, bounds: data.bounds, boxes, stop };
}

/**
 * The peeling and pasting trajectory of one box over the cases `indices` (all cases by default), as
 * Friedman & Fisher (1999) with the EMA Workbench's objective: the gain in mean per case removed (or added).
 */
export function peelingTrajectory(x: readonly (readonly number[])[], y: readonly boolean[], options: PrimOptions = {}, indices?: number[]): TrajectoryStep[] {
  const data = columns(x, y, options.bounds);
  checkOptions(options);
  return trajectoryOf(data, indices ?? Array.from({ length: data.n }, (_, i) => i), options);
}

/** The step chosen by the default rule: the densest with coverage ≥ threshold · max coverage. */
export function selectStep(trajectory: readonly TrajectoryStep[], threshold = 0.8): number {
  const most = Math.max(...trajectory.map((s) => s.coverage));
  let best = 0;
  for (const step of trajectory) {
    if (step.coverage < threshold * most - 1e-12) continue;
    const chosen = trajectory[best];
    const eligible = chosen.coverage >= threshold * most - 1e-12;
    if (!eligible || step.density > chosen.density || (step.density === chosen.density && step.coverage > chosen.coverage)) best = step.index;
  }
  return best;
}

function findBox(data: Data, remaining: number[], options: PrimOptions, select: number | undefined): PrimBox {
  const trajectory = trajectoryOf(data, remaining, options);
  const selected = select === undefined ? selectStep(trajectory, options.threshold) : select;
  if (!Number.isInteger(selected) || selected < 0 || selected >= trajectory.length) {
    throw new RangeError(`select must be a trajectory index from 0 to ${trajectory.length - 1}, got ${select}`);
  }
  const step = trajectory[selected];
  const members = remaining.filter((i) => inBox(data, i, step.limits));
  const restricted = data.bounds.map(([lo, hi], j) => step.limits.lower[j] !== lo || step.limits.upper[j] !== hi);
  return {
    trajectory, selected, limits: step.limits, coverage: step.coverage, density: step.density, mass: step.mass,
    cases: step.cases, interest: step.interest, restricted,
    quasiP: quasiPValues(data, remaining, step.limits, step.cases, step.interest),
    resampledRestriction: [], members,
  };
}

function trajectoryOf(data: Data, start: number[], options: PrimOptions): TrajectoryStep[] {
  const peelAlpha = options.peelAlpha ?? 0.05;
  const pasteAlpha = options.pasteAlpha ?? 0.05;
  const massMin = options.massMin ?? 0.05;
  const d = data.cols.length;
  const steps: TrajectoryStep[] = [];
  const record = (stage: TrajectoryStep['stage'], limits: BoxLimits, members: number[]) => {
    const interest = countInterest(data, members);
    steps.push({
      index: steps.length, stage, limits, cases: members.length, interest,
      coverage: data.interest > 0 ? interest / data.interest : 0,
      density: members.length > 0 ? interest / members.length : 0,
      mass: members.length / data.n,
      restricted: restrictedCount(data, limits),
    });
  };
  let limits: BoxLimits = { lower: data.bounds.map((b) => b[0]), upper: data.bounds.map((b) => b[1]) };
  let members = start;
  record('start', limits, members);

  // Peeling: of the 2d candidate peels (each dimension's lowest or highest α share), the one with the
  // largest gain in mean per case removed; ties go to the box with fewer restricted dimensions, then
  // to the earlier candidate (dimension order, upper before lower, as the EMA Workbench lists them).
  for (;;) {
    const meanOld = countInterest(data, members) / members.length;
    let best: { score: number; free: number; limits: BoxLimits; members: number[] } | undefined;
    for (let j = 0; j < d; j++) {
      const values = members.map((i) => data.cols[j][i]).sort((a, b) => a - b);
      for (const upper of [true, false]) {
        const cut = quantileLikeSdToolkit(values, upper ? 1 - peelAlpha : peelAlpha);
        const kept = members.filter((i) => (upper ? data.cols[j][i] <= cut : data.cols[j][i] >= cut));
        const next = withLimit(limits, j, upper, cut);
        const score = gainPerCase(meanOld, members.length, kept.length === 0 ? 0 : countInterest(data, kept) / kept.length, kept.length);
        const free = d - restrictedCount(data, next);
        if (!best || score > best.score || (score === best.score && free > best.free)) best = { score, free, limits: next, members: kept };
      }
    }
    if (!best || !(best.score > 0) || best.members.length / data.n < massMin || best.members.length >= members.length) break;
    limits = best.limits;
    members = best.members;
    record('peel', limits, members);
  }

  // Pasting: widen a restricted limit over the α share of the cases just outside it, while that raises
  // the density. Candidates come from the cases PRIM started from (not only the box's own).
  for (;;) {
    const meanOld = countInterest(data, members) / members.length;
    let best: { score: number; free: number; limits: BoxLimits; members: number[] } | undefined;
    for (let j = 0; j < d; j++) {
      const [lo, hi] = data.bounds[j];
      for (const upper of [false, true]) {
        if (upper ? limits.upper[j] === hi : limits.lower[j] === lo) continue;
        // The slab beyond this limit, with every other limit kept.
        const slab = upper ? withLimit(withLimit(limits, j, false, limits.upper[j]), j, true, hi) : withLimit(withLimit(limits, j, true, limits.lower[j]), j, false, lo);
        const outside = start.filter((i) => inBox(data, i, slab)).map((i) => data.cols[j][i]).sort((a, b) => a - b);
        const value = outside.length === 0 ? (upper ? hi : lo) : quantileLikeSdToolkit(outside, upper ? pasteAlpha : 1 - pasteAlpha);
        const next = withLimit(limits, j, upper, value);
        const grown = start.filter((i) => inBox(data, i, next));
        const score = gainPerCase(meanOld, members.length, grown.length === 0 ? 0 : countInterest(data, grown) / grown.length, grown.length);
        const free = d - restrictedCount(data, next);
        if (!best || score > best.score || (score === best.score && free > best.free)) best = { score, free, limits: next, members: grown };
      }
    }
    if (!best || !(best.score > 0) || best.members.length <= members.length || best.members.length / data.n < massMin) break;
    limits = best.limits;
    members = best.members;
    record('paste', limits, members);
  }
  return steps;
}

/**
 * The EMA Workbench's objective ("lenient1"): change in mean divided by the number of cases removed or
 * added; 0 when the mean does not change.
 */
function gainPerCase(meanOld: number, nOld: number, meanNew: number, nNew: number): number {
  if (meanNew === meanOld || nNew === nOld) return 0;
  return (meanNew - meanOld) / Math.abs(nOld - nNew);
}

/**
 * The quantile sdtoolkit and the EMA Workbench peel at: between the two order statistics around
 * (n − 1)·q, moved outwards past ties, so a cut never falls on a repeated value and always separates cases.
 */
export function quantileLikeSdToolkit(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  let lo = Math.floor(at);
  let hi = Math.ceil(at);
  if (q > 0.5) {
    while (sorted[lo] === sorted[hi] && lo > 0) lo--;
  } else {
    while (sorted[lo] === sorted[hi] && hi < sorted.length - 1) hi++;
  }
  return (sorted[lo] + sorted[hi]) / 2;
}

/**
 * Quasi-p-values of a box's restrictions (Bryant & Lempert 2010, as the EMA Workbench computes them): for
 * each restricted side, drop it; p is the density of the wider box among `pool`; the value is
 * P(X ≥ interest) for X ~ Binomial(cases, p). Per dimension the larger of its sides; NaN if unrestricted.
 */
function quasiPValues(data: Data, pool: number[], limits: BoxLimits, cases: number, interest: number): number[] {
  return data.bounds.map(([lo, hi], j) => {
    let worst = Number.NaN;
    for (const upper of [false, true]) {
      if (upper ? limits.upper[j] === hi : limits.lower[j] === lo) continue;
      const wider = withLimit(limits, j, upper, upper ? hi : lo);
      const inside = pool.filter((i) => inBox(data, i, wider));
      const p = inside.length === 0 ? 0 : countInterest(data, inside) / inside.length;
      const qp = binomialUpperTail(interest, cases, p);
      worst = Number.isNaN(worst) ? qp : Math.max(worst, qp);
    }
    return worst;
  });
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space (exact for every n a sweep has). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  // log C(n, i) by its recurrence from C(n, 0) = 1.
  let logC = 0;
  for (let i = 0; i < k; i++) logC += Math.log(n - i) - Math.log(i + 1);
  const terms: number[] = [];
  for (let i = k; i <= n; i++) {
    terms.push(logC + i * logP + (n - i) * logQ);
    logC += Math.log(n - i) - Math.log(i + 1);
  }
  const top = Math.max(...terms);
  return Math.min(1, Math.exp(top) * terms.reduce((sum, t) => sum + Math.exp(t - top), 0));
}

/** Per dimension the share of bootstrap resamples of `pool` whose chosen box restricts it. */
function resampleRestriction(data: Data, pool: number[], options: PrimOptions, box: number): number[] {
  const resamples = options.resamples ?? 0;
  if (resamples === 0) return [];
  const d = data.cols.length;
  const counts = new Array<number>(d).fill(0);
  const random = randomStream(options.seed ?? 0, 'prim-resample', String(box));
  for (let b = 0; b < resamples; b++) {
    const picks = pool.map(() => pool[Math.floor(random.random() * pool.length)]);
    const cols = data.cols.map((col) => Float64Array.from(picks, (i) => col[i]));
    const y = Uint8Array.from(picks, (i) => data.y[i]);
    const sample: Data = { cols, y, bounds: data.bounds, n: picks.length, interest: y.reduce((s, v) => s + v, 0) };
    if (sample.interest === 0) continue; // nothing to find: no dimension restricted
    const trajectory = trajectoryOf(sample, picks.map((_, i) => i), options);
    const step = trajectory[selectStep(trajectory, options.threshold)];
    data.bounds.forEach(([lo, hi], j) => { if (step.limits.lower[j] !== lo || step.limits.upper[j] !== hi) counts[j]++; });
  }
  return counts.map((c) => c / resamples);
}

function columns(x: readonly (readonly number[])[], y: readonly boolean[], bounds?: readonly (readonly [number, number])[]): Data {
  if (x.length !== y.length) throw new RangeError(`x has ${x.length} rows but y has ${y.length} values`);
  const d = x.length > 0 ? x[0].length : (bounds?.length ?? 0);
  x.forEach((row, i) => { if (row.length !== d) throw new RangeError(`x[${i}] has ${row.length} values, expected ${d}`); });
  const cols = Array.from({ length: d }, (_, j) => Float64Array.from(x, (row) => row[j]));
  cols.forEach((col, j) => { if (col.some((v) => !Number.isFinite(v))) throw new RangeError(`x column ${j} has a value that is not a finite number`); });
  const ranges: [number, number][] = bounds
    ? bounds.map(([lo, hi]) => [lo, hi])
    : cols.map((col) => [Math.min(...col), Math.max(...col)]);
  if (ranges.length !== d) throw new RangeError(`bounds has ${ranges.length} ranges, expected ${d}`);
  ranges.forEach(([lo, hi], j) => {
    if (cols[j].some((v) => v < lo || v > hi)) throw new RangeError(`x column ${j} has values outside its bounds [${lo}, ${hi}]`);
  });
  const flags = Uint8Array.from(y, (v) => (v ? 1 : 0));
  return { cols, y: flags, bounds: ranges, n: x.length, interest: flags.reduce((s, v) => s + v, 0) };
}

function checkOptions(options: PrimOptions): void {
  const share = (name: keyof PrimOptions, value: number | undefined, max: number) => {
    if (value !== undefined && !(value > 0 && value < max)) throw new RangeError(`${name} must be above 0 and below ${max}, got ${value}`);
  };
  share('peelAlpha', options.peelAlpha, 0.5);
  share('pasteAlpha', options.pasteAlpha, 0.5);
  share('massMin', options.massMin, 1);
  if (options.threshold !== undefined && !(options.threshold > 0 && options.threshold <= 1)) throw new RangeError(`threshold must be above 0 and at most 1, got ${options.threshold}`);
  for (const name of ['maxBoxes', 'resamples'] as const) {
    const value = options[name];
    if (value !== undefined && !(Number.isInteger(value) && value >= (name === 'maxBoxes' ? 1 : 0))) throw new RangeError(`${name} must be a whole number ≥ ${name === 'maxBoxes' ? 1 : 0}, got ${value}`);
  }
}

function withLimit(limits: BoxLimits, j: number, upper: boolean, value: number): BoxLimits {
  const next = { lower: [...limits.lower], upper: [...limits.upper] };
  (upper ? next.upper : next.lower)[j] = value;
  return next;
}

function inBox(data: Data, i: number, limits: BoxLimits): boolean {
  for (let j = 0; j < data.cols.length; j++) {
    const v = data.cols[j][i];
    if (v < limits.lower[j] || v > limits.upper[j]) return false;
  }
  return true;
}

function countInterest(data: Data, members: readonly number[]): number {
  let count = 0;
  for (const i of members) count += data.y[i];
  return count;
}

function restrictedCount(data: Data, limits: BoxLimits): number {
  return data.bounds.reduce((sum, [lo, hi], j) => sum + (limits.lower[j] !== lo || limits.upper[j] !== hi ? 1 : 0), 0);
}
