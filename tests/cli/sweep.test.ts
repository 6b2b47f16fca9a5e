/**
 * `munisim sweep` and `munisim summarize` end to end, through the real CLI: refusals (exit 2,
 * nothing written), common random numbers, determinism across --jobs, resume after SIGKILL and
 * Ctrl-C, failures (exit 3), and the summary table. A small two-chain model keeps every run short.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { twoChainsModel } from '../two-chains.js';
import { munisimAsync, type CliResult } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-sweep-'));

/**
 * Two independent chains: plant-a → depot-a → front-a and plant-b → depot-b → front-b. Plant A's
 * rate is `rate_a - 50`, so rate_a below 50 makes the model invalid (a failing design point).
 */
const MODEL = join(work, 'two-chains.yaml');
writeFileSync(MODEL, twoChainsModel({ depotB: 500, demandB: 120 }));

/** The CLI, asynchronously (tests in a `describe.concurrent` overlap their start-up times). */
const munisim = (args: string[], control?: (child: ChildProcess) => void) => munisimAsync(args, { control });

/** Calls `then` once `file` holds at least `rows` complete data rows. */
function whenRows(file: string, rows: number, then: () => void): void {
  const timer = setInterval(() => {
    if (!existsSync(file)) return;
    const lines = readFileSync(file, 'utf8').split('\n').length - 2; // header, and the text after the last newline
    if (lines >= rows) { clearInterval(timer); then(); }
  }, 20);
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const csvRows = (text: string) => text.trim().split('\n').map((line) => line.split(','));
const FILES = ['design.csv', 'summary.csv', 'failures.csv', 'aggregate.csv'];

describe.concurrent('bad input is refused with exit code 2 and nothing written', () => {
  it.each([
    ['an unknown parameter', ['--vary', 'rate_c=1:2:3'], /unknown parameter "rate_c"/],
    ['LOW above HIGH', ['--vary', 'rate_a=200:100:3'], /LOW \(200\) is above HIGH \(100\)/],
    ['a value outside the range', ['--vary', 'rate_b=100,400'], /400 is outside the parameter's range \[0, 300\]/],
    ['a bound that is not a number', ['--design', 'lhs', '--samples', '4', '--vary', 'rate_a=0:abc'], /"abc" is not a number/],
  ])('%s', async (_, args, message) => {
    const out = join(work, `refused-${Math.random().toString(36).slice(2)}`);
    const result = await munisim(['sweep', MODEL, ...args, '--out', out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a sweep with failing points', () => {
  const dir = join(work, 'failing');
  let result: CliResult;
  beforeAll(async () => {
    result = await munisim(['sweep', MODEL, '--vary', 'rate_a=20,150', '-r', '3', '--jobs', '1', '--out', dir]);
  });

  it('records each failed run with its error in failures.csv, goes on, and exits with 3', () => {
    expect(result.code, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/3 of 6 runs failed.*failures\.csv/);
    const failures = csvRows(read(dir, 'failures.csv'));
    expect(failures[0]).toEqual(['point', 'replication', 'seed', 'rate_a', 'kind', 'error']);
    expect(failures.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ['0', '0', '7', '20', 'user'], ['0', '1', '8', '20', 'user'], ['0', '2', '9', '20', 'user'],
    ]);
    expect(read(dir, 'failures.csv')).toContain('factories[0].rate: ""rate_a - 50"" must be ≥ 0'); // CSV doubles quotes
  });

  it('leaves the failed runs\' KPI cells empty and counts them in the aggregate', () => {
    const summary = csvRows(read(dir, 'summary.csv'));
    expect(summary).toHaveLength(7);
    expect(summary[1].slice(4).every((cell) => cell === '')).toBe(true);
    expect(summary[4][4]).not.toBe('');
    const aggregate = csvRows(read(dir, 'aggregate.csv'));
    expect(aggregate[0].slice(0, 5)).toEqual(['point', 'rate_a', 'replications', 'failed', 'produced_total.mean']);
    expect(aggregate[1].slice(0, 4)).toEqual(['0', '20', '3', '3']);
    expect(aggregate[2].slice(0, 4)).toEqual(['1', '150', '3', '0']);
    expect(JSON.parse(read(dir, 'manifest.json'))).toMatchObject({ status: 'complete', progress: { done: 6, failed: 3 } });
  });

  it('summarize prints the points ranked, mean ± half-width, with failures shown', async () => {
    const printed = await munisim(['summarize', dir, '--by', 'fill_rate']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/2 points × 3 replications = 6 runs, 3 failed/);
    expect(printed.stdout).toMatch(/higher fill_rate is better/);
    expect(printed.stdout).toMatch(/\d ± \d/);
    expect(printed.stdout).toMatch(/3\/3/);
    const unknown = await munisim(['summarize', dir, '--by', 'nonsense']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown KPI "nonsense".*this sweep has: produced_total/s);
  });
});

describe('common random numbers and determinism', () => {
  const serial = join(work, 'serial');
  const parallel = join(work, 'parallel');
  beforeAll(async () => {
    const args = ['sweep', MODEL, '--vary', 'rate_a=100,250', '--vary', 'demand_a=60:180:3', '-r', '4', '--keep', 'timeseries'];
    const [one, two] = await Promise.all([
      munisim([...args, '--jobs', '1', '--out', serial]),
      munisim([...args, '--jobs', '2', '--out', parallel]),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
  });

  it('gives byte-identical files with --jobs 1 and --jobs 2', () => {
    for (const file of FILES) expect(read(parallel, file), file).toBe(read(serial, file));
    expect(readdirSync(join(serial, 'runs')).length).toBe(24);
    expect(read(parallel, 'runs/5-3/timeseries.csv')).toBe(read(serial, 'runs/5-3/timeseries.csv'));
  });

  it('uses seed base + r for replication r at every point', () => {
    const summary = csvRows(read(serial, 'summary.csv')).slice(1);
    expect(summary).toHaveLength(24);
    for (const row of summary) expect(Number(row[2])).toBe(7 + Number(row[1]));
  });

  it('leaves chain B identical when only a chain-A parameter changes', () => {
    // Points 0 and 3 differ only in rate_a (100 vs 250), at demand_a = 60.
    const design = csvRows(read(serial, 'design.csv'));
    expect(design[1]).toEqual(['0', '100', '60']);
    expect(design[4]).toEqual(['3', '250', '60']);
    for (const replication of [0, 1, 2, 3]) {
      const a = csvRows(read(serial, `runs/0-${replication}/timeseries.csv`));
      const b = csvRows(read(serial, `runs/3-${replication}/timeseries.csv`));
      const header = a[0];
      const column = (rows: string[][], name: string) => rows.slice(1).map((r) => r[header.indexOf(name)]);
      for (const name of header.filter((h) => /^(plant-b|depot-b|front-b)\./.test(h))) {
        expect(column(b, name), name).toEqual(column(a, name));
      }
      expect(column(b, 'plant-a.produced')).not.toEqual(column(a, 'plant-a.produced'));
    }
  });
});

describe('resume', () => {
  // Enough runs (8 points × 1000) to still be going when the first rows appear, even on a fast machine.
  const args = ['sweep', MODEL, '--vary', 'rate_a=100:300:4', '--vary', 'demand_a=60,120', '-r', '1000', '--jobs', '1'];
  const whole = join(work, 'whole');
  beforeAll(async () => {
    const result = await munisim([...args, '--out', whole, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
  });

  it('finishes a SIGKILLed sweep (torn last line included) into files identical to an uninterrupted one', async () => {
    const dir = join(work, 'killed');
    const killed = await munisim([...args, '--out', dir], (child) => whenRows(join(dir, 'summary.csv'), 3, () => child.kill('SIGKILL')));
    expect(killed.signal).toBe('SIGKILL');
    expect(JSON.parse(read(dir, 'manifest.json')).status).toBe('running');
    expect(existsSync(join(dir, 'aggregate.csv'))).toBe(false);
    const partial = csvRows(read(dir, 'summary.csv')).length - 1;
    expect(partial).toBeLessThan(8000);
    appendFileSync(join(dir, 'summary.csv'), '7,12,1'); // a row torn by the kill

    const other = await munisim([...args.map((a) => (a === '1000' ? '900' : a)), '--out', dir]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a different sweep.*replications: 1000 there, 900 here/);

    const resumed = await munisim([...args, '--out', dir, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/resumed/);
    for (const file of FILES) expect(read(dir, file), file).toBe(read(whole, file));
    expect(JSON.parse(read(dir, 'manifest.json'))).toMatchObject({ status: 'complete', progress: { done: 8000 } });

    const again = await munisim([...args, '--out', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already complete/);
  });

  it('refuses, with exit 2 and a hint, a complete sweep whose aggregate.csv is cut or missing: summarize and rerun alike', async () => {
    const dir = join(work, 'damaged');
    cpSync(whole, dir, { recursive: true });
    const lines = read(dir, 'aggregate.csv').split('\n');
    writeFileSync(join(dir, 'aggregate.csv'), `${lines.slice(0, 2).join('\n')}\n`); // the header and 1 of 8 points
    const summarized = await munisim(['summarize', dir]);
    expect(summarized.code, summarized.stderr).toBe(2);
    expect(summarized.stderr).toContain(`${dir}/aggregate.csv: has 1 point rows, but the sweep has 8 points (the folder was edited or damaged; rerun the sweep with --force`);
    expect(summarized.stdout).toBe('');
    rmSync(join(dir, 'aggregate.csv'));
    const rerun = await munisim([...args, '--out', dir]);
    expect(rerun.code, rerun.stderr).toBe(2);
    expect(rerun.stderr).toContain(`${dir}/aggregate.csv: is missing, but the sweep is marked complete`);
    expect(rerun.stdout).not.toMatch(/already complete/);
  });

  it('stops on Ctrl-C after the runs in flight, exits 130, says how to resume, and resumes identically', async () => {
    const dir = join(work, 'interrupted');
    const stopped = await munisim([...args, '--out', dir], (child) => whenRows(join(dir, 'summary.csv'), 3, () => child.kill('SIGINT')));
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted: [\d,]+ of 8,000 runs/);
    expect(stopped.stderr).toMatch(/--resume/);
    expect(JSON.parse(read(dir, 'manifest.json')).status).toBe('interrupted');
    const text = read(dir, 'summary.csv');
    expect(text.endsWith('\n')).toBe(true);
    // Rerunning the same command into the same folder resumes it, --resume or not.
    const resumed = await munisim([...args, '--out', dir]);
    expect(resumed.code, resumed.stderr).toBe(0);
    for (const file of FILES) expect(read(dir, file), file).toBe(read(whole, file));
  });
});
