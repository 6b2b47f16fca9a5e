/**
 * A sensitivity study of a model: which assumptions drive the outcome. A sampler (one-at-a-time,
 * Morris trajectories or Saltelli on a Sobol sequence) makes the rows, the experiment pipeline runs
 * each R times (common random numbers) into the study folder, and the analysers read the runs back
 * from its files: samples whose runs all succeeded, replication means, arrays in and out.
 */
import {
  analyzeMorris, analyzeOat, analyzeSeries, analyzeSobol, sobolDiagnostics, type MorrisIndices, type OatIndices, type SobolIndices,
} from '../analysis/index.js';
import { sampleMorris } from '../sample/morris.js';
import { sampleOat } from '../sample/oat.js';
import type { Problem } from '../sample/problem.js';
import { sampleSaltelli } from '../sample/saltelli.js';
import { mean, quantileSorted as quantile, variance } from '../analysis/statistics.js';
import { simulate } from '../assembly/simulate.js';
import { UserError, type Issue } from '../model/errors.js';
import { loadModel } from '../assembly/load-model.js';
import type { Model, Parameter } from '../model/model.js';
import { designCellsIssue } from '../model/limits.js';
import { resolveScenario } from '../model/scenario.js';
import { didYouMean, knownNamesHint } from '../model/suggest.js';
import { constantOutputWarnings, modelWarnings, zeroSensitivityWarnings, type Warning } from '../model/warnings.js';
import { intervalStarts } from '../output/recorder.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCell, type SweepLayout } from './aggregate.js';
import type { Evaluator } from './evaluators/evaluator.js';
import { runExperiment, SENSITIVITY_MANIFEST_KIND, type ExperimentProgress, type ExperimentResult, type SeriesSum } from './experiment.js';
import type { ExperimentDesign } from './experiment-identity.js';
import { SWEEP_FILES, scanLines } from './sweep-files.js';
import type { SensitivityMethod } from '../analysis/sensitivity-data.js';

/** The methods a study can use; the report presents the same three. */
export type { SensitivityMethod };

export interface SensitivityOptions {
  /** The model, as loaded or parsed (it need not exist as a file). */
  model?: Model;
  /** A model file, when `model` is not given. */
  modelFile?: string;
  method: SensitivityMethod;
  /** Parameters to vary; default: every parameter with a range. */
  parameters?: string[];
  /** Scalar KPIs (summary.csv columns); default: shortfall_total, fill_rate, consumed_total. */
  outputs?: string[];
  /** Time-series outputs (`<id>.<metric>` columns) to analyse at every interval. */
  series?: string[];
  /** Sobol: base sample size N (N·(k+2) runs per replication). Morris: trajectories. OAT: ignored. */
  samples?: number;
  replications: number;
  /** Days per interval for series outputs and the fan chart. */
  every: number;
  seed?: number;
  /** Fixed parameter values for the whole study (`--set`). */
  fixed?: Record<string, number>;
  days?: number;
  /**
   * The study folder: its runs (design.csv, summary.csv, failures.csv, series.csv, aggregate.csv),
   * resumed by a rerun of the same study. Default: a temporary folder, removed once analysed.
   */
  dir?: string;
  /** Where the runs run; default `jobs` threads on this machine. The study does not close it. */
  evaluator?: Evaluator;
  /** Threads when no evaluator is given; 1 runs on this thread. Default: all cores. */
  jobs?: number;
  /** true: discard a study already in `dir` and start again (see ExperimentOptions.replace). */
  replace?: boolean;
  /** The command line, recorded in the manifest. */
  command?: string[];
  /** Aborting stops dispatching; the runs written so far stay in `dir` for a rerun to resume. */
  signal?: AbortSignal;
  onProgress?: (progress: ExperimentProgress) => void;
}

export const DEFAULT_OUTPUTS = ['shortfall_total', 'fill_rate', 'consumed_total'];
export const DEFAULT_SAMPLES: Record<SensitivityMethod, number> = { oat: 0, morris: 20, sobol: 128 };
const MORRIS_LEVELS = 4;

/** Per output and parameter, what the chosen method found. */
export type MethodIndices =
  | { method: 'oat'; byOutput: Map<string, OatIndices[]> }
  | { method: 'morris'; byOutput: Map<string, MorrisIndices[]> }
  | { method: 'sobol'; byOutput: Map<string, SobolIndices[]> };

