/**
 * Helpers for notebooks that compare scenarios of a model run with common random numbers: every scenario
 * runs with the same seeds, so the difference between two runs with one seed comes from the parameter
 * change alone, and differences are summarised pair by pair. Tables and charts are displayed through
 * Deno's Jupyter kernel (`Deno.jupyter.display`); everything else is plain arithmetic on run summaries.
 */
import { escapeHtml, formatNumber, quantileSorted, renderSvg, summarizeSample, type FanRow, type SampleSummary } from '../src/index.ts';
import type { TopLevelSpec } from 'vega-lite';

/** Scenarios by name, each a list of `--set name=value` overrides; the first is the baseline. */
export type ScenarioSets = Record<string, string[]>;

/** The runs of one scenario, one entry per seed, in the order of `seeds`. */
export interface ScenarioRuns {
  name: string;
  /** Its `--set` overrides. */
  sets: string[];
  seeds: number[];
  /** ISO date of each day of the horizon. */
  dates: string[];
  /** `simulate(…).summary` of each seed. */
  summaries: Record<string, number | undefined>[];
  /** Recorder column → one daily series per seed. */
  series: Map<string, Float64Array[]>;
}

/** A KPI: a key of the run summary (a column of `summary.csv`) and its label in tables. */
export interface Kpi {
  key: string;
  label: string;
}

/** Per-seed values of a KPI; undefined where it never happened (e.g. no shortfall at all). */
export function kpiValues(runs: ScenarioRuns, key: string): (number | undefined)[] {
  return runs.summaries.map((summary) => summary[key]);
}

/** Mean and 95 % CI over the replications where the KPI happened; undefined if it never did. */
export function summarizeKpi(values: (number | undefined)[]): SampleSummary | undefined {
  const happened = values.filter((value): value is number => value !== undefined);
  return happened.length ? summarizeSample(happened) : undefined;
}

/** A number with its sign: `+1,234`, `-0.05`, `0`. */
export function signed(x: number): string {
  return x > 0 ? `+${formatNumber(x)}` : formatNumber(x);
}

/** `1,234 ± 56`, noting when the KPI happened in fewer than `of` replications; `never` when in none. */
export function meanCi(summary: SampleSummary | undefined, of: number, withSign = false): string {
  if (!summary) return 'never';
  const mean = withSign ? signed(summary.mean) : formatNumber(summary.mean);
  const cell = summary.n > 1 ? `${mean} ± ${formatNumber(summary.ciHalfWidth95)}` : mean;
  return summary.n < of ? `${cell} (${summary.n} of ${of} runs)` : cell;
}

/**
 * Displays a table as HTML (the notebook and nbconvert's HTML export) and as aligned text (consoles);
 * `json`, if given, travels along as `application/json` for programs that read the executed notebook.
 */
