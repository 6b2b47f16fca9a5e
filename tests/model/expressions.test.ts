/** Expressions: what they may use, what they compute, and how `date()` and the time helpers work. */
import { describe, expect, it } from 'vitest';
import { compileQuantity, ExpressionError } from '../../src/model/expressions.js';

const context = { parameterNames: new Set(['a', 'b']), dayOf: (iso: string) => (iso === '2024-03-01' ? 60 : undefined) };
const evaluate = (source: string, scope: Record<string, number>) => {
  const q = compileQuantity(source, context);
  return q.kind === 'constant' ? q.value : q.evaluate(new Map(Object.entries(scope)));
};

describe('compileQuantity', () => {
  it.each([
    ['a * min(1, 0.5 + t / 180)', { a: 100, t: 45 }, 75],
    ['b * (t < 120 ? 1 : 1.5)', { b: 10, t: 130 }, 15],
    ['step(t, 10) * a', { a: 3, t: 10 }, 3],
    ['step(t, 10) * a', { a: 3, t: 9 }, 0],
    ['ramp(t, 0, 10)', { t: 5 }, 0.5],
    ['clamp(a, 0, 1)', { a: 7 }, 1],
    ['step(t, date("2024-03-01"))', { t: 60 }, 1],
    ['2e6 / 12', {}, 2e6 / 12],
    ['t > 3', { t: 4 }, 1],
  ])('%s = %d', (source, scope, expected) => {
    expect(evaluate(source, scope as Record<string, number>)).toBeCloseTo(expected, 12);
  });

  it('folds constant expressions and records the symbols it reads', () => {
    expect(compileQuantity('2 * 3', context)).toEqual({ kind: 'constant', value: 6 });
    const q = compileQuantity('a + t', context);
    expect(q.kind === 'expression' && q.symbols).toEqual(['a']);
    expect(q.kind === 'expression' && q.usesT).toBe(true);
  });

  it.each([
    ['c + 1', /unknown symbol "c"/],
    ['import({})', /unsafe function "import"/],
    ['createUnit("x")', /unsafe function "createUnit"/],
    ['parse("1")', /unsafe function "parse"/],
    ['a = 1', /assignment/],
    ['f(x) = x', /function definition/],
    ['[1, 2]', /matrix/],
    ['a.b', /property access/],
    ['"text"', /only numbers/],
    ['date("2030-01-01")', /date\(\) takes one date/],
    ['1 +', /cannot parse/],
  ])('refuses %s', (source, message) => {
    expect(() => compileQuantity(source, context)).toThrow(ExpressionError);
    expect(() => compileQuantity(source, context)).toThrow(message);
  });
});
