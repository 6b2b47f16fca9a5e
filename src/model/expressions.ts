/**
 * Quantities in a model file: a plain number or a mathjs expression over the model's parameters and
 * `t` (days since start). Expressions are parsed and checked once, at load: only arithmetic,
 * comparisons, conditionals and a whitelist of pure functions pass, so nothing can reach outside
 * the expression (no import, createUnit, evaluate, parse, assignment, property access).
 */
import { create, all } from 'mathjs/number';
import type { MathNode } from 'mathjs';

const math = create(all, {});
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
const parse = math.parse;
const ConstantNode = math.ConstantNode;
// Defence in depth, and last (it disables import itself): even a node that slipped past the
// whitelist cannot call these.
const forbidden = ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'replacer'];
math.import(
  Object.fromEntries(forbidden.map((name) => [name, () => { throw new Error(`${name} is disabled`); }])),
  { override: true },
);

/** Pure numeric functions an expression may call. */
export const ALLOWED_FUNCTIONS = new Set([
  'abs', 'ceil', 'floor', 'round', 'fix', 'sign', 'sqrt', 'cbrt', 'exp', 'log', 'log10', 'log2',
  'pow', 'min', 'max', 'mod', 'sin', 'cos', 'tan', 'atan', 'tanh', 'hypot',
  'step', 'ramp', 'clamp', 'date',
]);
const ALLOWED_CONSTANTS = new Set(['pi', 'e']);
const ALLOWED_NODES = new Set([
  'ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'FunctionNode', 'RelationalNode',
]);

/** A quantity ready to evaluate: a constant, or compiled code with the symbols it reads. */
export type Quantity =
  | { kind: 'constant'; value: number }
  | { kind: 'expression'; source: string; symbols: string[]; usesT: boolean; evaluate: (scope: Map<string, number>) => number };

export interface QuantityContext {
  parameterNames: ReadonlySet<string>;
  /** Day index of a calendar date, for `date("2024-03-01")` inside expressions. */
  dayOf: (isoDate: string) => number | undefined;
}

/** Thrown by `compileQuantity`; the loader adds the file and path. */
export class ExpressionError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** Parses and checks `value`; throws ExpressionError naming the offending symbol or construct. */
export function compileQuantity(value: number | string, context: QuantityContext): Quantity {
  if (typeof value === 'number') return { kind: 'constant', value };
  let node: MathNode;
  try {
    node = parse(value);
  } catch (error) {
    throw new ExpressionError(`cannot parse expression "${value}": ${(error as Error).message}`);
  }
  node = inlineDates(node, context, value);
  const symbols = new Set<string>();
  node.traverse((child, _path, parent) => {
    if (!ALLOWED_NODES.has(child.type)) {
      throw new ExpressionError(`"${value}" uses ${describeNode(child)}, which expressions may not use`,
        'only arithmetic, comparisons, a ? b : c and functions like min, max, step, ramp');
    }
    if (child.type === 'FunctionNode') {
      const fn = (child as unknown as { fn: MathNode }).fn;
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if (!ALLOWED_FUNCTIONS.has(name)) {
        throw new ExpressionError(`"${value}" calls unknown or unsafe function "${name || fn.toString()}"`,
          `allowed: ${[...ALLOWED_FUNCTIONS].join(', ')}`);
      }
    }
    if (child.type === 'SymbolNode') {
      const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === child;
      const name = (child as unknown as { name: string }).name;
      if (isCallee) return;
      if (name === 't' || ALLOWED_CONSTANTS.has(name)) return;
      if (!context.parameterNames.has(name)) {
        const known = [...context.parameterNames];
        throw new ExpressionError(`"${value}" uses unknown symbol "${name}"`,
          known.length ? `known parameters: ${known.join(', ')}, and t (days since start)` : 'the model defines no parameters; t is days since start');
      }
      symbols.add(name);
    }
    if (child.type === 'ConstantNode') {
      const constant = (child as unknown as { value: unknown }).value;
      if (typeof constant !== 'number' && typeof constant !== 'boolean') {
        throw new ExpressionError(`"${value}" contains the constant ${JSON.stringify(constant)}; only numbers are allowed`);
      }
    }
  });
  const code = node.compile();
  const usesT = usesSymbol(node, 't');
  if (symbols.size === 0 && !usesT) {
    // An expression of constants only, e.g. "2e6 / 12": fold it now.
    return { kind: 'constant', value: toNumber(code.evaluate(new Map()), value) };
  }
  return {
    kind: 'expression',
    source: value,
    symbols: [...symbols],
    usesT,
    evaluate: (scope) => toNumber(code.evaluate(scope), value),
  };
}

function toNumber(result: unknown, source: string): number {
  if (typeof result === 'number') return result;
  if (typeof result === 'boolean') return result ? 1 : 0;
  throw new ExpressionError(`"${source}" gives ${typeof result}, not a number`);
}

function usesSymbol(node: MathNode, name: string): boolean {
  return node.filter((child) => child.type === 'SymbolNode' && (child as unknown as { name: string }).name === name).length > 0;
}

/** Replaces `date("YYYY-MM-DD")` by its day index, so models can name dates instead of counting days. */
function inlineDates(node: MathNode, context: QuantityContext, source: string): MathNode {
  return node.transform((child) => {
    if (child.type !== 'FunctionNode') return child;
    const call = child as unknown as { fn: { name?: string }; args: MathNode[] };
    if (call.fn.name !== 'date') return child;
    const arg = call.args[0] as unknown as { type: string; value: unknown };
    const day = call.args.length === 1 && arg.type === 'ConstantNode' && typeof arg.value === 'string'
      ? context.dayOf(arg.value) : undefined;
    if (day === undefined) {
      throw new ExpressionError(`"${source}": date() takes one date in quotes, YYYY-MM-DD`, 'e.g. step(t, date("2024-03-01"))');
    }
    return new ConstantNode(day);
  });
}

function describeNode(node: MathNode): string {
  const names: Record<string, string> = {
    AssignmentNode: 'an assignment', FunctionAssignmentNode: 'a function definition', AccessorNode: 'property access',
    IndexNode: 'indexing', ObjectNode: 'an object', ArrayNode: 'a matrix', BlockNode: 'several statements', RangeNode: 'a range',
  };
  return names[node.type] ?? node.type;
}
