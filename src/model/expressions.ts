/**
 * Quantities in a model file: a plain number or a mathjs expression over the model's parameters and
 * `t` (days since start). Expressions are parsed and checked once, at load: only arithmetic,
 * comparisons, conditionals and a whitelist of pure functions, each called with the right number of
 * arguments, pass, so nothing can reach outside the expression (no import, createUnit, evaluate,
 * parse, assignment, property access) and no call silently computes nonsense.
 */
import type { ConstantNodeCtor, MathNode, SymbolNodeCtor } from 'mathjs';
import { didYouMean } from './suggest.js';
import { quote } from './errors.js';
import { createMath } from './mathjs-parts.js';

/** The parts of mathjs compiling uses, taken before the public `parse` and friends are disabled. */
interface MathHandles {
  parse: (expression: string) => MathNode;
  ConstantNode: ConstantNodeCtor;
  SymbolNode: SymbolNodeCtor;
}
let handles: MathHandles | undefined;

/**
 * mathjs (number-only), created on the first expression: loading it takes time that
 * `import('munisim')` and models of plain numbers should not pay. Only the parts expressions can
 * reach are created (mathjs-parts.ts), the same in the CLI bundle, under tsx, Deno or plain Node.
 */
function mathjs(): MathHandles {
  if (handles) return handles;
  const math = createMath();
  math.import(
    {
      /** 1 from day `t0` on, else 0: a step in capacity or demand. */
      step: (t: number, t0: number) => (t >= t0 ? 1 : 0),
      /** 0 before `t0`, 1 after `t1`, linear between: a ramp-up. */
      ramp: (t: number, t0: number, t1: number) => (t <= t0 ? 0 : t >= t1 ? 1 : (t - t0) / (t1 - t0)),
      clamp: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)),
    },
    { override: true },
  );
  // Keep our own handles before the public ones are disabled below.
  const kept: MathHandles = { parse: math.parse, ConstantNode: math.ConstantNode, SymbolNode: math.SymbolNode };
  // Defence in depth, and last (it disables import itself): even a node that slipped past the
  // whitelist cannot call these.
  const forbidden = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'replacer'];
  math.import(
    Object.fromEntries(forbidden.map((name) => [name, () => { throw new Error(`${name} is disabled`); }])),
    { override: true },
  );
  handles = kept;
  return kept;
}

/** How a function is called: its arguments as written in the docs (`[, x]` optional, `…` more), and how many it takes. */
export interface FunctionSignature {
  /** The argument list, e.g. `x[, digits]` for `round(x[, digits])`. */
  args: string;
  min: number;
  max: number;
  /** What it gives, one line, for the docs. */
  value: string;
}

/**
 * Every function an expression may call, with its signature: the one table the arity check at load
 * and the functions table of docs/model-format.md both follow (a test compares them).
 */
export const FUNCTION_SIGNATURES: Readonly<Record<string, FunctionSignature>> = {
  abs: { args: 'x', min: 1, max: 1, value: 'absolute value' },
  ceil: { args: 'x[, digits]', min: 1, max: 2, value: '`x` rounded up, to `digits` decimals (a whole number 0–15; default 0)' },
  floor: { args: 'x[, digits]', min: 1, max: 2, value: '`x` rounded down (`digits` as for ceil)' },
  round: { args: 'x[, digits]', min: 1, max: 2, value: '`x` rounded to the nearest, halves away from zero (`digits` as for ceil)' },
  fix: { args: 'x[, digits]', min: 1, max: 2, value: '`x` rounded toward zero (`digits` as for ceil)' },
  sign: { args: 'x', min: 1, max: 1, value: '-1, 0 or 1' },
  sqrt: { args: 'x', min: 1, max: 1, value: 'square root' },
  cbrt: { args: 'x', min: 1, max: 1, value: 'cube root' },
  exp: { args: 'x', min: 1, max: 1, value: '`e` to the power `x`' },
  log: { args: 'x[, base]', min: 1, max: 2, value: 'natural logarithm of `x`, or to `base`' },
  log10: { args: 'x', min: 1, max: 1, value: 'base-10 logarithm' },
  log2: { args: 'x', min: 1, max: 1, value: 'base-2 logarithm' },
  pow: { args: 'x, y', min: 2, max: 2, value: '`x` to the power `y` (as `x ^ y`)' },
  min: { args: 'a, b, …', min: 1, max: Infinity, value: 'the smallest argument' },
  max: { args: 'a, b, …', min: 1, max: Infinity, value: 'the largest argument' },
  mod: { args: 'x, y', min: 2, max: 2, value: 'remainder of `x / y`, with the sign of `y` (`x` when `y` is 0)' },
  sin: { args: 'x', min: 1, max: 1, value: 'sine (`x` in radians)' },
  cos: { args: 'x', min: 1, max: 1, value: 'cosine (`x` in radians)' },
  tan: { args: 'x', min: 1, max: 1, value: 'tangent (`x` in radians)' },
  atan: { args: 'x', min: 1, max: 1, value: 'arc tangent, in radians' },
  tanh: { args: 'x', min: 1, max: 1, value: 'hyperbolic tangent' },
  hypot: { args: 'a, b, …', min: 1, max: Infinity, value: 'square root of the sum of squares' },
  step: { args: 't, t0', min: 2, max: 2, value: '0 before day `t0`, 1 from it on' },
  ramp: { args: 't, t0, t1', min: 3, max: 3, value: '0 up to `t0`, rising linearly to 1 at `t1`' },
  clamp: { args: 'x, lo, hi', min: 3, max: 3, value: '`x` kept within `[lo, hi]`' },
  date: { args: '"YYYY-MM-DD"', min: 1, max: 1, value: 'the day index of a calendar date (e.g. `step(t, date("2024-03-01"))`)' },
};