export interface SeriesIndices {
  series: string;
  /** First day of each interval. */
  days: number[];
  /** Per interval: per parameter, the method's main index (S1 and ST for Sobol, μ* for Morris, swing for OAT). */
  points: { day: number; parameter: string; index: string; value: number }[];
}

/** A failed run of the study, as failures.csv records it. */
export interface StudyFailure {
  sample: number;
  replication: number;
  message: string;
}

export interface SensitivityResult {
  model: Model;
  method: SensitivityMethod;
  parameters: Parameter[];
  problem: Problem;
  outputs: string[];
  series: string[];
  samples: number;
  replications: number;
  seed: number;
  /** Sample rows (parameter values in problem order). */
  rows: number[][];
  /** Per output: the replication mean of each sample (NaN where a run of the sample failed). */
  means: Map<string, number[]>;
  /** Per output: share of the variance across all runs that is replication noise (0..1). */
  noiseShare: Map<string, number>;
  indices: MethodIndices;
  seriesIndices: SeriesIndices[];
  /** Fan chart: per interval, 5/50/95 % over samples of total production and consumption, shells per day. */
  fan: { day: number; series: string; p05: number; p50: number; p95: number }[];
  /** The model's warnings in this study, then the study's own (failed runs, no effect, constant outputs, noise, Sobol diagnostics). */
  warnings: Warning[];
  /** Failed runs (failures.csv); the samples they belong to are left out of the analysis. */
  failures: StudyFailure[];
  /** Runs in all, and how many failed. */
  total: number;
  failed: number;
  dates: string[];
  /** The study folder (undefined when the study ran in a temporary one). */
  dir?: string;
  /** The runs' experiment: its status (`already-complete` when a rerun found every run done), layout and warnings. */
  experiment: ExperimentResult;
  interrupted: false;
}

/** A study stopped early (its signal aborted): what finished is in its folder, nothing was analysed. */
export interface InterruptedStudy {
  interrupted: true;
  /** Runs finished, this attempt and earlier ones. */
  done: number;
  total: number;
  dir?: string;
}

/**
 * Plans a study, runs its samples through the experiment pipeline into `dir`, and analyses the
 * runs from the folder's files (so a resumed study gives the same figures as an uninterrupted one).
 * Runs that fail are recorded in failures.csv and their samples left out of the analysis.
 * @throws UserError for bad parameters, outputs or sizes, or a folder that holds something else
 */
export async function runSensitivity(options: SensitivityOptions): Promise<SensitivityResult | InterruptedStudy> {
  const model = options.model ?? loadModel(modelFileOf(options));
  const plan = planStudy(model, options);
  const seed = options.seed ?? model.seed;
  const varied = [...plan.problem.factors.map((f) => f.name), ...Object.keys(options.fixed ?? {})];
  const warnings = modelWarnings(model, { days: options.days, varied });
  const temporary = options.dir === undefined ? mkdtempSync(join(tmpdir(), 'munisim-study-')) : undefined;
  const dir = options.dir ?? join(temporary!, 'study');
  try {
    const experiment = await runExperiment({
      kind: SENSITIVITY_MANIFEST_KIND, model, design: studyDesign(options.method, plan, seed),
      fixed: options.fixed, replications: options.replications, seed, days: options.days, every: options.every, series: plan.seriesSums,
      dir, evaluator: options.evaluator, jobs: options.jobs, replace: options.replace, command: options.command, warnings,
      signal: options.signal, onProgress: options.onProgress,
    });
    if (experiment.status === 'interrupted') return { interrupted: true, done: experiment.done, total: experiment.total, dir: options.dir };
    return analyseStudy(model, options, plan, seed, experiment, warnings);
  } finally {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  }
}

function modelFileOf(options: SensitivityOptions): string {
  if (options.modelFile === undefined) throw new UserError({ path: 'model', message: 'a study needs a model (or a model file)' });
  return options.modelFile;
}

