/**
 * Expressions compile with only the parts of mathjs they can reach (src/model/mathjs-parts.ts), not
 * all of it: the same values and the same errors as all of mathjs's number build, for every operator
 * the parser knows and every function expressions may call, both as the library loads it and as the
 * CLI bundle builds it (bin/bundle.js). The reference is mathjs itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleOptions } from '../../bin/bundle.js';
import { FUNCTION_SIGNATURES } from '../../src/model/expressions.js';
import { createMath, MATHJS_PARTS } from '../../src/model/mathjs-parts.js';

const mathjs = createRequire(import.meta.url)('mathjs/number') as typeof import('mathjs/number');
const all = mathjs.create(mathjs.all, {});
const parts = createMath();
const ROOT = join(import.meta.dirname, '..', '..');

/** mathjs-parts.ts as the CLI bundle has it. */
let bundled: { createMath: typeof createMath; MATHJS_PARTS: string[] };
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'munisim-mathjs-parts-'));
  const built = await build({ ...bundleOptions(ROOT, dir), entryPoints: [join(ROOT, 'src', 'model', 'mathjs-parts.ts')], splitting: false, write: false });
  writeFileSync(join(dir, 'mathjs-parts.mjs'), built.outputFiles![0].text);
  bundled = await import(pathToFileURL(join(dir, 'mathjs-parts.mjs')).href);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scope = () => new Map<string, number>([['a', 7.25], ['b', -2], ['c', 0], ['n', 5], ['t', 12]]);

/** The value `source` gives, or the error it throws, in a mathjs instance. */
function outcome(math: typeof all, source: string): { value?: unknown; error?: string } {
  try {
    return { value: math.parse(source).compile().evaluate(scope()) };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

const OPERATORS = [
  'a + b', 'a - b', 'a * b', 'a / b', 'a / c', 'c / c', 'a ^ b', 'b ^ 0.5', 'a % 3', 'b mod 3', 'a mod c', '-a', '+a', '2 a', 'a b',
  'n!', '(-1)!', '2.5!', '50%', 'a == b', 'a != b', 'a < b', 'a > b', 'a <= 7.25', 'a >= b', 'b < c < a', 'a > b >= c',
  'a and b', 'a and c', 'c or b', 'a xor b', 'not a', 'not c', 'n & 3', 'n | 2', 'n ^| 1', '~n', 'n << 2', 'n >> 1', 'b >>> 1',
  'a & 1', 'a ? b : c', 'c ? a : b', 'a .* b', 'a ./ b', 'a .^ 2', "a'", 'a ?? b', 'a to b', '5 cm', '1e400', '-1e400 * 0',
];
const CALLS = [
  'abs(b)', 'ceil(a)', 'ceil(a, 1)', 'floor(b - 0.5)', 'floor(a, 2)', 'round(a)', 'round(2.5)', 'round(-2.5)', 'round(a, 1)', 'round(a, 1.5)',
  'round(a, 16)', 'round(a, b)', 'fix(b - 0.5)', 'fix(a, 1)', 'sign(b)', 'sign(c)', 'sqrt(a)', 'sqrt(b)', 'cbrt(b)', 'exp(n)', 'log(a)',
  'log(8, 2)', 'log(b)', 'log(c)', 'log10(1000)', 'log2(n)', 'pow(a, b)', 'pow(b, 0.5)', 'min(a, b, c)', 'min(a)', 'max(a, b, n)',
  'mod(a, 3)', 'mod(b, 3)', 'mod(a, 0)', 'sin(a)', 'cos(a)', 'tan(a)', 'atan(a)', 'tanh(a)', 'hypot(a, b)', 'hypot(3, 4, 12)', 'pi', 'e',
  'min()', 'abs()', 'abs(a, b)', 'round(a, b, c)', 'max(a, [1, 2])',
];

describe('the mathjs expressions compile with', () => {
  it('has every function expressions may call (other than munisim\'s own)', () => {
    const own = new Set(['step', 'ramp', 'clamp', 'date']);
    for (const name of Object.keys(FUNCTION_SIGNATURES).filter((n) => !own.has(n))) {
      expect(typeof (parts as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('is the same in the CLI bundle, which bundles no more of mathjs', () => {
    expect(bundled.MATHJS_PARTS).toEqual(MATHJS_PARTS);
  });

  it.each([...OPERATORS, ...CALLS])('%s: the same value or error as all of mathjs, in the library and the bundle', (source) => {
    const expected = outcome(all, source);
    expect(outcome(parts, source)).toEqual(expected);
    expect(outcome(bundled.createMath(), source)).toEqual(expected);
  });
});
