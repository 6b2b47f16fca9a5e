/**
 * Vega-Lite specs for a calibration: prior against NROY histograms of a parameter, a pairs plot of
 * the NROY points, and a target's simulated fan over NROY points with the observation as an error bar.
 * Pure functions: rows in, spec out (charts.ts holds the shared look).
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_WIDTH, CONFIG, SCHEMA, type FanRow } from './charts.js';

/** Labels of the histogram's two samples, in drawing order. */
export const HISTOGRAM_SETS = ['prior (wave 1)', 'not ruled out (last wave)'] as const;

/** One design point's value of a parameter, in the prior sample or among the NROY points. */
export interface HistogramRow {
  set: (typeof HISTOGRAM_SETS)[number];
  value: number;
}

/** Prior against NROY: counts per bin over the prior range, the NROY bars over the prior's. */
export function histogramChart(rows: HistogramRow[], parameter: string, range: [number, number]): TopLevelSpec {
  const step = (range[1] - range[0]) / 20 || 1;
  return {
    $schema: SCHEMA,
    title: { text: `${parameter}: prior and not ruled out`, subtitle: 'Points per bin; the prior is wave 1, spread over [min, max]' },
    description: `Histogram of ${parameter} in the prior design and among the points not ruled out`,
    width: CHART_WIDTH,
    height: 180,
    data: { values: rows },
    mark: { type: 'bar', opacity: 0.7 },
    encoding: {
      x: { field: 'value', type: 'quantitative', bin: { extent: range, step }, title: parameter },
      y: { aggregate: 'count', type: 'quantitative', title: 'Points', stack: null },
      color: { field: 'set', type: 'nominal', title: null, sort: [...HISTOGRAM_SETS] },
    },
    config: CONFIG,
  } as TopLevelSpec;
}

/** Scatter matrix of the NROY points over some parameters (each point a row of values by name). */
export function pairsChart(rows: Record<string, number>[], parameters: string[]): TopLevelSpec {
  const size = Math.max(120, Math.floor(CHART_WIDTH / parameters.length) - 30);
  return {
    $schema: SCHEMA,
    title: { text: 'Points not ruled out, parameter against parameter', subtitle: 'The most constrained parameters (narrowest NROY range against the prior)' },
    description: `Pairs plot of ${rows.length} points not ruled out over ${parameters.join(', ')}`,
    data: { values: rows },
    repeat: { row: parameters, column: [...parameters].reverse() },
    spec: {
      width: size,
      height: size,
      mark: { type: 'point', filled: true, size: 18, opacity: 0.7, color: '#0072B2' },
      encoding: {
        x: { field: { repeat: 'column' }, type: 'quantitative', scale: { zero: false } },
        y: { field: { repeat: 'row' }, type: 'quantitative', scale: { zero: false } },
      },
    },
    config: CONFIG,
  } as TopLevelSpec;
}

/** The observation of a target on the chart: its range at a date (the window's midpoint for a window). */
export interface ObservationMark {
  date: string;
  low: number;
  high: number;
  /** A window's ends, drawn as a band behind the bar. */
  from?: string;
  to?: string;
}

/** A target's fan over the NROY points, with the observation drawn as a black error bar. */
export function targetFanChart(rows: FanRow[], observation: ObservationMark, title: string, yLabel: string): TopLevelSpec {
  const x = { field: 'date', type: 'temporal' as const, title: 'Date', scale: { type: 'utc' as const }, axis: { format: '%Y-%m-%d', labelAngle: -30 } };
  const mid = (observation.low + observation.high) / 2;
  const layers: unknown[] = [
    { data: { values: rows }, mark: { type: 'area', opacity: 0.25, color: '#0072B2' }, encoding: { x, y: { field: 'p05', type: 'quantitative', title: yLabel }, y2: { field: 'p95' } } },
    { data: { values: rows }, mark: { type: 'line', strokeWidth: 2, color: '#0072B2' }, encoding: { x, y: { field: 'p50', type: 'quantitative' } } },
  ];
  if (observation.from && observation.to) {
    layers.push({ data: { values: [observation] }, mark: { type: 'rect', opacity: 0.12, color: '#D55E00' }, encoding: { x: { ...x, field: 'from' }, x2: { field: 'to' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } });
  }
  layers.push(
    { data: { values: [observation] }, mark: { type: 'rule', strokeWidth: 3, color: '#000000' }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
    { data: { values: [{ ...observation, mid }] }, mark: { type: 'point', filled: true, size: 60, color: '#000000' }, encoding: { x, y: { field: 'mid', type: 'quantitative' } } },
  );
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: 'Blue: median and 5–95 % over the points not ruled out; black: the observation\'s accepted range' },
    description: `Simulated ${yLabel} over the points not ruled out, against the observation ${observation.low} to ${observation.high}`,
    width: CHART_WIDTH,
    height: 240,
    layer: layers,
    config: CONFIG,
  } as TopLevelSpec;
}
