/** `munisim run` and `munisim validate` end to end: files, determinism, intervals, errors, exit codes. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeOutputDir } from '../../src/output/output-dir.js';
import { munisim } from './cli.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-cli-'));
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const rows = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('munisim run on the quickstart model', () => {
  const first = join(work, 'first');
  const second = join(work, 'second');
  let stdout = '';
  beforeAll(() => {
    const one = munisim(['run', 'models/quickstart.yaml', '--out', first]);
    expect(one.code, one.stderr).toBe(0);
    stdout = one.stdout;
    expect(munisim(['run', 'models/quickstart.yaml', '--out', second, '--quiet']).code).toBe(0);
  });

  it('writes the three files and a human summary', () => {
    expect(readdirSync(first).sort()).toEqual(['manifest.json', 'summary.csv', 'timeseries.csv']);
    expect(stdout).toMatch(/fill rate \d+\.\d %/);
    expect(stdout).toContain(first);
    const manifest = JSON.parse(read(first, 'manifest.json'));
    expect(manifest).toMatchObject({ seed: 1, days: 365, parameters: { nk_output: 5500, front_demand: 20000 } });
    expect(manifest.model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is byte-identical for the same model and seed', () => {
    expect(read(second, 'timeseries.csv')).toBe(read(first, 'timeseries.csv'));
    expect(read(second, 'summary.csv')).toBe(read(first, 'summary.csv'));
  });

  it('has the documented columns, one row per day, and a balanced summary', () => {
    const series = rows(read(first, 'timeseries.csv'));
    expect(series).toHaveLength(365);
    expect(series[0]).toMatchObject({ day: '0', date: '2023-09-01' });
    expect(series[364]).toMatchObject({ day: '364', date: '2024-08-30' });
    for (const column of ['nk-plants.produced', 'nk-plants.defective', 'nk-plants.capacity', 'nk-plants.blocked', 'nk-depot.stock', 'ru-depot.received',
      'ru-depot.issued', 'ru-depot.destroyed', 'rajin-dunai.shipped', 'rajin-dunai.delivered', 'rajin-dunai.in_transit', 'rajin-dunai.lost',
      'rajin-dunai.detections', 'ru-front.demand', 'ru-front.consumed', 'ru-front.shortfall']) {
      expect(Object.keys(series[0])).toContain(column);
    }
    const [summary] = rows(read(first, 'summary.csv'));
    expect(summary.balance_error).toBe('0');
    const sum = (column: string) => series.reduce((total, row) => total + Number(row[column]), 0);
    expect(Number(summary.produced_total)).toBe(sum('nk-plants.produced'));
    expect(Number(summary.consumed_total)).toBe(sum('ru-front.consumed'));
    expect(Number(summary.shortfall_total)).toBe(sum('ru-front.shortfall'));
    expect(Number(summary['final_stock.ru-depot'])).toBe(Number(series[364]['ru-depot.stock']));
    // The sea route is closed 2024-02-10 … 2024-03-24 (days 162–205): no departures then.
    const closed = series.slice(162, 206).map((row) => Number(row['rajin-dunai.shipped']));
    expect(closed.every((x) => x === 0)).toBe(true);
    // The strike on 2024-06-01 (day 274) destroys 10 % of ru-depot's stock at the start of that day.
    expect(Number(series[274]['ru-depot.destroyed'])).toBe(Math.round(Number(series[273]['ru-depot.stock']) * 0.1));
  });

  it('aggregates --every 7 from the daily rows: flows summed, levels at the interval end', () => {
    const weekly = join(work, 'weekly');
    expect(munisim(['run', 'models/quickstart.yaml', '--every', '7', '--out', weekly]).code).toBe(0);
    const daily = rows(read(first, 'timeseries.csv'));
    const week = rows(read(weekly, 'timeseries.csv'));
    expect(week).toHaveLength(Math.ceil(365 / 7));
    week.forEach((row, k) => {
      const days = daily.slice(k * 7, k * 7 + 7);
      expect(row.day).toBe(String(k * 7));
      expect(Number(row['ru-front.consumed'])).toBe(days.reduce((t, d) => t + Number(d['ru-front.consumed']), 0));
      expect(row['ru-depot.stock']).toBe(days.at(-1)!['ru-depot.stock']);
    });
  });

  it('writes the same data tidy with --format long', () => {
    const long = join(work, 'long');
    expect(munisim(['run', 'models/quickstart.yaml', '--format', 'long', '--out', long]).code).toBe(0);
    const tidy = rows(read(long, 'timeseries.csv'));
    const wide = rows(read(first, 'timeseries.csv'));
    expect(Object.keys(tidy[0])).toEqual(['day', 'date', 'node', 'metric', 'munition', 'value']);
    const pick = tidy.find((r) => r.day === '100' && r.node === 'ru-depot' && r.metric === 'stock');
    expect(pick!.value).toBe(wide[100]['ru-depot.stock']);
    expect(tidy).toHaveLength(wide.length * (Object.keys(wide[0]).length - 2));
  });

  it('draws the run with --chart: flows and stock levels, as SVG and PNG', () => {
    const out = join(work, 'chart');
    const result = munisim(['run', 'models/quickstart.yaml', '--chart', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const svg = read(out, 'chart.svg');
    for (const label of ['produced', 'consumed', 'demand', 'nk-depot', 'ru-depot', 'Shells in stock']) expect(svg).toContain(label);
    const png = readFileSync(join(out, 'chart.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000); // IHDR width at scale 2
    // The CSV files are the same with or without a chart.
    expect(read(out, 'timeseries.csv')).toBe(read(first, 'timeseries.csv'));
  });

  it('applies --set, --seed and --days', () => {
    const out = join(work, 'set');
    expect(munisim(['run', 'models/quickstart.yaml', '--set', 'front_demand=10000', '--seed', '5', '--days', '30', '--out', out]).code).toBe(0);
    expect(rows(read(out, 'timeseries.csv'))).toHaveLength(30);
    expect(JSON.parse(read(out, 'manifest.json'))).toMatchObject({ seed: 5, days: 30, parameters: { front_demand: 10000 } });
  });

  it('refuses to overwrite an existing folder unless --force', () => {
    const again = munisim(['run', 'models/quickstart.yaml', '--out', first]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/s);
    expect(munisim(['run', 'models/quickstart.yaml', '--out', first, '--force', '--quiet']).code).toBe(0);
  });
});

describe('bad input', () => {
  const badModel = join(work, 'bad.yaml');
  writeFileSync(badModel, readFileSync('models/quickstart.yaml', 'utf8').replace('shipment: 115000', 'shipment: -5'));

  it.each([
    [['run', badModel], /bad\.yaml:\d+:\d+: routes\[0\]\.shipment: must be ≥ 0, got -5/],
    [['run', join(work, 'missing.yaml')], /missing\.yaml: no such file/],
    [['run', 'models/quickstart.yaml', '--set', 'nk_output=abc'], /--set nk_output=abc: expected name=number/],
    [['run', 'models/quickstart.yaml', '--set', 'nk_output=99999'], /outside the parameter's range \[3000, 9000\]/],
    [['run', 'models/quickstart.yaml', '--every', '0'], /--every: expected a whole number/],
    [['run', 'models/quickstart.yaml', '--days', '999999999999'], /--days: must be a whole number of days from 1 to 36500/],
    [['run', 'models/quickstart.yaml', '--bogus'], /Unknown argument: bogus/],
    [['validate', badModel], /routes\[0\]\.shipment/],
  ])('%j exits 2 with a clear message and no stack trace', (args, message) => {
    const out = join(work, `never-${Math.random()}`);
    const result = munisim(args[0] === 'run' ? [...args, '--out', out] : args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});

describe('validate and help', () => {
  it('validate prints what the model contains', () => {
    const result = munisim(['validate', 'models/quickstart.yaml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/routes\s+rajin-dunai/);
    expect(result.stdout).toContain('nk-plants ⇒ nk-depot');
    expect(result.stdout).toContain('nk-depot → ru-depot by rajin-dunai (2 vehicles, 152mm)');
    expect(result.stdout).toContain('ru-depot ⇒ ru-front');
    expect(result.stdout).toMatch(/nk_output = 5500 in \[3000, 9000\] shells\/day \(source P16\)/);
  });

  it('--help shows examples', () => {
    expect(munisim(['--help']).stdout).toMatch(/Examples:/);
    const help = munisim(['run', '--help']).stdout;
    expect(help).toMatch(/Examples:/);
    expect(help).toMatch(/--seed 7 --set/);
    expect(help).toMatch(/nk_output=8000/);
  });
});

describe('atomic output folders', () => {
  it('leaves nothing behind when writing fails half-way', async () => {
    const dir = join(work, 'atomic', 'target');
    await expect(writeOutputDir(dir, false, async (tmp) => {
      writeFileSync(join(tmp, 'timeseries.csv'), 'day,date\n0,');
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(work, 'atomic'))).toEqual([]);
  });
});

describe('the printed summary of a run', () => {
  it('shows unserviceable shells apart from serviceable stock', async () => {
    const { describeRun } = await import('../../src/cli/commands/run.js');
    const { runYaml, yamlModel } = await import('../helpers.js');
    // 400 shells arrive on day 1, a quarter of them duds: b holds 300 good and 100 unserviceable.
    const result = runYaml(yamlModel(`munitions: [{ id: m }, { id: m-u }]
stockpiles: [{ id: a, initial: { m: 1000 } }, { id: b }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 400, every_days: 100, transit_days: 1, unserviceable: { share: 0.25, becomes: { m: m-u } } }]
`, 'name: duds\nstart: 2024-01-01\ndays: 3\n'));
    const text = describeRun(result, 'out');
    expect(text).toContain('final stock: a 600, b 300 serviceable (+100 unserviceable)\n');
    expect(text).not.toMatch(/\bb 400\b/);
  });
});
