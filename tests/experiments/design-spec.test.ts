/** `--vary` texts → design points: grids, Latin hypercubes and Sobol points scaled onto parameter ranges, and refusals. */
import { describe, expect, it } from 'vitest';
import { sampleLhs } from '../../src/experiments/design/lhs.js';
import { sobolSequence } from '../../src/experiments/design/sobol.js';
import { checkFixedParameters, planDesign, pointParameters, roundDesignValue } from '../../src/experiments/design-spec.js';
import { UserError } from '../../src/model/errors.js';
import { parseModel } from '../../src/model/load-model.js';

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

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}

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
    ['unknown parameter', ['nope=1:2:3'], 'grid', undefined, /unknown parameter "nope".*defines: output, risk, open_ended/],
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
    ['lhs without --samples', ['output'], 'lhs', undefined, /--design lhs needs the number of points/],
    ['--samples with a grid', ['output=3000,4000'], 'grid', 5, /--samples is for --design lhs or sobol/],
    ['sobol with nothing varied', [], 'sobol', 8, /needs at least one --vary/],
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
