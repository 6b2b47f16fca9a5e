/**
 * Parameter values written as text, `name=number` — how people give a scenario's overrides on a
 * command line or in a notebook cell. Every bad item is reported, not only the first.
 */
import { UserError, type Issue } from './errors.js';
import { RESERVED_KEYS } from './expressions.js';

/**
 * `["a=1", "b=2e3"]` → `{ a: 1, b: 2000 }`. Refuses anything that is not name=number, and the reserved
 * names `__proto__`, `constructor`, `prototype` (an object would drop them without a word).
 * @param option - the option the items came from, for the issue paths (`set[1]`)
 * @throws UserError with one issue per bad item: path `option[i]`, the item as `input`
 */
export function parseAssignments(items: readonly string[] | undefined, option = 'parameters'): Record<string, number> {
  const values: Record<string, number> = {};
  const issues: Issue[] = [];
  (items ?? []).forEach((item, i) => {
    const path = `${option}[${i}]`;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(item);
    const value = match ? Number(match[2]) : NaN;
    if (!match || !Number.isFinite(value)) {
      issues.push({ code: 'invalid_format', path, input: item, message: 'expected name=number', hint: `e.g. \`${option}\` nk_output=6000` });
    } else if (RESERVED_KEYS.has(match[1])) {
      issues.push({ code: 'reserved_name', path, input: item, message: `"${match[1]}" is a reserved name and names no parameter`, hint: 'give the name of a parameter of the model' });
    } else {
      values[match[1]] = value;
    }
  });
  if (issues.length) throw new UserError(issues);
  return values;
}
