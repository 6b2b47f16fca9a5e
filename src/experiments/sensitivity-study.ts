/**
 * A sensitivity study of a model: which assumptions drive the outcome. It samples the parameters
 * (one-at-a-time, Morris trajectories or Saltelli on a Sobol sequence), runs every sample R times on
 * an evaluator (common random numbers: replication r has the same seed at every sample), averages
 * the replications, and hands samples and outputs to the analysers. Models run here; the analysers
 * in src/analysis never do.
 */
import {
  analyzeMorris, analyzeOat, analyzeSeries, analyzeSobol, sampleMorris, sampleOat, sampleSaltelli, sobolDiagnostics,
  type MorrisIndices, type OatIndices, type Problem, type SobolIndices,
} from '../analysis/index.js';
import { mean, quantileSorted as quantile, variance } from '../analysis/statistics.js';
import { simulate } from '../assembly/simulate.js';
import { UserError, type Issue } from '../model/errors.js';
import { loadModel } from '../assembly/load-model.js';
import type { Model, Parameter } from '../model/model.js';
import { designCellsIssue } from '../model/limits.js';
import { resolveScenario } from '../model/scenario.js';
import { constantOutputWarnings, modelWarnings, zeroSensitivityWarnings, type Warning } from '../model/warnings.js';
import { didYouMean } from '../model/suggest.js';
import { intervalStarts } from '../output/recorder.js';
import type { Evaluator, RunTask, SeriesRequest, TaskResult } from './evaluators/evaluator.js';
import type { Journal } from './journal.js';
import type { SensitivityMethod } from '../analysis/sensitivity-data.js';

/** The methods a study can use; the report presents the same three. */
export type { SensitivityMethod };

export interface SensitivityOptions {
  modelFile: string;
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
  evaluator: Evaluator;
  onProgress?: (done: number, total: number) => void;
  /** Checked between tasks: stop early (Ctrl-C). */
  shouldStop?: () => boolean;
  /** Where finished tasks are journalled, so an interrupted study resumes where it stopped. */
  journal?: Journal<TaskResult>;
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
  /** Per output: the replication mean of each sample. */
  means: Map<string, number[]>;
  /** Per output: share of the variance across all runs that is replication noise (0..1). */
  noiseShare: Map<string, number>;
  indices: MethodIndices;
  seriesIndices: SeriesIndices[];
  /** Fan chart: per interval, 5/50/95 % over samples of total production and consumption, shells per day. */
  fan: { day: number; series: string; p05: number; p50: number; p95: number }[];
  /** The model's warnings in this study, then the study's own (no effect, constant outputs, noise, Sobol diagnostics). */
  warnings: Warning[];
  failures: { sample: number; replication: number; message: string }[];
  dates: string[];
  interrupted: false;
}

/** A study stopped early (`shouldStop`): what finished is in the journal, nothing was analysed. */
export interface InterruptedStudy {
  interrupted: true;
  /** Runs finished, this attempt and earlier ones. */
  done: number;
  total: number;
}