/** The sampler's rows as the pipeline's design: the study's runs are a sweep over its samples. */
function studyDesign(method: SensitivityMethod, plan: StudyPlan, seed: number): ExperimentDesign {
  return {
    kind: method, parameters: plan.problem.factors.map((f) => f.name),
    factors: plan.problem.factors.map((f) => ({ name: f.name, low: f.min, high: f.max })),
    points: plan.rows, samples: plan.samples, seed,
  };
}

/** The analysis, from the folder's summary.csv, series.csv and failures.csv. */
function analyseStudy(model: Model, options: SensitivityOptions, plan: StudyPlan, seed: number, experiment: ExperimentResult, modelWarnings: Warning[]): SensitivityResult {
  const { problem, rows, outputs, seriesNames } = plan;
  const R = options.replications;
  const runs = readStudyRuns(experiment.dir, experiment.layout, plan);
  const means = new Map(outputs.map((o) => [o, runs.values.get(o)!.map((values, s) => (runs.failedSample[s] ? Number.NaN : mean(values)))]));
  const runValues = new Map(outputs.map((o) => [o, runs.values.get(o)!.map((values, s) => (runs.failedSample[s] ? [] : values))]));

  const warnings: Warning[] = [...modelWarnings];
  if (experiment.failed > 0) {
    const samples = runs.failedSample.filter(Boolean).length;
    const left = samples === 1 ? 'the sample they belong to is' : `the ${samples} samples they belong to are`;
    warnings.push({ code: 'failed_runs', message: `${experiment.failed} of ${experiment.total} runs failed (see failures.csv): ${left} left out of the analysis` });
  }
  const indices = analyse(options.method, problem, rows, outputs, means, plan.samples, seed, warnings);
  warnings.push(...effectWarnings(indices, problem, outputs, runValues));
  const noiseShare = new Map(outputs.map((o) => [o, noiseShareOf(runValues.get(o)!)]));
  for (const [output, share] of noiseShare) {
    if (share > 0.2) warnings.push({ code: 'replication_noise', path: output, message: `replication noise is ${(share * 100).toFixed(0)} % of the variance of ${output}: indices partly measure noise; raise \`replications\`` });
  }
  if (R < 2) warnings.push({ code: 'one_replication', message: 'with 1 replication the noise share cannot be estimated; use `replications` 2 or more' });

  const seriesRows = (k: number) => runs.seriesSums[k].map((row, s) => (runs.failedSample[s] ? Array.from(row, () => Number.NaN) : Array.from(row)));
  const seriesIndices = seriesNames.map((name, k) => seriesIndicesOf(options.method, problem, rows, name, seriesRows(k), plan.intervals, plan.samples, seed));
  const fanOffset = seriesNames.length;
  const days = options.days ?? model.days;
  const ok = (sums: Float64Array[]) => sums.filter((_, s) => !runs.failedSample[s]);
  const fan = ['produced', 'consumed'].flatMap((name, k) => fanOf(name, ok(runs.seriesSums[fanOffset + k]), plan.intervals, days));

  return {
    model, method: options.method, parameters: plan.parameters, problem, outputs, series: seriesNames, samples: plan.samples,
    replications: R, seed, rows, means, noiseShare, indices, seriesIndices, fan, warnings, failures: runs.failures,
    total: experiment.total, failed: experiment.failed, dates: plan.dates, dir: options.dir, experiment, interrupted: false,
  };
}

interface StudyRuns {
  /** Per output, per sample: the value of each replication (NaN where the run has none). */
  values: Map<string, number[][]>;
  /** Samples with a failed run. */
  failedSample: boolean[];
  /** Per series sum, per sample: the replication mean of each interval's sum (failed runs add nothing). */
  seriesSums: Float64Array[][];
  failures: StudyFailure[];
}

