import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

let dir: string;
let lhs: string;
let grid: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'munisim-discover-'));
  lhs = join(dir, 'lhs');
  grid = join(dir, 'grid');
  const a = munisim(['sweep', 'models/quickstart.yaml', '--design', 'lhs', '--samples', '40', '--vary', 'nk_output', '--vary', 'front_demand', '-r', '2', '--jobs', '1', '--out', lhs, '--quiet']);
  expect(a.code, a.stderr).toBe(0);
  const b = munisim(['sweep', 'models/quickstart.yaml', '--vary', 'nk_output=3000:9000:3', '-r', '1', '--jobs', '1', '--out', grid, '--quiet']);
  expect(b.code, b.stderr).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('munisim discover', () => {
  it('finds a box on an LHS sweep and writes boxes.csv (one row per box and parameter), trajectory.csv and the report', () => {
    const out = join(dir, 'found');
    const result = munisim(['discover', lhs, '--where', 'fill_rate < 0.6', '--out', out, '--resamples', '5']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\d+ of 80 runs where fill_rate < 0\.6/);
    // the quickstart's fronts run short when demand is high: box 1 always raises front_demand's floor
    expect(result.stdout).toMatch(/box 1: fill_rate < 0\.6 holds in \d+ % of the runs in this box \(\d+ % of all such runs\) when .*front_demand is over [\d.]+K/);
    const boxes = readFileSync(join(out, 'boxes.csv'), 'utf8').trim().split('\n');
    expect(boxes[0]).toBe('box,parameter,min,max,restricted,quasi_p,coverage,density,mass');
    expect(boxes.length - 1).toBe(2 * new Set(boxes.slice(1).map((l) => l.split(',')[0])).size);
    // an unrestricted parameter shows its full range (the quickstart's min and max) and no quasi-p
    const range: Record<string, string> = { nk_output: '3000,9000', front_demand: '10000,40000' };
    for (const line of boxes.slice(1)) {
      const [, parameter, min, max, restricted, quasiP] = line.split(',');
      if (restricted === 'false') expect(`${min},${max},${quasiP}`).toBe(`${range[parameter]},`);
      else expect(Number(quasiP)).toBeGreaterThanOrEqual(0);
    }
    // box 1's demand floor matters: dropping it would make so dense a box very unlikely
    expect(Number(boxes.find((l) => l.startsWith('1,front_demand,'))!.split(',')[5])).toBeLessThan(0.05);
    expect(readFileSync(join(out, 'trajectory.csv'), 'utf8')).toMatch(/^box,step,stage,coverage,density,mass,restricted,selected\n1,0,start,1,/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('![Limits of the');
  }, 60_000);

  it('writes the same files again for the same command (seeded resamples)', () => {
    const runs = ['a', 'b'].map((name) => {
      const out = join(dir, `same-${name}`);
      expect(munisim(['discover', lhs, '--where', 'fill_rate < 0.6', '--out', out, '--resamples', '5', '--seed', '4']).code).toBe(0);
      return readFileSync(join(out, 'boxes.csv'), 'utf8') + readFileSync(join(out, 'trajectory.csv'), 'utf8');
    });
    expect(runs[0]).toBe(runs[1]);
  }, 60_000);

  it('CART per point', () => {
    const result = munisim(['discover', lhs, '--where', 'fill_rate < 0.6', '--per', 'point', '--method', 'cart', '--out', join(dir, 'cart')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/of 40 points where/);
  }, 60_000);

  it.each([
    [['--where', 'fil_rate < 0.6'], '--where "fil_rate < 0.6": at column 1: unknown KPI "fil_rate" (did you mean "fill_rate"?)'],
    [['--where', 'fill_rate <'], '--where "fill_rate <": at column 12: ends where a value was expected'],
    [['--where', 'fill_rate'], 'the whole expression needs a condition, got a number'],
    [['--where', 'fill_rate < -1'], 'marks none of the 80 runs: there is nothing to tell apart (the values found: fill_rate'],
    [['--where', 'fill_rate < 0.6', '--box', '999'], '--box: must be a trajectory index from 0 to'],
    [['--where', 'fill_rate < 0.6', '--alpha', '0.9'], '--alpha: must be above 0 and below 0.5, got 0.9'],
  ])('refuses %j with exit 2', (args, message) => {
    const result = munisim(['discover', lhs, ...args, '--out', join(dir, 'bad')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);

  it('refuses a grid sweep (exit 2), and a folder that is no sweep', () => {
    const result = munisim(['discover', grid, '--where', 'fill_rate < 0.6']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a grid design; scenario discovery needs a space-filling one (lhs, sobol, saltelli)');
    expect(result.stderr).toContain('--design');
    const none = munisim(['discover', join(dir, 'nothing'), '--where', 'fill_rate < 0.6']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no such folder');
  }, 60_000);
});
