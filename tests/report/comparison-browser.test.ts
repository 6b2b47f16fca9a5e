/**
 * The comparison report in headless Chromium: it loads from disk with no errors or fetches, every chart
 * (a fan and a difference over time per series) is drawn, and its tick labels are distinct and apart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { runComparison, type ComparisonRecords } from '../../src/experiments/comparison.js';
import { buildComparisonReport } from '../../src/report/comparison-report.js';
import { axisLabelProblems, expectEveryChartDrawn, launchChromium } from './chromium.js';

let browser: Browser;
let dir: string;
let url: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'munisim-compare-report-'));
  const model = parseModel(`name: chain
start: 2024-01-01
days: 60
seed: 3
parameters: { rate: { value: 100 } }
munitions: [{ id: shell }]
stockpiles: [{ id: depot, initial: { shell: 3000 } }]
factories: [{ id: plant, munition: shell, to: depot, rate: rate, breakdown: { mtbf_days: 5, mttr_days: 1 } }]
consumers: [{ id: front, draws_from: [depot], munitions: [shell], demand: 160, demand_cv: 0.3 }]
`, 'chain.yaml');
  const records = (await runComparison({
    model, scenarios: [{ name: 'base', overrides: {} }, { name: 'more', overrides: { rate: 140 } }, { name: 'less', overrides: { rate: 60 } }],
    replications: 6, dir: join(dir, 'cmp'), jobs: 1, kpis: ['shortfall_total', 'fill_rate'], series: ['front.consumed', 'depot.stock'], every: 7,
  })) as ComparisonRecords;
  const report = await buildComparisonReport(records, 'munisim compare chain.yaml');
  writeFileSync(join(dir, 'report.html'), report.html);
  url = pathToFileURL(join(dir, 'report.html')).href;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the comparison report in Chromium', () => {
  it('loads with no console errors or fetches, draws all four charts, with readable tick labels', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
    await page.goto(url, { waitUntil: 'load' });
    expect(await expectEveryChartDrawn(page)).toBe(4);
    expect(await axisLabelProblems(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
