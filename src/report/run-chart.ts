/** The picture of one run: its flows and stock levels per interval, as SVG and PNG. */
import type { RunResult } from '../assembly/simulate.js';
import { runChart, type DatedValue } from './charts.js';
import { renderSvg, svgToPng } from './render.js';
import { aggregateInterval, intervalStarts } from '../output/recorder.js';

export async function drawRunChart(result: RunResult, every: number): Promise<{ svg: string; png: Uint8Array }> {
  const { recorder, scenario } = result;
  const { model } = scenario;
  // At least weekly: daily noise (demand_cv) hides the trend at a glance.
  const step = Math.max(every, 7);
  const starts = intervalStarts(recorder.days, step);
  const shells = new Set(model.munitions.filter((m) => m.kind === 'shell').map((m) => m.id));
  const flowColumns: [string, string[]][] = [
    ['produced', model.factories.filter((f) => shells.has(model.munitions[f.munition].id)).map((f) => `${f.id}.produced`)],
    ['consumed', model.consumers.map((c) => `${c.id}.consumed`)],
    // Last and dashed (see runChart): where the fronts get what they ask for it lies on `consumed`.
    ['demand', model.consumers.map((c) => `${c.id}.demand`)],
  ];
  const sum = (columns: string[], start: number) => columns.reduce((total, name) => {
    const index = recorder.columns.findIndex((c) => c.name === name);
    return total + aggregateInterval(recorder.values[index], recorder.columns[index].kind, start, step);
  }, 0);
  const flows: DatedValue[] = [];
  const stocks: DatedValue[] = [];
  starts.forEach((start, j) => {
    const length = (starts[j + 1] ?? recorder.days) - start;
    const date = scenario.dates[start];
    for (const [series, columns] of flowColumns) if (columns.length > 0) flows.push({ date, series, value: sum(columns, start) / length });
    for (const s of model.stockpiles) stocks.push({ date, series: s.id, value: sum([`${s.id}.stock`], start) });
  });
  const title = `${model.name}: ${scenario.days} days from ${model.start}, seed ${result.seed}`;
  const svg = await renderSvg(runChart(flows, stocks, title, `Shells per day (${step}-day means)`));
  return { svg, png: svgToPng(svg, { scale: 2 }) };
}
