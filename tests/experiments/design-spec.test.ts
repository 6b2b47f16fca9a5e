/** `--vary` texts → design points: grids, Latin hypercubes and Sobol points scaled onto parameter ranges, and refusals. */
import { describe, expect, it } from 'vitest';
import { sampleLhs } from '../../src/sample/lhs.js';
import { sobolSequence } from '../../src/sample/sobol.js';
import { checkFixedParameters, planDesign, pointParameters, roundDesignValue } from '../../src/experiments/design-spec.js';
import { parseModel } from '../../src/assembly/load-model.js';
import { UserError, type Issue } from '../../src/model/errors.js';
import { refusal } from '../helpers.js';

const model = parseModel(`name: design-test
start: 2024-01-01
days: 5
parameters:
  output: { value: 5000, min: 3000, max: 9000 }
  risk: { value: 0.05, min: 0, max: 0.1 }
  open_ended: 7
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 10 } }]
`, 'design-test.yaml');

describe('grid designs', () => {
  it('turns LOW:HIGH:N and lists into the full factorial, first parameter slowest', () => {
    const design = planDesign(model, { vary: ['output=3000:9000:3', 'risk=0,0.1'], kind: 'grid', seed: 1 });
    expect(design.parameters).toEqual(['output', 'risk']);
    expect(design.points).toEqual([[3000, 0], [3000, 0.1], [6000, 0], [6000, 0.1], [9000, 0], [9000, 0.1]]);
    expect(pointParameters(design, 3)).toEqual({ output: 6000, risk: 0.1 });
  });

  it('is the single point of the model as it is when nothing is varied', () => {
    expect(planDesign(model, { vary: [], kind: 'grid', seed: 1 }).points).toEqual([[]]);
  });

  it('rounds levels to the 6 decimals written to CSV, so design.csv reproduces them exactly', () => {
    const design = planDesign(model, { vary: ['risk=0:0.1:4'], kind: 'grid', seed: 1 });
    expect(design.points.map((p) => p[0])).toEqual([0, 0.033333, 0.066667, 0.1]);
    for (const [x] of design.points) expect(Number(String(x))).toBe(x);
    expect(roundDesignValue(1 / 3)).toBe(0.333333);
  });
});

describe('lhs and sobol designs', () => {
  it('scales a Latin hypercube onto each range: one point in each of n strata per parameter', () => {
    const n = 20;
    const design = planDesign(model, { vary: ['output', 'risk=0.02:0.08'], kind: 'lhs', samples: n, seed: 11 });
    expect(design.points).toHaveLength(n);
    const unit = sampleLhs(n, 2, 11);
    const ranges = [[3000, 9000], [0.02, 0.08]];
    design.points.forEach((point, i) => point.forEach((x, d) => {
      const [low, high] = ranges[d];
      expect(x).toBeCloseTo(low + unit[i][d] * (high - low), 5);
    }));
    for (const [d, [low, high]] of ranges.entries()) {
      const strata = design.points.map((p) => Math.floor(((p[d] - low) / (high - low)) * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, k) => k));
    }
  });

  it('scales scrambled Sobol points the same way and is deterministic given the seed', () => {
    const design = planDesign(model, { vary: ['output', 'risk'], kind: 'sobol', samples: 8, seed: 5 });
    const unit = sobolSequence(8, 2, { scramble: true, seed: 5 });
    design.points.forEach((point, i) => {
      expect(point[0]).toBeCloseTo(3000 + unit[i][0] * 6000, 5);
      expect(point[1]).toBeCloseTo(unit[i][1] * 0.1, 5);
    });
    expect(planDesign(model, { vary: ['output', 'risk'], kind: 'sobol', samples: 8, seed: 5 }).points).toEqual(design.points);
    expect(planDesign(model, { vary: ['output', 'risk'], kind: 'sobol', samples: 8, seed: 6 }).points).not.toEqual(design.points);
  });
});

