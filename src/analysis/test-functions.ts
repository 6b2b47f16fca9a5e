/**
 * Functions whose sensitivity indices are known in closed form, to check the samplers and analysers
 * against: a sensitivity method that cannot recover these answers should not be trusted on a supply
 * chain. Each function carries its problem and its analytic answers, computed from the formulas.
 */
import { type Problem, fail, validateProblem } from '../sample/problem.js';

/** A plain function of a row of factor values, with the problem that defines its inputs. */
export interface TestFunction {
  name: string;
  problem: Problem;
  evaluate(x: readonly number[]): number;
}

/** A test function with analytic variance-based indices, in problem order. */
export interface SobolTestFunction extends TestFunction {
  /** Total variance of the output. */
  variance: number;
  /** First-order indices. */
  S1: number[];
  /** Total-order indices. */
  ST: number[];
}

/**
 * The Ishigami function y = sin x₁ + a·sin² x₂ + b·x₃⁴·sin x₁ on [−π, π]³ — strongly non-linear and
 * non-monotone, with an x₁–x₃ interaction and an x₃ whose first-order effect is zero.
 *
 * Ishigami, T. & Homma, T. (1990) An importance quantification technique in uncertainty analysis for
 * computer models. Proc. ISUMA '90, 398–403. Analytic partial variances (Sobol' & Levitan 1999, On the use
 * of variance reducing multipliers in Monte Carlo computations of a global sensitivity index. Computer
 * Physics Communications 117, 52–61): V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8, V₃ = 0, V₁₃ = b²π⁸(1/18 − 1/50),
 * V = ½ + a²/8 + bπ⁴/5 + b²π⁸/18. With a = 7, b = 0.1: S1 ≈ [0.3139, 0.4424, 0], ST ≈ [0.5576, 0.4424, 0.2437].
 */
export function ishigami(a = 7, b = 0.1): SobolTestFunction {
  const pi4 = Math.PI ** 4;
  const pi8 = Math.PI ** 8;
  const V1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const V2 = a ** 2 / 8;
  const V13 = b ** 2 * pi8 * (1 / 18 - 1 / 50);
  const variance = 0.5 + a ** 2 / 8 + (b * pi4) / 5 + (b ** 2 * pi8) / 18;
  return {
    name: `Ishigami (a = ${a}, b = ${b})`,
    problem: {
      factors: ['x1', 'x2', 'x3'].map((name) => ({ name, min: -Math.PI, max: Math.PI })),
    },
    evaluate: ([x1, x2, x3]) => Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1),
    variance,
    S1: [V1 / variance, V2 / variance, 0],
    ST: [(V1 + V13) / variance, V2 / variance, V13 / variance],
  };
}

/**
 * Sobol's G function y = Πᵢ (|4xᵢ − 2| + aᵢ) / (1 + aᵢ) on [0, 1]ᵏ: factor i matters less the larger aᵢ
 * (aᵢ = 0 very important, aᵢ ≥ 99 negligible), and all interactions are present.
 *
 * Saltelli, A. & Sobol', I. M. (1995) About the use of rank transformation in sensitivity analysis of
 * model output. Reliability Engineering & System Safety 50(3), 225–239. Partial variances
 * Vᵢ = 1 / (3(1 + aᵢ)²), V = Πᵢ(1 + Vᵢ) − 1, S1ᵢ = Vᵢ / V, STᵢ = Vᵢ·Πⱼ≠ᵢ(1 + Vⱼ) / V.
 * @throws AnalysisInputError for no coefficients or a coefficient that is not finite and ≥ 0.
 */
export function sobolG(a: number[] = [0, 1, 4.5, 9, 99, 99, 99, 99]): SobolTestFunction {
  if (a.length === 0) fail('bad_option', 'a', 'needs at least one coefficient');
  a.forEach((ai, i) => {
    if (!(Number.isFinite(ai) && ai >= 0)) fail('bad_value', `a[${i}]`, `must be a finite number ≥ 0, got ${ai}`);
  });
  const Vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const product = Vi.reduce((p, v) => p * (1 + v), 1);
  const variance = product - 1;
  return {
    name: `Sobol' G (a = [${a.join(', ')}])`,
    problem: { factors: a.map((_, i) => ({ name: `x${i + 1}`, min: 0, max: 1 })) },
    evaluate: (x) => a.reduce((p, ai, i) => (p * (Math.abs(4 * x[i] - 2) + ai)) / (1 + ai), 1),
    variance,
    S1: Vi.map((v) => v / variance),
    ST: Vi.map((v) => (v * (product / (1 + v))) / variance),
  };
}

