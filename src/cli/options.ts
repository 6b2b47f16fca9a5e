/** Parsing of flags shared by several commands (`--set name=value`). */
import { parseAssignments as parseLibraryAssignments } from '../model/assignments.js';
import { withFlags } from './flags.js';

/** `--set a=1 --set b=2e3` → `{ a: 1, b: 2000 }`; a bad item is reported as `--set <item>`. */
export function parseAssignments(flag: string, items: readonly string[] | undefined): Record<string, number> {
  return withFlags(() => parseLibraryAssignments(items, flag));
}

export function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