describe('bad --vary input is refused with a message that says what to fix', () => {
  it.each([
    ['unknown parameter', ['nope=1:2:3'], 'grid', undefined, /unknown parameter "nope".*known parameters in .*: output, risk, open_ended/],
    ['misspelt parameter', ['ouptut=1:2:3'], 'grid', undefined, /unknown parameter "ouptut".*did you mean "output"\?/],
    ['LOW above HIGH', ['output=9000:3000:3'], 'grid', undefined, /LOW \(9000\) is above HIGH \(3000\)/],
    ['N below 1', ['output=3000:9000:0'], 'grid', undefined, /N must be a whole number ≥ 1/],
    ['N not whole', ['output=3000:9000:2.5'], 'grid', undefined, /N must be a whole number ≥ 1/],
    ['value above max', ['output=3000:12000:3'], 'grid', undefined, /HIGH 12000 is outside the parameter's range \[3000, 9000\]/],
    ['list value below min', ['risk=-0.1,0.05'], 'grid', undefined, /value -0.1 is outside the parameter's range \[0, 0.1\]/],
    ['not a number', ['output=3000:lots:3'], 'grid', undefined, /HIGH "lots" is not a number/],
    ['bare name in a grid', ['output'], 'grid', undefined, /a grid needs levels/],
    ['grid range without N', ['output=3000:9000'], 'grid', undefined, /needs a number of levels/],
    ['duplicate levels', ['output=3000,3000'], 'grid', undefined, /lists a value twice/],
    ['varied twice', ['output=3000,4000', 'output=5000'], 'grid', undefined, /varied twice/],
    ['bare name without min/max', ['open_ended'], 'lhs', 10, /gives open_ended no min/],
    ['list for lhs', ['output=3000,4000'], 'lhs', 10, /lhs samples a range, not a list/],
    ['lhs without samples', ['output'], 'lhs', undefined, /`kind` lhs needs the number of points/],
    ['samples with a grid', ['output=3000,4000'], 'grid', 5, /`samples` is for `kind` lhs or sobol/],
    ['sobol with nothing varied', [], 'sobol', 8, /needs at least one `vary`/],
  ] as const)('%s', (_, vary, kind, samples, message) => {
    expect(refusal(() => planDesign(model, { vary: [...vary], kind, samples, seed: 1 }))).toMatch(message);
  });

  it('refuses --set values that are unknown, out of range or also varied', () => {
    expect(refusal(() => checkFixedParameters(model, { nope: 1 }, []))).toMatch(/unknown parameter "nope"/);
    expect(refusal(() => checkFixedParameters(model, { risk: 0.5 }, []))).toMatch(/outside the parameter's range/);
    expect(refusal(() => checkFixedParameters(model, { output: 4000 }, ['output']))).toMatch(/also varied/);
    expect(() => checkFixedParameters(model, { open_ended: 1e9, risk: 0.1 }, ['output'])).not.toThrow();
  });
});

describe('refusals locate the problem by library option paths, never by a flag', () => {
  const issuesOf = (action: () => unknown): Issue[] => {
    try { action(); } catch (error) { if (error instanceof UserError) return error.issues; throw error; }
    throw new Error('expected a UserError');
  };
  it.each([
    ['the second vary text', () => planDesign(model, { vary: ['output=3000,4000', 'nope=1:2:3'], kind: 'grid', seed: 1 }), { path: 'vary[1]', input: 'nope=1:2:3' }],
    ['samples with a grid', () => planDesign(model, { vary: ['output=3000,4000'], kind: 'grid', samples: 5, seed: 1 }), { path: 'samples' }],
    ['lhs without samples', () => planDesign(model, { vary: ['output'], kind: 'lhs', seed: 1 }), { path: 'samples', code: 'missing' }],
    ['sobol with nothing varied', () => planDesign(model, { vary: [], kind: 'sobol', samples: 8, seed: 1 }), { path: 'vary', code: 'missing' }],
    ['a fixed value also varied', () => checkFixedParameters(model, { output: 4000 }, ['output']), { path: 'fixed.output', input: 'output=4000', code: 'conflict' }],
  ] as const)('%s', (_, action, expected) => {
    const [issue] = issuesOf(action);
    expect(issue).toMatchObject(expected);
    expect(JSON.stringify(issue)).not.toMatch(/--\w/);
  });
});

describe('designs larger than LIMITS.designCells (rows × parameters) are refused before a point is drawn', () => {
  const wide = parseModel(`name: wide
start: 2024-01-01
days: 5
parameters:
${Array.from({ length: 100 }, (_, i) => `  p${i}: { value: 1, min: 0, max: 2 }`).join('\n')}
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 10 } }]
`, 'wide.yaml');
  const names = (k: number) => Array.from({ length: k }, (_, i) => `p${i}`);

  it.each([
    // 1,000,000 points × 100 parameters = 100,000,000 cells
    ['lhs', names(100), 1_000_000, '100,000,000 cells (1,000,000 rows × 100 parameters)', 'lower the number of samples'],
    // 1,000,000 points × 32 parameters = 32,000,000 cells
    ['sobol', names(32), 1_000_000, '32,000,000 cells (1,000,000 rows × 32 parameters)', 'lower the number of samples'],
    // 2^18 · 3 = 786,432 points (under the 1,000,000-point limit) × 19 parameters = 14,942,208 cells
    ['grid', [...names(18).map((p) => `${p}=0,1`), 'p18=0,1,2'], undefined, '14,942,208 cells (786,432 rows × 19 parameters)', 'use fewer levels'],
  ] as const)('%s', (kind, vary, samples, figure, hint) => {
    const message = refusal(() => planDesign(wide, { vary: [...vary], kind, samples, seed: 1 }));
    expect(message).toContain(`the design has ${figure}; at most 10,000,000 are allowed (${hint}`);
    expect(message).not.toMatch(/--\w/);
  });
});
