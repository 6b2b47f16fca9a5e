/**
 * `munisim summarize DIR`: a sweep's aggregate as a table a person can read — the best and worst
 * design points by one KPI, each figure a mean ± 95 % confidence half-width over the replications.
 * Works on an unfinished sweep too (from the runs finished so far, and says so).
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import type { SampleSummary } from '../../analysis/statistics.js';
import { readSweep, type SweepReport } from '../../experiments/sweep.js';
import { replicationWords } from '../../experiments/read-experiment.js';
import { UserError } from '../../model/errors.js';
import { formatValue } from '../../output/format.js';
import { runCommand } from '../exit.js';
import { asList } from '../options.js';
import { formatCount, formatInRange, formatSignificant, groupDigits } from '../../base/format.js';

export type Better = 'low' | 'high';

export interface DescribeOptions {
  /** KPI to rank points by; default shortfall_total (or the first KPI). */
  by?: string;
  /** Points shown at each end. Default 5. */
  top?: number;
  /** Which end is best; default known for the standard KPIs, otherwise none (lowest/highest). */
  better?: Better;
  /** Further KPI columns; default fill_rate, shortfall_total, produced_total. */
  kpis?: string[];
}

const DEFAULT_BY = 'shortfall_total';
const DEFAULT_COLUMNS = ['shortfall_total', 'fill_rate', 'produced_total'];

/** Which end of a standard KPI is better for the side being supplied; undefined when it depends. */
export function betterEnd(kpi: string): Better | undefined {
  if (kpi === 'shortfall_total' || kpi === 'balance_error') return 'low';
  if (['fill_rate', 'consumed_total', 'produced_total'].includes(kpi) || kpi.startsWith('first_shortfall_day.')) return 'high';
  return undefined;
}

export function registerSummarize(cli: Argv): Argv {
  return cli.command(
    'summarize <dir>',
    'Print a sweep\'s aggregate as a table: best and worst points by a KPI, mean ± 95 % CI',
    (y) => y
      .positional('dir', { type: 'string', describe: 'a folder written by munisim sweep', demandOption: true })
      .option('by', { type: 'string', describe: `KPI to rank the design points by (default: ${DEFAULT_BY})` })
      .option('top', { type: 'number', default: 5, describe: 'points shown at each end' })
      .option('better', { choices: ['low', 'high'] as const, describe: 'which end of --by is better (default: known for standard KPIs)' })
      .option('kpis', { type: 'string', array: true, describe: 'further KPI columns to show (default: shortfall_total, fill_rate, produced_total)' })
      .option('chart', { type: 'boolean', default: false, describe: 'also write DIR/charts/: KPI-against-parameter scatters, a pairs plot, envelopes over time (SVG, PNG, index.html)' })
      .option('kpi', { type: 'string', array: true, describe: 'KPIs to chart with --chart, e.g. --kpi fill_rate,shortfall_total (default: fill_rate, shortfall_total, first_shortfall_day.*)' })
      .example('$0 summarize runs/quickstart-sweep/grid-1a2b3c4d5e6f', 'best and worst points by shortfall')
      .example('$0 summarize DIR --by fill_rate --top 10', 'rank by fill rate')
      .example('$0 summarize DIR --chart --kpi fill_rate', 'also draw the sweep into DIR/charts/index.html'),
    (args) => runCommand(async () => {
      if (!Number.isInteger(args.top) || args.top < 1) throw new UserError({ path: '--top', message: `expected a whole number ≥ 1, got ${args.top}` });
      const kpis = args.kpis === undefined ? undefined : asList(args.kpis).flatMap((k) => k.split(',')).filter(Boolean);
      const chartKpis = args.kpi === undefined ? undefined : asList(args.kpi).flatMap((k) => k.split(',')).filter(Boolean);
      if (chartKpis !== undefined && !args.chart) throw new UserError({ path: '--kpi', message: 'chooses the KPIs of the charts, but no charts are asked for', hint: 'add --chart' });
      const sweep = await readSweep(args.dir);
      process.stdout.write(await describeSweep(sweep, { by: args.by, top: args.top, better: args.better, kpis }));
      if (args.chart) {
        // The chart libraries load only when charts are asked for (`sweep` prints describeSweep too).
        const { defaultChartKpis, writeSweepCharts } = await import('../../report/sweep-charts.js');
        const chosen = chartKpis ?? defaultChartKpis(sweep.layout.kpis);
        const unknown = chosen.filter((k) => !sweep.layout.kpis.includes(k));
        if (unknown.length > 0) throw new UserError({ path: '--kpi', message: `unknown KPI ${unknown.map((k) => `"${k}"`).join(', ')}`, hint: `this sweep has: ${sweep.layout.kpis.join(', ')}` });
        if (sweep.rows.length === 0) throw new UserError({ path: args.dir, message: 'has no finished runs yet: there is nothing to chart' });
        const out = join(args.dir, 'charts');
        const count = await writeSweepCharts(out, sweep, chosen, ['munisim', ...process.argv.slice(2)].join(' '));
        process.stdout.write(`\n${count} charts: ${join(out, 'index.html')}\n`);
      }
    }),
  );
}

