/**
 * `munisim sweep` and `munisim sensitivity` declare their shared options once: the same flags,
 * aliases, defaults and help text, and the same refusals. (Until issue 9 they differed: the study's
 * replications defaulted to 2, the sweep's every to 1, and -r, -j and --quiet were the sweep's alone.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

const SHARED = ['replications', 'seed', 'set', 'days', 'every', 'jobs', 'redis', 'out', 'force', 'quiet'];

/** The help block of `--flag`: its line and the wrapped lines under it, up to the next option. */
function helpBlock(help: string, flag: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\s+(-\\w, )?--${flag}\\s`).test(line));
  if (start < 0) return '';
  let end = start + 1;
  while (end < lines.length && /^\s{10,}\S/.test(lines[end]) && !/^\s+(-\w, )?--/.test(lines[end])) end++;
  // The words, not the padding: yargs sets the column width from the longest option of each command.
  return lines.slice(start, end).join(' ').replace(/\s+/g, ' ').trim();
}

describe('shared experiment options', () => {
  const sweep = munisim(['sweep', '--help']).stdout;
  const sensitivity = munisim(['sensitivity', '--help']).stdout;

  it.each(SHARED)('--%s reads the same in both helps', (flag) => {
    const block = helpBlock(sweep, flag);
    expect(block, `sweep --help has no --${flag}`).not.toBe('');
    expect(helpBlock(sensitivity, flag)).toBe(block);
  });

  it.each([
    ['replications', /^-r, --replications .*\[default: 10\]/s],
    ['every', /^--every .*\[default: 7\]/s],
    ['jobs', /^-j, --jobs .*default: all cores/s],
    ['seed', /default: the model's/],
  ])('--%s: one default for both', (flag, pattern) => {
    expect(helpBlock(sweep, flag)).toMatch(pattern);
    expect(helpBlock(sensitivity, flag)).toMatch(pattern);
  });

  const work = mkdtempSync(join(tmpdir(), 'munisim-shared-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each([
    ['sweep', ['--jobs', '0'], '--jobs: expected a whole number from 1 to 1024, got 0'],
    ['sensitivity', ['--jobs', '0'], '--jobs: expected a whole number from 1 to 1024, got 0'],
    ['sweep', ['-r', '1.5'], '--replications: expected a whole number from 1 to 1000000, got 1.5'],
    ['sensitivity', ['-r', '1.5'], '--replications: expected a whole number from 1 to 1000000, got 1.5'],
    ['sensitivity', ['--every', '0'], '--every: expected a whole number from 1 to 36500, got 0'],
  ])('%s %j is refused with the flag and the value, exit 2', (command, args, message) => {
    const extra = command === 'sensitivity' ? ['--method', 'oat'] : [];
    const result = munisim([command, 'models/quickstart.yaml', ...extra, ...args, '--out', join(work, `${command}-${args.join('')}`)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
