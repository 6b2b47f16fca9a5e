/**
 * The charts of a scenario comparison as Vega-Lite specs, from its records: per series a fan with every
 * scenario overlaid, and each scenario's paired difference from the baseline over time. Specs only.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonRecords } from '../experiments/comparison.js';
import { differenceOverTimeChart, fanChart, shortIntervalNote } from './charts.js';

function seriesOf(records: ComparisonRecords, series: string) {
  const rows = records.series.filter((e) => e.series === series);
  if (rows.length === 0) throw new RangeError(`the comparison kept no series "${series}"; it kept: ${[...new Set(records.series.map((e) => e.series))].join(', ') || 'none'}`);
  const last = rows[rows.length - 1];
  const notes = records.every > 1 && last.days < records.every ? [shortIntervalNote(last.days, records.every)] : [];
  const label = records.every > 1 ? `${series} (${records.every}-day intervals)` : series;
  return { rows, notes, label };
}

/** Median and 5–95 % band of `series` per scenario, all scenarios on one chart. @throws RangeError for a series not kept */
export function comparisonFanChart(records: ComparisonRecords, series: string): TopLevelSpec {
  const { rows, notes, label } = seriesOf(records, series);
  return fanChart(rows.map((e) => ({ date: e.date, series: e.scenario, p05: e.p05, p50: e.p50, p95: e.p95 })), label, notes);
}

/** Each scenario's mean paired difference from the baseline in `series`, with its 95 % band. @throws RangeError for a series not kept */
export function comparisonDifferenceChart(records: ComparisonRecords, series: string): TopLevelSpec {
  const { rows, notes, label } = seriesOf(records, series);
  const differences = rows.filter((e) => e.difference !== undefined).map((e) => {
    const half = e.differenceHalfWidth === undefined || Number.isNaN(e.differenceHalfWidth) ? 0 : e.differenceHalfWidth;
    return { date: e.date, scenario: e.scenario, difference: e.difference!, low: e.difference! - half, high: e.difference! + half };
  });
  return differenceOverTimeChart(differences, label, records.baseline, notes);
}