/** Reads a complete study's runs back from its files (checked when the pipeline resumed or finished them). */
function readStudyRuns(dir: string, layout: SweepLayout, plan: StudyPlan): StudyRuns {
  const samples = plan.rows.length;
  const R = layout.replications;
  const failures = readFailures(join(dir, SWEEP_FILES.failures), layout.parameters.length);
  const failedSample = new Array<boolean>(samples).fill(false);
  for (const f of failures) failedSample[f.sample] = true;
  const failedRun = new Set(failures.map((f) => f.sample * R + f.replication));

  const columns = plan.outputs.map((o) => 3 + layout.parameters.length + layout.kpis.indexOf(o));
  const values = new Map(plan.outputs.map((o) => [o, Array.from({ length: samples }, () => [] as number[])]));
  let header = true;
  scanLines(join(dir, SWEEP_FILES.summary), (line) => {
    if (header) { header = false; return; }
    const cells = line.split(',');
    const sample = Number(cells[0]);
    plan.outputs.forEach((o, k) => values.get(o)![sample].push(parseCell(cells[columns[k]])));
  });

  const intervals = plan.intervals.length;
  const seriesSums = plan.seriesSums.map(() => Array.from({ length: samples }, () => new Float64Array(intervals)));
  header = true;
  let run = 0;
  scanLines(join(dir, SWEEP_FILES.series), (line) => {
    if (header) { header = false; return; }
    const index = run++;
    if (failedRun.has(index)) return;
    const cells = line.split(',');
    const sample = Math.floor(index / R);
    for (let k = 0; k < seriesSums.length; k++) {
      const sums = seriesSums[k][sample];
      for (let j = 0; j < intervals; j++) sums[j] += parseCell(cells[3 + k * intervals + j]) / R;
    }
  });
  return { values, failedSample, seriesSums, failures };
}

/** failures.csv as records: `point, replication, seed, <parameters>, kind, error` (the error is one CSV cell). */
function readFailures(path: string, parameters: number): StudyFailure[] {
  const failures: StudyFailure[] = [];
  let header = true;
  scanLines(path, (line) => {
    if (header) { header = false; return; }
    const cells = line.split(',');
    const rest = cells.slice(4 + parameters).join(',');
    const message = rest.startsWith('"') ? rest.slice(1, -1).replace(/""/g, '"') : rest;
    failures.push({ sample: Number(cells[0]), replication: Number(cells[1]), message });
  });
  return failures;
}

interface StudyPlan {
  parameters: Parameter[];
  problem: Problem;
  rows: number[][];
  outputs: string[];
  seriesNames: string[];
  /** Interval sums kept per run (series.csv): the `--series` columns, then total produced and consumed. */
  seriesSums: SeriesSum[];
  samples: number;
  intervals: number[];
  dates: string[];
}

