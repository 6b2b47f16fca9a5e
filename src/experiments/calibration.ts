/**
 * Calibration of a model against its targets by history matching, in waves on the experiment pipeline:
 * wave 1 a Latin hypercube over the prior (the ranged parameters), each later wave a Latin hypercube in
 * the box of the previous wave's not-ruled-out-yet (NROY) points, widened by a margin (see nextBox). Each wave is a
 * pipeline folder (wave-1/, wave-2/ …, each resumable); the analysis is read back from their files, so an
 * interrupted calibration resumes to the same figures, whatever the evaluator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { implausibility, isNroy, maxima, nextBox, spread, targetConflicts, type Box, type Conflict } from '../analysis/history-matching.js';
import { mean } from '../analysis/statistics.js';
import { simulate } from '../assembly/simulate.js';
import { writeFileAtomic } from '../base/atomic-write.js';
import { makeDirectory } from '../base/make-directory.js';
import { dateOfDay } from '../model/dates.js';
import { UserError } from '../model/errors.js';
import type { Model, Parameter } from '../model/model.js';
import { resolveScenario } from '../model/scenario.js';
import { didYouMean } from '../model/suggest.js';
import { targetColumn, type TargetSpec } from '../model/targets.js';
import { modelWarnings, type Warning } from '../model/warnings.js';
import { csvLine } from '../output/csv.js';
import { formatValue } from '../output/format.js';
import { intervalStarts } from '../output/recorder.js';
import { parseCell, type SweepLayout } from './aggregate.js';
import { buildDesign, type Factor } from './design-spec.js';
import type { Evaluator } from './evaluators/evaluator.js';
import { runExperiment, type ExperimentProgress, type SeriesSum } from './experiment.js';
import { SWEEP_FILES, scanLines } from './sweep-files.js';

export const CALIBRATION_MANIFEST_KIND = 'munisim-calibration';
/** Each wave's folder: an experiment of its own, readable as a sweep (summarize, discover). */
export const CALIBRATION_WAVE_KIND = 'munisim-calibration-wave';

export interface CalibrationOptions {
  model: Model;
  /** Parameters to calibrate; default every parameter with a min and a max. */
  parameters?: string[];
  /** Target ids to match, in the model's order whatever the order given; default all of them. */
  targets?: string[];
  /** Points per wave. */
  samples: number;
  replications: number;
  waves: number;
  /** Implausibility cutoff (3: Pukelsheim's three-sigma rule). */
  cutoff: number;
  /** Judge a point by its second-largest implausibility (one target may miss). */
  secondMax?: boolean;
  seed?: number;
  /** Days per interval of the trajectory fans. */
  every: number;
  fixed?: Record<string, number>;
  /** The calibration folder; each wave's runs in wave-<n>/. */
  dir: string;
  evaluator?: Evaluator;
  jobs?: number;
  /** Discard a calibration already in `dir` and start again. */
  replace?: boolean;
  command?: string[];
  signal?: AbortSignal;
  onProgress?: (wave: number, progress: ExperimentProgress) => void;
}

/** One wave: its box, its points and what the runs said of each. */
export interface Wave {
  wave: number;
  box: Box;
  points: number[][];
  /** Per point and target: the replication mean (NaN if a run failed). */
  means: number[][];
  /** Per point and target: the implausibility (NaN if a run failed). */
  implausibility: number[][];
  nroy: boolean[];
  /** NROY points ÷ points. */
  share: number;
  failedRuns: number;
  /** Per target, per point: the replication mean of each interval's sum (the fan). */
  series: Float64Array[][];
}

export interface PosteriorRow {
  parameter: string;
  priorMin: number;
  priorMax: number;
  nroyMin: number;
  nroyMax: number;
  q05: number;
  q50: number;
  q95: number;
}

export interface TargetRow {
  target: TargetSpec;
  q05: number;
  q50: number;
  q95: number;
  /** Share of the NROY points (all the last wave's points when none is NROY) whose replication mean lies in [low, high]. */
  hitShare: number;
}

