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

/**
 * What is wrong with the charts' tick labels as Chromium draws them with the real font: an axis with two
 * equal labels, two labels whose boxes touch, a chart wider than 900 px. Charts are `figure.chart` elements
 * (a `data-name` attribute names one in the messages). @returns the problems, none when all is readable
 */
export async function axisLabelProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    document.querySelectorAll('figure.chart').forEach((figure, f) => {
      const name = figure.getAttribute('data-name') ?? `chart ${f + 1}`;
      const width = figure.querySelector('svg')!.getBoundingClientRect().width;
      if (width > 900) found.push(`${name}: ${Math.round(width)} px wide`);
      for (const axis of figure.querySelectorAll('g.role-axis-label')) {
        const labels = [...axis.querySelectorAll('text')].map((t) => ({ text: t.textContent ?? '', box: t.getBoundingClientRect() }));
        const texts = labels.map((l) => l.text);
        if (new Set(texts).size !== texts.length) found.push(`${name}: duplicate labels ${texts.join(' | ')}`);
        labels.forEach((a, i) => labels.slice(0, i).forEach((b) => {
          const apart = a.box.right + 2 <= b.box.left || b.box.right + 2 <= a.box.left || a.box.bottom <= b.box.top || b.box.bottom <= a.box.top;
          if (!apart) found.push(`${name}: "${b.text}" touches "${a.text}"`);
        }));
      }
    });
    return found;
  });
}
