/** Expressions: what they may use, what they compute, and how `date()` and the time helpers work. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileQuantity, EXPRESSION_LIMITS, ExpressionError, FUNCTION_SIGNATURES } from '../../src/model/expressions.js';

const context = { parameterNames: new Set(['a', 'b']), dayOf: (iso: string) => (iso === '2024-03-01' ? 60 : undefined) };
const evaluate = (source: string, scope: Record<string, number>) => {
  const q = compileQuantity(source, context);
  return q.kind === 'constant' ? q.value : q.evaluate(new Map(Object.entries(scope)));
};
const messageOf = (source: string): string => {
  try {
    evaluate(source, { a: 1, b: 2, t: 3 });
  } catch (error) {
    expect(error).toBeInstanceOf(ExpressionError);
    return (error as Error).message;
  }
  throw new Error(`expected ${source.slice(0, 40)} to be refused`);
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
    ['round(a, 2)', { a: 2.345 }, 2.35],
    ['round(a, b)', { a: 2.345, b: 1 }, 2.3],
    ['log(8, 2)', {}, 3],
    ['max(a, b, t)', { a: 1, b: 5, t: 3 }, 5],
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
    // Only a plain date(…) is inlined; a method called date is a call like any other.
    ['anything.date("2024-03-01")', /unknown or unsafe function "anything.date"/],
    ['a.date("2024-03-01") + 1', /unknown or unsafe function "a.date"/],
    ['date("2024-03-01", 2)', /date\(\) takes one date/],
  ])('refuses %s', (source, message) => {
    expect(messageOf(source)).toMatch(message);
  });
});

describe('function arity, checked at load', () => {
  it.each([
    ['ua * step(t)', 'step takes 2 arguments (t, t0), got 1'],
    ['step(t, 10, 20)', 'step takes 2 arguments (t, t0), got 3'],
    ['ramp(t, 10)', 'ramp takes 3 arguments (t, t0, t1), got 2'],
    ['clamp(a, 0)', 'clamp takes 3 arguments (x, lo, hi), got 2'],
    ['min()', 'min takes at least 1 argument (a, b, …), got 0'],
    ['max()', 'max takes at least 1 argument (a, b, …), got 0'],
    ['pow(2)', 'pow takes 2 arguments (x, y), got 1'],
    ['sin(t, 1)', 'sin takes 1 argument (x), got 2'],
    ['abs(1, 2)', 'abs takes 1 argument (x), got 2'],
    ['hypot()', 'hypot takes at least 1 argument (a, b, …), got 0'],
    ['mod(t)', 'mod takes 2 arguments (x, y), got 1'],
    ['log(t, 2, 3)', 'log takes 1 or 2 arguments (x[, base]), got 3'],
    ['round(t, 1, 2)', 'round takes 1 or 2 arguments (x[, digits]), got 3'],
    ['a + 2 * max(1, sqrt())', 'sqrt takes 1 argument (x), got 0'],
  ])('%s: %s', (source, message) => {
    // `ua` is unknown, but the call is what is wrong: the arity is reported first, with the expression quoted.
    const text = source.replace('ua *', 'a *');
    expect(messageOf(text)).toBe(`"${text}": ${message}`);
  });

  // The table agrees with mathjs: every count it allows computes a number (none throws).
  it.each(Object.entries(FUNCTION_SIGNATURES).filter(([name]) => name !== 'date'))('%s accepts the counts its signature allows', (name, signature) => {
    const counts = [signature.min, Number.isFinite(signature.max) ? signature.max : signature.min + 3];
    for (const count of counts) {
      const args = Array.from({ length: count }, (_, i) => (i === 0 ? 't' : '2'));
      expect(typeof evaluate(`${name}(${args.join(', ')})`, { t: 1.5 })).toBe('number');
    }
    expect(messageOf(`${name}(${Array(signature.min - 1).fill('t').join(', ')})`)).toMatch(new RegExp(`${name} takes`));
    if (Number.isFinite(signature.max)) expect(messageOf(`${name}(${Array(signature.max + 1).fill('t').join(', ')})`)).toMatch(new RegExp(`${name} takes`));
  });

  it.each([
    ['round(t, 1e9)', /round's digits must be a whole number from 0 to 15, got 1000000000/],
    ['round(t, -1)', /got -1/],
    ['ceil(t, 1.5)', /ceil's digits .* got 1.5/],
    ['floor(t, 16)', /floor's digits .* got 16/],
    ['fix(t, max(1, 20))', /fix's digits .* got 20/],
  ])('refuses %s at load', (source, message) => {
    expect(() => compileQuantity(source, context)).toThrow(ExpressionError);
    expect(messageOf(source)).toMatch(message);
  });

  it('turns a failure inside mathjs at evaluation into an ExpressionError naming the expression', () => {
    const q = compileQuantity('round(t, b)', context);
    if (q.kind !== 'expression') throw new Error('expected an expression');
    expect(q.evaluate(new Map([['t', 2.345], ['b', 2]]))).toBeCloseTo(2.35, 12);
    const failing = () => q.evaluate(new Map([['t', 2.345], ['b', 1e9]]));
    expect(failing).toThrow(ExpressionError);
    expect(failing).toThrow(/^"round\(t, b\)" cannot be computed: .*decimals/);
  });

  it('the functions table of docs/model-format.md lists every signature', () => {
    const docs = readFileSync(new URL('../../docs/model-format.md', import.meta.url), 'utf8');
    for (const [name, signature] of Object.entries(FUNCTION_SIGNATURES)) {
      expect(docs, `${name}(${signature.args}) is missing`).toContain(`| \`${name}(${signature.args})\` |`);
    }
  });
});

describe('size limits', () => {
  const sum = (terms: number) => Array(terms).fill('a').join('+');
  const nested = (levels: number) => `${'('.repeat(levels)}a${')'.repeat(levels)}`;

  it('computes expressions up to the limits', () => {
    // a + 0…0 (3,996 zeros) is exactly 4,000 characters and equals a.
    expect(evaluate(`a + ${'0'.repeat(EXPRESSION_LIMITS.chars - 4)}`, { a: 7 })).toBe(7);
    expect(evaluate(nested(EXPRESSION_LIMITS.brackets), { a: 7 })).toBe(7);
    // A flat sum of n terms nests n levels deep: 250 × a, with a = 1.
    expect(evaluate(sum(EXPRESSION_LIMITS.depth), { a: 1 })).toBe(250);
  });

  it.each([
    ['4,001 characters', `a + ${'0'.repeat(EXPRESSION_LIMITS.chars - 3)}`, /is 4001 characters long; an expression may have at most 4000/],
    ['101 brackets', nested(EXPRESSION_LIMITS.brackets + 1), /nests brackets 101 deep; at most 100/],
    ['251 levels', sum(EXPRESSION_LIMITS.depth + 1), /nests 251 levels deep; at most 250/],
    // Before the limits, 2,000 terms overflowed the stack while evaluating.
    ['2,000 terms', sum(2_000), /nests 2000 levels deep/],
    ['1,000 brackets', nested(1_000), /nests brackets 1000 deep/],
  ])('refuses %s with a message, not a stack overflow', (_label, source, message) => {
    expect(messageOf(source)).toMatch(message);
  });

  it.each([
    ['a 200 KB expression', 'a+'.repeat(100_000)],
    ['an unknown symbol late in a long expression', `${'a+'.repeat(1_900)}zz`],
    ['a long string constant', `"${'x'.repeat(3_000)}"`],
  ])('cuts %s in the message', (_label, source) => {
    const message = messageOf(source);
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(200);
  });
});
