/**
 * Vega-Lite chart specs for sensitivity results: tornado (one-at-a-time), Morris μ*–σ, Sobol S1/ST bars,
 * indices over time and percentile fans. Pure functions: rows in, spec out — nothing is rendered here.
 * Colours come from the Okabe–Ito palette, which stays distinguishable under the common colour-vision deficiencies.
 */
import type { SobolIndices } from '../analysis/sobol-indices.js';
import type { TopLevelSpec } from 'vega-lite';

/** The font every chart is drawn with; resvg finds it on the machine (Debian: fonts-dejavu-core). */
export const CHART_FONT = 'DejaVu Sans';

/**
 * Okabe & Ito (2008), "Color Universal Design", without the yellow (too pale on white) and with grey last.
 * Blue and orange, the first two, are the pair used for two-way contrasts (min/max, S1/ST).
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999'];

/** Plot-area width in pixels; axes, labels and legends come on top. */
export const CHART_WIDTH = 640;

/** Height given to each parameter's band in the bar charts, in pixels. */
const BAND_HEIGHT = 30;

/** Labels of the tornado legend, in drawing order. */
export const TORNADO_ENDS = ['parameter at min', 'parameter at max'] as const;

/** Labels of the Sobol index series, in drawing order. */
export const SOBOL_INDICES = ['S1 (first order)', 'ST (total)'] as const;

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const CONFIG = {
  font: `${CHART_FONT}, Verdana, Arial, sans-serif`,
  background: 'white',
  padding: 8,
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555555', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6', labelLimit: 240 },
  // Big counts read as 1.2M rather than 1,200,000, and labels that would collide are dropped.
  axisQuantitative: { labelOverlap: 'greedy', labelExpr: "abs(datum.value) >= 1e4 ? format(datum.value, '.3~s') : datum.label" },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom', direction: 'horizontal', labelLimit: 260 },
  range: { category: PALETTE },
  view: { stroke: null },
} as const;

/** One row of a one-at-a-time analysis: the output with the parameter at its min, at its max, and the base case. */
export interface TornadoRow {
  parameter: string;
  low: number;
  high: number;
  base: number;
}

/**
 * Tornado chart: per parameter, one bar from the base-case output to the output at the parameter's min and
 * one to the output at its max, side by side in the parameter's band (so non-monotone effects, where both
 * ends move the output the same way, stay visible). Parameters are sorted by swing |high − low|, largest on top;
 * a tick marks each row's base case.
 */
export function tornadoChart(rows: TornadoRow[], outputLabel: string): TopLevelSpec {
  const order = [...rows]
    .sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low))
    .map((row) => row.parameter);
  const values = rows.flatMap((row) => [
    { parameter: row.parameter, end: TORNADO_ENDS[0], value: row.low, base: row.base },
    { parameter: row.parameter, end: TORNADO_ENDS[1], value: row.high, base: row.base },
  ]);
  const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null };
  return {
    $schema: SCHEMA,
    title: {
      text: `One-at-a-time sensitivity of ${outputLabel}`,
      subtitle: 'Bars run from the base case to the output with each parameter at its min and at its max; largest swing on top',
    },
    description: `Tornado chart of ${outputLabel} over ${rows.length} parameters`,
    width: CHART_WIDTH,
    height: Math.max(2, rows.length) * BAND_HEIGHT,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          yOffset: { field: 'end', type: 'nominal' as const, sort: [...TORNADO_ENDS] },
          x: { field: 'value', type: 'quantitative' as const, title: outputLabel, scale: { zero: false } },
          x2: { field: 'base' },
          color: {
            field: 'end',
            type: 'nominal' as const,
            title: null,
            scale: { domain: [...TORNADO_ENDS], range: [PALETTE[0], PALETTE[1]] },
          },
          tooltip: [{ field: 'parameter' }, { field: 'end' }, { field: 'value', format: ',.4~r' }],
        },
      },
      {
        mark: { type: 'tick', color: '#333333', thickness: 2 },
        encoding: { y, x: { field: 'base', type: 'quantitative' as const } },
      },
    ],
    config: CONFIG,
  };
}

/** One parameter's Morris screening statistics. */
export interface MorrisChartRow {
  parameter: string;
  muStar: number;
  sigma: number;
}

/**
 * Morris μ*–σ scatter (Campolongo, Cariboni & Saltelli 2007): one labelled point per parameter. Points far
 * right matter most; points above the dashed σ = μ* line act mostly through interactions or non-linearity.
 */
