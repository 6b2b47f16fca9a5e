/**
 * Vega-Lite chart specs for sensitivity results: tornado (one-at-a-time), Morris μ*–σ, Sobol S1/ST bars,
 * indices over time and percentile fans. Pure functions: rows in, spec out — nothing is rendered here.
 * Colours come from the Okabe–Ito palette, which stays distinguishable under the common colour-vision deficiencies.
 */
import type { SobolIndices } from '../analysis/sobol-indices.js';
import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from './text-width.js';

/** The font every chart is drawn with; resvg finds it on the machine (Debian: fonts-dejavu-core). */
export const CHART_FONT = 'DejaVu Sans';

/**
 * Okabe & Ito (2008), "Color Universal Design", without the yellow (too pale on white) and with grey last.
 * Blue and orange, the first two, are the pair used for two-way contrasts (min/max, S1/ST).
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#999999'];

/**
 * Twenty colours for charts with one line per parameter: the Okabe–Ito eight first, then twelve picked one by
 * one to be as far as possible (CIE76 ΔE in Lab) from those already chosen; no two are closer than the closest
 * Okabe–Ito pair (ΔE ≈ 26, sky blue against blue). Past twenty, {@link seriesStyle} adds dash patterns.
 */
export const WIDE_PALETTE = [
  ...PALETTE,
  '#000080', '#8DB600', '#BE0032', '#654522', '#F99379', '#E7298A', '#006400', '#1F2A6B', '#7F7F00', '#C2B280', '#882D17', '#008080',
];

/** Dash patterns, one per round of {@link WIDE_PALETTE}: solid for the first twenty series, then dashed, dotted, dash-dot. */
export const LINE_DASHES: number[][] = [[1, 0], [8, 4], [2, 3], [8, 3, 2, 3]];

/**
 * Colour and dash scales giving each of `names` its own look: colour i mod 20, dash pattern ⌊i / 20⌋ (so up to
 * 80 series are told apart). Use both as the `color` and `strokeDash` encodings on the same field.
 */
export function seriesStyle(names: string[]): { color: { domain: string[]; range: string[] }; strokeDash: { domain: string[]; range: number[][] } } {
  const n = WIDE_PALETTE.length;
  return {
    color: { domain: names, range: names.map((_, i) => WIDE_PALETTE[i % n]) },
    strokeDash: { domain: names, range: names.map((_, i) => LINE_DASHES[Math.floor(i / n) % LINE_DASHES.length]) },
  };
}

/**
 * A legend under the plot that wraps into as many columns as fit in `widthPx` (a one-row legend of 34
 * parameters was 3158 px wide and squeezed the plot); entries are sized by their longest label.
 */
export function wrappedLegend(labels: string[], widthPx = CHART_WIDTH): { orient: 'bottom'; direction: 'horizontal'; columns: number; labelLimit: number; symbolLimit: number } {
  const labelLimit = 260;
  const longest = Math.min(labelLimit, Math.max(0, ...labels.map((label) => textWidth(label, 11))));
  // Symbol (about 16 px), its gap and the column padding come on top of the label.
  const columns = Math.max(1, Math.min(labels.length, Math.floor(widthPx / (longest + 36))));
  // symbolLimit 0: every entry is listed (Vega-Lite stops at 30 with "…4 entries").
  return { orient: 'bottom', direction: 'horizontal', columns, labelLimit, symbolLimit: 0 };
}

/**
 * A calendar axis: ISO dates, level, about 90 px apart (a 2024-02-04 label is 62 px wide), so they neither
 * touch nor need tilting; Vega picks whole days, weeks or months near that count.
 */
export const DATE_AXIS = { format: '%Y-%m-%d', labelAngle: 0, tickCount: { expr: 'max(2, floor(width / 90))' }, labelOverlap: 'greedy' as const, labelSeparation: 6 };

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
  // Big counts read as 1.2M rather than 1,200,000, with as many digits as the tick itself has (a fixed three
  // made 10.02M and 10.04M both "10M"); ticks stay about 90 px apart and labels that would still touch are dropped.
  axisQuantitative: { labelOverlap: 'greedy', labelSeparation: 6, labelExpr: "abs(datum.value) >= 1e4 ? format(datum.value, '.9~s') : datum.label" },
  axisXQuantitative: { tickCount: { expr: 'max(2, floor(width / 90))' } },
  axisYQuantitative: { tickCount: { expr: 'max(2, floor(height / 45))' } },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom', direction: 'horizontal', labelLimit: 260 },
  range: { category: WIDE_PALETTE },
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

/** How many Morris points get a name on the chart at most; the report's table lists every parameter. */
export const MORRIS_LABELS = 10;

const MORRIS_HEIGHT = 400;

/** Where a label may sit around its point, in order of preference: up right, up left, down right, down left. */
const MORRIS_SPOTS: { align: 'left' | 'right'; dy: number }[] = [
  { align: 'left', dy: -7 }, { align: 'right', dy: -7 }, { align: 'left', dy: 15 }, { align: 'right', dy: 15 },
];