/** Checks the request against the model and draws the samples; nothing runs yet. */
export function planStudy(model: Model, options: Omit<SensitivityOptions, 'evaluator' | 'model'>): StudyPlan {
  const issues: Issue[] = [];
  const ranged = model.parameters.filter((p) => p.min !== undefined && p.max !== undefined && p.min < p.max);
  let parameters: Parameter[];
  if (options.parameters && options.parameters.length > 0) {
    parameters = [];
    options.parameters.forEach((name, i) => {
      const parameter = model.parameters.find((p) => p.name === name);
      const at = { path: `parameters[${i}]`, input: name };
      if (!parameter) issues.push({ ...at, code: 'unknown_name', message: `unknown parameter "${name}"`, hint: knownNamesHint(name, model.parameters.map((p) => p.name), `parameters in ${model.file}`) });
      else if (!ranged.includes(parameter)) issues.push({ ...at, code: 'no_range', message: `"${name}" has no range to vary`, hint: `give it min and max (min < max) in ${model.file}` });
      else parameters.push(parameter);
    });
  } else {
    parameters = ranged;
    if (parameters.length === 0) issues.push({ file: model.file, path: 'parameters', message: 'no parameter has a range (min < max) to vary', hint: 'give parameters min and max' });
  }
  const fixedClash = parameters.filter((p) => options.fixed && p.name in options.fixed);
  if (fixedClash.length) issues.push({ code: 'conflict', path: 'fixed', message: `${fixedClash.map((p) => p.name).join(', ')} cannot be both varied and fixed` });
  if (!Number.isInteger(options.replications) || options.replications < 1 || options.replications > 10_000) {
    issues.push({ code: 'out_of_range', path: 'replications', message: `expected a whole number from 1 to 10000, got ${options.replications}` });
  }
  if (!Number.isInteger(options.every) || options.every < 1) issues.push({ code: 'out_of_range', path: 'every', message: `expected a whole number of days ≥ 1, got ${options.every}` });
  const samples = options.samples ?? DEFAULT_SAMPLES[options.method];
  if (options.method !== 'oat' && (!Number.isInteger(samples) || samples < 2 || samples > 1_000_000)) {
    issues.push({ code: 'out_of_range', path: 'samples', message: `expected a whole number from 2 to 1000000, got ${samples}` });
  }
  if (options.method === 'sobol' && parameters.length > 32) issues.push({ code: 'out_of_range', path: 'parameters', message: `Sobol indices take at most 32 parameters, got ${parameters.length}`, hint: 'screen with `method` morris first' });
  // The sample rows are held in memory and written whole, so rows × parameters is bounded up front.
  if (Number.isInteger(samples)) {
    const k = parameters.length;
    const rows = options.method === 'oat' ? 2 * k + 1 : options.method === 'morris' ? samples * (k + 1) : samples * (k + 2);
    const shape = { oat: '2 × parameters + 1 rows', morris: 'samples × (parameters + 1) rows', sobol: 'samples × (parameters + 2) rows' }[options.method];
    const lower = options.method === 'oat' ? 'vary fewer parameters' : 'lower the number of samples, or vary fewer parameters';
    const tooBig = designCellsIssue(rows, k, 'samples', `${options.method} takes ${shape}: ${lower}`);
    if (tooBig) issues.push(tooBig);
  }
  if (issues.length) throw new UserError(issues);

  // A single run of the base case tells which outputs and series exist.
  const base = simulate(resolveScenario(model, { parameters: options.fixed, days: options.days }), options.seed ?? model.seed);
  const kpis = Object.keys(base.summary);
  const outputs = options.outputs && options.outputs.length > 0 ? options.outputs : DEFAULT_OUTPUTS;
  outputs.forEach((output, i) => {
    if (!kpis.includes(output)) issues.push({ code: 'unknown_name', path: `outputs[${i}]`, input: output, message: `unknown output "${output}"`, hint: `outputs are summary.csv columns: ${kpis.join(', ')}` });
  });
  const columns = base.recorder.columns.map((c) => c.name);
  const seriesNames = options.series ?? [];
  seriesNames.forEach((name, i) => {
    if (!columns.includes(name)) issues.push({ code: 'unknown_name', path: `series[${i}]`, input: name, message: `unknown series "${name}"`, hint: didYouMean(name, columns) ?? `series are timeseries.csv columns, e.g. ${columns.slice(0, 6).join(', ')}` });
  });
  if (issues.length) throw new UserError(issues);

  const problem: Problem = { factors: parameters.map((p) => ({ name: p.name, min: p.min!, max: p.max! })) };
  const seed = options.seed ?? model.seed;
  let rows: number[][];
  if (options.method === 'oat') rows = sampleOat(problem, Object.fromEntries(parameters.map((p) => [p.name, p.value])));
  else if (options.method === 'morris') rows = sampleMorris(problem, { trajectories: samples, levels: MORRIS_LEVELS, seed });
  else rows = sampleSaltelli(problem, samples, { seed });

  const shells = new Set(model.munitions.filter((m) => m.kind === 'shell').map((m) => m.id));
  const produced = model.factories.filter((f) => shells.has(model.munitions[f.munition].id)).map((f) => `${f.id}.produced`);
  const consumed = model.consumers.map((c) => `${c.id}.consumed`);
  const days = options.days ?? model.days;
  return {
    parameters, problem, rows, outputs, seriesNames,
    seriesSums: [...seriesNames.map((name) => ({ name, columns: [name] })), { name: 'produced', columns: produced }, { name: 'consumed', columns: consumed }],
    samples: options.method === 'oat' ? rows.length : samples,
    intervals: intervalStarts(days, options.every),
    dates: base.scenario.dates,
  };
}

