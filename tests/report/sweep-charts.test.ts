/**
 * `munisim summarize DIR --chart` end to end on a sweep whose answers are known by hand: a plant making
 * exactly `a` shells a day for 100 days, so produced_total is 100·a in every run, and a front drawing `n`.
 * The charts' files exist, the page renders in headless Chromium with every chart drawn, tick labels are
 * distinct, and the scatter plots exactly the means aggregate.csv holds.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/analysis/statistics.js';
import { readSweep } from '../../src/experiments/sweep.js';
import { axisFormat, envelopePoints, envelopeRows, MAX_ENVELOPE_POINTS } from '../../src/report/sweep-charts.js';
import { munisim } from '../cli/cli.js';
import { expectEveryChartDrawn, launchChromium } from './chromium.js';

const MODEL = `name: tiny
start: 2024-01-01
days: 100
seed: 1
parameters:
  a: { value: 5, min: 1, max: 10, unit: shells/day }
  n: { value: 3, min: 1, max: 6, integer: true }
munitions:
  - { id: s }
stockpiles:
  - { id: depot, initial: { s: 0 } }
factories:
  - { id: plant, munition: s, to: depot, rate: "a" }
consumers:
  - { id: front, draws_from: [depot], munitions: [s], demand: "n", demand_cv: 0.3 }
`;

let dir: string;
let grid: string;
let lhs: string;
let browser: Browser;
let page: Page;

const read = (folder: string, file: string) => readFileSync(join(folder, file), 'utf8');

/** aggregate.csv as records by column name. */
function readAggregate(sweep: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(sweep, 'aggregate.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return lines.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

function spec(sweep: string, stem: string): { data: { values: Record<string, number>[] } } {
  return JSON.parse(readFileSync(join(sweep, 'charts', `${stem}.vl.json`), 'utf8'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'munisim-sweep-charts-'));
  writeFileSync(join(dir, 'tiny.yaml'), MODEL);
  grid = join(dir, 'grid');
  lhs = join(dir, 'lhs');
  // a ∈ {1, 4, 7, 10}, n ∈ {2, 4, 6}: 12 points × 2 replications, time series kept
  const a = munisim(['sweep', join(dir, 'tiny.yaml'), '--vary', 'a=1:10:4', '--vary', 'n=2:6:3', '-r', '2', '--jobs', '1', '--keep', 'timeseries', '--out', grid, '--quiet']);
  expect(a.code, a.stderr).toBe(0);
  const b = munisim(['sweep', join(dir, 'tiny.yaml'), '--design', 'lhs', '--samples', '6', '--vary', 'a', '--vary', 'n', '-r', '2', '--jobs', '1', '--out', lhs, '--quiet']);
  expect(b.code, b.stderr).toBe(0);
  const c = munisim(['summarize', grid, '--chart', '--kpi', 'produced_total,shortfall_total']);
  expect(c.code, c.stderr).toBe(0);
  expect(c.stdout).toContain(`6 charts: ${join(grid, 'charts', 'index.html')}`);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(pathToFileURL(join(grid, 'charts', 'index.html')).href);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('munisim summarize --chart', () => {
  const stems = ['01-scatter-produced_total-a', '02-scatter-produced_total-n', '03-scatter-shortfall_total-a', '04-scatter-shortfall_total-n', '05-pairs-produced_total', '06-envelope-depot.stock'];

  it('writes an SVG, a PNG and the Vega-Lite spec per chart, and index.html, into DIR/charts/', () => {
    for (const stem of stems) for (const ext of ['svg', 'png', 'vl.json']) expect(existsSync(join(grid, 'charts', `${stem}.${ext}`)), `${stem}.${ext}`).toBe(true);
    expect(existsSync(join(grid, 'charts', 'index.html'))).toBe(true);
  });

  it('plots at each design point the mean aggregate.csv holds: exactly 100·a for produced_total', () => {
    const values = spec(grid, '01-scatter-produced_total-a').data.values;
    const design = readFileSync(join(grid, 'design.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',').at(-2)));
    expect(new Set(design)).toEqual(new Set([1, 4, 7, 10]));
    // deterministic output: every replication equal, so the interval has no width
    expect(values.map((v) => [v.value, v.mean, v.ci_low, v.ci_high])).toEqual(design.map((a) => [a, 100 * a, 100 * a, 100 * a]));
    const aggregate = readAggregate(grid);
    const shortfall = spec(grid, '03-scatter-shortfall_total-a').data.values;
    expect(shortfall.map((v) => v.mean)).toEqual(aggregate.map((row) => Number(row['shortfall_total.mean'])));
    // the bar is mean ± the 95 % half-width of aggregate.csv
    expect(shortfall.map((v) => v.ci_high - v.mean).map((h) => Number(h.toFixed(4)))).toEqual(aggregate.map((row) => Number(Number(row['shortfall_total.ci95_halfwidth']).toFixed(4))));
  });

  it('renders every chart in headless Chromium, with ink', async () => {
    expect(await expectEveryChartDrawn(page)).toBe(stems.length);
  }, 60_000);

  it('gives every axis distinct tick labels, and the integer parameter n whole-number ticks', async () => {
    const axes = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].flatMap((figure, f) => [...figure.querySelectorAll('g.role-axis-label')].map((axis) => ({ figure: f, labels: [...axis.querySelectorAll('text')].map((t) => t.textContent ?? '') }))));
    expect(axes.length).toBeGreaterThanOrEqual(2 * stems.length);
    for (const { figure, labels } of axes) expect(labels, `chart ${figure + 1}`).toEqual([...new Set(labels)]);
    // chart 2 is produced_total against n: its x axis runs 2…6 in whole numbers
    const nAxis = axes.filter((a) => a.figure === 1).find((a) => a.labels.includes('6'));
    expect(nAxis?.labels.every((l) => /^\d+$/.test(l))).toBe(true);
  });

  it('summarize prints LHS points as their range calls for: a to two decimals on 1–10, n whole', () => {
    const result = munisim(['summarize', lhs]);
    expect(result.code, result.stderr).toBe(0);
    const design = readFileSync(join(lhs, 'design.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const [a, n] of design.map((row) => [Number(row.at(-2)), Number(row.at(-1))])) {
      expect(result.stdout).toMatch(new RegExp(`\\s${a.toFixed(2).replace('.', '\\.')}\\s+${n}\\s`));
    }
    expect(result.stdout).not.toMatch(/\d\.\d{6}/);
  });

  it.each([
    [['--chart', '--kpi', 'fil_rate'], '--kpi: unknown KPI "fil_rate"'],
    [['--kpi', 'fill_rate'], '--kpi: chooses the KPIs of the charts, but no charts are asked for'],
  ])('refuses %j with exit 2', (args, message) => {
    const result = munisim(['summarize', lhs, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('writes the default KPIs (fill_rate, shortfall_total, first_shortfall_day.*) and no envelope without kept series', () => {
    const result = munisim(['summarize', lhs, '--chart']);
    expect(result.code, result.stderr).toBe(0);
    // 3 KPIs × 2 parameters + the pairs plot
    expect(result.stdout).toContain('7 charts:');
    expect(existsSync(join(lhs, 'charts', '05-scatter-first_shortfall_day.front-a.vl.json'))).toBe(true);
  });
});

describe('axis formats and envelope points', () => {
  it.each([
    [1, 10, false, ',.1~f'],
    [0, 1, false, ',.1~f'],
    [0.02, 0.06, false, ',.3~f'],
    [10, 100, false, ',.0~f'],
    [1, 6, true, ',d'],
  ])('axisFormat(%d, %d, integer %s) is %s', (low, high, integer, format) => {
    expect(axisFormat(low, high, integer)).toBe(format);
  });

  it('draws every point up to the cap, else an even selection from the first to the last', () => {
    expect(envelopePoints(3)).toEqual([0, 1, 2]);
    expect(envelopePoints(15)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(envelopePoints(15)).toHaveLength(MAX_ENVELOPE_POINTS);
  });
});

describe('envelopes of a sweep to a precision', () => {
  it("read every run of a point, not only its first -r: the quantiles are those of all its kept files", async () => {
    const out = join(dir, 'precise');
    // demand_cv 0.3 on n a day: the precision on shortfall_total takes points past the first 3 runs.
    const run = munisim(['sweep', join(dir, 'tiny.yaml'), '--vary', 'a=1,10', '--vary', 'n=6', '-r', '3', '--precision', '0.02', '--kpi', 'consumed_total', '--max-replications', '30', '--jobs', '1', '--keep', 'timeseries', '--out', out, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const sweep = await readSweep(out);
    const point = sweep.rows.find((row) => row.replications > 3)!;
    expect(point, 'a point that took more than the first 3 runs').toBeDefined();
    // By hand: every kept file of the point, the depot stock on each date, sorted.
    const files = Array.from({ length: point.replications }, (_, r) => read(out, join('runs', `${point.point}-${r}`, 'timeseries.csv')).trim().split('\n'));
    const c = files[0][0].split(',').indexOf('depot.stock');
    const rows = envelopeRows(out, sweep, 'depot.stock', [point.point]);
    expect(rows).toHaveLength(files[0].length - 1);
    rows.forEach((row, d) => {
      const values = files.map((lines) => Number(lines[d + 1].split(',')[c])).sort((x, y) => x - y);
      expect([row.p05, row.p50, row.p95]).toEqual([quantileSorted(values, 0.05), quantileSorted(values, 0.5), quantileSorted(values, 0.95)]);
    });
  });
});
