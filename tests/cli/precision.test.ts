/**
 * `munisim sweep --precision` through the real CLI: the refusals (exit 2, nothing written), the help
 * that documents the procedure, and a sweep whose points cannot reach the precision within the
 * maximum (a warning, precision_met false, exit 0).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOISY_MODEL } from '../noisy-model.js';
import { munisimAsync } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-precision-cli-'));
const MODEL = join(work, 'noisy.yaml');
writeFileSync(MODEL, NOISY_MODEL);

describe.concurrent('sweep --precision refuses bad settings with exit code 2 and writes nothing', () => {
  it.each([
    ['a precision of 0', ['--precision', '0'], /--precision: expected a relative precision between 0 and 1 \(0\.05 for ±5 % of the mean\), got 0/],
    ['a precision of 1.5', ['--precision', '1.5'], /--precision: expected a relative precision between 0 and 1 .*got 1\.5/],
    ['a maximum below the initial runs', ['--precision', '0.05', '-r', '10', '--max-replications', '5'], /--max-replications: expected a whole number ≥ the initial 10 replications, got 5/],
    ['an unknown KPI', ['--precision', '0.05', '--kpi', 'demand_total,fill_rat'], /--kpi fill_rat: unknown KPI "fill_rat" for the precision \(did you mean "fill_rate"\?\)/],
    ['a single initial run', ['--precision', '0.05', '-r', '1'], /--replications: is 1, but replications to a precision start with at least 2 runs per point/],
    ['--kpi without --precision', ['--kpi', 'fill_rate'], /--kpi: applies only to replications to a precision \(add --precision, e\.g\. 0\.05, or drop it\)/],
    ['--max-replications without --precision', ['--max-replications', '50'], /--max-replications: applies only to replications to a precision/],
  ])('%s', async (_, args, message) => {
    const out = join(work, `refused-${Math.random().toString(36).slice(2)}`);
    const result = await munisimAsync(['sweep', MODEL, '--vary', 'cv=0.1,0.2', ...args, '--out', out, '--jobs', '1']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

});

describe.concurrent('sweep --precision', () => {
  it('documents the procedure, its reference and an example in --help', async () => {
    const help = await munisimAsync(['sweep', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Law, Simulation Modeling and Analysis, 5th ed., §9.4.1');
    expect(text).toContain('δ/|mean| ≤ γ/(1+γ)');
    expect(text).toContain('With mean 0 the relative precision is undefined: reached only when every value is the same (s = 0).');
    expect(text).toContain('--precision 0.05 --kpi fill_rate,shortfall_total');
    expect(text).toMatch(/--kpi .*default: fill_rate/);
    expect(text).toMatch(/--max-replications .*default: 1000/);
  });

  it('stops points that cannot reach the precision at the maximum, flags them and warns how many', async () => {
    const out = join(work, 'capped');
    const result = await munisimAsync(['sweep', MODEL, '--vary', 'cv=0,0.9', '--precision', '0.05', '--kpi', 'demand_total', '-r', '4', '--max-replications', '12', '--out', out, '--jobs', '2']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning: 1 of 2 points did not reach the relative precision 0.05 of the mean of demand_total within 12 replications (precision_met is false in aggregate.csv): raise --max-replications, or ask for a looser --precision');
    expect(result.stdout).toContain('2 points × 4 to 12 replications (to ±5 % of the mean of demand_total; 1 not reached) = 16 runs');
    const rows = readFileSync(join(out, 'aggregate.csv'), 'utf8').trim().split('\n').map((line) => line.split(',').slice(0, 5).join(','));
    // cv 0: every run demands exactly 1000 (s = 0), precise after the first 4; cv 0.9: never within 12.
    expect(rows).toEqual(['point,cv,replications,failed,precision_met', '0,0,4,0,true', '1,0.9,12,0,false']);
  });
});
