/**
 * Scenario comparison on the experiment pipeline: each scenario is one design point (its overrides of the
 * model's parameters), every scenario runs replications 0…R−1 with the same seeds (common random numbers),
 * and the analysis pairs run r of a scenario with run r of the baseline (the first). A scenario of another
 * model file ("same question, two structures") runs as its own experiment; its pairs share only the seed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pairedDifference, summaryOf, type PairedDifference } from '../analysis/comparison.js';
import { quantileSorted, summarizeSample, type SampleSummary } from '../analysis/statistics.js';
import { writeFileAtomic } from '../base/atomic-write.js';
import { makeDirectory } from '../base/make-directory.js';
import { simulate } from '../assembly/simulate.js';
import { UserError } from '../model/errors.js';
import type { Model } from '../model/model.js';
import { resolveScenario } from '../model/scenario.js';
import { csvLine } from '../output/csv.js';
import { formatValue } from '../output/format.js';
import { intervalStarts } from '../output/recorder.js';
import { dateOfDay } from '../model/dates.js';
import { parseCell } from './aggregate.js';
import { runExperiment, type ExperimentOptions, type ExperimentProgress, type SeriesSum } from './experiment.js';
import { SWEEP_FILES, scanLines } from './sweep-files.js';

export const COMPARISON_MANIFEST_KIND = 'munisim-comparison';
const RUNS_KIND = 'munisim-comparison-runs';

/** One scenario: a name, the parameter values it changes, and (for "two structures") its own model. */
export interface ComparisonScenario {
  name: string;
  overrides: Record<string, number>;
  /** Another model to run instead of the comparison's; its runs pair with the baseline's by seed only. */
  model?: Model;
}

export interface ComparisonOptions extends Omit<ExperimentOptions, 'kind' | 'design' | 'series' | 'dir' | 'model' | 'onProgress'> {
  model: Model;
  /** The scenarios, baseline first; names must be distinct. */
  scenarios: ComparisonScenario[];
  /** KPIs (summary.csv columns) to compare; default every KPI all scenarios have. */
  kpis?: string[];
  /** Time-series columns to draw as envelopes (`ru-front.consumed`), each alone or as a named sum. */
  series?: (string | SeriesSum)[];
  dir: string;
  onProgress?: (group: number, progress: ExperimentProgress) => void;
}

/** One scenario's KPI: mean and 95 % interval over its runs. */
export interface ScenarioKpi {
  scenario: string;
  kpi: string;
  summary: SampleSummary | undefined;
  /** Against the baseline; undefined for the baseline itself and where no replication has both values. */
  versus?: PairedDifference;
}

/** Per interval: median and 5–95 % band across runs, and the paired difference from the baseline. */
export interface SeriesEnvelope {
  scenario: string;
  series: string;
  /** First day of the interval and its date; `days` is its length (the last may be shorter). */
  day: number;
  date: string;
  days: number;
  p05: number;
  p50: number;
  p95: number;
  /** Mean of run r minus the baseline's run r, with its 95 % half-width; absent for the baseline. */
  difference?: number;
  differenceHalfWidth?: number;
}

/** A comparison read back: the scenarios, per scenario and KPI the estimates, and the envelopes. */
export interface ComparisonRecords {
  dir: string;
  status: string;
  baseline: string;
  scenarios: { name: string; overrides: Record<string, number>; model: string; pairing: 'seed and model' | 'seed only' }[];
  replications: number;
  kpis: string[];
  results: ScenarioKpi[];
  series: SeriesEnvelope[];
  /** Flows are drawn per day of each interval; levels at the interval's end. */
  every: number;
}

/** The runs of one model: which scenarios are its points, and its experiment folder. */
interface Group {
  model: Model;
  folder: string;
  scenarios: number[];
}

/** What reading the runs back needs, kept in the comparison's manifest.json so readComparison recomputes the same records. */
interface ComparisonPlan {
  baseline: string;
  scenarios: ComparisonRecords['scenarios'];
  groups: { folder: string; scenarios: number[] }[];
  replications: number;
  every: number;
  days: number;
  start: string;
  kpis?: string[];
  /** KPIs to leave out by default: the parameters (a parameter is never an outcome). */
  parameters: string[];
  sums: SeriesSum[];
  flows: boolean[];
}

