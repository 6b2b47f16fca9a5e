/**
 * A reader that stops early (`munisim … | head -1`) closes the pipe under the CLI: it stops quietly,
 * with exit 0 and nothing on stderr, not with an EPIPE stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { munisim, ROOT } from './cli.js';

/** Runs the CLI with its stdout read up to the first newline and then closed, as `| head -1` does. */
function firstLineThenClose(args: string[]): Promise<{ code: number | null; firstLine: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/munisim.js'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let firstLine = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (firstLine.includes('\n')) return;
      firstLine += chunk.toString();
      if (firstLine.includes('\n')) child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => resolve({ code, firstLine: firstLine.split('\n')[0], stderr }));
  });
}

it('exits 0 without a stack trace when the reader closes stdout after the first line', async () => {
  const sweep = join(mkdtempSync(join(tmpdir(), 'munisim-pipe-')), 'sweep');
  const made = munisim(['sweep', 'models/quickstart.yaml', '--vary', 'front_demand=15000,25000', '-r', '2', '--jobs', '1', '--out', sweep, '--quiet']);
  expect(made.code, made.stderr).toBe(0);
  // summarize --chart prints its table, draws the charts (a second or so), then prints where they are:
  // that last write meets the closed pipe.
  const result = await firstLineThenClose(['summarize', sweep, '--chart']);
  expect(result.firstLine).toMatch(/^quickstart: grid over front_demand/);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}, 60_000);
