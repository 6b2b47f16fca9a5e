/**
 * Targets end to end: `run` writes targets.csv and says what hit, `validate` lists the targets, a bad
 * target exits 2 with file:line, and a sweep's summary.csv carries each target as a KPI `target.<id>`
 * (measured in the run, though sweeps record no time series). Values by hand: c fires 7 a day.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-targets-'));
const model = `name: targets
start: 2024-01-01
days: 10
parameters:
  demand: { value: 7, min: 5, max: 9 }
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 100 } }]
consumers: [{ id: c, draws_from: [a], munitions: [m], demand: "demand" }]
targets:
  - { id: fired, metric: consumed, of: c, by: 2024-01-03, range: [20, 22], source: C8 }
  - { id: stock, metric: stock, of: a, on: 2024-01-04, value: 100, tolerance: 0.1 }
`;
const file = join(work, 'model.yaml');
writeFileSync(file, model);
const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('munisim run on a model with targets', () => {
  it('writes targets.csv: simulated beside the range, and whether it hit', () => {
    const out = join(work, 'run');
    const result = munisim(['run', file, '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    // 3 days × 7 = 21 in [20, 22]; stock on 4 Jan = 100 − 21 = 79, outside [90, 110].
    expect(readFileSync(join(out, 'targets.csv'), 'utf8')).toBe('target,simulated,low,high,hit\nfired,21,20,22,true\nstock,79,90,110,false\n');
    expect(result.stdout).toContain('targets: 1 of 2 hit; missed stock');
    expect(result.stdout).toContain('targets.csv');
  });

  it('validate lists the targets', () => {
    const result = munisim(['validate', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  targets     2\n    fired: consumed of c by 2024-01-03 in [20, 22] (source C8)\n    stock: stock of a on 2024-01-04 in [90, 110]\n');
  });

  it('refuses a bad target with exit 2, file and line, and writes nothing', () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, model.replace('metric: stock, of: a', 'metric: delivered, of: a'));
    const out = join(work, 'bad-run');
    const result = munisim(['run', bad, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:11:`);
    expect(result.stderr).toContain('a (a stockpile) has no metric "delivered"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a sweep has each target as a KPI target.<id> at the end of summary.csv', () => {
    const out = join(work, 'sweep');
    const result = munisim(['sweep', file, '--vary', 'demand=5,9', '-r', '1', '--jobs', '1', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const summary = rows(readFileSync(join(out, 'summary.csv'), 'utf8'));
    const header = Object.keys(summary[0]);
    expect(header.slice(-2)).toEqual(['target.fired', 'target.stock']);
    // demand 5: 15 fired, 85 left; demand 9: 27 and 73.
    expect(summary.map((r) => [r.demand, r['target.fired'], r['target.stock']])).toEqual([['5', '15', '85'], ['9', '27', '73']]);
  });
});
