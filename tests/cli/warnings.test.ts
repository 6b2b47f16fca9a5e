/** Warnings end to end: a `warning: …` line on stderr, `warnings` in manifest.json and the report, `validate --strict`. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { munisim } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-warnings-'));
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { warnings: { code: string; path?: string; message: string }[] };
const warningLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('warning: '));

// quickstart as it was: its only set event, on 2024-01-01, set front_demand to 25000 (the model now scales by
// demand_surge instead, so that sweeps of front_demand keep their effect).
const overriding = join(work, 'overriding.yaml');
writeFileSync(overriding, readFileSync('models/quickstart.yaml', 'utf8')
  .replace('set: { demand_surge: 1.25 }', 'set: { front_demand: 25000 }'));
const OVERRIDE = {
  code: 'overridden_parameter',
  path: 'events[0].set.front_demand',
  message: 'front_demand is varied but the event on 2024-01-01 sets it to 25000; from that day the varied value no longer matters',
};

// 10 days drawing `max(level, idle)` a day from 1000 shells, no factory: idle (≤ 1) never beats level (≥ 2),
// nothing is produced, and at most 80 shells are asked for, so there is never a shortfall.
const flat = join(work, 'flat.yaml');
writeFileSync(flat, `name: flat
start: 2024-01-01
days: 10
parameters:
  level: { value: 5, min: 2, max: 8 }
  idle: { value: 0.5, min: 0, max: 1 }
munitions: [{ id: m }]
stockpiles: [{ id: depot, initial: { m: 1000 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [m], demand: "max(level, idle)" }]
`);

describe('run', () => {
  it('warns that --set front_demand no longer matters from the event on 2024-01-01, on stderr and in manifest.json', () => {
    const out = join(work, 'run-set');
    const result = munisim(['run', overriding, '--set', 'front_demand=10000', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(warningLines(result.stderr)).toEqual([`warning: ${OVERRIDE.message}`]);
    expect(manifest(out).warnings).toEqual([OVERRIDE]);
  });

  it('records an empty list when there is nothing to say', () => {
    const out = join(work, 'run-plain');
    const result = munisim(['run', 'models/quickstart.yaml', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(warningLines(result.stderr)).toEqual([]);
    expect(manifest(out).warnings).toEqual([]);
  });

  it('runs a horizon shortened by --days and lists the events it cuts off', () => {
    // Day 99 from 2023-09-01 is 2023-12-09; both quickstart events (2024-01-01, 2024-06-01) fall after it.
    const out = join(work, 'run-short');
    const result = munisim(['run', 'models/quickstart.yaml', '--days', '100', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const message = 'the horizon is shortened to 100 days (2023-09-01 to 2023-12-09), so these 2 events are ignored: event-0 (2024-01-01), event-1 (2024-06-01)';
    expect(warningLines(result.stderr)).toEqual([`warning: ${message}`]);
    expect(manifest(out).warnings).toEqual([{ code: 'beyond_horizon', path: 'days', message }]);
  });
});

describe('validate', () => {
  const spare = join(work, 'spare.yaml');
  writeFileSync(spare, readFileSync(flat, 'utf8').replace('  idle:', '  spare: 3\n  idle:'));

  it('prints a warning and still says the model is valid', () => {
    const result = munisim(['validate', spare]);
    expect(result.code, result.stderr).toBe(0);
    expect(warningLines(result.stderr)).toEqual(['warning: spare is used by no quantity: whatever its value, every run is the same']);
    expect(result.stdout).toContain(`${spare}: valid`);
  });

  it('--strict refuses the model with exit 2, naming the field', () => {
    const result = munisim(['validate', '--strict', spare]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${spare}: parameters.spare: spare is used by no quantity`);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each(readdirSync('models').filter((f) => f.endsWith('.yaml')))('passes --strict on the shipped model %s', (file) => {
    const result = munisim(['validate', '--strict', join('models', file)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('sweep', () => {
  it('varying front_demand on quickstart as it was warns of the event on 2024-01-01, on stderr and in manifest.json', () => {
    const out = join(work, 'sweep-quickstart');
    const result = munisim(['sweep', overriding, '--vary', 'front_demand=10000,40000', '-r', '2', '--jobs', '1', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(warningLines(result.stderr)).toContain(`warning: ${OVERRIDE.message}`);
    expect(manifest(out).warnings).toContainEqual(OVERRIDE);
  });

  it('names the outputs that never vary', () => {
    const out = join(work, 'sweep-flat');
    const result = munisim(['sweep', flat, '--vary', 'level=2,8', '-r', '2', '--jobs', '1', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    // consumed, demanded and final stock follow level; nothing is produced, nothing is short; stock
    // only falls, so the least days of supply is always on the last day, day 9.
    expect(manifest(out).warnings).toEqual([
      { code: 'constant_output', path: 'produced_total', message: 'produced_total is 0 in every run of the sweep: it does not tell the runs apart' },
      { code: 'constant_output', path: 'shortfall_total', message: 'shortfall_total is 0 in every run of the sweep: it does not tell the runs apart' },
      { code: 'constant_output', path: 'fill_rate', message: 'fill_rate is 1 in every run of the sweep: it does not tell the runs apart' },
      { code: 'constant_output', path: 'days_of_supply_min_day.front', message: 'days_of_supply_min_day.front is 9 in every run of the sweep: it does not tell the runs apart' },
    ]);
    expect(warningLines(result.stderr)).toHaveLength(4);
  });

  it('prints warnings alike, one per front of six, as one line, and keeps every one in manifest.json', () => {
    // Six copies of flat's front, each with its own depot: each front's least days of supply falls on day 9.
    const six = join(work, 'six.yaml');
    const fronts = [0, 1, 2, 3, 4, 5];
    writeFileSync(six, `name: six
start: 2024-01-01
days: 10
parameters:
  level: { value: 5, min: 2, max: 8 }
munitions: [{ id: m }]
stockpiles: [${fronts.map((k) => `{ id: depot-${k}, initial: { m: 1000 } }`).join(', ')}]
consumers: [${fronts.map((k) => `{ id: front-${k}, draws_from: [depot-${k}], munitions: [m], demand: "level" }`).join(', ')}]
`);
    const out = join(work, 'sweep-six');
    const result = munisim(['sweep', six, '--vary', 'level=2,8', '-r', '2', '--jobs', '1', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const perFront = fronts.map((k) => ({
      code: 'constant_output', path: `days_of_supply_min_day.front-${k}`,
      message: `days_of_supply_min_day.front-${k} is 9 in every run of the sweep: it does not tell the runs apart`,
    }));
    expect(manifest(out).warnings.slice(3)).toEqual(perFront);
    expect(warningLines(result.stderr)).toEqual([
      'warning: produced_total is 0 in every run of the sweep: it does not tell the runs apart',
      'warning: shortfall_total is 0 in every run of the sweep: it does not tell the runs apart',
      'warning: fill_rate is 1 in every run of the sweep: it does not tell the runs apart',
      `warning: ${perFront[0].message} — and the same for 5 more: ${fronts.slice(1).map((k) => `days_of_supply_min_day.front-${k}`).join(', ')}; all 6 are in ${out}/manifest.json`,
    ]);
  });
});

describe('sensitivity', () => {
  it('names a parameter without effect and outputs that never vary, in the manifest and the report', () => {
    const out = join(work, 'oat-flat');
    const result = munisim(['sensitivity', flat, '--method', 'oat', '--jobs', '1', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const expected = [
      { code: 'zero_sensitivity', path: 'parameters.idle', message: 'idle has no effect on any output (shortfall_total, fill_rate, consumed_total): every output is the same at each of its levels' },
      { code: 'constant_output', path: 'shortfall_total', message: 'shortfall_total is 0 in every run of the study: it does not tell the runs apart' },
      { code: 'constant_output', path: 'fill_rate', message: 'fill_rate is 1 in every run of the study: it does not tell the runs apart' },
    ];
    expect(manifest(out).warnings).toEqual(expected);
    expect(warningLines(result.stderr)).toEqual(expected.map((w) => `warning: ${w.message}`));
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('idle has no effect on any output');
    expect(report).not.toContain('No warnings were raised');
  });
});

describe('compare', () => {
  it('prints five unused parameters as one line naming the runs folder\'s manifest.json, which keeps all five', () => {
    const names = ['spare_a', 'spare_b', 'spare_c', 'spare_d', 'spare_e'];
    const spares = join(work, 'spares.yaml');
    writeFileSync(spares, readFileSync(flat, 'utf8').replace('  idle:', `${names.map((n) => `  ${n}: 3\n`).join('')}  idle:`));
    const out = join(work, 'compare-spares');
    const result = munisim(['compare', spares, '--scenario', 'base:', '--scenario', 'high:level=8', '-r', '2', '--jobs', '1', '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const unused = names.map((n) => ({ code: 'unused_parameter', path: `parameters.${n}`, message: `${n} is used by no quantity: whatever its value, every run is the same` }));
    expect(manifest(join(out, 'runs')).warnings).toEqual(unused);
    expect(warningLines(result.stderr)).toEqual([
      `warning: ${unused[0].message} — and the same for 4 more: parameters.spare_b, parameters.spare_c, parameters.spare_d, parameters.spare_e; all 5 are in ${out}/runs/manifest.json`,
    ]);
  });
});