export function morrisChart(rows: MorrisChartRow[], outputLabel: string): TopLevelSpec {
  const top = Math.max(0, ...rows.flatMap((row) => [row.muStar, row.sigma])) * 1.05 || 1;
  const x = { field: 'muStar', type: 'quantitative' as const, title: `μ* — mean |elementary effect| on ${outputLabel}`, scale: { domain: [0, top] } };
  const y = { field: 'sigma', type: 'quantitative' as const, title: 'σ — std. dev. of elementary effects', scale: { domain: [0, top] } };
  return {
    $schema: SCHEMA,
    title: {
      text: `Morris screening of ${outputLabel}`,
      subtitle: 'Right: larger overall effect. Above the dashed line (σ > μ*): interactions or non-linearity dominate',
    },
    description: `Morris mu-star versus sigma for ${rows.length} parameters on ${outputLabel}`,
    width: CHART_WIDTH,
    height: 400,
    layer: [
      {
        data: { values: [{ muStar: 0, sigma: 0 }, { muStar: top, sigma: top }] },
        mark: { type: 'line', color: '#777777', strokeDash: [6, 4], clip: true },
        encoding: { x, y },
      },
      {
        // Right of the line and below it: the line climbs to the right, so the label never touches it.
        data: { values: [{ muStar: top * 0.88, sigma: top * 0.88, label: 'σ = μ*' }] },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 8, dy: 2, color: '#555555', fontStyle: 'italic' },
        encoding: { x, y, text: { field: 'label' } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 70, color: PALETTE[0] },
        encoding: {
          x,
          y,
          tooltip: [{ field: 'parameter' }, { field: 'muStar', title: 'μ*', format: ',.4~r' }, { field: 'sigma', title: 'σ', format: ',.4~r' }],
        },
      },
      // Labels of points in the right quarter go to their left, so they stay inside the plot.
      {
        data: { values: rows.filter((row) => row.muStar <= top * 0.75) },
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'parameter' } },
      },
      {
        data: { values: rows.filter((row) => row.muStar > top * 0.75) },
        mark: { type: 'text', align: 'right', dx: -7, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'parameter' } },
      },
    ],
    config: CONFIG,
  };
}

/** One parameter's Sobol indices with confidence bounds, as the analysis gives them. */
export type SobolChartRow = SobolIndices;

/**
 * Sobol indices as grouped horizontal bars — first order S1 and total ST per parameter, with whiskers for
 * their confidence intervals. Sorted by ST, largest on top. The axis always shows 0 to 1 (the whole variance),
 * widened if an estimate or bound falls outside.
 */
export function sobolChart(rows: SobolChartRow[], outputLabel: string): TopLevelSpec {
  const order = [...rows].sort((a, b) => b.ST - a.ST).map((row) => row.parameter);
  const values = rows.flatMap((row) => [
    { parameter: row.parameter, index: SOBOL_INDICES[0], value: row.S1, low: row.S1Low, high: row.S1High },
    { parameter: row.parameter, index: SOBOL_INDICES[1], value: row.ST, low: row.STLow, high: row.STHigh },
  ]);
  const lowest = Math.min(0, ...values.map((v) => Math.min(v.value, v.low)));
  const highest = Math.max(1, ...values.map((v) => Math.max(v.value, v.high)));
  const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null };
  const yOffset = { field: 'index', type: 'nominal' as const, sort: [...SOBOL_INDICES] };
  const scale = { domain: [lowest, highest], nice: false };
  const xTitle = `Share of variance of ${outputLabel}`;
  return {
    $schema: SCHEMA,
    title: {
      text: `Sobol indices of ${outputLabel}`,
      subtitle: 'Share of the variance explained by each parameter alone (S1) and with its interactions (ST); whiskers: confidence interval',
    },
    description: `Sobol first-order and total indices for ${rows.length} parameters on ${outputLabel}`,
    width: CHART_WIDTH,
    height: Math.max(2, rows.length) * BAND_HEIGHT * 1.4,
    data: { values },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'value', type: 'quantitative' as const, title: xTitle, scale, axis: { format: '.0%' } },
          color: {
            field: 'index',
            type: 'nominal' as const,
            title: null,
            scale: { domain: [...SOBOL_INDICES], range: [PALETTE[0], PALETTE[1]] },
          },
          tooltip: [{ field: 'parameter' }, { field: 'index' }, { field: 'value', format: '.3~f' }, { field: 'low', format: '.3~f' }, { field: 'high', format: '.3~f' }],
        },
      },
      {
        mark: { type: 'errorbar', ticks: { size: 6 }, color: '#222222' },
        encoding: { x: { field: 'low', type: 'quantitative' as const, title: xTitle, scale }, x2: { field: 'high' } },
      },
    ],
    config: CONFIG,
  };
}

