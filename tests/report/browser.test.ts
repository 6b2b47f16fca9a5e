/**
 * Opens a built report in headless Chromium from disk, as a reader would, and checks that it loads with no
 * errors and no fetches, and that every chart is drawn. Chromium comes from Debian (scripts/ensure-chromium.sh);
 * this test fails, rather than skips, when it cannot be installed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { TopLevelSpec } from 'vega-lite';
import { fanChart, indicesOverTimeChart, morrisChart, runChart, sobolChart, tornadoChart } from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';
import { axisLabelProblems, expectEveryChartDrawn, launchChromium } from './chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSensitivityReport, type SensitivityReport } from '../../src/report/sensitivity-report.js';
import { sobolData } from './fixtures.js';
import { decodePng, inkStats } from './png.js';


let browser: Browser;
let dir: string;
let report: SensitivityReport;
let reportUrl: string;

beforeAll(async () => {
  browser = await launchChromium();
  report = await buildSensitivityReport(sobolData);
  dir = mkdtempSync(join(tmpdir(), 'munisim-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, report.html);
  reportUrl = pathToFileURL(file).href;
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the report in Chromium', () => {
  it('loads from file:// with no console errors, page errors or fetches', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== reportUrl) problems.push(`request: ${request.url()}`);
    });
    await page.goto(reportUrl, { waitUntil: 'load' });
    expect(await page.title()).toBe('Sensitivity analysis of Theatre <east>');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows every chart with a non-zero box, drawn with ink', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(reportUrl, { waitUntil: 'load' });
    expect(await expectEveryChartDrawn(page)).toBe(report.images.length);
    await page.close();
  });

  it('renders a page that is far from blank, unlike an empty page of the same size', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    const blank = inkStats(decodePng(new Uint8Array(await page.screenshot())));
    await page.goto(reportUrl, { waitUntil: 'load' });
    const shot = inkStats(decodePng(new Uint8Array(await page.screenshot({ fullPage: true }))));
    expect(blank.inkShare).toBe(0);
    expect(shot.inkShare).toBeGreaterThan(0.03);
    expect(shot.colours).toBeGreaterThan(100);
    await page.close();
  });

  it('escapes names: the markup-laden parameter shows as text, not as a <b> element', async () => {
    const page = await browser.newPage();
    await page.goto(reportUrl, { waitUntil: 'load' });
    expect(await page.locator('main b').count()).toBe(0);
    expect(await page.locator('code', { hasText: 'rail<b>&"delay"|`x`' }).count()).toBeGreaterThan(0);
    await page.close();
  });
});

describe('every chart kind in Chromium, measured with the real font', () => {
  const DATES = ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31'];
  const many = Array.from({ length: 34 }, (_, i) => `parameter_${String(i + 1).padStart(2, '0')}`);
  const specs: [string, TopLevelSpec][] = [
    ['tornado of ten million ± 0.5 %', tornadoChart(many.slice(0, 6).map((parameter, i) => ({ parameter, base: 10_050_000, low: 10_000_000 + 3000 * i, high: 10_100_000 - 5000 * i })), 'consumed_total')],
    ['tornado of zero to 900k', tornadoChart(many.slice(0, 6).map((parameter, i) => ({ parameter, base: 450_000, low: 10_000 * i, high: 900_000 - 20_000 * i })), 'shortfall_total')],
    ['Morris of 34 parameters', morrisChart(many.map((parameter, i) => ({ parameter, muStar: i < 4 ? 1e5 * (4 - i) : 4000 + 500 * (i % 7), sigma: i < 4 ? 8e4 * (i + 1) : 3000 + 600 * (i % 5) })), 'shortfall_total')],
    ['Sobol', sobolChart(many.slice(0, 6).map((parameter, i) => ({ parameter, S1: 0.1 * i, S1Low: 0.05 * i, S1High: 0.12 * i, ST: 0.12 * i, STLow: 0.1 * i, STHigh: 0.15 * i })), 'fill_rate')],
    ['indices over time of 34 parameters', indicesOverTimeChart(many.flatMap((parameter, i) => DATES.map((date, t) => ({ date, parameter, value: (i + t) / 40 }))), 'Sobol ST', 'shortfall')],
    ['fan', fanChart(['produced', 'consumed'].flatMap((series, s) => DATES.map((date, t) => ({ date, series, p05: 9000 * (t + 1) * (s + 1), p50: 10_000 * (t + 1) * (s + 1), p95: 12_000 * (t + 1) * (s + 1) }))), 'Shells per day')],
    ['run', runChart(DATES.map((date, t) => ({ date, series: 'produced', value: 5000 + 100 * t })), DATES.map((date, t) => ({ date, series: 'depot', value: 2_000_000 + 50_000 * t })), 'run', 'Shells per day')],
  ];
  let page: Page;

  beforeAll(async () => {
    const figures = await Promise.all(specs.map(async ([name, spec]) => `<figure class="chart" data-name="${name}">${await renderSvg(spec)}</figure>`));
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.setContent(`<!DOCTYPE html><html><body>${figures.join('\n')}</body></html>`);
  });

  afterAll(async () => page?.close());

  it('draws each of them with ink', async () => {
    expect(await expectEveryChartDrawn(page)).toBe(specs.length);
  });

  it('gives every axis distinct tick labels whose drawn boxes do not touch, and no chart wider than 900 px', async () => {
    const problems = await axisLabelProblems(page);
    expect(problems).toEqual([]);
  });
});
