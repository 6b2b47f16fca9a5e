/**
 * Opens a built report in headless Chromium from disk, as a reader would, and checks that it loads with no
 * errors and no fetches, and that every chart is drawn. Chromium comes from Debian (scripts/ensure-chromium.sh);
 * this test fails, rather than skips, when it cannot be installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSensitivityReport, type SensitivityReport } from '../../src/report/sensitivity-report.js';
import { sobolData } from './fixtures.js';
import { decodePng, inkStats } from './png.js';

const CHROMIUM = '/usr/bin/chromium';
const ENSURE = resolve(import.meta.dirname, '../../scripts/ensure-chromium.sh');

let browser: Browser;
let dir: string;
let report: SensitivityReport;
let reportUrl: string;

beforeAll(async () => {
  try {
    execFileSync('bash', [ENSURE], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`scripts/ensure-chromium.sh could not provide ${CHROMIUM}: ${stderr || String(error)}`);
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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
    const charts = page.locator('figure.chart > svg');
    expect(await charts.count()).toBe(report.images.length);
    for (const chart of await charts.all()) {
      await chart.scrollIntoViewIfNeeded();
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(150);
      // A blank box would be all white: require real ink and many colours (bars, text, antialiasing).
      const { inkShare, colours } = inkStats(decodePng(new Uint8Array(await chart.screenshot())));
      expect(inkShare).toBeGreaterThan(0.02);
      expect(colours).toBeGreaterThan(20);
    }
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
