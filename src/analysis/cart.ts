/**
 * A small classification tree (CART, Breiman et al. 1984) for scenario discovery, the alternative to PRIM
 * the EMA Workbench offers: binary splits that most reduce Gini impurity, to a few levels; each leaf is a
 * box of parameter space, and the leaves where cases of interest are the majority describe the scenarios.
 * Arrays in, arrays out, like prim.ts.
 */
import type { BoxLimits } from './prim.js';

export interface CartOptions {
  /** The parameter ranges (the root's box); default each column's min and max. */
  bounds?: readonly (readonly [number, number])[];
  /** Deepest level of a leaf (the root is level 0). Default 3. */
  maxDepth?: number;
  /** Fewest cases in a leaf. Default max(5, 1 % of the cases). */
  minLeaf?: number;
}

/** A leaf of the tree, as a box. */
export interface CartLeaf {
  limits: BoxLimits;
  depth: number;
  cases: number;
  interest: number;
  /** Share of all cases of interest in the leaf, share of its cases of interest, share of all cases. */
  coverage: number;
  density: number;
  mass: number;
  /** Whether cases of interest are the majority (density > 0.5): the leaf's class. */
  ofInterest: boolean;
  /** Indices of the leaf's cases. */
  members: number[];
}

export interface CartResult {
  cases: number;
  interest: number;
  baseRate: number;
  bounds: [number, number][];
  /** Every leaf, left to right. */
  leaves: CartLeaf[];
  /** The leaves of interest, densest first (ties: larger coverage first). */
  boxes: CartLeaf[];
}

/**
 * Grows the tree: a node splits at the midpoint between two neighbouring distinct values of one parameter,
 * the split of lowest weighted Gini impurity with at least `minLeaf` cases each side, if it lowers the
 * impurity; otherwise (or at `maxDepth`, or when pure) it is a leaf.
 * @throws RangeError on ragged rows, a `y` of another length or options out of range
 */
export function cart(x: readonly (readonly number[])[], y: readonly boolean[], options: CartOptions = {}): CartResult {
  if (x.length !== y.length) throw new RangeError(`x has ${x.length} rows but y has ${y.length} values`);
  const n = x.length;
  const d = n > 0 ? x[0].length : (options.bounds?.length ?? 0);
  x.forEach((row, i) => { if (row.length !== d) throw new RangeError(`x[${i}] has ${row.length} values, expected ${d}`); });
  const maxDepth = options.maxDepth ?? 3;
  const minLeaf = options.minLeaf ?? Math.max(5, Math.ceil(0.01 * n));
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new RangeError(`maxDepth must be a whole number ≥ 0, got ${maxDepth}`);
  if (!Number.isInteger(minLeaf) || minLeaf < 1) throw new RangeError(`minLeaf must be a whole number ≥ 1, got ${minLeaf}`);
  const bounds: [number, number][] = options.bounds
    ? options.bounds.map(([lo, hi]) => [lo, hi])
    : Array.from({ length: d }, (_, j) => [Math.min(...x.map((r) => r[j])), Math.max(...x.map((r) => r[j]))]);
  const interest = y.filter(Boolean).length;
  const leaves: CartLeaf[] = [];

  const grow = (members: number[], limits: BoxLimits, depth: number) => {
    const positives = members.filter((i) => y[i]).length;
    const split = depth < maxDepth && positives > 0 && positives < members.length ? bestSplit(x, y, members, d, minLeaf) : undefined;
    if (!split) {
      leaves.push({
        limits, depth, cases: members.length, interest: positives,
        coverage: interest > 0 ? positives / interest : 0,
        density: members.length > 0 ? positives / members.length : 0,
        mass: n > 0 ? members.length / n : 0,
        ofInterest: positives * 2 > members.length, members,
      });
      return;
    }
    const { j, cut } = split;
    const left = members.filter((i) => x[i][j] <= cut);
    const right = members.filter((i) => x[i][j] > cut);
    grow(left, { lower: [...limits.lower], upper: limits.upper.map((u, k) => (k === j ? cut : u)) }, depth + 1);
    grow(right, { lower: limits.lower.map((l, k) => (k === j ? cut : l)), upper: [...limits.upper] }, depth + 1);
  };
  grow(Array.from({ length: n }, (_, i) => i), { lower: bounds.map((b) => b[0]), upper: bounds.map((b) => b[1]) }, 0);
  const boxes = leaves.filter((l) => l.ofInterest).sort((a, b) => b.density - a.density || b.coverage - a.coverage);
  return { cases: n, interest, baseRate: n > 0 ? interest / n : 0, bounds, leaves, boxes };
}

/** Gini impurity of a node with `positives` of `n` cases of interest: 2p(1 − p). */
function gini(positives: number, n: number): number {
  if (n === 0) return 0;
  const p = positives / n;
  return 2 * p * (1 - p);
}

function bestSplit(x: readonly (readonly number[])[], y: readonly boolean[], members: number[], d: number, minLeaf: number): { j: number; cut: number } | undefined {
  const n = members.length;
  const total = members.filter((i) => y[i]).length;
  let best: { j: number; cut: number; impurity: number } | undefined;
  const parent = gini(total, n);
  for (let j = 0; j < d; j++) {
    const sorted = [...members].sort((a, b) => x[a][j] - x[b][j]);
    let leftPositives = 0;
    for (let k = 0; k < n - 1; k++) {
      if (y[sorted[k]]) leftPositives++;
      const here = x[sorted[k]][j];
      const next = x[sorted[k + 1]][j];
      if (here === next || k + 1 < minLeaf || n - k - 1 < minLeaf) continue;
      const impurity = ((k + 1) * gini(leftPositives, k + 1) + (n - k - 1) * gini(total - leftPositives, n - k - 1)) / n;
      if (!best || impurity < best.impurity - 1e-12) best = { j, cut: (here + next) / 2, impurity };
    }
  }
  return best && best.impurity < parent - 1e-12 ? { j: best.j, cut: best.cut } : undefined;
}