/** What a run-reading function reads: the section its id names (its first argument, in quotes). */
export interface StateFunctionSignature extends FunctionSignature {
  section: 'stockpiles' | 'factories' | 'routes' | 'consumers';
}

/**
 * Functions that read the run (issue 8 §2), allowed only in the per-day quantities that say so
 * (src/model/state-reads.ts). Their ids are the only strings an expression may hold; the docs'
 * "Quantities that read the run" table follows this one (a test compares them).
 */
export const STATE_FUNCTIONS: Readonly<Record<string, StateFunctionSignature>> = {
  stock: { args: '"stockpile"[, "munition"]', min: 1, max: 2, section: 'stockpiles', value: 'serviceable shells the stockpile holds as the day opens (of one munition, if named)' },
  in_transit: { args: '"route"', min: 1, max: 1, section: 'routes', value: 'shells under way on the route as the day opens (cargo waiting to unload included)' },
  shipped: { args: '"route"', min: 1, max: 1, section: 'routes', value: 'shells the route has shipped in the run, through the previous day' },
  delivered: { args: '"route"', min: 1, max: 1, section: 'routes', value: 'shells the route has delivered in the run, through the previous day' },
  consumed: { args: '"consumer"', min: 1, max: 1, section: 'consumers', value: 'shells the front has consumed in the run, through the previous day' },
  produced: { args: '"factory"', min: 1, max: 1, section: 'factories', value: 'shells the factory has produced in the run, through the previous day' },
  demand_avg: { args: '"consumer", days', min: 2, max: 2, section: 'consumers', value: 'the front\'s mean daily demand over the previous `days` (a whole number of days ≥ 1; over the days so far when fewer; 0 on day 0)' },
};

/** Pure numeric functions an expression may call. */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set(Object.keys(FUNCTION_SIGNATURES));
const ALLOWED_CONSTANTS = new Set(['pi', 'e']);
const ALLOWED_NODES = new Set([
  'ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode', 'RelationalNode',
]);
/** Functions whose second argument is a number of decimals, which mathjs accepts only as a whole number 0–15. */
const DIGITS_FUNCTIONS = new Set(['ceil', 'floor', 'round', 'fix']);

/**
 * Names a parameter may not take, because an expression would not read it as the parameter: `t`, the
 * constants and functions above, mathjs's operator words (`a and b`, `x mod y`, `5 in to`…), `end`
 * (mathjs refuses it in a scope), and the literals mathjs parses as constants (`NaN`, `true`…).
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  't', ...ALLOWED_CONSTANTS, ...ALLOWED_FUNCTIONS, ...Object.keys(STATE_FUNCTIONS),
  'end', 'in', 'to', 'and', 'or', 'not', 'xor', 'mod',
  'true', 'false', 'null', 'undefined', 'NaN', 'Infinity',
]);

/**
 * Keys no mapping of a model (or a `--set` name) may use: JavaScript objects treat them specially,
 * so `__proto__: 5` would vanish without a word, and the others would read as an object's internals.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Size limits of one expression. mathjs parses, checks and evaluates recursively, so a deep enough
 * expression overflows the stack; on Node 20 this happens from about 340 nested brackets, or about
 * 2,000 levels of operators (`a+a+…+a` nests one level per `+`); text without brackets parses safely
 * to more than 7,000 characters. The limits keep a margin of more than three times below each.
 */