export async function showTable(caption: string, header: string[], rows: string[][], json?: unknown): Promise<void> {
  const th = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  const html = `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  const widths = header.map((cell, c) => Math.max(cell.length, ...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  const text = [caption, line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
  const bundle: Record<string, unknown> = { 'text/html': html, 'text/plain': text };
  if (json !== undefined) bundle['application/json'] = json;
  await Deno.jupyter.display(bundle, { raw: true });
}

/**
 * Renders a Vega-Lite spec to SVG and displays it as `text/html`: nbconvert's HTML export keeps text/html
 * but drops image/svg+xml.
 *
 * @throws Error when Vega-Lite cannot compile the spec.
 */
export async function showChart(spec: TopLevelSpec): Promise<void> {
  const svg = await renderSvg(spec);
  const title = typeof spec.title === 'object' && spec.title !== null && 'text' in spec.title ? String(spec.title.text) : 'chart';
  await Deno.jupyter.display({ 'text/html': svg, 'text/plain': `[chart: ${title}]` }, { raw: true });
}

/** One row of the KPI table as data: a scenario and each KPI's summary (null where it never happened). */
export interface KpiRow {
  scenario: string;
  sets: string[];
  kpis: Record<string, SampleSummary | null>;
}

/** One row per scenario: each KPI's mean ± 95 % CI half-width over the replications. */
export async function showKpiTable(all: ScenarioRuns[], kpis: Kpi[]): Promise<void> {
  const data: KpiRow[] = all.map((runs) => ({
    scenario: runs.name,
    sets: runs.sets,
    kpis: Object.fromEntries(kpis.map((kpi) => [kpi.key, summarizeKpi(kpiValues(runs, kpi.key)) ?? null])),
  }));
  const rows = data.map((row, i) => [
    row.scenario,
    row.sets.join(' ') || '(model values)',
    ...kpis.map((kpi) => meanCi(row.kpis[kpi.key] ?? undefined, all[i].seeds.length)),
  ]);
  const { seeds } = all[0];
  const caption = `KPIs per scenario: mean ± 95 % CI half-width over ${seeds.length} replications (seeds ${seeds[0]}–${seeds[seeds.length - 1]})`;
  await showTable(caption, ['scenario', '--set', ...kpis.map((kpi) => kpi.label)], rows, data);
}

/**
 * Per-seed differences `runs − baseline` of a KPI, over the seeds where both runs have it.
 *
 * @throws RangeError when the two were not run with the same seeds (the pairing would be meaningless).
 */
export function pairedDifferences(runs: ScenarioRuns, baseline: ScenarioRuns, key: string): number[] {
  if (runs.seeds.join() !== baseline.seeds.join()) {
    throw new RangeError(`${runs.name} and ${baseline.name} were run with different seeds; pair them by seed only with the same seeds`);
  }
  const base = kpiValues(baseline, key);
  const differences: number[] = [];
  kpiValues(runs, key).forEach((value, i) => {
    const other = base[i];
    if (value !== undefined && other !== undefined) differences.push(value - other);
  });
  return differences;
}

/** A scenario's change from the baseline in one KPI. */
export interface Difference {
  scenario: string;
  baseline: string;
  kpi: string;
  /** Mean and 95 % CI of the per-seed differences. */
  paired: SampleSummary;
  /**
   * Half-width the same number of independent (unpaired) runs would give, with the same t quantile:
   * t(n−1)·√(s²_a/n + s²_b/n) = √(h²_a + h²_b). For contrast only; what CRN buys is the gap to `paired`.
   */
  unpairedHalfWidth: number;
  /** `no change in any pair`, `higher` or `lower` (the paired CI excludes 0), or `not resolved`. */
  verdict: string;
}

/** What a paired difference says: no change in any pair, a change its 95 % CI resolves, or none it resolves. */
export function verdict(d: SampleSummary): string {
  if (d.min === 0 && d.max === 0) return 'no change in any pair';
  if (d.n > 1 && Math.abs(d.mean) > d.ciHalfWidth95) return d.mean > 0 ? 'higher' : 'lower';
  return 'not resolved';
}

/** The difference of every scenario from the first (the baseline) in every KPI, paired by seed. */
export function compareScenarios(all: ScenarioRuns[], kpis: Kpi[]): Difference[] {
  const [baseline, ...others] = all;
  return others.flatMap((runs) =>
    kpis.flatMap((kpi) => {
      const differences = pairedDifferences(runs, baseline, kpi.key);
      const a = summarizeKpi(kpiValues(runs, kpi.key));
      const b = summarizeKpi(kpiValues(baseline, kpi.key));
      if (!differences.length || !a || !b) return [];
      const paired = summarizeSample(differences);
      const unpairedHalfWidth = Math.hypot(a.ciHalfWidth95, b.ciHalfWidth95);
      return [{ scenario: runs.name, baseline: baseline.name, kpi: kpi.key, paired, unpairedHalfWidth, verdict: verdict(paired) }];
    }),
  );
}

/** One row per scenario and KPI: the paired difference from the baseline, the unpaired CI beside it, the verdict. */
export async function showDifferences(differences: Difference[], kpis: Kpi[]): Promise<void> {
  const label = new Map(kpis.map((kpi) => [kpi.key, kpi.label]));
  const rows = differences.map((d) => [
    `${d.scenario} − ${d.baseline}`,
    label.get(d.kpi) ?? d.kpi,
    meanCi(d.paired, d.paired.n, true),
    `± ${formatNumber(d.unpairedHalfWidth)}`,
    d.verdict,
  ]);
  const pairs = differences.length ? differences[0].paired.n : 0;
  const caption = `Differences from the baseline, paired by seed: mean ± 95 % CI half-width over ${pairs} pairs`;
  await showTable(caption, ['comparison', 'KPI', 'difference (paired, CRN)', 'CI if unpaired', 'verdict'], rows, differences);
}

/**
 * Median and 5–95 % band across replications of a recorded column (or of the sum of several columns),
 * per scenario, every `everyDays` days: the rows of `fanChart`.
 *
 * @throws RangeError when a column was not kept by the runs.
 */
export function fanRows(all: ScenarioRuns[], columns: string | string[], everyDays = 1): FanRow[] {
  const summed = typeof columns === 'string' ? [columns] : columns;
  return all.flatMap((runs) => {
    const perColumn = summed.map((column) => {
      const perSeed = runs.series.get(column);
      if (!perSeed) throw new RangeError(`column ${column} was not kept for ${runs.name}; kept: ${[...runs.series.keys()].join(', ')}`);
      return perSeed;
    });
    const rows: FanRow[] = [];
    for (let day = 0; day < runs.dates.length; day += everyDays) {
      const values = runs.seeds.map((_, i) => perColumn.reduce((sum, perSeed) => sum + perSeed[i][day], 0)).sort((x, y) => x - y);
      rows.push({ date: runs.dates[day], series: runs.name, p05: quantileSorted(values, 0.05), p50: quantileSorted(values, 0.5), p95: quantileSorted(values, 0.95) });
    }
    return rows;
  });
}

/** A strip chart of the per-seed differences of one KPI from the baseline: one dot per seed, a rule at zero. */
export function differenceChart(all: ScenarioRuns[], key: string, label: string): TopLevelSpec {
  const [baseline, ...others] = all;
  const values = others.flatMap((runs) =>
    pairedDifferences(runs, baseline, key).map((difference, i) => ({ comparison: `${runs.name} − ${baseline.name}`, seed: runs.seeds[i], difference })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `Change in ${label}, seed by seed`, subtitle: 'One dot per seed: the scenario’s run minus the baseline’s run with the same seed' },
    width: 640,
    config: { font: 'DejaVu Sans, Verdana, Arial, sans-serif', background: 'white', padding: 8, view: { stroke: null } },
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#555555', strokeDash: [4, 3] },
        encoding: { x: { field: 'zero', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'circle', size: 60, opacity: 0.7 },
        encoding: {
          x: { field: 'difference', type: 'quantitative', title: `${label}: scenario − baseline`, axis: { format: '~s' } },
          y: { field: 'comparison', type: 'nominal', title: null },
          color: { field: 'comparison', type: 'nominal', legend: null, scale: { range: ['#E69F00', '#009E73', '#CC79A7', '#56B4E9'] } },
          tooltip: [{ field: 'seed' }, { field: 'difference', format: ',.0f' }],
        },
      },
    ],
  };
}

/** The comparison of one KPI in sentences, from the numbers, so it stays true when the model changes. */
export function inWords(differences: Difference[], kpi: string, unit: string): string[] {
  return differences
    .filter((d) => d.kpi === kpi)
    .map((d) => {
      if (d.verdict === 'no change in any pair') {
        return `${d.scenario}: ${kpi} is exactly the same as in ${d.baseline} for each of the ${d.paired.n} seeds; the change does not reach it.`;
      }
      const change = `${d.scenario}: ${kpi} changes by ${signed(d.paired.mean)} ${unit} against ${d.baseline} (95 % CI ± ${formatNumber(d.paired.ciHalfWidth95)}, paired by seed)`;
      if (d.verdict === 'not resolved') return `${change}; ${d.paired.n} replications cannot tell it from no change.`;
      const narrower = d.paired.ciHalfWidth95 > 0 ? ` Pairing by seed made the interval ${formatNumber(d.unpairedHalfWidth / d.paired.ciHalfWidth95)} times narrower than independent runs would.` : '';
      return `${change}.${narrower}`;
    });
}
