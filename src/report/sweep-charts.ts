/**
 * Pictures of a sweep: how each chosen KPI moves with each varied parameter (one point per design point,
 * its mean with the 95 % confidence interval as a bar), the design's parameters against each other coloured
 * by a KPI, and — for sweeps that kept time series — the median and 5–95 % envelope over time per point.
 * It draws the aggregate as written; it computes no statistic of its own beyond those percentiles.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { writeFileAtomic } from '../base/atomic-write.js';
import { formatCount, formatDecimals, formatInRange, groupDigits, joinWords } from '../base/format.js';
import { quantileSorted } from '../analysis/statistics.js';
import { hasKeptSeries, readPointSeries } from '../experiments/kept-series.js';
import { replicationWords, type SweepReport } from '../experiments/read-experiment.js';
import { writeOutputDir } from '../output/output-dir.js';
import { CHART_WIDTH, CONFIG, PALETTE, SCHEMA, fanChart, type FanRow } from './charts.js';
import { writeHtml } from './html-writer.js';
import { renderSvg, svgToPng } from './render.js';
import { name, type ReportDocument, type Section } from './report-document.js';

/** KPIs charted when none are asked for (those the sweep has). */
export const DEFAULT_CHART_KPIS = ['fill_rate', 'shortfall_total'];
/** Design points drawn in one envelope chart; more would be a tangle, so an even selection is shown. */
export const MAX_ENVELOPE_POINTS = 8;
const PNG_SCALE = 2;

/** The default KPIs of a sweep: fill_rate, shortfall_total and every first_shortfall_day.*, in layout order. */
export function defaultChartKpis(kpis: readonly string[]): string[] {
  return kpis.filter((k) => DEFAULT_CHART_KPIS.includes(k) || k.startsWith('first_shortfall_day.'));
}

/** A parameter's range in the design (its factor's low and high) and whether it only takes whole numbers. */
interface ParameterScale {
  low: number;
  high: number;
  integer: boolean;
}

function parameterScales(sweep: SweepReport): ParameterScale[] {
  return sweep.layout.parameters.map((parameter, j) => {
    const factor = sweep.design.factors.find((f) => f.name === parameter);
    const values = sweep.rows.map((row) => row.parameters[j]);
    const low = factor?.low ?? Math.min(...values);
    const high = factor?.high ?? Math.max(...values);
    return { low, high, integer: Number.isInteger(low) && Number.isInteger(high) && values.every(Number.isInteger) };
  });
}

/**
 * A d3 format for axis ticks over [low, high] with as many decimals as ticks a tenth of the range apart
 * need (ticks of 10,000 and more are compacted by the shared chart config).
 */
export function axisFormat(low: number, high: number, integer = false): string {
  if (integer) return ',d';
  const width = Math.abs(high - low);
  const decimals = width > 0 ? Math.max(0, Math.min(6, 1 - Math.floor(Math.log10(width)))) : 2;
  return `,.${decimals}~f`;
}

/** How a KPI's axis reads: fill rates as percentages, other KPIs by their range (as {@link axisFormat}). */
function kpiAxis(kpi: string, low: number, high: number): { format: string } {
  if (kpi === 'fill_rate' || kpi.endsWith('.fill_rate')) return { format: `${axisFormat(100 * low, 100 * high).replace(/^,/, '').replace(/f$/, '%')}` };
  return { format: axisFormat(low, high) };
}

/** A KPI value for a tooltip: days to one decimal, otherwise as precise as the KPI's spread over the points. */
function formatKpi(kpi: string, x: number, low: number, high: number): string {
  if (kpi.includes('_day')) return groupDigits(formatDecimals(x, 1));
  return formatInRange(x, low, high);
}

/** One design point on a scatter: the parameter's value and the KPI's mean with its 95 % interval. */
export interface ScatterRow {
  point: number;
  value: number;
  mean: number;
  ci_low: number;
  ci_high: number;
  /** The same, rounded for people (tooltips). */
  value_label: string;
  mean_label: string;
  replications: number;
}