/** A Morris point's label with where it goes: beside the point, to its right or left, above or below. */
interface PlacedLabel {
  muStar: number;
  sigma: number;
  parameter: string;
  align: 'left' | 'right';
  dy: number;
}

/**
 * Names for the largest-μ* points, each put in the first of four spots around its point where it overlaps no
 * label already placed and stays inside the plot; a point with no free spot stays unnamed (it is in the table).
 */
export function placeMorrisLabels(rows: MorrisChartRow[], top: number, limit = MORRIS_LABELS): PlacedLabel[] {
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const placed: PlacedLabel[] = [];
  const height = 11; // font size; boxes get 2 px of air each side
  const ranked = [...rows].sort((a, b) => b.muStar - a.muStar || a.parameter.localeCompare(b.parameter)).slice(0, limit);
  for (const row of ranked) {
    const x = (row.muStar / top) * CHART_WIDTH;
    const y = MORRIS_HEIGHT - (row.sigma / top) * MORRIS_HEIGHT;
    const width = textWidth(row.parameter, 11);
    for (const spot of MORRIS_SPOTS) {
      const x0 = spot.align === 'left' ? x + 7 : x - 7 - width;
      const box = { x0: x0 - 2, x1: x0 + width + 2, y0: y + spot.dy - height - 2, y1: y + spot.dy + 3 };
      const inside = box.x0 >= 0 && box.x1 <= CHART_WIDTH && box.y0 >= 0 && box.y1 <= MORRIS_HEIGHT;
      if (!inside || boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      boxes.push(box);
      placed.push({ muStar: row.muStar, sigma: row.sigma, parameter: row.parameter, ...spot });
      break;
    }
  }
  return placed;
}

/**
 * Morris μ*–σ scatter (Campolongo, Cariboni & Saltelli 2007): one point per parameter, the
 * {@link MORRIS_LABELS} largest μ* named where their names do not collide. Points far right matter most;
 * points above the dashed σ = μ* line act mostly through interactions or non-linearity.
 */
export function morrisChart(rows: MorrisChartRow[], outputLabel: string): TopLevelSpec {
  const top = Math.max(0, ...rows.flatMap((row) => [row.muStar, row.sigma])) * 1.05 || 1;
  const labels = placeMorrisLabels(rows, top);
  const unnamed = rows.length - labels.length;
  const x = { field: 'muStar', type: 'quantitative' as const, title: `μ* — mean |elementary effect| on ${outputLabel}`, scale: { domain: [0, top] } };
  const y = { field: 'sigma', type: 'quantitative' as const, title: 'σ — std. dev. of elementary effects', scale: { domain: [0, top] } };
  return {
    $schema: SCHEMA,
    title: {
      text: `Morris screening of ${outputLabel}`,
      subtitle: [
        'Right: larger overall effect. Above the dashed line (σ > μ*): interactions or non-linearity dominate',
        ...(unnamed > 0 ? [`${labels.length} of ${rows.length} points named (largest μ* first); the table lists every parameter`] : []),
      ],
    },
    description: `Morris mu-star versus sigma for ${rows.length} parameters on ${outputLabel}`,
    width: CHART_WIDTH,
    height: MORRIS_HEIGHT,
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
      // One text layer per spot around the point (right or left of it, above or below).
      ...MORRIS_SPOTS.map(({ align, dy }) => ({
        data: { values: labels.filter((label) => label.align === align && label.dy === dy) },
        mark: { type: 'text' as const, align, dx: align === 'left' ? 7 : -7, dy, fontSize: 11 },
        encoding: { x, y, text: { field: 'parameter' } },
      })),
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
 * chart does not depend on the machine's time zone). Each parameter has its own colour up to twenty, then
 * dash patterns as well ({@link seriesStyle}); the legend wraps into columns under the plot.
 */
export function indicesOverTimeChart(rows: IndexOverTimeRow[], indexLabel: string, seriesLabel: string): TopLevelSpec {
  const parameters = [...new Set(rows.map((row) => row.parameter))];
  const style = seriesStyle(parameters);
  // Stroke symbols, so the legend shows each line's dash pattern as well as its colour.
  const legend = { ...wrappedLegend(parameters), symbolType: 'stroke', symbolStrokeWidth: 2 };
  const color = { field: 'parameter', type: 'nominal' as const, title: 'Parameter', sort: parameters, scale: style.color, legend };
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
      x: { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: DATE_AXIS },
      y: { field: 'value', type: 'quantitative' as const, title: indexLabel },
      color,
      // Same field, title and legend as colour, so Vega-Lite draws one legend showing both.
      strokeDash: { field: 'parameter', type: 'nominal' as const, title: 'Parameter', sort: parameters, scale: style.strokeDash, legend },
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
export function fanChart(rows: FanRow[], yLabel: string, notes: string[] = []): TopLevelSpec {
  const series = [...new Set(rows.map((row) => row.series))];
  const x = { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: DATE_AXIS };
  const color = { field: 'series', type: 'nominal' as const, title: 'Series', sort: series, legend: wrappedLegend(series) };
  return {
    $schema: SCHEMA,
    title: { text: `${yLabel} across runs`, subtitle: ['Line: median; band: 5th to 95th percentile', ...notes] },
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

/** The caption for a horizon that is not a whole number of intervals: its last interval is shorter. */
export function shortIntervalNote(lastIntervalDays: number, intervalDays: number): string {
  return `The last interval is ${lastIntervalDays} day${lastIntervalDays === 1 ? '' : 's'}, not ${intervalDays}: its values are per day over those days`;
}

/**
 * One run at a glance: production, demand and consumption (shells per day, steps over each interval) above,
 * stockpile levels at each interval's end below (a line through those points), on one time axis. `notes`
 * go under the subtitle (e.g. {@link shortIntervalNote}).
 */
export function runChart(flows: DatedValue[], stocks: DatedValue[], title: string, flowLabel: string, notes: string[] = []): TopLevelSpec {
  const x = { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: DATE_AXIS };
  const panel = (values: DatedValue[], yTitle: string, legendTitle: string, interpolate: 'step-after' | 'linear') => ({
    width: CHART_WIDTH,
    height: 220,
    data: { values },
    mark: { type: 'line' as const, strokeWidth: 2, interpolate, ...(interpolate === 'linear' ? { point: { size: 18 } } : {}) },
    encoding: {
      x,
      y: { field: 'value', type: 'quantitative' as const, title: yTitle },
      color: { field: 'series', type: 'nominal' as const, title: legendTitle, sort: [...new Set(values.map((v) => v.series))], legend: wrappedLegend([...new Set(values.map((v) => v.series))]) },
      // Demand is dashed, so it shows where it runs along the consumption line.
      strokeDash: { condition: { test: "datum.series === 'demand'", value: [6, 4] }, value: [1, 0] },
      tooltip: [{ field: 'date' }, { field: 'series' }, { field: 'value', format: ',.0f' }],
    },
  });
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: ['Above: flows, shells per day over each interval; below: stock on hand at the end of each interval (dots)', ...notes] },
    description: `Production, demand and consumption, and stockpile levels of ${title}`,
    vconcat: [panel(flows, flowLabel, 'Flow', 'step-after'), panel(stocks, 'Shells in stock', 'Stockpile', 'linear')],
    resolve: { scale: { color: 'independent' } },
    config: CONFIG,
  } as TopLevelSpec;
}

/** A scenario's mean difference from the baseline on a date, with its 95 % interval. */
export interface DifferenceRow {
  date: string;
  scenario: string;
  difference: number;
  low: number;
  high: number;
}

/**
 * Difference from the baseline over time: per scenario, the mean of run r minus the baseline's run r (the
 * same seed) as a line, its 95 % interval as a band, and a rule at zero — where the band leaves the rule the
 * scenario differs clearly from the baseline on that date.
 */
export function differenceOverTimeChart(rows: DifferenceRow[], yLabel: string, baseline: string, notes: string[] = []): TopLevelSpec {
  const scenarios = [...new Set(rows.map((row) => row.scenario))];
  // Colour i + 1: the baseline has colour 0 in the fan chart beside this one.
  const scale = { domain: scenarios, range: scenarios.map((_, i) => WIDE_PALETTE[(i + 1) % WIDE_PALETTE.length]) };
  const color = { field: 'scenario', type: 'nominal' as const, title: 'Scenario', sort: scenarios, scale, legend: wrappedLegend(scenarios) };
  const x = { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: DATE_AXIS };
  return {
    $schema: SCHEMA,
    title: { text: `${yLabel}: difference from ${baseline}`, subtitle: ['Line: mean of each seed’s run minus the baseline’s run with that seed; band: 95 % interval', ...notes] },
    description: `Difference of ${yLabel} from ${baseline} over time for ${scenarios.join(', ')}`,
    width: CHART_WIDTH,
    height: 280,
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#555555', strokeDash: [4, 3] }, encoding: { y: { field: 'zero', type: 'quantitative' as const } } },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'area', opacity: 0.22 }, encoding: { x, y: { field: 'low', type: 'quantitative' as const, title: `${yLabel}, scenario − ${baseline}` }, y2: { field: 'high' }, color } },
          {
            mark: { type: 'line', strokeWidth: 2 },
            encoding: {
              x, y: { field: 'difference', type: 'quantitative' as const }, color,
              tooltip: [{ field: 'date' }, { field: 'scenario' }, { field: 'difference', format: ',.4~r' }, { field: 'low', format: ',.4~r' }, { field: 'high', format: ',.4~r' }],
            },
          },
        ],
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}
