/**
 * The report of a scenario comparison (report.html, self-contained, and report.md with PNG charts): the KPI
 * table, each scenario's paired difference from the baseline with its verdict in words, and per series a fan
 * of all scenarios overlaid and the difference from the baseline over time.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../base/atomic-write.js';
import { formatNumber } from '../base/format.js';
import type { ComparisonRecords, ScenarioKpi } from '../experiments/comparison.js';
import { withEnvironmentErrors } from '../output/output-dir.js';
import { comparisonDifferenceChart, comparisonFanChart } from './comparison-charts.js';
import { writeHtml } from './html-writer.js';
import { writeMarkdown } from './markdown-writer.js';
import { name, type ReportDocument, type Rich, type Section } from './report-document.js';
import { FileNames, figure } from './sensitivity-report.js';

export interface ComparisonReport {
  html: string;
  markdown: string;
  images: { name: string; png: Uint8Array }[];
}

/** Writes report.html, report.md and its PNGs into the comparison folder. */
export async function writeComparisonReport(records: ComparisonRecords, command: string): Promise<void> {
  const report = await buildComparisonReport(records, command);
  await withEnvironmentErrors(records.dir, async () => {
    writeFileAtomic(join(records.dir, 'report.html'), report.html);
    writeFileAtomic(join(records.dir, 'report.md'), report.markdown);
    for (const image of report.images) writeFileAtomic(join(records.dir, image.name), image.png);
  });
}

const signed = (x: number) => (x > 0 ? `+${formatNumber(x)}` : formatNumber(x));
const meanCi = (mean: number, half: number) => (Number.isNaN(half) ? formatNumber(mean) : `${formatNumber(mean)} ± ${formatNumber(half)}`);

/** One scenario's difference in a sentence, from its numbers. */
export function differenceInWords(row: ScenarioKpi, baseline: string, replications: number): Rich {
  const v = row.versus!;
  const pairs = `${v.paired.n} ${v.paired.n === 1 ? 'pair' : 'pairs'} of runs with the same seed`;
  if (v.paired.min === 0 && v.paired.max === 0) return [name(row.scenario), ': ', name(row.kpi), ` is the same as in ${baseline} in each of the ${pairs}; the change does not reach it.`];
  const change: Rich = [name(row.scenario), ': ', name(row.kpi), ` changes by ${signed(v.difference)} against ${baseline} (95 % interval ± ${formatNumber(v.paired.ciHalfWidth95)}, ${pairs})`];
  if (v.verdict === 'no clear difference') return [...change, `: ${replications} replications cannot tell it from no change.`];
  const narrower = v.paired.ciHalfWidth95 > 0 && v.unpairedHalfWidth > v.paired.ciHalfWidth95
    ? ` Pairing by seed made the interval ${formatNumber(v.unpairedHalfWidth / v.paired.ciHalfWidth95)} times narrower than independent runs would (± ${formatNumber(v.unpairedHalfWidth)}).`
    : '';
  return [...change, `: clearly ${v.verdict}.${narrower}`];
}

/** The report as a document, with its charts rendered. */
export async function buildComparisonReport(records: ComparisonRecords, command: string): Promise<ComparisonReport> {
  const { baseline, replications } = records;
  const files = new FileNames();
  const sections: Section[] = [];
  const byModel = records.scenarios.filter((s) => s.pairing === 'seed only');
  sections.push({
    level: 2,
    heading: ['The question'],
    facts: [
      ['Baseline', [name(baseline)]],
      ['Scenarios', records.scenarios.flatMap((s, i) => [...(i ? ['; '] : []), name(s.name), ` (${Object.entries(s.overrides).map(([k, v]) => `${k}=${formatNumber(v)}`).join(', ') || 'model values'}${s.pairing === 'seed only' ? `, model ${s.model}` : ''})`])],
      ['Runs', [`${replications} replications per scenario; replication r of every scenario uses the same seed (common random numbers)`]],
    ],
    ...(byModel.length ? { warnings: [`${byModel.map((s) => s.name).join(', ')} ${byModel.length === 1 ? 'is another model' : 'are other models'}: its runs pair with the baseline's by seed only, and the two structures draw their random numbers differently, so the pairing removes less noise.`] } : {}),
  });
  const scenarioNames = records.scenarios.map((s) => s.name);
  sections.push({
    level: 2,
    heading: ['KPIs per scenario'],
    table: {
      key: 'kpis',
      caption: `Mean ± 95 % interval half-width over ${replications} replications`,
      columns: [{ title: 'KPI' }, ...scenarioNames.map((title) => ({ title, numeric: true }))],
      rows: records.kpis.map((kpi) => [name(kpi), ...scenarioNames.map((s) => {
        const r = records.results.find((x) => x.scenario === s && x.kpi === kpi);
        return r?.summary ? meanCi(r.summary.mean, r.summary.ciHalfWidth95) : 'never';
      })]),
    },
  });
  const others = records.results.filter((r) => r.versus);
  sections.push({
    level: 2,
    heading: ['Differences from ', name(baseline)],
    table: {
      key: 'differences',
      caption: 'Paired by seed; the unpaired interval is what independent runs would give',
      columns: [{ title: 'scenario' }, { title: 'KPI' }, { title: 'difference', numeric: true }, { title: 'paired 95 %', numeric: true }, { title: 'unpaired 95 %', numeric: true }, { title: 'verdict' }],
      rows: others.map((r) => [name(r.scenario), name(r.kpi), signed(r.versus!.difference), `± ${formatNumber(r.versus!.paired.ciHalfWidth95)}`, `± ${formatNumber(r.versus!.unpairedHalfWidth)}`, r.versus!.verdict]),
    },
    notes: others.map((r) => differenceInWords(r, baseline, replications)),
  });
  for (const series of [...new Set(records.series.map((e) => e.series))]) {
    sections.push({
      level: 3,
      heading: ['Series ', name(series)],
      figure: await figure(comparisonFanChart(records, series), files, `fan-${series}`, `${series}: median and 5–95 % band per scenario`),
    });
    if (records.scenarios.length > 1) {
      sections.push({
        level: 3,
        heading: ['Difference from ', name(baseline), ' in ', name(series)],
        figure: await figure(comparisonDifferenceChart(records, series), files, `difference-${series}`, `${series}: difference from ${baseline} per scenario over time`),
      });
    }
  }
  const doc: ReportDocument = { title: `Comparison of ${scenarioNames.length} scenarios`, sections, footer: ['Generated by munisim. Created with: ', name(command)] };
  return { html: writeHtml(doc), markdown: writeMarkdown(doc), images: files.images };
}