/** The scatter rows of KPI `k` against parameter `j`; points where no run had a value are left out. */
export function scatterRows(sweep: SweepReport, k: number, j: number): ScatterRow[] {
  const scale = parameterScales(sweep)[j];
  const kpi = sweep.layout.kpis[k];
  const means = sweep.rows.flatMap((row) => (row.kpis[k] ? [row.kpis[k]!.mean] : []));
  const [lo, hi] = [Math.min(...means), Math.max(...means)];
  return sweep.rows.flatMap((row) => {
    const s = row.kpis[k];
    if (!s) return [];
    const half = Number.isFinite(s.ciHalfWidth95) ? s.ciHalfWidth95 : 0;
    return [{
      point: row.point, value: row.parameters[j], mean: s.mean, ci_low: s.mean - half, ci_high: s.mean + half,
      value_label: formatInRange(row.parameters[j], scale.low, scale.high), mean_label: formatKpi(kpi, s.mean, lo, hi), replications: s.n,
    }];
  });
}

/** KPI `k` against parameter `j`: one dot per design point (its mean), a bar for its 95 % confidence interval. */
export function scatterChart(sweep: SweepReport, k: number, j: number): TopLevelSpec {
  const parameter = sweep.layout.parameters[j];
  const kpi = sweep.layout.kpis[k];
  const scale = parameterScales(sweep)[j];
  const values = scatterRows(sweep, k, j);
  const missing = sweep.rows.length - values.length;
  const lows = values.map((v) => v.ci_low);
  const highs = values.map((v) => v.ci_high);
  const x = {
    field: 'value', type: 'quantitative' as const, title: parameter, scale: { domain: [scale.low, scale.high], nice: false, zero: false },
    axis: { format: axisFormat(scale.low, scale.high, scale.integer), ...(scale.integer ? { tickMinStep: 1 } : {}) },
  };
  const y = { field: 'mean', type: 'quantitative' as const, title: `${kpi} (mean)`, scale: { zero: false }, axis: kpiAxis(kpi, Math.min(...lows), Math.max(...highs)) };
  const subtitle = [`Each dot is a design point: the mean of its replications; the bar its 95 % confidence interval`];
  if (missing > 0) subtitle.push(`${formatCount(missing)} points without a value of ${kpi} are not shown (every run failed, or it never happened)`);
  return {
    $schema: SCHEMA,
    title: { text: `${kpi} against ${parameter}`, subtitle },
    description: `Scatter of the mean of ${kpi} at ${values.length} design points against ${parameter}`,
    width: CHART_WIDTH, height: 320,
    data: { values },
    layer: [
      { mark: { type: 'rule', color: '#7a7a7a', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'ci_low' }, y2: { field: 'ci_high' } } },
      {
        mark: { type: 'point', filled: true, size: 50, color: PALETTE[0], opacity: 0.85 },
        encoding: {
          x, y,
          tooltip: [{ field: 'point' }, { field: 'value_label', title: parameter }, { field: 'mean_label', title: `${kpi} mean` }, { field: 'replications', title: 'runs with a value' }],
        },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec;
}

/**
 * The design's parameters against each other (each pair once, below the diagonal), each design point
 * coloured by its mean of KPI `k`. Panels are spelled out rather than repeated so that each axis gets its
 * parameter's tick format (whole numbers for an integer parameter).
 */
export function sweepPairsChart(sweep: SweepReport, k: number): TopLevelSpec {
  const { parameters, kpis } = sweep.layout;
  const kpi = kpis[k];
  const values = sweep.rows.map((row) => ({ ...Object.fromEntries(parameters.map((_, j) => [`p${j}`, row.parameters[j]])), kpi: row.kpis[k]?.mean ?? null }));
  const scales = parameterScales(sweep);
  const means = values.flatMap((r) => (r.kpi === null ? [] : [r.kpi as number]));
  const size = Math.max(130, Math.floor(CHART_WIDTH / (parameters.length - 1)) - 40);
  const axis = (j: number) => ({
    field: `p${j}`, type: 'quantitative' as const, title: parameters[j],
    scale: { domain: [scales[j].low, scales[j].high], nice: false, zero: false },
    axis: { format: axisFormat(scales[j].low, scales[j].high, scales[j].integer), tickCount: 4, ...(scales[j].integer ? { tickMinStep: 1 } : {}) },
  });
  // Fields by position: KPI names hold dots (first_shortfall_day.front), which Vega-Lite reads as nesting.
  const color = { field: 'kpi', type: 'quantitative' as const, title: `${kpi} (mean)`, scale: { scheme: 'viridis' }, legend: { format: kpiAxis(kpi, Math.min(...means), Math.max(...means)).format } };
  const rows = parameters.slice(1).map((_, r) => ({
    hconcat: parameters.slice(0, r + 1).map((__, c) => ({
      width: size, height: size,
      mark: { type: 'point', filled: true, size: 30, opacity: 0.85 },
      encoding: { x: axis(c), y: axis(r + 1), color, tooltip: [{ field: `p${c}`, title: parameters[c], format: axisFormat(scales[c].low, scales[c].high, scales[c].integer) }, { field: `p${r + 1}`, title: parameters[r + 1], format: axisFormat(scales[r + 1].low, scales[r + 1].high, scales[r + 1].integer) }, { field: 'kpi', title: `${kpi} (mean)` }] },
    })),
  }));
  return {
    $schema: SCHEMA,
    title: { text: `The design points, parameter against parameter, coloured by ${kpi}`, subtitle: `Colour: the point's mean of ${kpi}; points without a value are left out` },
    description: `Pairs plot of ${values.length} design points over ${joinWords(parameters)}, coloured by the mean of ${kpi}`,
    data: { values: values.filter((v) => v.kpi !== null) },
    vconcat: rows,
    config: CONFIG,
  } as TopLevelSpec;
}

/** Design points drawn in an envelope chart: all up to {@link MAX_ENVELOPE_POINTS}, else an even selection. */
export function envelopePoints(points: number): number[] {
  if (points <= MAX_ENVELOPE_POINTS) return Array.from({ length: points }, (_, i) => i);
  return Array.from({ length: MAX_ENVELOPE_POINTS }, (_, i) => Math.round((i * (points - 1)) / (MAX_ENVELOPE_POINTS - 1)));
}

/** A design point's label in a legend: `point 3: a 4.0, n 4`. */
function pointLabel(sweep: SweepReport, point: number): string {
  const row = sweep.rows.find((r) => r.point === point);
  const scales = parameterScales(sweep);
  const values = row ? sweep.layout.parameters.map((p, j) => `${p} ${formatInRange(row.parameters[j], scales[j].low, scales[j].high)}`) : [];
  return `point ${point}${values.length ? `: ${values.join(', ')}` : ''}`;
}

/**
 * Per design point and date, the median and the 5th and 95th percentiles over its replications of one kept
 * time-series column (NaN values left out; a date where no run has a value is skipped).
 */
export function envelopeRows(dir: string, sweep: SweepReport, column: string, points: number[]): FanRow[] {
  return points.flatMap((point) => {
    // A sweep to a precision gives its points different numbers of runs: read all of this one's.
    const runs = sweep.rows.find((row) => row.point === point)?.replications ?? sweep.replications;
    const kept = readPointSeries(dir, point, runs);
    const c = kept.columns.indexOf(column);
    if (c < 0) return [];
    const series = pointLabel(sweep, point);
    return kept.dates.flatMap((date, d) => {
      const values = kept.runs.map((run) => run[c][d]).filter(Number.isFinite).sort((a, b) => a - b);
      return values.length === 0 ? [] : [{ date, series, p05: quantileSorted(values, 0.05), p50: quantileSorted(values, 0.5), p95: quantileSorted(values, 0.95) }];
    });
  });
}

/** The kept series drawn by default: every stockpile's stock. */
export function envelopeColumns(dir: string): string[] {
  return readPointSeries(dir, 0, 1).columns.filter((c) => c.endsWith('.stock'));
}

/** One chart of the page: a file-name stem, alt text, its spec. */
export interface SweepChart {
  stem: string;
  heading: string;
  alt: string;
  spec: TopLevelSpec;
}

/** Every chart of a sweep for the KPIs `kpis` (names from its layout). */
export function sweepCharts(sweep: SweepReport, kpis: string[]): SweepChart[] {
  const { parameters } = sweep.layout;
  const charts: SweepChart[] = [];
  const stem = (kind: string, ...names: string[]) => `${String(charts.length + 1).padStart(2, '0')}-${kind}-${names.join('-')}`.replace(/[^a-z0-9._-]/gi, '_').toLowerCase();
  for (const kpi of kpis) {
    const k = sweep.layout.kpis.indexOf(kpi);
    parameters.forEach((parameter, j) => {
      charts.push({ stem: stem('scatter', kpi, parameter), heading: `${kpi} against ${parameter}`, alt: `The mean of ${kpi} at each design point against ${parameter}, with 95 % confidence intervals`, spec: scatterChart(sweep, k, j) });
    });
  }
  if (parameters.length >= 2 && kpis.length > 0) {
    const kpi = kpis[0];
    charts.push({ stem: stem('pairs', kpi), heading: `The design, coloured by ${kpi}`, alt: `Pairs plot of the parameters, coloured by the mean of ${kpi}`, spec: sweepPairsChart(sweep, sweep.layout.kpis.indexOf(kpi)) });
  }
  if (sweep.rows.length > 0 && hasKeptSeries(sweep.dir)) {
    const points = envelopePoints(sweep.points);
    const note = points.length < sweep.points ? [`${points.length} of the ${formatCount(sweep.points)} design points, evenly spread over their numbers`] : [];
    for (const column of envelopeColumns(sweep.dir)) {
      const rows = envelopeRows(sweep.dir, sweep, column, points);
      if (rows.length === 0) continue;
      charts.push({ stem: stem('envelope', column), heading: `${column} over time`, alt: `${column} over time per design point: median and 5–95 % over its replications`, spec: fanChart(rows, column, note) });
    }
  }
  return charts;
}

/** The charts rendered, with the index page. */
export interface BuiltSweepCharts {
  html: string;
  files: { name: string; content: string | Uint8Array }[];
}

/** Renders every chart as SVG and PNG, keeps its Vega-Lite spec, and builds the index page. */
export async function buildSweepCharts(sweep: SweepReport, kpis: string[], command: string): Promise<BuiltSweepCharts> {
  const files: BuiltSweepCharts['files'] = [];
  const words = replicationWords(sweep);
  const sections: Section[] = [{
    heading: ['The sweep'], level: 2,
    facts: [
      ['Model', [name(sweep.modelName)]],
      ['Design', [`${sweep.design.kind}, ${formatCount(sweep.points)} points × ${words.each} replications${sweep.layout.precision ? ' (to a precision)' : ''} over `, ...parameterNames(sweep)]],
      ['Runs', [`${formatCount(sweep.done)} of ${words.runsPrefix}${formatCount(sweep.total)} finished (${sweep.status}), ${formatCount(sweep.failed)} failed`]],
      ['Folder', [name(sweep.dir)]],
      ['Created with', [name(command)]],
    ],
  }];
  if (sweep.status !== 'complete') sections.push({ heading: ['Warnings'], level: 2, warnings: [`the sweep is ${sweep.status}: the charts show the runs finished so far`] });
  for (const chart of sweepCharts(sweep, kpis)) {
    const svg = await renderSvg(chart.spec);
    const png = svgToPng(svg, { scale: PNG_SCALE });
    files.push({ name: `${chart.stem}.svg`, content: svg }, { name: `${chart.stem}.png`, content: png }, { name: `${chart.stem}.vl.json`, content: `${JSON.stringify(chart.spec, null, 2)}\n` });
    sections.push({ heading: [chart.heading], level: 3, figure: { fileName: `${chart.stem}.png`, alt: chart.alt, svg, png } });
  }
  const doc: ReportDocument = { title: `Sweep of ${sweep.modelName}`, sections, footer: ['Drawn by munisim summarize; aggregate.csv holds every figure shown here, each chart\'s Vega-Lite spec is beside its SVG.'] };
  return { html: writeHtml(doc), files };
}

function parameterNames(sweep: SweepReport) {
  return sweep.layout.parameters.flatMap((p, j) => (j === 0 ? [name(p)] : [', ', name(p)]));
}

/** Writes the charts of `sweep` into `outDir` (replacing an older charts folder whole). @returns the chart count */
export async function writeSweepCharts(outDir: string, sweep: SweepReport, kpis: string[], command: string): Promise<number> {
  const built = await buildSweepCharts(sweep, kpis, command);
  await writeOutputDir(outDir, true, async (tmp) => {
    for (const file of built.files) writeFileAtomic(join(tmp, file.name), file.content);
    writeFileAtomic(join(tmp, 'index.html'), built.html);
  });
  return built.files.length / 3;
}