/** One index value of one parameter on one calendar date (`YYYY-MM-DD`). */
export interface IndexOverTimeRow {
  date: string;
  parameter: string;
  value: number;
}

/**
 * A sensitivity index of a time series, one line per parameter over calendar dates (read as UTC, so the
 * chart does not depend on the machine's time zone). Past seven parameters, line dashes are added to colour.
 */
export function indicesOverTimeChart(rows: IndexOverTimeRow[], indexLabel: string, seriesLabel: string): TopLevelSpec {
  const parameters = [...new Set(rows.map((row) => row.parameter))];
  const color = { field: 'parameter', type: 'nominal' as const, title: 'Parameter', sort: parameters };
  return {
    $schema: SCHEMA,
    title: {
      text: `${indexLabel} of ${seriesLabel} over time`,
      subtitle: 'How much each parameter matters for the value reached by each date',
    },
    description: `${indexLabel} of ${seriesLabel} for ${parameters.length} parameters over time`,
    width: CHART_WIDTH,
    height: 320,
    data: { values: rows },
    mark: { type: 'line', point: { size: 25 }, strokeWidth: 2 },
    encoding: {
      x: { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: { format: '%Y-%m-%d', labelAngle: -30 } },
      y: { field: 'value', type: 'quantitative' as const, title: indexLabel },
      color,
      ...(parameters.length > 7 ? { strokeDash: color } : {}),
      tooltip: [{ field: 'date' }, { field: 'parameter' }, { field: 'value', format: '.3~r' }],
    },
    config: CONFIG,
  };
}

/** Percentiles across runs of one series on one calendar date (`YYYY-MM-DD`). */
export interface FanRow {
  date: string;
  series: string;
  p05: number;
  p50: number;
  p95: number;
}

/**
 * Fan chart: per series (e.g. "produced" and "consumed"), the median across runs as a line and the
 * 5th–95th percentile range as a translucent band, over calendar dates read as UTC.
 */
export function fanChart(rows: FanRow[], yLabel: string): TopLevelSpec {
  const series = [...new Set(rows.map((row) => row.series))];
  const x = { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: { format: '%Y-%m-%d', labelAngle: -30 } };
  const color = { field: 'series', type: 'nominal' as const, title: 'Series', sort: series };
  return {
    $schema: SCHEMA,
    title: { text: `${yLabel} across runs`, subtitle: 'Line: median; band: 5th to 95th percentile' },
    description: `Median and 5 to 95 percent band of ${yLabel} for ${series.join(', ')}`,
    width: CHART_WIDTH,
    height: 320,
    data: { values: rows },
    layer: [
      {
        mark: { type: 'area', opacity: 0.22 },
        encoding: {
          x,
          y: { field: 'p05', type: 'quantitative' as const, title: yLabel },
          y2: { field: 'p95' },
          color,
        },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'p50', type: 'quantitative' as const },
          color,
          tooltip: [{ field: 'date' }, { field: 'series' }, { field: 'p05', format: ',.4~r' }, { field: 'p50', format: ',.4~r' }, { field: 'p95', format: ',.4~r' }],
        },
      },
    ],
    config: CONFIG,
  };
}

/** A value of a named series on a date (`YYYY-MM-DD`). */
export interface DatedValue {
  date: string;
  series: string;
  value: number;
}

/**
 * One run at a glance: production, demand and consumption (shells per day) above, stockpile levels
 * below, on one time axis.
 */
export function runChart(flows: DatedValue[], stocks: DatedValue[], title: string, flowLabel: string): TopLevelSpec {
  const x = { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: { format: '%Y-%m-%d', labelAngle: -30 } };
  const panel = (values: DatedValue[], yTitle: string, legendTitle: string) => ({
    width: CHART_WIDTH,
    height: 220,
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 2, interpolate: 'step-after' as const },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative' as const, title: yTitle },
      color: { field: 'series', type: 'nominal' as const, title: legendTitle, sort: [...new Set(values.map((v) => v.series))] },
      // Demand is dashed, so it shows where it runs along the consumption line.
      strokeDash: { condition: { test: "datum.series === 'demand'", value: [6, 4] }, value: [1, 0] },
      tooltip: [{ field: 'date' }, { field: 'series' }, { field: 'value', format: ',.0f' }],
    },
  });
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'Above: flows, shells per day; below: stock on hand at the end of each interval' },
    description: `Production, demand and consumption, and stockpile levels of ${title}`,
    vconcat: [panel(flows, flowLabel, 'Flow'), panel(stocks, 'Shells in stock', 'Stockpile')],
    resolve: { scale: { color: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
}
