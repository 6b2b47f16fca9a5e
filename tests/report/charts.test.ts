import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import {
  SOBOL_INDICES,
  TORNADO_ENDS,
  fanChart,
  indicesOverTimeChart,
  morrisChart,
  sobolChart,
  tornadoChart,
} from '../../src/report/charts.js';
import { renderSvg, svgToPng } from '../../src/report/render.js';
import { decodePng, hasPngSignature, inkStats, readPngHeader } from './png.js';

const NASTY = 'rail<b>&"delay"';
const PARAMETERS = ['front_demand', 'nk_output', NASTY, 'stock_initial'];
const DATES = ['2024-01-31', '2024-02-29', '2024-03-31'];

/** Text content of every <text> element, with XML entities decoded — what a reader sees. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

/** Render, failing on any Vega-Lite or Vega warning (a dropped encoding is a bug in the spec). */
async function renderStrict(spec: TopLevelSpec): Promise<string> {
  const warnings: string[] = [];
  const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
  expect(warnings).toEqual([]);
  return svg;
}

const cases: { chart: string; spec: TopLevelSpec; title: string; texts: string[] }[] = [
  {
    chart: 'tornado',
    spec: tornadoChart(
      PARAMETERS.map((parameter, i) => ({ parameter, base: 2_000_000, low: 2_000_000 - 100_000 * (i + 1), high: 2_000_000 + 300_000 * (4 - i) })),
      'shortfall_total (rounds)',
    ),
    title: 'One-at-a-time sensitivity of shortfall_total (rounds)',
    texts: [...PARAMETERS, ...TORNADO_ENDS, 'shortfall_total (rounds)'],
  },
  {
    chart: 'morris',
    spec: morrisChart(PARAMETERS.map((parameter, i) => ({ parameter, muStar: 1000 * (i + 1), sigma: 800 * (4 - i) })), 'shortfall_total'),
    title: 'Morris screening of shortfall_total',
    texts: [...PARAMETERS, 'σ = μ*', 'μ* — mean |elementary effect| on shortfall_total'],
  },
  {
    chart: 'sobol',
    spec: sobolChart(
      PARAMETERS.map((parameter, i) => ({ parameter, S1: 0.4 / (i + 1), S1Low: 0.3 / (i + 1), S1High: 0.5 / (i + 1), ST: 0.5 / (i + 1), STLow: 0.4 / (i + 1), STHigh: 0.6 / (i + 1) })),
      'shortfall_total',
    ),
    title: 'Sobol indices of shortfall_total',
    texts: [...PARAMETERS, ...SOBOL_INDICES, 'Share of variance of shortfall_total'],
  },
  {
    chart: 'indices over time',
    spec: indicesOverTimeChart(
      PARAMETERS.flatMap((parameter, i) => DATES.map((date, t) => ({ date, parameter, value: 0.1 * (i + 1) + 0.05 * t }))),
      'Sobol ST',
      'cumulative shortfall',
    ),
    title: 'Sobol ST of cumulative shortfall over time',
    texts: [...PARAMETERS, 'Date', 'Sobol ST'],
  },
  {
    chart: 'fan',
    spec: fanChart(
      ['produced', 'consumed'].flatMap((series, s) => DATES.map((date, t) => ({ date, series, p05: 900 * (t + 1) * (s + 1), p50: 1000 * (t + 1) * (s + 1), p95: 1200 * (t + 1) * (s + 1) }))),
      'Rounds per day',
    ),
    title: 'Rounds per day across runs',
    texts: ['produced', 'consumed', 'Rounds per day', 'Date'],
  },
];

describe.each(cases)('$chart chart', ({ spec, title, texts }) => {
  it('compiles without warnings and shows its title, names and axis titles untruncated', async () => {
    const svg = await renderStrict(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    const shown = svgTexts(svg);
    expect(shown).toContain(title);
    for (const text of texts) expect(shown, `missing text ${JSON.stringify(text)}`).toContain(text);
    expect(shown.filter((t) => t.endsWith('…')), 'truncated labels').toEqual([]);
  });

  it('renders the same SVG twice, with every #id reference resolved', async () => {
    const first = await renderSvg(spec);
    const second = await renderSvg(spec);
    expect(second).toBe(first);
    const ids = new Set([...first.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    const refs = [...first.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    for (const ref of refs) expect(ids, `dangling reference #${ref}`).toContain(ref);
  });

  it('rasterises to a PNG of the SVG size times the scale, with ink on it', async () => {
    const svg = await renderSvg(spec);
    const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    const height = Number(/<svg[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(width).toBeGreaterThan(640); // plot width plus axes
    expect(height).toBeGreaterThan(150);
    for (const scale of [1, 2]) {
      const png = svgToPng(svg, { scale });
      expect(hasPngSignature(png)).toBe(true);
      const header = readPngHeader(png);
      expect(header.width).toBe(Math.ceil(width * scale));
      expect(header.height).toBe(Math.ceil(height * scale));
      const { inkShare, colours } = inkStats(decodePng(png));
      expect(inkShare).toBeGreaterThan(0.01);
      expect(colours).toBeGreaterThan(10);
    }
  });
});

describe('chart specs', () => {
  /** The y-axis labels of a bar chart, top to bottom, read from the rendered SVG's label positions. */
  async function yAxisOrder(spec: TopLevelSpec, names: string[]): Promise<string[]> {
    const svg = await renderSvg(spec);
    const labelled = [...svg.matchAll(/<text[^>]*translate\(-?[\d.]+,([\d.]+)\)[^>]*>([^<]*)<\/text>/g)]
      .map((m) => ({ y: Number(m[1]), text: m[2].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&') }))
      .filter((label) => names.includes(label.text));
    return labelled.sort((a, b) => a.y - b.y).map((label) => label.text);
  }

  it('sorts the tornado by swing |high − low|, largest on top', async () => {
    const rows = [
      { parameter: 'small', low: 95, high: 105, base: 100 }, // swing 10
      { parameter: 'large', low: 150, high: 40, base: 100 }, // swing 110
      { parameter: 'medium', low: 80, high: 130, base: 100 }, // swing 50
    ];
    expect(await yAxisOrder(tornadoChart(rows, 'x'), ['small', 'large', 'medium'])).toEqual(['large', 'medium', 'small']);
  });

  it('sorts the Sobol bars by ST, largest on top', async () => {
    const row = (parameter: string, ST: number) => ({ parameter, S1: ST / 2, S1Low: 0, S1High: ST, ST, STLow: ST / 2, STHigh: ST });
    const spec = sobolChart([row('b', 0.2), row('a', 0.5), row('c', 0.05)], 'x');
    expect(await yAxisOrder(spec, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('gives different charts different id prefixes, so one page can hold many', async () => {
    const idsOf = async (spec: TopLevelSpec) => [...(await renderSvg(spec)).matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const a = await idsOf(morrisChart([{ parameter: 'p', muStar: 1, sigma: 2 }], 'x'));
    const b = await idsOf(morrisChart([{ parameter: 'q', muStar: 1, sigma: 2 }], 'x'));
    expect(a.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
  });

  it('rejects a non-positive PNG scale', async () => {
    const svg = await renderSvg(morrisChart([{ parameter: 'p', muStar: 1, sigma: 2 }], 'x'));
    expect(() => svgToPng(svg, { scale: 0 })).toThrow(/scale must be a positive number, got 0/);
  });
});
