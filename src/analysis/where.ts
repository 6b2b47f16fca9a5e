/**
 * The condition that marks the cases of interest of a scenario discovery, over KPI names as summary.csv
 * spells them (`fill_rate < 0.8 and first_shortfall_day.ru-front < 300`). KPI names may hold dots and
 * dashes, so a name is matched as the longest KPI name at that point: `a-b` is the KPI `a-b` if there
 * is one; to subtract, write spaces (`a - b`).
 */
import { UserError } from '../model/errors.js';
import { didYouMean } from '../model/suggest.js';

/** A compiled condition: `test(values)` with `values[k]` the value of `names[k]`. */
export interface WhereCondition {
  text: string;
  /** The KPI names the condition reads, in order of first use. */
  used: string[];
  test(values: ArrayLike<number>): boolean;
}

type Type = 'number' | 'condition';
interface Node {
  type: Type;
  at: number;
  run: (values: ArrayLike<number>) => number;
}

const COMPARISONS = ['<=', '>=', '==', '!=', '<', '>'] as const;

/**
 * Compiles `text` over the KPI `names`. Grammar: `or`/`||`, `and`/`&&`, `not`/`!`, comparisons
 * `< <= > >= == !=`, arithmetic `+ - * /`, parentheses, numbers (`1.5e6`, `1_500_000`), KPI names. The
 * whole must be a condition. Comparisons with a missing value (NaN) are false, as in IEEE arithmetic.
 * @throws UserError at path `where`, with the column, for a syntax error, an unknown KPI (with the nearest
 *   name) or a number where a condition is needed
 */
export function compileWhere(text: string, names: readonly string[]): WhereCondition {
  const byLength = [...names].sort((a, b) => b.length - a.length);
  const used: string[] = [];
  let pos = 0;
  const fail = (at: number, message: string, hint?: string): never => {
    throw new UserError({ code: 'invalid_where', path: 'where', input: JSON.stringify(text), message: `at column ${at + 1}: ${message}`, ...(hint ? { hint } : {}) });
  };
  const skip = () => { while (pos < text.length && /\s/.test(text[pos])) pos++; };
  const peekWord = (word: string) => {
    skip();
    if (!text.startsWith(word, pos)) return false;
    const after = text[pos + word.length];
    return /^[A-Za-z]/.test(word) ? after === undefined || !/[\w.]/.test(after) : true;
  };
  const eat = (...words: string[]) => {
    for (const word of words) if (peekWord(word)) { pos += word.length; return word; }
    return undefined;
  };
  const expect = (type: Type, node: Node, what: string): Node => {
    if (node.type === type) return node;
    return fail(node.at, type === 'condition'
      ? `${what} needs a condition, got a number`
      : `${what} needs a number, got a condition`,
    type === 'condition' ? 'compare it, e.g. `fill_rate < 0.8`' : undefined);
  };

  const or = (): Node => {
    let left = and();
    for (let op = eat('||', 'or'); op; op = eat('||', 'or')) {
      const l = expect('condition', left, `'${op}'`);
      const r = expect('condition', and(), `'${op}'`);
      left = { type: 'condition', at: l.at, run: (v) => (l.run(v) || r.run(v) ? 1 : 0) };
    }
    return left;
  };
  const and = (): Node => {
    let left = not();
    for (let op = eat('&&', 'and'); op; op = eat('&&', 'and')) {
      const l = expect('condition', left, `'${op}'`);
      const r = expect('condition', not(), `'${op}'`);
      left = { type: 'condition', at: l.at, run: (v) => (l.run(v) && r.run(v) ? 1 : 0) };
    }
    return left;
  };
  const not = (): Node => {
    skip();
    const at = pos;
    // `!=` is a comparison, not a negation.
    if (text.startsWith('!=', pos)) return comparison();
    const op = eat('!', 'not');
    if (!op) return comparison();
    const inner = expect('condition', not(), `'${op}'`);
    return { type: 'condition', at, run: (v) => (inner.run(v) ? 0 : 1) };
  };
  const comparison = (): Node => {
    const left = sum();
    skip();
    const op = COMPARISONS.find((c) => text.startsWith(c, pos));
    if (!op) return left;
    pos += op.length;
    const l = expect('number', left, `'${op}'`);
    const r = expect('number', sum(), `'${op}'`);
    const compare: Record<(typeof COMPARISONS)[number], (a: number, b: number) => boolean> = {
      '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b, '==': (a, b) => a === b, '!=': (a, b) => a !== b,
    };
    const f = compare[op];
    return { type: 'condition', at: l.at, run: (v) => (f(l.run(v), r.run(v)) ? 1 : 0) };
  };
  const sum = (): Node => {
    let left = product();
    for (;;) {
      skip();
      const op = text[pos];
      if (op !== '+' && op !== '-') return left;
      pos++;
      const l = expect('number', left, `'${op}'`);
      const r = expect('number', product(), `'${op}'`);
      left = { type: 'number', at: l.at, run: op === '+' ? (v) => l.run(v) + r.run(v) : (v) => l.run(v) - r.run(v) };
    }
  };
  const product = (): Node => {
    let left = unary();
    for (;;) {
      skip();
      const op = text[pos];
      if (op !== '*' && op !== '/') return left;
      pos++;
      const l = expect('number', left, `'${op}'`);
      const r = expect('number', unary(), `'${op}'`);
      left = { type: 'number', at: l.at, run: op === '*' ? (v) => l.run(v) * r.run(v) : (v) => l.run(v) / r.run(v) };
    }
  };
  const unary = (): Node => {
    skip();
    const at = pos;
    if (text[pos] === '-') {
      pos++;
      const inner = expect('number', unary(), "'-'");
      return { type: 'number', at, run: (v) => -inner.run(v) };
    }
    return primary();
  };
  const primary = (): Node => {
    skip();
    const at = pos;
    if (pos >= text.length) return fail(at, text.trim() === '' ? 'is empty' : 'ends where a value was expected', 'e.g. `fill_rate < 0.8`');
    if (text[pos] === '(') {
      pos++;
      const inner = or();
      skip();
      if (text[pos] !== ')') fail(pos, `expected ')' to close the '(' at column ${at + 1}`);
      pos++;
      return { ...inner, at };
    }
    const number = /^(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(pos));
    if (number) {
      pos += number[0].length;
      const value = Number(number[0].replace(/_/g, ''));
      return { type: 'number', at, run: () => value };
    }
    if (/[A-Za-z_]/.test(text[pos])) {
      const name = byLength.find((n) => text.startsWith(n, pos) && !/[\w.]/.test(text[pos + n.length] ?? ''));
      if (name === undefined) {
        const word = /^[A-Za-z_][\w.-]*/.exec(text.slice(pos))![0].replace(/[-.]+$/, '');
        return fail(at, `unknown KPI "${word}"`, didYouMean(word, names) ?? `the KPIs are the columns of summary.csv: ${names.join(', ')}`);
      }
      pos += name.length;
      if (!used.includes(name)) used.push(name);
      const k = names.indexOf(name);
      return { type: 'number', at, run: (v) => v[k] };
    }
    return fail(at, `unexpected '${text[pos]}'`, 'a condition is KPI names and numbers compared with < <= > >= == !=, joined with and, or, not');
  };

  const root = or();
  skip();
  if (pos < text.length) fail(pos, `unexpected '${text.slice(pos, pos + 12)}' after a complete expression`, 'join conditions with `and` or `or`');
  const condition = expect('condition', root, 'the whole expression');
  return { text, used, test: (values) => condition.run(values) === 1 };
}
