/**
 * `munisim compare` end to end: comparison.csv and the report, the same bytes with 1 and 2 jobs, a rerun
 * that finds the runs done, scenarios from a file (one of them another model), and bad scenarios refused
 * with exit 2 naming what was given.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-compare-cli-'));
const model = join(work, 'chain.yaml');
const body = `start: 2024-01-01
days: 40
seed: 3
parameters:
  rate: { value: 100, min: 0, max: 300 }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 300 } }]
factories: [{ id: plant, munition: shell, to: depot, rate: rate, breakdown: { mtbf_days: 5, mttr_days: 1 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 110, demand_cv: 0.3 }]
`;
writeFileSync(model, `name: chain\n${body}`);
writeFileSync(join(work, 'bigger.yaml'), `name: bigger\n${body.replace('shell: 300', 'shell: 900')}`);
const args = (out: string, jobs: string) => ['compare', model, '--scenario', 'base:', '--scenario', 'more:rate=120', '-r', '8', '--every', '7', '--jobs', jobs, '--out', out, '--kpi', 'shortfall_total', '--kpi', 'fill_rate'];

describe('munisim compare', () => {
  it('writes comparison.csv, the runs and a report, byte-identical with 1 and 2 jobs', () => {
    const one = munisim(args(join(work, 'one'), '1'));
    expect(one.stderr).not.toMatch(/error/);
    expect(one.code).toBe(0);
    const two = munisim(args(join(work, 'two'), '2'));
    expect(two.code).toBe(0);
    for (const file of ['comparison.csv', 'series_envelopes.csv', 'scenarios.csv', 'runs/summary.csv', 'report.md']) {
      const a = readFileSync(join(work, 'one', file), 'utf8');
      expect(readFileSync(join(work, 'two', file), 'utf8'), file).toBe(a.replaceAll(join(work, 'one'), join(work, 'two')).replace('--jobs 1', '--jobs 2'));
    }
    const csv = readFileSync(join(work, 'one', 'comparison.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('scenario,kpi,mean,ci95_halfwidth,difference,paired_ci95_halfwidth,unpaired_ci95_halfwidth,verdict');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['base shortfall_total', 'base fill_rate', 'more shortfall_total', 'more fill_rate']);
    expect(csv[3]).toMatch(/,lower$/); // 20 more a day against a demand of 110: less shortfall
    const html = readFileSync(join(work, 'one', 'report.html'), 'utf8');
    expect(html).toContain('Differences from');
    expect(html.match(/<svg/g)?.length).toBe(2); // the fan and the difference over time of front.consumed
  });

  it('finds the runs done when rerun, and writes the same comparison', () => {
    const before = readFileSync(join(work, 'one', 'comparison.csv'), 'utf8');
    const again = munisim(args(join(work, 'one'), '1'));
    expect(again.code).toBe(0);
    expect(readFileSync(join(work, 'one', 'comparison.csv'), 'utf8')).toBe(before);
  });

  it('reads scenarios from a file, one of them another model, paired by seed only', () => {
    writeFileSync(join(work, 'scenarios.yaml'), 'scenarios:\n  - name: base\n  - name: bigger-depot\n    model: bigger.yaml\n');
    const result = munisim(['compare', model, '--scenario-file', join(work, 'scenarios.yaml'), '-r', '3', '--jobs', '1', '--out', join(work, 'models'), '--kpi', 'shortfall_total']);
    expect(result.code).toBe(0);
    expect(readFileSync(join(work, 'models', 'scenarios.csv'), 'utf8')).toContain('bigger-depot,');
    expect(readFileSync(join(work, 'models', 'scenarios.csv'), 'utf8')).toContain(',seed only,');
    expect(readFileSync(join(work, 'models', 'report.md'), 'utf8')).toMatch(/pair with the baseline's by seed only/);
  });

  it.each([
    [['--scenario', 'base:'], /at least one other scenario, got 1/],
    [['--scenario', 'base:', '--scenario', 'nocolon'], /expected name: or name:param=value,…, got "nocolon"/],
    [['--scenario', 'base:', '--scenario', 'b:rate=fast'], /rate=fast/],
    [['--scenario', 'base:', '--scenario', 'b:speed=3'], /no parameter "speed"/],
  ])('refuses %j with exit 2', (scenarioArgs, message) => {
    const result = munisim(['compare', model, ...scenarioArgs, '-r', '2', '--jobs', '1', '--out', join(work, 'bad')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