/** The summary text of the sweep in `dir` (or already read from it). @throws UserError for a folder that is not a sweep or an unknown KPI */
export async function describeSweep(dir: string | SweepReport, options: DescribeOptions = {}): Promise<string> {
  const sweep = typeof dir === 'string' ? await readSweep(dir) : dir;
  const { kpis } = sweep.layout;
  const by = options.by ?? (kpis.includes(DEFAULT_BY) ? DEFAULT_BY : kpis[0]);
  const unknown = [by, ...(options.kpis ?? [])].filter((k) => !kpis.includes(k));
  if (unknown.length > 0) {
    throw new UserError({ path: '--by', message: `unknown KPI ${unknown.map((k) => `"${k}"`).join(', ')}`, hint: `this sweep has: ${kpis.join(', ')}` });
  }
  return formatSweep(sweep, by, options);
}

/** The table for a report already read (exported for tests and notebooks that print). */
export function formatSweep(sweep: SweepReport, by: string, options: DescribeOptions = {}): string {
  const { layout, rows } = sweep;
  const top = options.top ?? 5;
  const better = options.better ?? betterEnd(by);
  const k = layout.kpis.indexOf(by);
  const columns = [by, ...(options.kpis ?? DEFAULT_COLUMNS.filter((c) => layout.kpis.includes(c)))].filter((c, i, all) => all.indexOf(c) === i);
  const columnIndex = columns.map((c) => layout.kpis.indexOf(c));

  const lines = [headline(sweep)];
  if (sweep.status !== 'complete') {
    lines.push(`incomplete (${sweep.status}): ${formatCount(sweep.done)} of ${replicationWords(sweep).runsPrefix}${formatCount(sweep.total)} runs finished; the figures cover those only`);
  }
  lines.push(`mean ± 95 % confidence half-width over the replications${better ? `; ${better === 'low' ? 'lower' : 'higher'} ${by} is better` : ''}`);
  if (rows.length === 0) return `${lines.join('\n')}\nno finished runs yet\n`;
  if (sweep.points === 1) return `${lines.join('\n')}\n${kpiTable(sweep)}`;

  // Points without a value for `by` (every run failed, or the milestone never happened) go last.
  const mean = (row: (typeof rows)[number]) => row.kpis[k]?.mean;
  const ranked = [...rows].sort((a, b) => {
    const x = mean(a);
    const y = mean(b);
    if (x === undefined || y === undefined) return x === undefined ? (y === undefined ? a.point - b.point : 1) : -1;
    return (better === 'high' ? y - x : x - y) || a.point - b.point;
  });
  // Parameters as precise as their range calls for (an LHS point's 86.884563 days reads 86.9).
  const ranges = layout.parameters.map((p) => sweep.design.factors.find((f) => f.name === p));
  const table = (title: string, list: typeof rows) => {
    const header = ['point', ...layout.parameters, ...columns];
    const anyFailed = rows.some((r) => r.failed > 0);
    if (anyFailed) header.push('failed');
    const body = list.map((row) => {
      const cells = [String(row.point), ...row.parameters.map((v, j) => formatParameter(v, ranges[j])), ...columnIndex.map((c) => formatEstimate(row.kpis[c]))];
      if (anyFailed) cells.push(`${row.failed}/${row.replications}`);
      return cells;
    });
    return [``, title, ...alignColumns([header, ...body]).map((line) => `  ${line}`)];
  };
  const noun = (end: 'low' | 'high') => (better === undefined ? (end === 'low' ? 'lowest' : 'highest') : better === end ? 'best' : 'worst');
  if (ranked.length <= 2 * top) {
    lines.push(...table(`all ${ranked.length} points by ${by}, ${noun(better === 'high' ? 'high' : 'low')} first:`, ranked));
  } else {
    const first = better === 'high' ? 'high' : 'low';
    const last = first === 'high' ? 'low' : 'high';
    const valued = ranked.filter((r) => mean(r) !== undefined);
    lines.push(...table(`${noun(first)} ${top} by ${by}:`, ranked.slice(0, top)));
    lines.push(...table(`${noun(last)} ${top} by ${by}:`, valued.slice(-top).reverse()));
    const missing = ranked.length - valued.length;
    if (missing > 0) lines.push('', `${missing} points have no value of ${by} (every run failed, or it never happened)`);
  }
  return `${lines.join('\n')}\n`;
}

