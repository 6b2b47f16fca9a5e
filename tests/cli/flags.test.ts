import { describe, expect, it } from 'vitest';
import { flagIssue, flagWarning, withFlags } from '../../src/cli/flags.js';
import { UserError, formatIssue } from '../../src/model/errors.js';
import { parseAssignments } from '../../src/model/assignments.js';

describe('library paths shown as flags', () => {
  it.each([
    [{ path: 'set[0]', input: 'nk_output=abc', message: 'expected name=number', hint: 'e.g. `set` nk_output=6000' }, '--set nk_output=abc: expected name=number (e.g. --set nk_output=6000)'],
    [{ path: 'samples', message: 'a grid has the product of its levels as points; `samples` is for `kind` lhs or sobol' }, '--samples: a grid has the product of its levels as points; --samples is for --design lhs or sobol'],
    [{ path: 'vary[2]', input: 'x=1:2', message: 'unknown parameter "x"' }, '--vary x=1:2: unknown parameter "x"'],
    [{ path: 'fixed.nk_output', input: 'nk_output=5', message: 'nk_output is also varied with `vary`' }, '--set nk_output=5: nk_output is also varied with --vary'],
    [{ path: 'parameters[1]', input: 'nk_outpt', message: 'unknown parameter "nk_outpt"' }, '--params nk_outpt: unknown parameter "nk_outpt"'],
    [{ path: 'outputs[0]', input: 'shortfal', message: 'unknown output "shortfal"' }, '--outputs shortfal: unknown output "shortfal"'],
    [{ path: 'url', message: 'cannot reach Redis', hint: 'then `munisim worker` on each machine, pointed at the same Redis (`url`)' }, '--redis: cannot reach Redis (then `munisim worker` on each machine, pointed at the same Redis (--redis))'],
    // A folder is no option path, even when it starts like one; its words are still mapped.
    [{ path: 'runs/x', message: 'the output folder already exists', hint: 'choose another `dir`, or add `replace` to replace it' }, 'runs/x: the output folder already exists (choose another --out, or add --force to replace it)'],
    [{ path: 'samples-old/x', message: 'no such folder' }, 'samples-old/x: no such folder'],
    // Not an option: left alone, backticked words that are no option too (and no inherited name: `constructor`).
    [{ path: 'runs/x', message: 'start a server (`redis-server`)' }, 'runs/x: start a server (`redis-server`)'],
    [{ path: 'constructor', message: 'see `toString`' }, 'constructor: see `toString`'],
  ])('%j → %s', (issue, shown) => {
    expect(formatIssue(flagIssue(issue))).toBe(shown);
  });

  it('never maps a path into a model file, but maps the option names in its words', () => {
    const issue = { file: 'm.yaml', path: 'samples', message: 'must be ≥ 0' };
    expect(flagIssue(issue)).toBe(issue);
    expect(formatIssue(flagIssue({ file: 'runs/x/summary.csv', line: 4, message: 'cannot resume', hint: 'add `replace` to start again' })))
      .toBe('runs/x/summary.csv:4:1: cannot resume (add --force to start again)');
  });

  it('shows warnings with flags', () => {
    expect(flagWarning({ code: 'one_replication', message: 'use `replications` 2 or more' }).message).toBe('use --replications 2 or more');
  });

  it('rethrows a library error with flags, sync and async', async () => {
    const refuse = () => parseAssignments(['oops'], 'set');
    expect(() => withFlags(refuse)).toThrow('--set oops: expected name=number (e.g. --set nk_output=6000)');
    await expect(withFlags(async () => refuse())).rejects.toThrow(UserError);
    await expect(withFlags(async () => refuse())).rejects.toThrow('--set oops');
  });
});