export interface CalibrationResult {
  interrupted: false;
  model: Model;
  parameters: Parameter[];
  targets: TargetSpec[];
  waves: Wave[];
  /** Waves asked for; fewer ran when a wave left no NROY point. */
  wavesRequested: number;
  samples: number;
  replications: number;
  cutoff: number;
  secondMax: boolean;
  seed: number;
  every: number;
  /** First day of each fan interval, and its date. */
  intervals: number[];
  days: number;
  posterior: PosteriorRow[];
  targetRows: TargetRow[];
  /** Over wave 1 (the design over the whole prior): each pair of targets, alone and together. */
  conflicts: Conflict[];
  warnings: Warning[];
  dir: string;
}

export interface InterruptedCalibration {
  interrupted: true;
  wave: number;
  done: number;
  total: number;
  dir: string;
}

/**
 * Runs (or resumes) a calibration into `options.dir` and writes its analysis files there:
 * implausibility.csv, plausible.csv, posterior.csv, targets.csv, conflicts.csv and manifest.json.
 * @throws UserError for a model without targets, parameters without ranges, bad sizes, a target dated
 *   beyond the horizon, or a folder that holds another calibration (without `replace`)
 */
export async function runCalibration(options: CalibrationOptions): Promise<CalibrationResult | InterruptedCalibration> {
  const { model, dir } = options;
  const targets = chosenTargets(model, options.targets);
  if (targets.length === 0) throw new UserError({ file: model.file, path: 'targets', message: 'the model has no targets to calibrate against', hint: 'add a targets: section of reported figures, each with a range; see docs/model-format.md' });
  const parameters = chosenParameters(model, options.parameters);
  checkSizes(options);
  const seed = options.seed ?? model.seed;
  const identity = { munisim: CALIBRATION_MANIFEST_KIND, model_sha256: model.sha256, parameters: parameters.map((p) => p.name), samples: options.samples, replications: options.replications, waves: options.waves, seed, every: options.every, fixed: options.fixed ?? {}, ...(options.targets ? { targets: targets.map((t) => t.id) } : {}) };
  checkFolder(dir, identity, options.replace ?? false);
  makeDirectory(dir);
  writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify({ kind: CALIBRATION_MANIFEST_KIND, status: 'running', identity, command: options.command, model: { path: model.file, name: model.name, sha256: model.sha256 } }, null, 2)}\n`);

  const series = targetSeries(model, targets);
  const varied = [...parameters.map((p) => p.name), ...Object.keys(options.fixed ?? {})];
  const warnings = modelWarnings(model, { varied });
  const waves: Wave[] = [];
  let box: Box | undefined = { low: parameters.map((p) => p.min!), high: parameters.map((p) => p.max!) };
  for (let w = 1; w <= options.waves && box; w++) {
    const factors: Factor[] = parameters.map((p, d) => ({ name: p.name, low: box!.low[d], high: box!.high[d], source: p.name, ...(p.integer ? { integer: true } : {}) }));
    const design = buildDesign('lhs', factors, options.samples, seed + w - 1);
    const experiment = await runExperiment({
      kind: CALIBRATION_WAVE_KIND, model, design, fixed: options.fixed, replications: options.replications, seed, every: options.every, series,
      dir: join(dir, `wave-${w}`), evaluator: options.evaluator, jobs: options.jobs, replace: options.replace, command: options.command, warnings,
      signal: options.signal, onProgress: (progress) => options.onProgress?.(w, progress),
    });
    if (experiment.status === 'interrupted') return { interrupted: true, wave: w, done: experiment.done, total: experiment.total, dir };
    const wave = readWave(experiment.dir, experiment.layout, w, box, design.points, targets, options);
    waves.push(wave);
    box = nextBox(wave.points, wave.nroy, box);
  }
  const result = analyse(options, parameters, targets, waves, seed, warnings);
  writeCalibrationFiles(result, identity);
  return result;
}

function chosenTargets(model: Model, ids: string[] | undefined): TargetSpec[] {
  const all = model.targets ?? [];
  if (ids === undefined) return all;
  ids.forEach((id, i) => {
    if (!all.some((t) => t.id === id)) throw new UserError({ path: `targets[${i}]`, message: `unknown target "${id}"`, hint: didYouMean(id, all.map((t) => t.id)) ?? `targets: ${all.map((t) => t.id).join(', ')}` });
  });
  return all.filter((t) => ids.includes(t.id));
}

function chosenParameters(model: Model, names: string[] | undefined): Parameter[] {
  const ranged = model.parameters.filter((p) => p.min !== undefined && p.max !== undefined && p.min < p.max);
  if (names === undefined) {
    if (ranged.length === 0) throw new UserError({ file: model.file, path: 'parameters', message: 'no parameter has a range (min and max) to calibrate', hint: 'give the uncertain parameters min and max' });
    return ranged;
  }
  return names.map((name, i) => {
    const p = model.parameters.find((q) => q.name === name);
    if (!p) throw new UserError({ path: `parameters[${i}]`, message: `unknown parameter "${name}"`, hint: didYouMean(name, model.parameters.map((q) => q.name)) ?? `ranged parameters: ${ranged.map((q) => q.name).join(', ')}` });
    if (!ranged.includes(p)) throw new UserError({ path: `parameters[${i}]`, message: `${name} has no range (min < max) to calibrate within`, hint: `give it min and max in ${model.file}` });
    return p;
  });
}

function checkSizes(options: CalibrationOptions): void {
  const whole = (path: string, value: number, least: number) => {
    if (!Number.isInteger(value) || value < least) throw new UserError({ path, message: `expected a whole number ≥ ${least}, got ${value}` });
  };
  whole('samples', options.samples, 2);
  whole('replications', options.replications, 1);
  whole('waves', options.waves, 1);
  whole('every', options.every, 1);
  if (!(options.cutoff > 0) || !Number.isFinite(options.cutoff)) throw new UserError({ path: 'cutoff', message: `expected a positive number, got ${options.cutoff}` });
}

/** A folder that holds another calibration (other options or model) is replaced only on request. */
function checkFolder(dir: string, identity: object, replace: boolean): void {
  const path = join(dir, 'manifest.json');
  if (replace || !existsSync(path)) return;
  let manifest: { kind?: string; identity?: unknown };
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as typeof manifest;
  } catch {
    throw new UserError({ path: dir, message: 'holds a manifest.json that is not a calibration\'s', hint: 'choose another folder, or `replace` it' });
  }
  if (manifest.kind !== CALIBRATION_MANIFEST_KIND) throw new UserError({ path: dir, message: `holds a ${manifest.kind ?? 'different'} experiment, not a calibration`, hint: 'choose another folder' });
  if (JSON.stringify(manifest.identity) !== JSON.stringify(identity)) {
    throw new UserError({ path: dir, message: 'holds a calibration of another model or with other options', hint: 'rerun with the same options to resume it, or `replace` it to start again' });
  }
}

/** Per target, the time-series columns its fan sums: `<node>.<metric>[.<munition>]` as recorded. */
function targetSeries(model: Model, targets: TargetSpec[]): SeriesSum[] {
  const lastDay = Math.max(...targets.map((t) => (t.window.kind === 'over' ? t.window.to : t.window.kind === 'by' ? t.window.day : t.window.day - 1)));
  if (lastDay >= model.days) throw new UserError({ path: 'days', message: `a target is measured on day ${lastDay}, beyond the horizon of ${model.days} days` });
  const columns = new Set(simulate(resolveScenario(model, { days: 1 }), model.seed).recorder.columns.map((c) => c.name));
  return targets.map((t) => ({
    name: t.id,
    columns: t.of.map((node) => {
      const total = `${node}.${t.metric}`;
      const one = t.munition === undefined ? total : `${total}.${model.munitions[t.munition].id}`;
      // A node that counts one munition records only its total column, which is that munition's.
      return columns.has(one) ? one : total;
    }),
  }));
}

/** A finished wave's runs, from its summary.csv and series.csv. */
function readWave(dir: string, layout: SweepLayout, wave: number, box: Box, points: number[][], targets: TargetSpec[], options: CalibrationOptions): Wave {
  const n = points.length;
  const T = targets.length;
  const offset = 3 + layout.parameters.length;
  const columns = targets.map((t) => offset + layout.kpis.indexOf(targetColumn(t.id)));
  const values = Array.from({ length: n }, () => targets.map(() => [] as number[]));
  let header = true;
  let failedRuns = 0;
  scanLines(join(dir, SWEEP_FILES.summary), (line) => {
    if (header) { header = false; return; }
    const cells = line.split(',');
    const point = Number(cells[0]);
    // A failed run has empty cells: its point's mean is NaN and it is ruled out.
    if (cells[offset] === '') failedRuns++;
    columns.forEach((c, k) => values[point][k].push(parseCell(cells[c])));
  });
  const means = values.map((row) => row.map((v) => (v.some(Number.isNaN) ? Number.NaN : mean(v))));
  const implaus = values.map((row) => row.map((v, k) => implausibility(v, targets[k])));
  const nroy = implaus.map((row) => isNroy(row, options.cutoff, options.secondMax));

  const intervals = layout.series!.length / T;
  const R = layout.replications;
  const series = targets.map(() => Array.from({ length: n }, () => new Float64Array(intervals)));
  header = true;
  let run = 0;
  scanLines(join(dir, SWEEP_FILES.series), (line) => {
    if (header) { header = false; return; }
    const point = Math.floor(run++ / R);
    const cells = line.split(',');
    for (let k = 0; k < T; k++) for (let j = 0; j < intervals; j++) series[k][point][j] += parseCell(cells[3 + k * intervals + j]) / R;
  });
  return { wave, box, points, means, implausibility: implaus, nroy, share: nroy.filter(Boolean).length / n, failedRuns, series };
}

function analyse(options: CalibrationOptions, parameters: Parameter[], targets: TargetSpec[], waves: Wave[], seed: number, warnings: Warning[]): CalibrationResult {
  const last = waves[waves.length - 1];
  const kept = last.points.filter((_, i) => last.nroy[i]);
  const posterior = parameters.map((p, d): PosteriorRow => {
    const values = kept.map((point) => point[d]);
    const s = spread(values);
    return { parameter: p.name, priorMin: p.min!, priorMax: p.max!, nroyMin: values.length ? Math.min(...values) : Number.NaN, nroyMax: values.length ? Math.max(...values) : Number.NaN, ...s };
  });
  // With no NROY point left, the spread is over all of the last wave's points, so a reader still sees how far off each target is.
  const chosen = kept.length > 0 ? last.nroy : last.nroy.map(() => true);
  const targetRows = targets.map((target, k): TargetRow => {
    const values = last.means.filter((_, i) => chosen[i]).map((row) => row[k]);
    const hits = values.filter((v) => v >= target.low && v <= target.high).length;
    return { target, ...spread(values), hitShare: values.length ? hits / values.length : Number.NaN };
  });
  const all: Warning[] = [...warnings];
  for (const wave of waves) {
    if (wave.failedRuns > 0) all.push({ code: 'failed_runs', message: `wave ${wave.wave}: ${wave.failedRuns} runs failed (see wave-${wave.wave}/failures.csv); their points are ruled out` });
  }
  if (waves.length < options.waves) all.push({ code: 'no_nroy', message: `wave ${last.wave} left no point not ruled out, so the calibration stopped after ${waves.length} of ${options.waves} waves; see conflicts.csv for the targets that cannot hold together` });
  if (options.replications < 2) all.push({ code: 'one_replication', message: 'with 1 replication the simulator variance is taken as 0; use `replications` 2 or more' });
  const days = options.model.days;
  return {
    interrupted: false, model: options.model, parameters, targets, waves, wavesRequested: options.waves, samples: options.samples,
    replications: options.replications, cutoff: options.cutoff, secondMax: options.secondMax ?? false, seed, every: options.every,
    intervals: intervalStarts(days, options.every), days, posterior, targetRows, conflicts: targetConflicts(waves[0].implausibility, options.cutoff),
    warnings: all, dir: options.dir,
  };
}

function writeCalibrationFiles(result: CalibrationResult, identity: object): void {
  const { dir, targets, parameters, waves } = result;
  const put = (name: string, rows: string[][]) => writeFileAtomic(join(dir, name), rows.map(csvLine).join(''));
  const v = formatValue;
  put('implausibility.csv', [
    ['wave', 'point', ...targets.map((t) => t.id), 'max', 'second', 'nroy'],
    ...waves.flatMap((w) => w.implausibility.map((row, i) => {
      const { max, second } = maxima(row);
      return [String(w.wave), String(i), ...row.map(v), v(max), v(second), String(w.nroy[i])];
    })),
  ]);
  put('plausible.csv', [
    ['wave', 'point', ...parameters.map((p) => p.name), ...targets.map((t) => targetColumn(t.id))],
    ...waves.flatMap((w) => w.points.flatMap((point, i) => (w.nroy[i] ? [[String(w.wave), String(i), ...point.map(v), ...w.means[i].map(v)]] : []))),
  ]);
  put('posterior.csv', [
    ['parameter', 'prior_min', 'prior_max', 'nroy_min', 'nroy_max', 'q05', 'q50', 'q95'],
    ...result.posterior.map((r) => [r.parameter, ...[r.priorMin, r.priorMax, r.nroyMin, r.nroyMax, r.q05, r.q50, r.q95].map(v)]),
  ]);
  put('targets.csv', [
    ['target', 'low', 'high', 'sim_q05', 'sim_q50', 'sim_q95', 'hit_share'],
    ...result.targetRows.map((r) => [r.target.id, ...[r.target.low, r.target.high, r.q05, r.q50, r.q95, r.hitShare].map(v)]),
  ]);
  put('conflicts.csv', [
    ['target_a', 'target_b', 'share_a', 'share_b', 'share_both'],
    ...result.conflicts.map((c) => [targets[c.a].id, targets[c.b].id, v(c.shareA), v(c.shareB), v(c.shareBoth)]),
  ]);
  writeFileAtomic(join(dir, 'manifest.json'), `${JSON.stringify({
    kind: CALIBRATION_MANIFEST_KIND, status: 'complete', identity,
    model: { path: result.model.file, name: result.model.name, sha256: result.model.sha256 },
    rule: {
      implausibility: 'I = |mean_sim − obs| / √(var_obs + var_sim / R); obs the range midpoint, var_obs ((high − low) / 4)², var_sim the replication variance (n − 1)',
      nroy: `${result.secondMax ? 'second-largest' : 'largest'} I ≤ ${result.cutoff}`,
      waves: 'wave 1: Latin hypercube over [min, max]; wave k: Latin hypercube in the bounding box of wave k − 1\'s NROY points widened on each side by the smaller of the design spacing (box width × samples^(−1/parameters)) and the NROY range ÷ (NROY points − 1), clipped; a wave without NROY points ends the calibration',
    },
    waves: waves.map((w) => ({ wave: w.wave, points: w.points.length, nroy: w.nroy.filter(Boolean).length, share: w.share, box: Object.fromEntries(parameters.map((p, d) => [p.name, [w.box.low[d], w.box.high[d]]])) })),
    warnings: result.warnings,
  }, null, 2)}\n`);
}

/** The date of the last day of interval j (for cumulative and level fans, read at the interval's end). */
export function intervalEndDate(result: Pick<CalibrationResult, 'intervals' | 'days' | 'model'>, j: number): string {
  return dateOfDay(result.model.start, (result.intervals[j + 1] ?? result.days) - 1);
}
