/**
 * A calibration's report opened in headless Chromium from disk: it loads with no errors and no fetches,
 * every chart (histograms, pairs plot, target fans) is drawn with ink, and the conflict sentence and the
 * tables are there. Chromium comes from scripts/ensure-chromium.sh, as for the sensitivity report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { runCalibration, type CalibrationResult } from '../../src/experiments/calibration.js';
import { buildCalibrationReport, conflictSentences, type CalibrationReport } from '../../src/report/calibration-report.js';
import { expectEveryChartDrawn, launchChromium } from './chromium.js';

const model = parseModel(`name: known
start: 2024-01-01
days: 60
parameters:
  rate: { value: 12, min: 5, max: 15 }
  demand: { value: 4, min: 2, max: 8 }
munitions: [{ id: m }]
stockpiles: [{ id: a, initial: { m: 50 } }]
factories: [{ id: f, munition: m, to: a, rate: "rate" }]
consumers: [{ id: c, draws_from: [a], munitions: [m], demand: "demand", demand_cv: 0.3 }]
targets:
  - { id: made, metric: produced, of: f, by: 2024-02-29, value: 600, tolerance: 0.1, source: S1 }
  - { id: early, metric: produced, of: f, by: 2024-01-30, value: 390, tolerance: 0.03, source: S2 }
  - { id: fired, metric: consumed, of: c, over: [2024-01-11, 2024-02-29], stat: mean_per_day, value: 5, tolerance: 0.2 }
  - { id: left, metric: stock, of: a, on: 2024-02-15, range: [0, 1000] }
`, 'known.yaml');

let browser: Browser;
let report: CalibrationReport;
let result: CalibrationResult;
let url: string;

beforeAll(async () => {
  browser = await launchChromium();
  const dir = mkdtempSync(join(tmpdir(), 'munisim-calibration-report-'));
  // --second-max: the one contradictory target (early) may miss, so points are left to draw.
  const done = await runCalibration({ model, samples: 30, replications: 2, waves: 2, cutoff: 3, secondMax: true, every: 7, dir: join(dir, 'cal'), jobs: 1 });
  if (done.interrupted) throw new Error('interrupted');
  result = done;
  report = await buildCalibrationReport(result, 'munisim calibrate known.yaml');
  const file = join(dir, 'report.html');
  writeFileSync(file, report.html);
  url = pathToFileURL(file).href;
}, 120_000);

afterAll(async () => { await browser?.close(); });

describe('the calibration report in Chromium', () => {
  it('loads with no console errors, page errors or fetches, and states the conflict', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
    await page.goto(url, { waitUntil: 'load' });
    expect(await page.title()).toBe('Calibration of known');
    expect(problems).toEqual([]);
    const text = await page.locator('main').innerText();
    // made needs rate ≈ 10, early ≈ 13: they never hold together.
    expect(conflictSentences(result).some((s) => /made \(S1\) and early \(S2\) cannot both hold; each holds alone in \d+ % and \d+ % of points, never together/.test(s))).toBe(true);
    expect(text).toContain('cannot both hold');
    for (const key of ['waves', 'posterior', 'targets']) expect(await page.locator(`table[data-table="${key}"]`).count()).toBe(1);
    await page.close();
  });

  it('draws every chart: two histograms, the pairs plot and a fan per target', async () => {
    expect(report.images.map((i) => i.name)).toEqual(['histogram-rate.png', 'histogram-demand.png', 'pairs.png', 'target-made.png', 'target-early.png', 'target-fired.png', 'target-left.png']);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(url, { waitUntil: 'load' });
    expect(await expectEveryChartDrawn(page)).toBe(report.images.length);
    await page.close();
  });
});
