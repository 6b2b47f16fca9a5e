/**
 * Which commands a command line loads (src/cli/commands-for.ts), and that options before the
 * command work as they do after it, with only the named commands loaded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandsFor } from '../../src/cli/commands-for.js';
import { munisim, ROOT } from './cli.js';

const NAMES = ['run', 'validate', 'sweep', 'summarize', 'sensitivity', 'discover', 'calibrate', 'compare', 'worker'];

describe('commandsFor', () => {
  it.each([
    [['--version'], []],
    [['run', 'm.yaml', '--quiet'], ['run']],
    [['sweep', '--help'], ['sweep']],
    [['--quiet', 'run', 'm.yaml'], ['run']],
    // An option's value that names a command: both are loaded, and yargs tells which is the command.
    [['--out', 'sweep', 'run', 'm.yaml'], ['run', 'sweep']],
    [['--quiet', '--help'], NAMES],
    [['--quiet', 'run', '--help'], NAMES],
    [['--quiet', 'rnu', 'm.yaml'], NAMES],
    [[], NAMES],
  ])('%j loads %j', (argv, expected) => {
    expect(commandsFor(argv, NAMES)).toEqual(expected);
  });
});

describe('options before the command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'munisim-commands-for-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const model = join(ROOT, 'models/quickstart.yaml');

  it('`munisim --quiet --seed 3 run …` writes what `munisim run … --quiet --seed 3` writes', () => {
    const before = munisim(['--quiet', '--seed', '3', 'run', model, '--out', join(dir, 'before')]);
    const after = munisim(['run', model, '--quiet', '--seed', '3', '--out', join(dir, 'after')]);
    expect(before).toMatchObject({ code: 0, stderr: '', stdout: `${join(dir, 'before')}\n` });
    expect(after.code).toBe(0);
    for (const file of ['summary.csv', 'timeseries.csv']) {
      expect(readFileSync(join(dir, 'before', file), 'utf8')).toBe(readFileSync(join(dir, 'after', file), 'utf8'));
    }
  });

  it('runs the command when an option before it has a command\'s name as its value (`--out validate run …`)', () => {
    const result = munisim(['--out', 'validate', 'run', model, '--quiet'], { cwd: dir });
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'validate\n' });
    expect(munisim(['run', model, '--quiet', '--out', join(dir, 'plain')]).code).toBe(0);
    expect(readFileSync(join(dir, 'validate', 'summary.csv'), 'utf8')).toBe(readFileSync(join(dir, 'plain', 'summary.csv'), 'utf8'));
  });

  it('lists every command in help asked for with options first', () => {
    const result = munisim(['--quiet', '--help']);
    expect(result.code).toBe(0);
    for (const name of NAMES) expect(result.stdout).toMatch(new RegExp(`munisim ${name}\\b`));
  });
});