/**
 * Runs (or resumes) the comparison into `options.dir` — `runs/` (and `runs-2/`… for scenarios of other
 * models) are experiment folders with design.csv, summary.csv (one row per run), failures.csv and
 * series.csv — then writes comparison.csv and scenarios.csv and returns the records.
 * @returns `{ interrupted: true }` when stopped by `signal` (rerun to resume)
 * @throws UserError for fewer than two scenarios, repeated names, an unknown parameter or KPI
 */
export async function runComparison(options: ComparisonOptions): Promise<ComparisonRecords | { interrupted: true; dir: string; done: number; total: number }> {
  const { scenarios, dir } = options;
  checkScenarios(options);
  const groups = groupsOf(options);
  const every = options.every ?? 1;
  const sums = seriesSums(options.series ?? []);
  makeDirectory(dir);
  for (const [g, group] of groups.entries()) {
    const parameters = [...new Set(group.scenarios.flatMap((s) => Object.keys(scenarios[s].overrides)))].sort();
    const value = (s: number, p: string) => scenarios[s].overrides[p] ?? group.model.parameters.find((q) => q.name === p)!.value;
    const points = group.scenarios.map((s) => parameters.map((p) => value(s, p)));
    const design = {
      kind: 'scenarios', seed: 0, parameters, points,
      // The identity records every scenario's values, so a changed scenario never resumes an old folder.
      factors: parameters.map((p, j) => ({ name: p, low: Math.min(...points.map((row) => row[j])), high: Math.max(...points.map((row) => row[j])), levels: points.map((row) => row[j]) })),
    };
    const result = await runExperiment({
      ...options, kind: RUNS_KIND, model: group.model, design, series: sums.length ? sums : undefined, dir: join(dir, group.folder),
      onProgress: (progress) => options.onProgress?.(g, progress),
    });
    if (result.status === 'interrupted') return { interrupted: true, dir, done: result.done, total: result.total };
  }
  const { model } = options;
  const plan: ComparisonPlan = {
    baseline: scenarios[0].name,
    scenarios: scenarios.map((s) => ({
      name: s.name, overrides: s.overrides, model: (s.model ?? model).file,
      pairing: (s.model ?? model).file === model.file ? 'seed and model' as const : 'seed only' as const,
    })),
    groups: groups.map((g) => ({ folder: g.folder, scenarios: g.scenarios })),
    replications: options.replications, every, days: options.days ?? model.days, start: model.start,
    ...(options.kpis ? { kpis: options.kpis } : {}),
    parameters: [...new Set(groups.flatMap((g) => g.model.parameters.map((p) => p.name)))],
    sums, flows: flowSeries(model, sums),
  };
  const records = recordsOf(dir, plan);
  writeComparisonFiles(records, plan, options.seed ?? model.seed);
  return records;
}

function checkScenarios(options: ComparisonOptions): void {
  const { scenarios } = options;
  if (scenarios.length < 2) throw new UserError({ path: 'scenarios', message: `a comparison needs a baseline and at least one other scenario, got ${scenarios.length}` });
  scenarios.forEach((s, i) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(s.name)) throw new UserError({ path: `scenarios[${i}].name`, message: `expected letters, digits, _ . or -, got "${s.name}"` });
    if (scenarios.findIndex((t) => t.name === s.name) !== i) throw new UserError({ path: `scenarios[${i}].name`, message: `"${s.name}" names two scenarios` });
    const model = s.model ?? options.model;
    for (const p of Object.keys(s.overrides)) {
      if (!model.parameters.some((q) => q.name === p)) {
        throw new UserError({ path: `scenarios[${i}].overrides.${p}`, message: `${model.file} has no parameter "${p}"`, hint: `its parameters: ${model.parameters.map((q) => q.name).join(', ') || 'none'}` });
      }
    }
  });
}

/** The experiment folder of the first scenario's model; its manifest.json, like every group's, has the comparison's warnings. */
export const FIRST_RUNS_FOLDER = 'runs';

function groupsOf(options: ComparisonOptions): Group[] {
  const groups: Group[] = [];
  options.scenarios.forEach((s, i) => {
    const model = s.model ?? options.model;
    let group = groups.find((g) => g.model.sha256 === model.sha256 && g.model.file === model.file);
    if (!group) {
      group = { model, folder: groups.length === 0 ? FIRST_RUNS_FOLDER : `runs-${groups.length + 1}`, scenarios: [] };
      groups.push(group);
    }
    group.scenarios.push(i);
  });
  return groups;
}

