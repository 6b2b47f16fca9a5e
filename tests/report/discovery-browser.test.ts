/**
 * The scenario-discovery report, written end to end by `munisim discover` on an LHS sweep of a shipped
 * model, opened in headless Chromium from disk: no errors, no fetches, every chart drawn with ink.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { munisim } from '../cli/cli.js';
import { expectEveryChartDrawn, launchChromium } from './chromium.js';

let browser: Browser;
let dir: string;
let out: string;
let url: string;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'munisim-discover-report-'));
  const sweep = join(dir, 'sweep');
  const a = munisim(['sweep', 'models/quickstart.yaml', '--design', 'lhs', '--samples', '40', '--vary', 'nk_output', '--vary', 'front_demand', '-r', '2', '--jobs', '1', '--out', sweep, '--quiet']);
  expect(a.code, a.stderr).toBe(0);
  out = join(dir, 'discovery');
  const b = munisim(['discover', sweep, '--where', 'fill_rate < 0.6', '--out', out, '--resamples', '5']);
  expect(b.code, b.stderr).toBe(0);
  url = pathToFileURL(join(out, 'report.html')).href;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the discovery report in Chromium', () => {
  it('loads from file:// with no console errors, page errors or fetches', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
    await page.goto(url, { waitUntil: 'load' });
    expect(await page.title()).toBe('Scenario discovery: fill_rate < 0.6');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows every chart (limits, each trajectory, the cases scatter), each drawn with ink, one PNG each', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(url, { waitUntil: 'load' });
    const pngs = readdirSync(out).filter((f) => f.endsWith('.png'));
    expect(pngs).toContain('box-limits.png');
    expect(pngs).toContain('trajectory-1.png');
    expect(pngs).toContain('cases-box-1.png');
    expect(await expectEveryChartDrawn(page)).toBe(pngs.length);
    await page.close();
  });

  it('states each box in words and tables its limits with quasi-p-values', async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    expect(await page.locator('ul.notes li', { hasText: /^Box 1: fill_rate < 0\.6 holds in \d+ % of the runs in this box/ }).count()).toBe(1);
    const table = page.locator('table[data-table="box-1"]');
    expect(await table.locator('thead th').allTextContents()).toEqual(['parameter', 'min', 'max', 'restricted', 'quasi-p', 'restricted in resamples']);
    expect(await table.locator('tbody tr').count()).toBe(2);
    await page.close();
  });
});
