/**
 * Where the CLI writes and how a rerun finds it, end to end: the default folder of a sweep or a
 * study is derived from what it computes, so the same command resumes it; every --out that cannot
 * be written is refused with exit 2 before anything runs; a folder a running sweep writes survives
 * --force; a damaged journal is refused with its file and line; leftovers of killed writers go.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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
    // Node's recursive mkdir retried for ever here (the sweep hung); /proc takes no new entries.
    ['a folder under /proc', ['--out', '/proc/munisim-test/out'], /\/proc\/munisim-test: cannot create a folder here \(its parent takes no new entries/],
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
  it('a study killed with SIGKILL resumes to files byte-identical to an uninterrupted --jobs 2 study; a {} or null row is refused with file and line', async () => {
    const cwd = freshFolder('killed-study');
    const args = ['sensitivity', 'valid.yaml', '--method', 'sobol', '--samples', '1024', '--replications', '1', '--series', 'depot-b.stock'];
    const whole = await cli(cwd, [...args, '--jobs', '2', '--out', 'whole']);
    expect(whole.code, whole.stderr).toBe(0);
    const summary = join(cwd, 'K', 'summary.csv');
    const killed = await cli(cwd, [...args, '--jobs', '1', '--out', 'K'], (child) => when(() => existsSync(summary) && dataRows(summary) > 50, () => child.kill('SIGKILL')));
    expect(killed.signal).toBe('SIGKILL');
    // Sobol with N = 1024 and 3 parameters: N·(k + 2) = 5,120 samples, one run each.
    const text = readFileSync(summary, 'utf8');
    const complete = text.slice(0, text.lastIndexOf('\n') + 1); // a line the kill tore is not a run
    const rows = complete.split('\n').length - 2;
    expect(rows).toBeGreaterThan(50);
    expect(rows).toBeLessThan(5120);
    for (const [line, expected] of [['{}', 'cannot resume: row ' + (rows + 1) + ' is not a run ("{}")'], ['null', 'cannot resume: row ' + (rows + 1) + ' is not a run ("null")']]) {
      writeFileSync(summary, `${complete}${line}\n`);
      const refused = await cli(cwd, [...args, '--jobs', '1', '--out', 'K']);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`K/summary.csv:${rows + 2}:1: ${expected}`);
      expect(refused.stderr).toMatch(/--force to start again/);
    }
    writeFileSync(summary, complete);
    const resumed = await cli(cwd, [...args, '--jobs', '1', '--out', 'K']);
    expect(resumed.code, resumed.stderr).toBe(0);
    for (const name of ['indices.csv', 'samples.csv', 'summary.csv', 'indices_series.csv', 'series.csv', 'failures.csv', 'design.csv', 'aggregate.csv']) {
      expect(readFileSync(join(cwd, 'K', name), 'utf8'), name).toBe(readFileSync(join(cwd, 'whole', name), 'utf8'));
    }
    expect(existsSync(join(cwd, 'runs', '.partial'))).toBe(false); // no journal any more: the folder is the study
  });

  it('a study with failing runs writes failures.csv, analyses the rest, says how many failed, and summarize reads its runs', async () => {
    const cwd = freshFolder('failing-study');
    const result = await cli(cwd, ['sensitivity', 'two-chains.yaml', '--method', 'oat', '-r', '2', '--jobs', '1', '--out', 'S']);
    // One-at-a-time over 3 parameters: 7 samples × 2 replications = 14 runs; rate_a at its min (0) fails both.
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/2 of 14 runs failed .*see S\/failures\.csv/);
    expect(result.stdout).toContain('report: S/report.html');
    expect(readFileSync(join(cwd, 'S', 'failures.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['point,replication', '1,0', '1,1']);
    const indices = readFileSync(join(cwd, 'S', 'indices.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    expect(indices).toHaveLength(1 + 3 * 3); // 3 outputs × 3 parameters
    for (const row of indices.slice(1)) expect(row[5] === '', row.join(',')).toBe(row[1] === 'rate_a'); // swing empty only where a run failed
    const summarized = await cli(cwd, ['summarize', 'S']);
    expect(summarized.code, summarized.stderr).toBe(0);
    expect(summarized.stdout).toMatch(/oat over .* — 7 points × 2 replications = 14 runs, 2 failed/);
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
