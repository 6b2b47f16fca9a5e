/** Parsing of flags shared by several commands (`--set name=value`). */
import { UserError, type Issue } from '../model/errors.js';
import { RESERVED_KEYS } from '../model/expressions.js';

/** `["a=1", "b=2e3"]` → `{ a: 1, b: 2000 }`; refuses anything that is not name=number, and the reserved names `__proto__`, `constructor`, `prototype`. */
export function parseAssignments(flag: string, items: readonly string[] | undefined): Record<string, number> {
  const values: Record<string, number> = {};
  const issues: Issue[] = [];
  for (const item of items ?? []) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(item);
    const value = match ? Number(match[2]) : NaN;
    if (!match || !Number.isFinite(value)) {
      issues.push({ path: `--${flag} ${item}`, message: 'expected name=number', hint: `e.g. --${flag} nk_output=6000` });
    } else if (RESERVED_KEYS.has(match[1])) {
      // `values.__proto__ = 3` would be dropped without a word.
      issues.push({ path: `--${flag} ${item}`, message: `"${match[1]}" is a reserved name and names no parameter`, hint: 'give the name of a parameter of the model' });
    } else {
      values[match[1]] = value;
    }
  }
  if (issues.length) throw new UserError(issues);
  return values;
}

export function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
