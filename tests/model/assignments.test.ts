import { describe, expect, it } from 'vitest';
import { parseAssignments } from '../../src/model/assignments.js';
import { UserError, type Issue } from '../../src/model/errors.js';

function issuesOf(items: string[], option?: string): Issue[] {
  try {
    parseAssignments(items, option);
  } catch (error) {
    if (error instanceof UserError) return error.issues;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('parseAssignments', () => {
  it('reads name=number pairs', () => {
    expect(parseAssignments(['a=1', 'b=2e3', 'c=-0.5'])).toEqual({ a: 1, b: 2000, c: -0.5 });
    expect(parseAssignments(undefined)).toEqual({});
  });

  it.each([
    ['nk_output', 'invalid_format'],
    ['nk_output=abc', 'invalid_format'],
    ['nk_output=Infinity', 'invalid_format'],
    ['=3', 'invalid_format'],
    ['__proto__=3', 'reserved_name'],
  ])('refuses %s (%s) with its index and text, in the library\'s words', (item, code) => {
    const [issue] = issuesOf(['ok=1', item]);
    expect(issue).toMatchObject({ code, path: 'parameters[1]', input: item });
    expect(`${issue.message} ${issue.hint ?? ''}`).not.toMatch(/--/);
  });

  it('reports every bad item, under the option it came from', () => {
    expect(issuesOf(['x', 'y=2', 'z'], 'set').map((i) => i.path)).toEqual(['set[0]', 'set[2]']);
  });
});