/** A linear test function, with its Morris measures as well as its Sobol' indices. */
export interface LinearTestFunction extends SobolTestFunction {
  /** Morris μ = cᵢ·(maxᵢ − minᵢ). */
  mu: number[];
  /** Morris μ* = |cᵢ|·(maxᵢ − minᵢ). */
  muStar: number[];
  /** Morris σ = 0: every elementary effect of a linear function is the same. */
  sigma: number[];
}

/**
 * The linear function y = Σᵢ cᵢxᵢ with xᵢ uniform on [minᵢ, maxᵢ]. Var xᵢ = (maxᵢ − minᵢ)²/12, so
 * S1ᵢ = STᵢ = cᵢ²·Var xᵢ / Σⱼ cⱼ²·Var xⱼ (no interactions); every Morris elementary effect of xᵢ, scaled
 * per factor range, is exactly cᵢ·(maxᵢ − minᵢ).
 * @param problem - the factors; default xᵢ on [0, 1].
 * @throws AnalysisInputError for a bad problem, a coefficient count that differs from the factor count,
 *   or all coefficients zero.
 */
export function linearFunction(coefficients: number[], problem?: Problem): LinearTestFunction {
  const factors = problem ?? { factors: coefficients.map((_, i) => ({ name: `x${i + 1}`, min: 0, max: 1 })) };
  validateProblem(factors);
  if (coefficients.length !== factors.factors.length) {
    fail('bad_shape', 'coefficients', `has ${coefficients.length} values, expected one per factor (${factors.factors.length})`);
  }
  const ranges = factors.factors.map(({ min, max }) => max - min);
  const partial = coefficients.map((c, i) => (c ** 2 * ranges[i] ** 2) / 12);
  const variance = partial.reduce((s, v) => s + v, 0);
  if (!(variance > 0)) fail('bad_value', 'coefficients', 'must not all be zero: a constant has no sensitivity indices');
  return {
    name: `linear (c = [${coefficients.join(', ')}])`,
    problem: factors,
    evaluate: (x) => coefficients.reduce((s, c, i) => s + c * x[i], 0),
    variance,
    S1: partial.map((v) => v / variance),
    ST: partial.map((v) => v / variance),
    mu: coefficients.map((c, i) => c * ranges[i]),
    muStar: coefficients.map((c, i) => Math.abs(c) * ranges[i]),
    sigma: coefficients.map(() => 0),
  };
}

/** A test function whose Morris ranking is known for every sample. */
export interface ScreeningTestFunction extends TestFunction {
  /** Factor names from the largest μ* to the smallest. */
  order: string[];
  /** For each factor, [lowest, highest] possible elementary effect, hence bounds on μ* for any sample. */
  muStarBounds: [number, number][];
}

/**
 * A five-factor function on [0, 1]⁵ with a known Morris ranking x1 > x2 > x3 > x4 > x5, built for this
 * library: y = 30x₁ + 9x₂ + 9x₂² + 2x₃(3 + x₄) + x₄ (x₅ inert). An elementary effect is the mean slope
 * over a step, so for any step inside [0, 1] it lies between the least and greatest partial derivative:
 * x₁: 30; x₂: 9 + 18x₂ ∈ [9, 27]; x₃: 2(3 + x₄) ∈ [6, 8]; x₄: 2x₃ + 1 ∈ [1, 3]; x₅: 0. The intervals are
 * disjoint and every effect is positive, so μ* (a mean of them) ranks the factors in this order for any
 * trajectories, levels and seed — with a non-linear x₂ and an x₃–x₄ interaction to give σ > 0.
 */
export function screeningFunction(): ScreeningTestFunction {
  return {
    name: 'screening order x1 > x2 > x3 > x4 > x5',
    problem: { factors: ['x1', 'x2', 'x3', 'x4', 'x5'].map((name) => ({ name, min: 0, max: 1 })) },
    evaluate: ([x1, x2, x3, x4]) => 30 * x1 + 9 * x2 + 9 * x2 ** 2 + 2 * x3 * (3 + x4) + x4,
    order: ['x1', 'x2', 'x3', 'x4', 'x5'],
    muStarBounds: [
      [30, 30],
      [9, 27],
      [6, 8],
      [1, 3],
      [0, 0],
    ],
  };
}
