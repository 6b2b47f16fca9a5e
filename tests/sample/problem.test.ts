import { describe, expect, it } from 'vitest';
import {
  AnalysisInputError,
  type Problem,
  problemIssues,
  scaleToFactors,
  validateProblem,
} from '../../src/sample/problem.js';

const good: Problem = {
  factors: [
    { name: 'factoryRatePerDay', min: 100, max: 300 },
    { name: 'transitDays', min: -2, max: 2 },
  ],
};

describe('validateProblem', () => {
  it('accepts a well-formed problem', () => {
    expect(problemIssues(good)).toEqual([]);
    expect(() => validateProblem(good)).not.toThrow();
  });

  it.each([
    ['no factors', { factors: [] }, 'no_factors', 'factors'],
    ['a blank name', { factors: [{ name: ' ', min: 0, max: 1 }] }, 'blank_name', 'factors[0].name'],
    [
      'a duplicate name',
      { factors: [{ name: 'a', min: 0, max: 1 }, { name: 'a', min: 0, max: 2 }] },
      'duplicate_name',
      'factors[1].name',
    ],
    ['min = max', { factors: [{ name: 'a', min: 1, max: 1 }] }, 'min_not_below_max', 'factors[0]'],
    ['min > max', { factors: [{ name: 'a', min: 2, max: 1 }] }, 'min_not_below_max', 'factors[0]'],
    ['an infinite max', { factors: [{ name: 'a', min: 0, max: Infinity }] }, 'not_finite', 'factors[0].max'],
    ['a NaN min', { factors: [{ name: 'a', min: NaN, max: 1 }] }, 'not_finite', 'factors[0].min'],
  ] as const)('refuses %s', (_, problem, code, path) => {
    const issues = problemIssues(problem as unknown as Problem);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code, path });
    let thrown: unknown;
    try {
      validateProblem(problem as unknown as Problem);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    expect(thrown).toBeInstanceOf(AnalysisInputError);
    expect((thrown as AnalysisInputError).issues).toEqual(issues);
    expect((thrown as Error).message).toContain(`${path}: `);
  });

  it('lists every issue at once', () => {
    const issues = problemIssues({
      factors: [
        { name: 'a', min: 3, max: 1 },
        { name: 'a', min: 0, max: NaN },
      ],
    });
    expect(issues.map((issue) => `${issue.code} at ${issue.path}`)).toEqual([
      'min_not_below_max at factors[0]',
      'duplicate_name at factors[1].name',
      'not_finite at factors[1].max',
    ]);
  });

  it('says what was wrong in plain words', () => {
    expect(() => validateProblem({ factors: [{ name: 'a', min: 5, max: 1 }] })).toThrow(
      'factors[0]: min must be below max, got min = 5 and max = 1',
    );
  });
});

describe('scaleToFactors', () => {
  it('maps the unit cube to the factor ranges column by column', () => {
    expect(scaleToFactors([[0, 0], [1, 1], [0.25, 0.75]], good)).toEqual([
      [100, -2],
      [300, 2],
      [150, 1],
    ]);
  });

  it.each([
    ['a short row', [[0.5]], 'unitRows[0]'],
    ['a value above 1', [[0.5, 1.5]], 'unitRows[0][1]'],
    ['a negative value', [[-0.1, 0.5]], 'unitRows[0][0]'],
    ['NaN', [[0.5, NaN]], 'unitRows[0][1]'],
  ])('refuses %s', (_, rows, path) => {
    expect(() => scaleToFactors(rows, good)).toThrow(`${path}: `);
  });
});
