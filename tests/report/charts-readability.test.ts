/**
 * Charts a person can read: on every chart and across data ranges (ten million ± 0.5 %, a shortfall in the
 * hundred thousands, shares near zero) the tick labels are distinct and do not touch; many parameters get
 * distinct colours, a legend that wraps, and Morris names that do not pile up.
 */
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import {
  CHART_WIDTH,
  LINE_DASHES,
  MORRIS_LABELS,
  WIDE_PALETTE,
  fanChart,
  indicesOverTimeChart,
  morrisChart,
  runChart,
  seriesStyle,
  sobolChart,
  tornadoChart,
} from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';
import { crowdedPairs, expectReadableAxes, labelGroups, svgWidth } from './svg-labels.js';

const DATES = ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31', '2024-06-30'];
const names = (n: number) => Array.from({ length: n }, (_, i) => `parameter_${String(i + 1).padStart(2, '0')}`);

/** [low, high] of the data: the ranges that broke the labels (10M 10M 10.1M…, 200k400k600k…) and ordinary ones. */
const RANGES: [string, number, number][] = [
  ['ten million ± 0.5 %', 10_000_000, 10_100_000],
  ['zero to 900 thousand', 0, 900_000],
  ['zero to 1.2 million', 0, 1_234_567],
  ['a few thousand', 1_234, 1_290],
  ['minus to plus 50 thousand', -50_000, 50_000],
  ['shares below 0.003', 0, 0.003],
];

function chartsOver(low: number, high: number): [string, TopLevelSpec][] {
  const span = high - low;
  const p = names(5);
  return [
    ['tornado', tornadoChart(p.map((parameter, i) => ({ parameter, base: low + span / 2, low: low + (span * i) / 10, high: high - (span * i) / 20 })), 'consumed_total')],
    ['morris', morrisChart(p.map((parameter, i) => ({ parameter, muStar: low + (span * (i + 1)) / 5, sigma: Math.abs(low) + (span * (5 - i)) / 6 })), 'consumed_total')],
    ['fan', fanChart(DATES.map((date, t) => ({ date, series: 'produced', p05: low + (span * t) / 8, p50: low + (span * t) / 7, p95: low + (span * t) / 6 })), 'Shells per day')],
    ['indices over time', indicesOverTimeChart(p.flatMap((parameter, i) => DATES.map((date, t) => ({ date, parameter, value: low + (span * (i + t)) / 10 }))), 'Morris μ*', 'shortfall')],
    ['run', runChart(
      DATES.map((date, t) => ({ date, series: 'produced', value: low + (span * t) / 5 })),
      DATES.map((date, t) => ({ date, series: 'depot', value: high - (span * t) / 5 })),
      'run', 'Shells per day',
    )],
  ];
}

describe.each(RANGES)('tick labels with data from %s', (_, low, high) => {
  it.each(chartsOver(low, high))('%s chart: distinct and apart on every axis', async (_chart, spec) => {
    const svg = await renderSvg(spec);
    for (const labels of expectReadableAxes(svg)) expect(labels.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the ten million ± 0.5 % tornado that read "10M 10M 10.1M 10.1M …"', () => {
  it('labels its ticks 10M, 10.02M, … 10.1M', async () => {
    const spec = tornadoChart([{ parameter: 'a', base: 10_050_000, low: 10_000_000, high: 10_100_000 }], 'consumed_total');
    const [x] = labelGroups(await renderSvg(spec), 'axis-label').filter((g) => g.every((l) => /M$/.test(l.text)));
    expect(x.map((l) => l.text)).toEqual(['10M', '10.02M', '10.04M', '10.06M', '10.08M', '10.1M']);
  });
});

describe('Sobol bars', () => {
  it('keep percentages distinct and apart', async () => {
    const p = names(6);
    const svg = await renderSvg(sobolChart(p.map((parameter, i) => ({ parameter, S1: 0.1 * i, S1Low: 0.05 * i, S1High: 0.12 * i, ST: 0.12 * i, STLow: 0.1 * i, STHigh: 0.15 * i })), 'fill_rate'));
    expectReadableAxes(svg);
  });
});

/** CIE76 colour difference, from sRGB hex through Lab (D65). */
function deltaE(a: string, b: string): number {
  const lab = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
    });
    const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
    const X = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
    const Y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl);
    const Z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

describe('colours for many parameters', () => {
  it('has 20 colours, no two closer than ΔE 20 (two parameters were the same orange)', () => {
    expect(WIDE_PALETTE.length).toBeGreaterThanOrEqual(20);
    let closest = Infinity;
    for (let i = 0; i < WIDE_PALETTE.length; i++) for (let j = 0; j < i; j++) closest = Math.min(closest, deltaE(WIDE_PALETTE[i], WIDE_PALETTE[j]));
    expect(closest).toBeGreaterThan(20);
  });

  it('gives 34 parameters 34 different colour-and-dash pairs, the first 20 solid', () => {
    const style = seriesStyle(names(34));
    const looks = style.color.range.map((c, i) => `${c} ${style.strokeDash.range[i].join(',')}`);
    expect(new Set(looks).size).toBe(34);
    expect(new Set(style.color.range.slice(0, 20)).size).toBe(20);
    expect(style.strokeDash.range.slice(0, 20).every((d) => d === LINE_DASHES[0])).toBe(true);
    expect(style.strokeDash.range[20]).not.toEqual(LINE_DASHES[0]);
  });

  it('draws 34 lines with 34 different strokes and a legend that wraps within the plot width', async () => {
    const p = names(34);
    const svg = await renderSvg(indicesOverTimeChart(p.flatMap((parameter, i) => DATES.map((date, t) => ({ date, parameter, value: (i + t) / 40 }))), 'Sobol ST', 'shortfall'));
    const strokes = [...svg.matchAll(/<path[^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => {
      const stroke = m[0].match(/stroke="([^"]+)"/)?.[1];
      const dash = m[0].match(/stroke-dasharray="([^"]+)"/)?.[1] ?? 'solid';
      return `${stroke} ${dash}`;
    });
    expect(strokes.length).toBe(34);
    expect(new Set(strokes).size).toBe(34);
    // The plot is 640 px; the one-row legend made the chart 3158 px wide.
    expect(svgWidth(svg)).toBeLessThan(CHART_WIDTH + 160);
    for (const group of labelGroups(svg, 'legend-label')) expect(group.length).toBeGreaterThan(0);
  });
});

describe('Morris μ*–σ with 34 parameters', () => {
  const p = names(34);
  // A blob: most points near the origin, a few far out, as a screening usually gives.
  const rows = p.map((parameter, i) => ({ parameter, muStar: i < 4 ? 1000 * (4 - i) : 40 + (i % 7) * 5, sigma: i < 4 ? 800 * (i + 1) : 30 + (i % 5) * 6 }));

  it(`names at most ${MORRIS_LABELS} points, the largest μ* first, and no two names touch`, async () => {
    const svg = await renderSvg(morrisChart(rows, 'shortfall_total'));
    const named = labelGroups(svg, 'mark').flat().filter((l) => p.includes(l.text));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(MORRIS_LABELS);
    expect(named.map((l) => l.text)).toEqual(expect.arrayContaining(['parameter_01', 'parameter_02', 'parameter_03', 'parameter_04']));
    expect(crowdedPairs(named, 1)).toEqual([]);
    expect(svg).toContain(`${named.length} of 34 points named`);
  });
});