/** Plans, runs and analyses a study; throws UserError for bad parameters, outputs or sizes. */
export async function runSensitivity(options: SensitivityOptions): Promise<SensitivityResult | InterruptedStudy> {
  const model = loadModel(options.modelFile);
  const plan = planStudy(model, options);
  const { problem, rows, outputs, seriesNames, seriesRequest } = plan;
  const seed = options.seed ?? model.seed;
  const R = options.replications;
  const means = new Map(outputs.map((o) => [o, new Array<number>(rows.length).fill(Number.NaN)]));
  const runValues = new Map(outputs.map((o) => [o, [] as number[][]]));
  const seriesSums = seriesRequest.map(() => rows.map(() => new Float64Array(plan.intervals.length)));
  const failures: SensitivityResult['failures'] = [];
  let done = 0;
  let interrupted = false;

  const tasks: RunTask[] = rows.map((row, sample) => ({
    modelFile: model.file,
    modelSha256: model.sha256,
    point: sample,
    parameters: { ...options.fixed, ...Object.fromEntries(problem.factors.map((f, i) => [f.name, row[i]])) },
    days: options.days,
    baseSeed: seed,
    firstReplication: 0,
    count: R,
    kpis: outputs,
    seriesSums: { every: options.every, series: seriesRequest },
  }));

  const record = (result: TaskResult) => {
    const sample = result.point;
    const values = outputs.map(() => [] as number[]);
    let succeeded = 0;
    for (const outcome of result.outcomes) {
      if (outcome.failure || !outcome.values) {
        failures.push({ sample, replication: outcome.replication, message: outcome.failure?.message ?? 'no values' });
        continue;
      }
      succeeded++;
      outcome.values.forEach((v, o) => values[o].push(v));
      outcome.series?.forEach((s, k) => { for (let j = 0; j < s.length; j++) seriesSums[k][sample][j] += s[j] / R; });
    }
    outputs.forEach((o, k) => {
      means.get(o)![sample] = succeeded === values[k].length && values[k].length > 0 ? mean(values[k]) : Number.NaN;
      runValues.get(o)![sample] = values[k];
    });
    done += result.outcomes.length;
    options.onProgress?.(done, tasks.length * R);
  };

  // Samples finished by an earlier, interrupted attempt at the same study.
  const finished = new Set<number>();
  const check = (entry: unknown) => journalEntryProblem(entry, tasks.length, R, outputs.length, seriesRequest.length);
  for (const result of options.journal?.read(check) ?? []) {
    if (finished.has(result.point)) continue;
    finished.add(result.point);
    record(result);
  }

  // Keep the evaluator busy without holding every task in flight.
  const pending = new Set<Promise<void>>();
  for (const task of tasks) {
    if (finished.has(task.point)) continue;
    if (options.shouldStop?.()) { interrupted = true; break; }
    const job = options.evaluator.evaluate(task).then((result) => {
      options.journal?.append(result);
      record(result);
    }).finally(() => pending.delete(job));
    pending.add(job);
    if (pending.size >= options.evaluator.capacity) await Promise.race(pending);
  }
  await Promise.all(pending);
  if (interrupted) return { interrupted: true, done, total: tasks.length * R };
  if (failures.length > 0) {
    // Failed runs fail again on every rerun (a run depends only on its parameters and seed), so the
    // journal would only make the next attempt repeat this refusal: a refused study leaves nothing.
    options.journal?.remove();
    const first = failures[0];
    throw new UserError({
      file: model.file,
      message: `${failures.length} run(s) failed, e.g. sample ${first.sample} replication ${first.replication}: ${first.message}`,
      hint: 'narrow the parameter ranges (min/max) so every combination is a valid model',
    });
  }

  const warnings: Warning[] = modelWarnings(model, { days: options.days, varied: [...problem.factors.map((f) => f.name), ...Object.keys(options.fixed ?? {})] });
  const indices = analyse(options.method, problem, rows, outputs, means, plan.samples, seed, warnings);
  warnings.push(...effectWarnings(indices, problem, outputs, runValues));
  const noiseShare = new Map(outputs.map((o) => [o, noiseShareOf(runValues.get(o)!)]));
  for (const [output, share] of noiseShare) {
    if (share > 0.2) warnings.push({ code: 'replication_noise', path: output, message: `replication noise is ${(share * 100).toFixed(0)} % of the variance of ${output}: indices partly measure noise; raise --replications` });
  }
  if (R < 2) warnings.push({ code: 'one_replication', message: 'with 1 replication the noise share cannot be estimated; use --replications 2 or more' });

  const seriesIndices = seriesNames.map((name, k) => seriesIndicesOf(options.method, problem, rows, name, seriesSums[k], plan.intervals, plan.samples, seed));
  const fanOffset = seriesNames.length;
  const days = options.days ?? model.days;
  const fan = ['produced', 'consumed'].flatMap((name, k) => fanOf(name, seriesSums[fanOffset + k], plan.intervals, days));

  return {
    model, method: options.method, parameters: plan.parameters, problem, outputs, series: seriesNames, samples: plan.samples,
    replications: R, seed, rows, means, noiseShare, indices, seriesIndices, fan, warnings, failures,
    dates: plan.dates, interrupted: false,
  };
}

/**
 * What is wrong with a journal line read back, or undefined if it is a finished task of this study:
 * a sample in range with R outcomes, each a failure or one value per output (and per series).
 */
function journalEntryProblem(entry: unknown, samples: number, R: number, outputs: number, series: number): string | undefined {
  const shown = (value: unknown) => { const text = JSON.stringify(value) ?? 'nothing'; return text.length > 60 ? `${text.slice(0, 57)}…` : text; };
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return `expected an object {point, outcomes}, got ${shown(entry)}`;
  const { point, outcomes } = entry as Partial<TaskResult>;
  if (!Number.isInteger(point) || point! < 0 || point! >= samples) return `expected point to be a sample from 0 to ${samples - 1}, got ${shown(point)}`;
  if (!Array.isArray(outcomes) || outcomes.length !== R) return `expected outcomes to list ${R} replications, got ${shown(outcomes)}`;
  for (const outcome of outcomes) {
    if (outcome === null || typeof outcome !== 'object' || !Number.isInteger(outcome.replication)) return `expected each outcome to have a replication, got ${shown(outcome)}`;
    if (outcome.failure !== undefined) {
      if (typeof outcome.failure?.message !== 'string') return `expected a failure with a message, got ${shown(outcome.failure)}`;
      continue;
    }
    if (!Array.isArray(outcome.values) || outcome.values.length !== outputs || !outcome.values.every((v) => typeof v === 'number')) {
      return `expected ${outputs} output values, got ${shown(outcome.values)}`;
    }
    if (!Array.isArray(outcome.series) || outcome.series.length !== series || !outcome.series.every((s) => Array.isArray(s) && s.every((v) => typeof v === 'number'))) {
      return `expected ${series} series of numbers, got ${shown(outcome.series)}`;
    }
  }
  return undefined;
}

interface StudyPlan {
  parameters: Parameter[];
  problem: Problem;
  rows: number[][];
  outputs: string[];
  seriesNames: string[];
  /** Column sums collected per run: the `--series` columns, then total produced and consumed. */
  seriesRequest: SeriesRequest[];
  samples: number;
  intervals: number[];
  dates: string[];
}

