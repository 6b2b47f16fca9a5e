/** The picture of one run: its flows and stock levels per interval, as SVG and PNG. */
import type { RunResult } from '../assembly/simulate.js';
import { runChart, shortIntervalNote, type DatedValue } from './charts.js';
import { renderSvg, svgToPng } from './render.js';
import { aggregateInterval, intervalStarts, type Column } from '../output/recorder.js';

export async function drawRunChart(result: RunResult, every: number): Promise<{ svg: string; png: Uint8Array }> {
  const { flows, stocks, step, lastIntervalDays } = runChartSeries(result, every);
  const { model } = result.scenario;
  const title = `${model.name}: ${result.scenario.days} days from ${model.start}, seed ${result.seed}`;
  const notes = lastIntervalDays < step ? [shortIntervalNote(lastIntervalDays, step)] : [];
  const svg = await renderSvg(runChart(flows, stocks, title, `Shells per day (${step}-day means)`, notes));
  return { svg, png: svgToPng(svg, { scale: 2 }) };
}

/**
 * Which columns {@link runChartSeries} reads, for a run that keeps only those (Recorder's `keep`): the
 * charted ones, and a charted stock's per-munition columns (its unserviceable part). Columns are asked
 * in recorder order, a total before its munitions.
 */
export function chartColumns(): (column: Column) => boolean {
  const stocks = new Set<string>();
  return (column) => {
    if (column.chart === 'stock') stocks.add(`${column.node}\0${column.metric}`);
    return column.chart !== undefined || stocks.has(`${column.node}\0${column.metric}`);
  };
}

/**
 * The chart's data: flows as means per day of each interval of `every` days (at least 7), dated at the
 * interval's first day and closed by a point on the last day so the last step has its width; stock at each
 * interval's end, dated at the interval's last day (it is the level when that day ends), one line per
 * stockpile — two where it holds unserviceable shells. `lastIntervalDays` is shorter than `step` when the
 * horizon is not a whole number of intervals.
 */
export function runChartSeries(result: RunResult, every: number): { flows: DatedValue[]; stocks: DatedValue[]; step: number; lastIntervalDays: number } {
  const { recorder, scenario } = result;
  // At least weekly: daily noise (demand_cv) hides the trend at a glance.
  const step = Math.max(every, 7);
  const starts = intervalStarts(recorder.days, step);
  // The columns each series adds up, as the components' metrics declare them (Metric.chart).
  const charted = (series: string) => recorder.columns.flatMap((c, index) => (c.chart === series ? [index] : []));
  const flowColumns: [string, number[]][] = [
    ['produced', charted('produced')],
    ['consumed', charted('consumed')],
    // Last and dashed (see runChart): where the fronts get what they ask for it lies on `consumed`.
    ['demand', charted('demand')],
  ];
  const stockColumns = charted('stock');
  // A stockpile holding unserviceable shells draws them apart: they are stock no front can fire.
  const unserviceable = new Set(result.unserviceableMunitions);
  const stockLines = stockColumns.map((index) => {
    const { node, metric } = recorder.columns[index];
    const bad = recorder.columns.flatMap((c, i) => (c.node === node && c.metric === metric && unserviceable.has(c.munition) ? [i] : []));
    return { index, node, bad };
  });
  const sum = (columns: number[], start: number) => columns.reduce((total, index) =>
    total + aggregateInterval(recorder.values[index], recorder.columns[index].kind, start, step), 0);
  const flows: DatedValue[] = [];
  const stocks: DatedValue[] = [];
  let lastIntervalDays = step;
  starts.forEach((start, j) => {
    const end = starts[j + 1] ?? recorder.days;
    const length = end - start;
    const date = scenario.dates[start];
    const endDate = scenario.dates[end - 1];
    for (const [series, columns] of flowColumns) {
      if (columns.length === 0) continue;
      const value = sum(columns, start) / length;
      flows.push({ date, series, value });
      // step-after draws a value up to the next point: the last interval needs one at its end.
      if (j === starts.length - 1 && end - 1 > start) flows.push({ date: endDate, series, value });
    }
    for (const { index, node, bad } of stockLines) {
      if (bad.length === 0) { stocks.push({ date: endDate, series: node, value: sum([index], start) }); continue; }
      const unusable = sum(bad, start);
      stocks.push({ date: endDate, series: `${node} serviceable`, value: sum([index], start) - unusable });
      stocks.push({ date: endDate, series: `${node} unserviceable`, value: unusable });
    }
    lastIntervalDays = length;
  });
  return { flows, stocks, step, lastIntervalDays };
}