function analyse(method: SensitivityMethod, problem: Problem, rows: number[][], outputs: string[], means: Map<string, number[]>, samples: number, seed: number, warnings: Warning[]): MethodIndices {
  const incomplete = (output: string, kept: number, blocks: number) => {
    if (kept < blocks) warnings.push({ code: 'incomplete_samples', path: output, message: `${output}: ${kept} of ${blocks} ${BLOCK_NOUN[method]} have a value in every run, and the indices use those only` });
  };
  if (method === 'oat') {
    return { method, byOutput: new Map(outputs.map((o) => { const r = oatOf(problem, rows, means.get(o)!); incomplete(o, r.kept, r.blocks); return [o, r.indices]; })) };
  }
  if (method === 'morris') {
    return { method, byOutput: new Map(outputs.map((o) => { const r = morrisOf(problem, rows, means.get(o)!, seed); incomplete(o, r.kept, r.blocks); return [o, r.indices]; })) };
  }
  const byOutput = new Map<string, SobolIndices[]>();
  for (const output of outputs) {
    const r = sobolOf(problem, means.get(output)!, samples, seed);
    incomplete(output, r.kept, r.blocks);
    byOutput.set(output, r.indices);
    for (const d of sobolDiagnostics(r.indices, r.kept)) warnings.push({ code: d.code, path: output, message: `${output}: ${d.message}` });
  }
  return { method, byOutput };
}

/** What the analysers take whole: a parameter's baseline and ends (OAT), a trajectory (Morris), a base row's k + 2 runs (Saltelli). */
const BLOCK_NOUN: Record<SensitivityMethod, string> = { oat: 'parameters (baseline, min and max)', morris: 'trajectories', sobol: 'base samples' };

interface Analysed<T> {
  indices: T[];
  /** Blocks of samples with an output in every run, of all blocks. */
  kept: number;
  blocks: number;
}

/** The blocks of `size` consecutive outputs that are all finite (the analysers refuse a missing output). */
function completeBlocks(y: number[], size: number): number[] {
  const kept: number[] = [];
  for (let b = 0; b * size < y.length; b++) if (y.slice(b * size, (b + 1) * size).every(Number.isFinite)) kept.push(b);
  return kept;
}

function oatOf(problem: Problem, rows: number[][], y: number[]): Analysed<OatIndices> {
  const k = problem.factors.length;
  if (y.every(Number.isFinite)) return { indices: analyzeOat(problem, rows, y), kept: k, blocks: k };
  // Each parameter on its own: the baseline and its two ends, where all three have a value.
  const indices = problem.factors.map((factor, i): OatIndices => {
    const picked = [0, 2 * i + 1, 2 * i + 2];
    if (!picked.every((r) => Number.isFinite(y[r]))) return { parameter: factor.name, low: y[2 * i + 1], high: y[2 * i + 2], base: y[0], swing: Number.NaN };
    return analyzeOat({ factors: [factor] }, picked.map((r) => [rows[r][i]]), picked.map((r) => y[r]))[0];
  });
  const kept = indices.filter((r) => Number.isFinite(r.swing)).length;
  // Tornado order, as analyzeOat sorts; parameters without a swing last.
  indices.sort((a, b) => (Number.isFinite(b.swing) ? b.swing : -1) - (Number.isFinite(a.swing) ? a.swing : -1));
  return { indices, kept, blocks: k };
}

function morrisOf(problem: Problem, rows: number[][], y: number[], seed: number, bootstrap?: number): Analysed<MorrisIndices> {
  const size = problem.factors.length + 1;
  const blocks = rows.length / size;
  const options = { levels: MORRIS_LEVELS, seed, ...(bootstrap !== undefined ? { bootstrap } : {}) };
  if (y.every(Number.isFinite)) return { indices: analyzeMorris(problem, rows, y, options), kept: blocks, blocks };
  const kept = completeBlocks(y, size);
  if (kept.length === 0) return { indices: nanIndices(problem, (parameter) => ({ parameter, muStar: NaN, mu: NaN, sigma: NaN, muStarConf: NaN })), kept: 0, blocks };
  const pick = <T>(all: T[]) => kept.flatMap((b) => all.slice(b * size, (b + 1) * size));
  return { indices: analyzeMorris(problem, pick(rows), pick(y), options), kept: kept.length, blocks };
}

function sobolOf(problem: Problem, y: number[], samples: number, seed: number, bootstrap?: number): Analysed<SobolIndices> {
  const size = problem.factors.length + 2;
  const options = { seed, ...(bootstrap !== undefined ? { bootstrap } : {}) };
  if (y.every(Number.isFinite)) return { indices: analyzeSobol(problem, y, { n: samples, ...options }), kept: samples, blocks: samples };
  const kept = completeBlocks(y, size);
  if (kept.length === 0) return { indices: nanIndices(problem, (parameter) => ({ parameter, S1: NaN, S1Low: NaN, S1High: NaN, ST: NaN, STLow: NaN, STHigh: NaN })), kept: 0, blocks: samples };
  return { indices: analyzeSobol(problem, kept.flatMap((b) => y.slice(b * size, (b + 1) * size)), { n: kept.length, ...options }), kept: kept.length, blocks: samples };
}