function formatParameter(value: number, range: { low: number; high: number } | undefined): string {
  return range ? formatInRange(value, range.low, range.high) : groupDigits(formatValue(value));
}

function headline(sweep: SweepReport): string {
  const { design } = sweep;
  const over = design.factors.length === 0 ? 'the model as it is'
    : `${design.kind} over ${design.factors.map((f) => `${f.name} ${formatValue(f.low)}…${formatValue(f.high)}`).join(', ')}`;
  const { each, runsPrefix } = replicationWords(sweep);
  const replications = `${each} ${sweep.layout.precision || sweep.replications !== 1 ? 'replications' : 'replication'}${sweep.layout.precision ? ' (to a precision)' : ''}`;
  return `${sweep.modelName}: ${over} — ${plural(sweep.points, 'point')} × ${replications} = ${runsPrefix}${plural(sweep.total, 'run')}, ${formatCount(sweep.failed)} failed`;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A single design point (a replication study): every KPI on its own line. */
function kpiTable(sweep: SweepReport): string {
  const [row] = sweep.rows;
  const body = sweep.layout.kpis.map((kpi, k) => {
    const s = row.kpis[k];
    return [kpi, formatEstimate(s), s ? formatSignificant(s.sd) : '', s ? groupDigits(formatValue(s.min)) : '', s ? groupDigits(formatValue(s.max)) : '', formatCount(s?.n ?? 0)];
  });
  const table = alignColumns([['KPI', 'mean ± 95 % CI', 'sd', 'min', 'max', 'n'], ...body], true);
  return `\n${table.map((line) => `  ${line}`).join('\n')}\n`;
}

/**
 * `12,300 ± 450` or `0.9312 ± 0.0041`: the half-width to two significant digits and the mean to the
 * same decimal place, so no digit is printed that the replications do not support.
 */
export function formatEstimate(summary: SampleSummary | undefined): string {
  if (!summary) return '—';
  const { mean, ciHalfWidth95: half } = summary;
  if (!Number.isFinite(half)) return `${groupDigits(formatValue(mean))} (n=${summary.n})`;
  if (half === 0) return `${groupDigits(formatValue(mean))} ± 0`;
  const place = Math.floor(Math.log10(Math.abs(half))) - 1;
  if (place >= 0) {
    const unit = 10 ** place;
    return `${groupDigits(String(Math.round(mean / unit) * unit))} ± ${groupDigits(String(Math.round(half / unit) * unit))}`;
  }
  const decimals = Math.min(-place, 10);
  return `${groupDigits(mean.toFixed(decimals))} ± ${half.toFixed(decimals)}`;
}


/** Columns padded to a common width, right-aligned (numbers), or the first left-aligned (names). */
function alignColumns(rows: string[][], firstLeft = false): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows.map((r) => r.map((cell, c) => (firstLeft && c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}