/** Checks the request against the model and draws the samples; nothing runs yet. */
export function planStudy(model: Model, options: Omit<SensitivityOptions, 'evaluator'>): StudyPlan {
  const issues: Issue[] = [];
  const ranged = model.parameters.filter((p) => p.min !== undefined && p.max !== undefined && p.min < p.max);
  let parameters: Parameter[];
  if (options.parameters && options.parameters.length > 0) {
    parameters = [];
    for (const name of options.parameters) {
      const parameter = model.parameters.find((p) => p.name === name);
      if (!parameter) issues.push({ path: `--params ${name}`, message: `unknown parameter "${name}"`, hint: `${model.file} defines: ${model.parameters.map((p) => p.name).join(', ') || 'none'}` });
      else if (!ranged.includes(parameter)) issues.push({ path: `--params ${name}`, message: `"${name}" has no range to vary`, hint: `give it min and max (min < max) in ${model.file}` });
      else parameters.push(parameter);
    }
  } else {
    parameters = ranged;
    if (parameters.length === 0) issues.push({ file: model.file, path: 'parameters', message: 'no parameter has a range (min < max) to vary', hint: 'give parameters min and max' });
  }
  const fixedClash = parameters.filter((p) => options.fixed && p.name in options.fixed);
  if (fixedClash.length) issues.push({ path: '--set', message: `${fixedClash.map((p) => p.name).join(', ')} cannot be both varied and fixed` });
  if (!Number.isInteger(options.replications) || options.replications < 1 || options.replications > 10_000) {
    issues.push({ path: '--replications', message: `expected a whole number from 1 to 10000, got ${options.replications}` });
  }
  if (!Number.isInteger(options.every) || options.every < 1) issues.push({ path: '--every', message: `expected a whole number of days ≥ 1, got ${options.every}` });
  const samples = options.samples ?? DEFAULT_SAMPLES[options.method];
  if (options.method !== 'oat' && (!Number.isInteger(samples) || samples < 2 || samples > 1_000_000)) {
    issues.push({ path: '--samples', message: `expected a whole number from 2 to 1000000, got ${samples}` });
  }
  if (options.method === 'sobol' && parameters.length > 32) issues.push({ path: '--params', message: `Sobol indices take at most 32 parameters, got ${parameters.length}`, hint: 'screen with --method morris first' });
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
  for (const output of outputs) {
    if (!kpis.includes(output)) issues.push({ path: `--outputs ${output}`, message: `unknown output "${output}"`, hint: `outputs are summary.csv columns: ${kpis.join(', ')}` });
  }
  const columns = base.recorder.columns.map((c) => c.name);
  const seriesNames = options.series ?? [];
  for (const name of seriesNames) {
    if (!columns.includes(name)) issues.push({ path: `--series ${name}`, message: `unknown series "${name}"`, hint: didYouMean(name, columns) ?? `series are timeseries.csv columns, e.g. ${columns.slice(0, 6).join(', ')}` });
  }
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
    seriesRequest: [...seriesNames.map((name) => ({ columns: [name] })), { columns: produced }, { columns: consumed }],
    samples: options.method === 'oat' ? rows.length : samples,
    intervals: intervalStarts(days, options.every),
    dates: base.scenario.dates,
  };
}

function analyse(method: SensitivityMethod, problem: Problem, rows: number[][], outputs: string[], means: Map<string, number[]>, samples: number, seed: number, warnings: Warning[]): MethodIndices {
  if (method === 'oat') return { method, byOutput: new Map(outputs.map((o) => [o, analyzeOat(problem, rows, means.get(o)!)])) };
  if (method === 'morris') return { method, byOutput: new Map(outputs.map((o) => [o, analyzeMorris(problem, rows, means.get(o)!, { levels: MORRIS_LEVELS, seed })])) };
  const byOutput = new Map(outputs.map((o) => [o, analyzeSobol(problem, means.get(o)!, { n: samples, seed })]));
  for (const [output, indices] of byOutput) {
    for (const d of sobolDiagnostics(indices, samples)) warnings.push({ code: d.code, path: output, message: `${output}: ${d.message}` });
  }
  return { method, byOutput };
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

function seriesIndicesOf(method: SensitivityMethod, problem: Problem, rows: number[][], name: string, sums: Float64Array[], intervals: number[], samples: number, seed: number): SeriesIndices {
  const Y = sums.map((row) => Array.from(row));
  const points: SeriesIndices['points'] = [];
  const columns = analyzeSeries(Y, (y) => {
    if (method === 'oat') return analyzeOat(problem, rows, y).map((r) => [{ parameter: r.parameter, index: 'swing', value: r.swing }]);
    if (method === 'morris') return analyzeMorris(problem, rows, y, { levels: MORRIS_LEVELS, seed, bootstrap: 0 }).map((r) => [{ parameter: r.parameter, index: 'mu_star', value: r.muStar }]);
    return analyzeSobol(problem, y, { n: samples, seed, bootstrap: 0 }).map((r) => [
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