export const EXPRESSION_LIMITS = {
  /** Characters in the expression text. */
  chars: 4_000,
  /** Brackets `(`, `[`, `{` open at once, counted on the text before it is parsed. */
  brackets: 100,
  /** Levels of the parsed expression: each operator, call, bracket and name is one (`a + b + c` has 3). */
  depth: 250,
} as const;

/**
 * A call of a run-reading function, as written: `stock("depot", "m")` has ids `["depot", "m"]`. The
 * expression reads its value from the scope under `symbol`; `demand_avg`'s days is its own code.
 */
export interface StateCall {
  name: string;
  ids: string[];
  symbol: string;
  /** `demand_avg`'s number of days for `scope` (parameters and t). */
  days?: (scope: Map<string, number>) => number;
}

/** A quantity ready to evaluate: a constant, or compiled code with the symbols it reads. */
export type Quantity =
  | { kind: 'constant'; value: number }
  | {
    kind: 'expression'; source: string; symbols: string[]; usesT: boolean;
    /** The value for `scope` (parameters and t); throws ExpressionError when mathjs cannot compute it. */
    evaluate: (scope: Map<string, number>) => number;
    /** Its calls of run-reading functions, in the order written; each call's value goes in the scope under its `symbol`. */
    state?: StateCall[];
  };

export interface QuantityContext {
  parameterNames: ReadonlySet<string>;
  /** Day index of a calendar date, for `date("2024-03-01")` inside expressions. */
  dayOf: (isoDate: string) => number | undefined;
}

/** Thrown by `compileQuantity` and by a Quantity's `evaluate`; the loader adds the file and path. */
export class ExpressionError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Parses and checks `value`; throws ExpressionError naming the offending symbol, call or construct. */
export function compileQuantity(value: number | string, context: QuantityContext): Quantity {
  if (typeof value === 'number') return { kind: 'constant', value };
  const source = quote(value);
  checkSize(value, source);
  let node: MathNode;
  try {
    node = mathjs().parse(value);
  } catch (error) {
    throw new ExpressionError(`cannot parse expression ${source}: ${(error as Error).message}`);
  }
  const depth = depthOf(node);
  if (depth > EXPRESSION_LIMITS.depth) {
    throw new ExpressionError(`${source} nests ${depth} levels deep; at most ${EXPRESSION_LIMITS.depth} are allowed`,
      'each operator, call and bracket is a level (a + b + c has 3); split it into parameters');
  }
  node = inlineDates(node, context, source);
  const symbols = new Set<string>();
  node.traverse((child, path, parent) => {
    if (!ALLOWED_NODES.has(child.type)) {
      throw new ExpressionError(`${source} uses ${describeNode(child)}, which expressions may not use`,
        'only arithmetic, comparisons, a ? b : c and functions like min, max, step, ramp');
    }
    if (child.type === 'FunctionNode') checkCall(child as unknown as Call, source);
    if (child.type === 'SymbolNode') {
      const name = (child as unknown as { name: string }).name;
      if (isCallee(child, parent)) return;
      if (name === 't' || ALLOWED_CONSTANTS.has(name)) return;
      if (!context.parameterNames.has(name)) {
        const known = [...context.parameterNames];
        throw new ExpressionError(`${source} uses unknown symbol "${name}"`,
          didYouMean(name, known) ?? (known.length ? `known parameters: ${known.join(', ')}, and t (days since start)` : 'the model defines no parameters; t is days since start'));
      }
      symbols.add(name);
    }
    if (child.type === 'ConstantNode') {
      const constant = (child as unknown as { value: unknown }).value;
      if (isStateId(child, path, parent)) return;
      if (typeof constant !== 'number' && typeof constant !== 'boolean') {
        throw new ExpressionError(`${source} contains the constant ${quote(constant)}; only numbers are allowed`);
      }
    }
  });
  const usesT = usesSymbol(node, 't');
  const state: StateCall[] = [];
  node = extractStateCalls(node, state, source);
  const evaluate = guard(node.compile(), source);
  if (state.length > 0) return { kind: 'expression', source: value, symbols: [...symbols], usesT, evaluate, state };
  if (symbols.size === 0 && !usesT) {
    // An expression of constants only, e.g. "2e6 / 12": fold it now.
    return { kind: 'constant', value: evaluate(new Map()) };
  }
  return { kind: 'expression', source: value, symbols: [...symbols], usesT, evaluate };
}

interface Call { fn: MathNode; args: MathNode[] }

