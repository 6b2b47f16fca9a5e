/**
 * The mathjs that expressions compile with: of mathjs's number build, only the parts an expression
 * can reach, not all of it, which takes several times longer to create. mathjs is required on the
 * first call, so that `import('munisim')` and models of plain numbers never load it. The CLI bundle
 * (bin/bundle.js) replaces this file by one that imports the same parts from mathjs's ES modules,
 * so that only they are bundled; both create the same mathjs.
 */
import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';

/**
 * The parser; every operator's function (or, xor, and, |, ^|, &, the comparisons, << >> >>>, + - * /
 * % mod, unary - + ~ not, !, ^); the functions of FUNCTION_SIGNATURES in expressions.ts, with the
 * transforms mathjs compiles them to; the constants pi and e. The operators the number build lacks
 * (to, .*, ./, .^, ', ??) are absent from all of it too. bin/bundle.js reads this list as written.
 */
export const MATHJS_PARTS = [
  'parse',
  'or', 'xor', 'and', 'bitOr', 'bitXor', 'bitAnd',
  'equal', 'unequal', 'smaller', 'larger', 'smallerEq', 'largerEq',
  'leftShift', 'rightArithShift', 'rightLogShift',
  'add', 'subtract', 'multiply', 'divide', 'mod',
  'unaryMinus', 'unaryPlus', 'bitNot', 'not', 'factorial', 'pow',
  'abs', 'ceil', 'floor', 'round', 'fix', 'sign', 'sqrt', 'cbrt', 'exp', 'log', 'log10', 'log2',
  'min', 'max', 'minTransform', 'maxTransform', 'sin', 'cos', 'tan', 'atan', 'tanh', 'hypot',
  'pi', 'e',
];

export function createMath(): MathJsInstance {
  const mathjs = createRequire(import.meta.url)('mathjs/number') as Record<string, unknown> & { create: typeof import('mathjs/number').create };
  const parts = Object.fromEntries(MATHJS_PARTS.map((name) => [`${name}Dependencies`, mathjs[`${name}Dependencies`]]));
  return mathjs.create(parts as never, {});
}
