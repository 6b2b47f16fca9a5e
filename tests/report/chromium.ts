/**
 * Headless Chromium for report tests: Debian's /usr/bin/chromium (scripts/ensure-chromium.sh installs it;
 * a test fails, rather than skips, without it), and the check that every chart of a page is drawn.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { decodePng, inkStats } from './png.js';

const CHROMIUM = '/usr/bin/chromium';
const ENSURE = resolve(import.meta.dirname, '../../scripts/ensure-chromium.sh');

/** Chromium, with nothing that fetches in the background. */
export async function launchChromium(): Promise<Browser> {
  try {
    execFileSync('bash', [ENSURE], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`scripts/ensure-chromium.sh could not provide ${CHROMIUM}: ${stderr || String(error)}`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

/**
 * Every `figure.chart > svg` of the page is visible, has a real box, and is drawn with ink in many colours
 * (a blank box would be all white). @returns how many charts there are
 */
export async function expectEveryChartDrawn(page: Page): Promise<number> {
  const charts = await page.locator('figure.chart > svg').all();
  for (const chart of charts) {
    await chart.scrollIntoViewIfNeeded();
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.height).toBeGreaterThan(150);
    const { inkShare, colours } = inkStats(decodePng(new Uint8Array(await chart.screenshot())));
    expect(inkShare).toBeGreaterThan(0.02);
    expect(colours).toBeGreaterThan(20);
  }
  return charts.length;
}