/** Length and bracket nesting, checked on the text: parsing a deeper expression could overflow the stack. */
function checkSize(value: string, source: string): void {
  if (value.length > EXPRESSION_LIMITS.chars) {
    throw new ExpressionError(`${source} is ${value.length} characters long; an expression may have at most ${EXPRESSION_LIMITS.chars}`,
      'split it into parameters');
  }
  let open = 0;
  let deepest = 0;
  for (const char of value) {
    if (char === '(' || char === '[' || char === '{') deepest = Math.max(deepest, ++open);
    else if (char === ')' || char === ']' || char === '}') open--;
  }
  if (deepest > EXPRESSION_LIMITS.brackets) {
    throw new ExpressionError(`${source} nests brackets ${deepest} deep; at most ${EXPRESSION_LIMITS.brackets} are allowed`, 'split it into parameters');
  }
}

/** Levels of `node`, counted without recursion (the point is to refuse what recursion could not handle). */
function depthOf(node: MathNode): number {
  let deepest = 0;
  const pending: [MathNode, number][] = [[node, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    deepest = Math.max(deepest, depth);
    current.forEach((child) => { pending.push([child, depth + 1]); });
  }
  return deepest;
}

/** A call must name an allowed function directly and pass the number of arguments its signature takes. */
function checkCall(call: Call, source: string): void {
  const name = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : '';
  const signature = Object.hasOwn(FUNCTION_SIGNATURES, name) ? FUNCTION_SIGNATURES[name]
    : Object.hasOwn(STATE_FUNCTIONS, name) ? STATE_FUNCTIONS[name] : undefined;
  if (!signature) {
    throw new ExpressionError(`${source} calls unknown or unsafe function ${quote(name || call.fn.toString())}`,
      `allowed: ${[...ALLOWED_FUNCTIONS, ...Object.keys(STATE_FUNCTIONS)].join(', ')}`);
  }
  const count = call.args.length;
  if (count < signature.min || count > signature.max) {
    throw new ExpressionError(`${source}: ${name} takes ${describeArity(signature)} (${signature.args}), got ${count}`,
      `${name}(${signature.args}): ${signature.value.replaceAll('`', '')}`);
  }
  if (Object.hasOwn(STATE_FUNCTIONS, name)) checkStateCall(name, call, source);
  if (DIGITS_FUNCTIONS.has(name) && count === 2 && isConstant(call.args[1])) {
    const digits = call.args[1].compile().evaluate(new Map()) as unknown;
    if (typeof digits !== 'number' || !Number.isInteger(digits) || digits < 0 || digits > 15) {
      throw new ExpressionError(`${source}: ${name}'s digits must be a whole number from 0 to 15, got ${quote(digits)}`,
        `the number of decimals to keep, e.g. ${name}(x, 2)`);
    }
  }
}

const STATE_ID_NOUNS = { stockpiles: 'stockpile', factories: 'factory', routes: 'route', consumers: 'consumer' } as const;

/** How many leading arguments of run-reading function `name` are ids in quotes. */
function idCount(name: string, call: Call): number {
  return name === 'demand_avg' ? 1 : call.args.length;
}

/**
 * A run-reading call names its ids in quotes, and `demand_avg`'s days reads no run state and is, when
 * known at load, a whole number ≥ 1.
 */
function checkStateCall(name: string, call: Call, source: string): void {
  const ids = idCount(name, call);
  call.args.slice(0, ids).forEach((arg, i) => {
    if (arg.type !== 'ConstantNode' || typeof (arg as unknown as { value: unknown }).value !== 'string') {
      const what = i === 0 ? `the ${STATE_ID_NOUNS[STATE_FUNCTIONS[name].section]}'s id` : 'the munition\'s id';
      throw new ExpressionError(`${source}: ${name}'s ${i === 0 ? 'first' : 'second'} argument must be ${what} in quotes, got ${arg.toString()}`,
        `${name}(${STATE_FUNCTIONS[name].args})`);
    }
  });
  if (name !== 'demand_avg') return;
  const days = call.args[1];
  if (days.filter((n) => n.type === 'FunctionNode' && Object.hasOwn(STATE_FUNCTIONS, (n as unknown as Call).fn.toString())).length > 0) {
    throw new ExpressionError(`${source}: demand_avg's days cannot read the run`, 'give a number of days, a parameter or an expression of them');
  }
  if (isConstant(days)) {
    const value = days.compile().evaluate(new Map()) as unknown;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new ExpressionError(`${source}: demand_avg's days must be a whole number ≥ 1, got ${quote(value)}`, 'e.g. demand_avg("front", 7)');
    }
  }
}

/** True when `node` is an id in quotes of a run-reading call (the only strings an expression may hold). */
function isStateId(node: MathNode, path: string, parent: MathNode | null): boolean {
  if (parent?.type !== 'FunctionNode') return false;
  const call = parent as unknown as Call;
  const name = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : '';
  if (!Object.hasOwn(STATE_FUNCTIONS, name)) return false;
  const index = /^args\[(\d+)\]$/.exec(path);
  return index !== null && Number(index[1]) < idCount(name, call) && typeof (node as unknown as { value: unknown }).value === 'string';
}

/**
 * Replaces each run-reading call by a symbol the run fills in (`$0`, `$1`…, names no parameter can
 * take), recording the call in `calls`; `demand_avg`'s days becomes code of its own.
 */
function extractStateCalls(node: MathNode, calls: StateCall[], source: string): MathNode {
  return node.transform((child) => {
    if (child.type !== 'FunctionNode') return child;
    const call = child as unknown as Call;
    const name = call.fn.type === 'SymbolNode' ? (call.fn as unknown as { name: string }).name : '';
    if (!Object.hasOwn(STATE_FUNCTIONS, name)) return child;
    const ids = call.args.slice(0, idCount(name, call)).map((arg) => String((arg as unknown as { value: unknown }).value));
    const symbol = `$${calls.length}`;
    calls.push({ name, ids, symbol, ...(name === 'demand_avg' ? { days: guard(call.args[1].compile(), source) } : {}) });
    return new (mathjs().SymbolNode)(symbol);
  });
}

function describeArity({ min, max }: FunctionSignature): string {
  const noun = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (max === Infinity) return `at least ${min} ${noun(min)}`;
  if (min === max) return `${min} ${noun(min)}`;
  return `${min} ${max === min + 1 ? 'or' : 'to'} ${max} ${noun(max)}`;
}

/** True when `node` reads neither t nor a parameter (its value is known at load). */
function isConstant(node: MathNode): boolean {
  let reads = false;
  node.traverse((child, _path, parent) => {
    if (child.type !== 'SymbolNode' || isCallee(child, parent)) return;
    if (!ALLOWED_CONSTANTS.has((child as unknown as { name: string }).name)) reads = true;
  });
  return !reads;
}

function isCallee(node: MathNode, parent: MathNode | null): boolean {
  return parent?.type === 'FunctionNode' && (parent as unknown as Call).fn === node;
}

/** Compiled code whose failures inside mathjs (a bad digits argument read from a parameter…) are the user's: ExpressionError. */
function guard(code: { evaluate: (scope: Map<string, number>) => unknown }, source: string): (scope: Map<string, number>) => number {
  return (scope) => {
    let result: unknown;
    try {
      result = code.evaluate(scope);
    } catch (error) {
      throw new ExpressionError(`${source} cannot be computed: ${(error as Error).message.split('\n')[0]}`);
    }
    if (typeof result === 'number') return result;
    if (typeof result === 'boolean') return result ? 1 : 0;
    throw new ExpressionError(`${source} gives ${typeof result}, not a number`);
  };
}

function usesSymbol(node: MathNode, name: string): boolean {
  return node.filter((child) => child.type === 'SymbolNode' && (child as unknown as { name: string }).name === name).length > 0;
}

/**
 * Replaces `date("YYYY-MM-DD")` by its day index, so models can name dates instead of counting days.
 * Only a plain call is inlined: `x.date(…)` stays as it is, for the whitelist to refuse.
 */
function inlineDates(node: MathNode, context: QuantityContext, source: string): MathNode {
  return node.transform((child) => {
    if (child.type !== 'FunctionNode') return child;
    const call = child as unknown as Call;
    if (call.fn.type !== 'SymbolNode' || (call.fn as unknown as { name: string }).name !== 'date') return child;
    const arg = call.args[0] as unknown as { type: string; value: unknown };
    const day = call.args.length === 1 && arg.type === 'ConstantNode' && typeof arg.value === 'string'
      ? context.dayOf(arg.value) : undefined;
    if (day === undefined) {
      throw new ExpressionError(`${source}: date() takes one date in quotes, YYYY-MM-DD`, 'e.g. step(t, date("2024-03-01"))');
    }
    return new (mathjs().ConstantNode)(day);
  });
}

function describeNode(node: MathNode): string {
  const names: Record<string, string> = {
    AssignmentNode: 'an assignment', FunctionAssignmentNode: 'a function definition', AccessorNode: 'property access',
    IndexNode: 'indexing', ObjectNode: 'an object', ArrayNode: 'a matrix', BlockNode: 'several statements', RangeNode: 'a range',
  };
  return names[node.type] ?? node.type;
}