function nanIndices<T>(problem: Problem, make: (parameter: string) => T): T[] {
  return problem.factors.map((f) => make(f.name));
}

/**
 * Outputs with one value in every run of the study, and parameters whose index is exactly 0 on every
 * output (OAT: the same output at min, base and max; Morris: μ* = 0; Sobol: S1 = ST = 0) — with common
 * random numbers a parameter without effect gives bit-identical runs, so "exactly" is meant.
 */
function effectWarnings(indices: MethodIndices, problem: Problem, outputs: string[], runValues: Map<string, number[][]>): Warning[] {
  const ranges = new Map(outputs.map((o) => [o, rangeOf(runValues.get(o)!)]));
  const constant = (output: string) => { const r = ranges.get(output); return r !== undefined && r.min === r.max; };
  const zero = (parameter: string, output: string): boolean => {
    if (constant(output)) return true;
    if (indices.method === 'oat') return indices.byOutput.get(output)!.some((r) => r.parameter === parameter && r.low === r.base && r.high === r.base);
    if (indices.method === 'morris') return indices.byOutput.get(output)!.some((r) => r.parameter === parameter && r.muStar === 0);
    return indices.byOutput.get(output)!.some((r) => r.parameter === parameter && r.S1 === 0 && r.ST === 0);
  };
  return [
    ...zeroSensitivityWarnings(problem.factors.map((f) => f.name), outputs, zero),
    ...constantOutputWarnings(outputs, (o) => ranges.get(o), 'the study'),
  ];
}

/** Smallest and largest run value; undefined when no run has one, or some have and some not (it varies). */
function rangeOf(runs: number[][]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  let missing = false;
  for (const run of runs) {
    for (const v of run) {
      if (Number.isNaN(v)) { missing = true; continue; }
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max && !missing ? { min, max } : undefined;
}

function seriesIndicesOf(method: SensitivityMethod, problem: Problem, rows: number[][], name: string, Y: number[][], intervals: number[], samples: number, seed: number): SeriesIndices {
  const points: SeriesIndices['points'] = [];
  const columns = analyzeSeries(Y, (y) => {
    if (method === 'oat') return oatOf(problem, rows, y).indices.map((r) => [{ parameter: r.parameter, index: 'swing', value: r.swing }]);
    if (method === 'morris') return morrisOf(problem, rows, y, seed, 0).indices.map((r) => [{ parameter: r.parameter, index: 'mu_star', value: r.muStar }]);
    return sobolOf(problem, y, samples, seed, 0).indices.map((r) => [
      { parameter: r.parameter, index: 'S1', value: r.S1 }, { parameter: r.parameter, index: 'ST', value: r.ST },
    ]);
  });
  for (const column of columns) for (const entries of column.indices) for (const entry of entries) points.push({ day: intervals[column.column], ...entry });
  return { series: name, days: intervals, points };
}

/** Percentiles over samples of a flow, as shells per day (the last interval may be shorter). */
function fanOf(series: string, sums: Float64Array[], intervals: number[], days: number): SensitivityResult['fan'] {
  return intervals.map((day, j) => {
    const length = (intervals[j + 1] ?? days) - day;
    const values = sums.map((row) => row[j] / length).sort((a, b) => a - b);
    return { day, series, p05: quantile(values, 0.05), p50: quantile(values, 0.5), p95: quantile(values, 0.95) };
  });
}

/**
 * Share of the total variance of an output that comes from replication noise: the mean
 * within-sample variance over the variance of all runs pooled (0 with one replication).
 */
export function noiseShareOf(runs: number[][]): number {
  const all = runs.flat();
  if (all.length < 2 || runs.every((r) => r.length < 2)) return 0;
  const total = variance(all, 1);
  if (total === 0) return 0;
  const within = mean(runs.filter((r) => r.length >= 2).map((r) => variance(r, 1)));
  return Math.min(1, within / total);
}