function seriesSums(series: (string | SeriesSum)[]): SeriesSum[] {
  return series.map((s) => (typeof s === 'string' ? { name: s, columns: [s] } : s));
}

/** Per scenario: per KPI one value per replication (undefined for a failed run or an empty cell). */
function readRuns(dir: string, points: number, replications: number): { header: string[]; values: (number | undefined)[][][] } {
  const values = Array.from({ length: points }, () => Array.from({ length: replications }, () => [] as (number | undefined)[]));
  let header: string[] = [];
  scanLines(join(dir, SWEEP_FILES.summary), (line) => {
    const cells = line.split(',');
    if (header.length === 0) { header = cells; return; }
    const row = cells.map(parseCell);
    values[row[0]][row[1]] = row.map((v) => (Number.isNaN(v) ? undefined : v));
  });
  return { header, values };
}

function recordsOf(dir: string, plan: ComparisonPlan): ComparisonRecords {
  const { replications, sums } = plan;
  const perScenario: { header: string[]; runs: (number | undefined)[][]; series: (number | undefined)[][] }[] = [];
  for (const group of plan.groups) {
    const folder = join(dir, group.folder);
    const summary = readRuns(folder, group.scenarios.length, replications);
    const series = sums.length ? readRunsFile(join(folder, SWEEP_FILES.series), group.scenarios.length, replications) : undefined;
    group.scenarios.forEach((s, k) => { perScenario[s] = { header: summary.header, runs: summary.values[k], series: series?.values[k] ?? [] }; });
  }
  const common = perScenario.map((p) => p.header.slice(3)).reduce((a, b) => a.filter((kpi) => b.includes(kpi)));
  const kpis = plan.kpis ?? common.filter((kpi) => !plan.parameters.includes(kpi));
  kpis.forEach((kpi, i) => {
    if (!common.includes(kpi)) throw new UserError({ path: `kpis[${i}]`, message: `no KPI "${kpi}" in every scenario's runs`, hint: `KPIs: ${common.join(', ')}` });
  });
  const column = (s: number, kpi: string) => perScenario[s].runs.map((row) => row[perScenario[s].header.indexOf(kpi)]);
  const results: ScenarioKpi[] = plan.scenarios.flatMap((scenario, s) => kpis.map((kpi) => {
    const values = column(s, kpi);
    const versus = s === 0 ? undefined : pairedDifference(values, column(0, kpi));
    return { scenario: scenario.name, kpi, summary: summaryOf(values), ...(versus ? { versus } : {}) };
  }));
  const names = plan.scenarios.map((s) => s.name);
  const series = envelopes(names, perScenario.map((p) => p.series), sums, intervalStarts(plan.days, plan.every), plan.days, plan.start, plan.flows);
  return { dir, status: 'complete', baseline: plan.baseline, replications, kpis, results, series, every: plan.every, scenarios: plan.scenarios };
}

function readRunsFile(path: string, points: number, replications: number) {
  const values = Array.from({ length: points }, () => Array.from({ length: replications }, () => [] as (number | undefined)[]));
  let header = true;
  scanLines(path, (line) => {
    if (header) { header = false; return; }
    const row = line.split(',').map(parseCell);
    values[row[0]][row[1]] = row.slice(3).map((v) => (Number.isNaN(v) ? undefined : v));
  });
  return { values };
}

/** Which sums add up flows (drawn per day) rather than levels (drawn as the level at the interval's end). */
function flowSeries(model: Model, sums: SeriesSum[]): boolean[] {
  if (sums.length === 0) return [];
  const columns = simulate(resolveScenario(model, { days: 1 }), model.seed).recorder.columns;
  return sums.map((sum, i) => sum.columns.every((name, j) => {
    const found = columns.find((c) => c.name === name);
    if (!found) throw new UserError({ path: `series[${i}]${sum.columns.length > 1 ? `.columns[${j}]` : ''}`, message: `no time-series column "${name}"`, hint: `columns: ${columns.map((c) => c.name).join(', ')}` });
    return found.kind !== 'level';
  }));
}

