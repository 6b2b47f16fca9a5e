/**
 * Which commands a command line loads (src/cli/commands-for.ts), and that options before the
 * command work as they do after it, with only the named commands loaded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandFirst, commandsFor } from '../../src/cli/commands-for.js';
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

describe('commandFirst', () => {
  it.each([
    [['--quiet', 'run', 'm.yaml', '--seed', '2'], ['run', 'm.yaml', '--seed', '2', '--quiet']],
    [['run', '--quiet', 'm.yaml'], undefined], // the command is already first
    [['--out', 'validate', 'run', 'm.yaml'], undefined], // two arguments name commands: which one is not known
    [['--quiet', 'm.yaml'], undefined],
  ])('%j → %j', (argv, expected) => {
    expect(commandFirst(argv, NAMES)).toEqual(expected);
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

  it('a flag first (`--quiet run …`, which yargs reads as quiet = "run") is refused with the line to type instead, and that line works', () => {
    const out = join(dir, "it's here");
    const refused = munisim(['--quiet', 'run', model, '--out', out]);
    expect(refused.code).toBe(2);
    const line = /Options go after the command: munisim (.*)\n/.exec(refused.stderr)?.[1];
    expect(line).toBe(`run ${model} --out '${out.replace("'", "'\\''")}' --quiet`);
    const words = [...line!.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/'\\''/g, "'") : m[2]));
    expect(munisim(words)).toMatchObject({ code: 0, stderr: '', stdout: `${out}\n` });
  });

  it('lists every command in help asked for with options first', () => {
    const result = munisim(['--quiet', '--help']);
    expect(result.code).toBe(0);
    for (const name of NAMES) expect(result.stdout).toMatch(new RegExp(`munisim ${name}\\b`));
  });
});
