/**
 * Where the CLI writes and how a rerun finds it, end to end: the default folder of a sweep or a
 * study is derived from what it computes, so the same command resumes it; every --out that cannot
 * be written is refused with exit 2 before anything runs; a folder a running sweep writes survives
 * --force; a damaged journal is refused with its file and line; leftovers of killed writers go.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { twoChainsModel } from '../two-chains.js';
import { munisimAsync } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-out-'));
writeFileSync(join(work, 'two-chains.yaml'), twoChainsModel({ depotB: 500, demandB: 120 }));
/** A model whose every parameter combination is valid (rate_a ≥ 50), for sensitivity studies. */
writeFileSync(join(work, 'valid.yaml'), twoChainsModel({ depotB: 500, demandB: 120 }).replace('rate_a: { value: 150, min: 0, max: 300 }', 'rate_a: { value: 150, min: 60, max: 300 }'));

/** The CLI in its own working folder, so the default runs/ lands there. */
function cli(cwd: string, args: string[], control?: (child: ChildProcess) => void) {
  return munisimAsync(args, { cwd, control });
}
function freshFolder(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'two-chains.yaml'), readFileSync(join(work, 'two-chains.yaml')));
  writeFileSync(join(dir, 'valid.yaml'), readFileSync(join(work, 'valid.yaml')));
  return dir;
}
/** Calls `then` once `test()` holds, polling every 20 ms. */
function when(test: () => boolean, then: () => void): void {
  const timer = setInterval(() => { if (test()) { clearInterval(timer); then(); } }, 20);
}
const dataRows = (file: string) => readFileSync(file, 'utf8').split('\n').length - 2;

