import { describe, expect, it } from 'vitest';
import { flagIssue, withFlags } from '../../src/cli/flags.js';
import { UserError, formatIssue } from '../../src/model/errors.js';
import { parseAssignments } from '../../src/model/assignments.js';

describe('library paths shown as flags', () => {
  it.each([
    [{ path: 'set[0]', input: 'nk_output=abc', message: 'expected name=number', hint: 'e.g. `set` nk_output=6000' }, '--set nk_output=abc: expected name=number (e.g. --set nk_output=6000)'],
    [{ path: 'samples', message: 'a grid has the product of its levels as points; `samples` is for `kind` lhs or sobol' }, '--samples: a grid has the product of its levels as points; --samples is for --design lhs or sobol'],
    [{ path: 'vary[2]', input: 'x=1:2', message: 'unknown parameter "x"' }, '--vary x=1:2: unknown parameter "x"'],
    [{ path: 'fixed.nk_output', input: 'nk_output=5', message: 'nk_output is also varied with `vary`' }, '--set nk_output=5: nk_output is also varied with --vary'],
    // Not an option: left alone, backticked words that are no option too.
    [{ path: 'runs/x', message: 'start a server (`redis-server`)' }, 'runs/x: start a server (`redis-server`)'],
  ])('%j → %s', (issue, shown) => {
    expect(formatIssue(flagIssue(issue))).toBe(shown);
  });

  it('never maps a path into a model file', () => {
    const issue = { file: 'm.yaml', path: 'samples', message: 'must be ≥ 0' };
    expect(flagIssue(issue)).toBe(issue);
  });

  it('rethrows a library error with flags, sync and async', async () => {
    const refuse = () => parseAssignments(['oops'], 'set');
    expect(() => withFlags(refuse)).toThrow('--set oops: expected name=number (e.g. --set nk_output=6000)');
    await expect(withFlags(async () => refuse())).rejects.toThrow(UserError);
    await expect(withFlags(async () => refuse())).rejects.toThrow('--set oops');
  });
});