function envelopes(names: string[], runs: (number | undefined)[][][], sums: SeriesSum[], starts: number[], days: number, start: string, flows: boolean[]): SeriesEnvelope[] {
  const out: SeriesEnvelope[] = [];
  const J = starts.length;
  sums.forEach((sum, k) => {
    names.forEach((scenario, s) => {
      starts.forEach((day, j) => {
        const length = (starts[j + 1] ?? days) - day;
        const scale = flows[k] ? 1 / length : 1;
        const at = (sc: number) => runs[sc].map((row) => (row[k * J + j] === undefined ? undefined : row[k * J + j]! * scale));
        const mine = at(s);
        const sorted = mine.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
        if (sorted.length === 0) return;
        const envelope: SeriesEnvelope = {
          scenario, series: sum.name, day, date: dateOfDay(start, day), days: length,
          p05: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95),
        };
        if (s > 0) {
          const base = at(0);
          const d = mine.flatMap((v, r) => (v !== undefined && base[r] !== undefined ? [v - base[r]!] : []));
          if (d.length > 0) {
            const summary = summarizeSample(d);
            envelope.difference = summary.mean;
            envelope.differenceHalfWidth = summary.min === 0 && summary.max === 0 ? 0 : summary.ciHalfWidth95;
          }
        }
        out.push(envelope);
      });
    });
  });
  return out;
}

/** The columns of comparison.csv, in order. */
export const COMPARISON_COLUMNS = ['scenario', 'kpi', 'mean', 'ci95_halfwidth', 'difference', 'paired_ci95_halfwidth', 'unpaired_ci95_halfwidth', 'verdict'] as const;

/** Rows of comparison.csv: one per scenario and KPI; the difference columns empty for the baseline. */
export function comparisonRows(records: Pick<ComparisonRecords, 'results'>): string[][] {
  const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : formatValue(v));
  return records.results.map((r) => [
    r.scenario, r.kpi, cell(r.summary?.mean), cell(r.summary?.ciHalfWidth95),
    cell(r.versus?.difference), cell(r.versus?.paired.ciHalfWidth95), cell(r.versus?.unpairedHalfWidth), r.versus?.verdict ?? '',
  ]);
}

function writeComparisonFiles(records: ComparisonRecords, plan: ComparisonPlan, seed: number): void {
  const { dir } = records;
  writeFileAtomic(join(dir, 'comparison.csv'), [COMPARISON_COLUMNS as readonly string[], ...comparisonRows(records)].map((row) => csvLine([...row])).join(''));
  writeFileAtomic(join(dir, 'scenarios.csv'), [['scenario', 'model', 'pairing', 'overrides'], ...records.scenarios.map((s) => [
    s.name, s.model, s.pairing, Object.entries(s.overrides).map(([k, v]) => `${k}=${formatValue(v)}`).join(' '),
  ])].map((row) => csvLine(row)).join(''));
  writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify({ kind: COMPARISON_MANIFEST_KIND, status: 'complete', seed, plan }, null, 2)}\n`);
  writeFileAtomic(join(dir, 'series_envelopes.csv'), [
    ['scenario', 'series', 'day', 'date', 'days', 'p05', 'p50', 'p95', 'difference', 'difference_ci95_halfwidth'],
    ...records.series.map((e) => [e.scenario, e.series, String(e.day), e.date, String(e.days), formatValue(e.p05), formatValue(e.p50), formatValue(e.p95),
      e.difference === undefined ? '' : formatValue(e.difference), e.differenceHalfWidth === undefined || Number.isNaN(e.differenceHalfWidth) ? '' : formatValue(e.differenceHalfWidth)]),
  ].map((row) => csvLine(row)).join(''));
}

/**
 * Reads a finished comparison folder back as records, recomputed from its runs as {@link runComparison} did.
 * @throws UserError if `dir` holds no finished comparison
 */
export function readComparison(dir: string): ComparisonRecords {
  const path = join(dir, 'manifest.json');
  const manifest = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { kind?: string; plan?: ComparisonPlan }) : undefined;
  if (manifest?.kind !== COMPARISON_MANIFEST_KIND || !manifest.plan) {
    throw new UserError({ path: dir, message: 'is not a finished comparison folder (no comparison manifest.json)', hint: 'pass the folder `munisim compare` printed' });
  }
  return recordsOf(dir, manifest.plan);
}