describe('the default --out of sweep is the sweep\'s own folder, so the same command resumes it', () => {
  it('lands an identical command in the same folder, resumes it after Ctrl-C, then says "already complete"', async () => {
    const cwd = freshFolder('default-sweep');
    const args = ['sweep', 'two-chains.yaml', '--vary', 'rate_a=100,200', '-r', '3000', '--jobs', '1'];
    let folder = '';
    const stopped = await cli(cwd, args, (child) => when(() => {
      const root = join(cwd, 'runs', 'two-chains-sweep');
      if (!existsSync(root) || readdirSync(root).length === 0) return false;
      folder = join(root, readdirSync(root)[0]);
      return existsSync(join(folder, 'summary.csv')) && dataRows(join(folder, 'summary.csv')) >= 3;
    }, () => child.kill('SIGINT')));
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(readdirSync(join(cwd, 'runs', 'two-chains-sweep'))).toHaveLength(1);
    expect(folder).toMatch(/runs\/two-chains-sweep\/grid-[0-9a-f]{12}$/);
    const name = folder.slice(cwd.length + 1);

    const resumed = await cli(cwd, args);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/resumed/);
    expect(resumed.stdout).toContain(`files: ${name}/`);
    expect(JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'))).toMatchObject({ status: 'complete', progress: { done: 6000 } });

    const again = await cli(cwd, args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${name}: this sweep is already complete (6,000 runs); nothing to do`);
    const other = await cli(cwd, [...args.slice(0, 5), '2999', '--jobs', '1', '--quiet']);
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout.trim()).not.toBe(name);
    expect(readdirSync(join(cwd, 'runs', 'two-chains-sweep'))).toHaveLength(2);
  });

  it('keeps the timestamped default for run', async () => {
    const cwd = freshFolder('default-run');
    const result = await cli(cwd, ['run', 'two-chains.yaml', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^runs\/two-chains\/\d{8}-\d{6}-seed7$/);
  });

  it('gives a sensitivity study its own folder: a rerun says "already complete", --force runs it again', async () => {
    const cwd = freshFolder('default-sensitivity');
    const args = ['sensitivity', 'valid.yaml', '--method', 'oat', '--jobs', '1'];
    const first = await cli(cwd, args);
    expect(first.code, first.stderr).toBe(0);
    const report = /report: (runs\/two-chains-sensitivity\/oat-[0-9a-f]{12})\/report\.html/.exec(first.stdout);
    expect(report, first.stdout).not.toBeNull();
    const again = await cli(cwd, args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${report![1]}: this study is already complete; nothing to do`);
    const forced = await cli(cwd, [...args, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`report: ${report![1]}/report.html`);
    expect(readdirSync(join(cwd, 'runs', 'two-chains-sensitivity'))).toEqual([report![1].split('/')[2]]);
  });
});

describe.concurrent('an --out that cannot be written is refused with exit 2, naming it, before anything runs', () => {
  const cwd = freshFolder('environment');
  writeFileSync(join(cwd, 'a-file'), 'x');
  mkdirSync(join(cwd, 'models'));
  writeFileSync(join(cwd, 'models', 'm.yaml'), readFileSync(join(work, 'valid.yaml')));
  const commands: [string, string[]][] = [
    ['run', ['run', 'valid.yaml']],
    ['sweep', ['sweep', 'valid.yaml', '-r', '2']],
    ['sensitivity', ['sensitivity', 'valid.yaml', '--method', 'oat', '--jobs', '1']],
  ];
  const cases: [string, string[], RegExp][] = [
    ['an existing file', ['--out', 'a-file'], /a-file: is a file, not a folder/],
    ['a folder under a file', ['--out', 'a-file/sub'], /a-file is a file, so no folder can be made under it/],
    ['a 300-character name', ['--out', 'n'.repeat(300)], /the folder name is 300 characters long; at most 200/],
    ['the working folder, with --force', ['--out', '.', '--force'], /\.: is the working folder/],
    ['a parent of the working folder, with --force', ['--out', '..', '--force'], /holds the working folder/],
  ];
  it.each(commands.flatMap(([name, args]) => cases.map(([what, out, message]) => [name, what, args, out, message] as const)))('%s: %s', async (_, __, args, out, message) => {
    const before = readdirSync(cwd).sort();
    const result = await cli(cwd, [...args, ...out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/internal error|at .*\.js/);
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it.each(commands.map(([name]) => name))('%s: a folder holding the model file, with --force', async (name) => {
    const args = commands.find(([n]) => n === name)![1].map((a) => (a === 'valid.yaml' ? 'models/m.yaml' : a));
    const result = await cli(cwd, [...args, '--out', 'models', '--force']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/models: holds the model file models\/m\.yaml/);
    expect(readdirSync(join(cwd, 'models'))).toEqual(['m.yaml']);
  });
});

describe('--force never replaces a folder that a running sweep writes', () => {
  it('refuses sweep --force and run --force with exit 2 naming the PID; the first sweep keeps its files', async () => {
    const cwd = freshFolder('force-running');
    const args = ['sweep', 'two-chains.yaml', '--vary', 'rate_a=100,200', '-r', '200000', '--jobs', '1', '--out', 'D'];
    let pid = 0;
    const refusals: Promise<unknown>[] = [];
    const first = await cli(cwd, args, (child) => {
      pid = child.pid!;
      when(() => existsSync(join(cwd, 'D', 'summary.csv')) && dataRows(join(cwd, 'D', 'summary.csv')) >= 3, () => {
        refusals.push((async () => {
          const sweep = await cli(cwd, [...args, '--force']);
          const run = await cli(cwd, ['run', 'two-chains.yaml', '--out', 'D', '--force']);
          child.kill('SIGINT');
          return [sweep, run];
        })());
      });
    });
    const [sweep, run] = (await refusals[0]) as { code: number; stderr: string }[];
    for (const result of [sweep, run]) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`(process ${pid}) is writing this`);
      expect(result.stderr).toContain(`kill ${pid}`);
    }
    expect(first.code, first.stderr).toBe(130);
    const manifest = JSON.parse(readFileSync(join(cwd, 'D', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ status: 'interrupted', replications: 200000 });
    expect(dataRows(join(cwd, 'D', 'summary.csv'))).toBe(manifest.progress.done);
  });
});

describe('leftovers', () => {
  it('a sensitivity journal with a {} or null line is refused with the file and line; --force starts again', async () => {
    const cwd = freshFolder('journal');
    const args = ['sensitivity', 'valid.yaml', '--method', 'sobol', '--samples', '1024', '--replications', '1', '--jobs', '1'];
    const partial = join(cwd, 'runs', '.partial');
    const killed = await cli(cwd, args, (child) => when(() => existsSync(partial) && readdirSync(partial).length > 0 && readFileSync(join(partial, readdirSync(partial)[0]), 'utf8').split('\n').length > 3, () => child.kill('SIGKILL')));
    expect(killed.signal).toBe('SIGKILL');
    const [name] = readdirSync(partial);
    const journal = join(partial, name);
    const lines = readFileSync(journal, 'utf8').split('\n').length - 1;
    for (const [line, expected] of [['{}', 'expected point to be a sample from 0 to 5119, got nothing'], ['null', 'expected an object {point, outcomes}, got null']]) {
      appendFileSync(journal, `\n${line}\n`); // the newline first ends a line the kill may have torn
      const refused = await cli(cwd, args);
      expect(refused.code, refused.stderr).toBe(2);
      // Sobol with N = 1024 and 3 parameters: N·(k + 2) = 5,120 samples, numbered 0 to 5,119.
      expect(refused.stderr).toContain(`runs/.partial/${name}:${lines + 2}:1: not a finished task: ${expected}`);
      expect(refused.stderr).toMatch(/--force to start the study again/);
      writeFileSync(journal, readFileSync(journal, 'utf8').split('\n').slice(0, lines).join('\n') + '\n');
    }
    const forced = await cli(cwd, [...args, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(partial)).toBe(false); // the journal, and its folder once empty, are gone
  });

  it('a study refused because runs failed leaves no journal and no folder', async () => {
    const cwd = freshFolder('refused-study');
    const result = await cli(cwd, ['sensitivity', 'two-chains.yaml', '--method', 'oat', '--jobs', '1']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/2 run\(s\) failed/);
    expect(existsSync(join(cwd, 'runs', '.partial'))).toBe(false);
    expect(existsSync(join(cwd, 'runs', 'two-chains-sensitivity'))).toBe(false);
  });

  it('run removes the temporary folder a killed run left beside its output', async () => {
    const cwd = freshFolder('stale-temporary');
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = join(cwd, 'runs', 'two-chains', `.20250101-120000-seed7.tmp-${dead}-1735732800000`);
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'timeseries.csv'), 'day\n0\n');
    const result = await cli(cwd, ['run', 'two-chains.yaml', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(join(cwd, 'runs', 'two-chains'))).toEqual([result.stdout.trim().split('/')[2]]);
  });
});
