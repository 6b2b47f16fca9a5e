/**
 * The report of a calibration (report.html, self-contained, and report.md with PNG charts): the waves
 * and their NROY shares, the conflicts between targets in plain sentences, per target the simulated
 * fan against the observation, per parameter the prior against the NROY histogram, and a pairs plot.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../base/atomic-write.js';
import { formatPercent, formatSignificant } from '../base/format.js';
import type { CalibrationResult } from '../experiments/calibration.js';
import { intervalEndDate } from '../experiments/calibration.js';
import { dateOfDay } from '../model/dates.js';
import { warningLines } from '../model/warnings.js';
import { describeWindow, type TargetSpec } from '../model/targets.js';
import { withEnvironmentErrors } from '../output/output-dir.js';
import { HISTOGRAM_SETS, histogramChart, pairsChart, targetFanChart, type HistogramRow } from './calibration-charts.js';
import type { FanRow } from './charts.js';
import { writeHtml } from './html-writer.js';
import { writeMarkdown } from './markdown-writer.js';
import { name, type ReportDocument, type Rich, type Section } from './report-document.js';
import { FileNames, figure } from './sensitivity-report.js';
import { spread } from '../analysis/history-matching.js';

/** Parameters in the pairs plot: the most constrained, at most this many. */
const PAIRS = 4;
/** Conflict sentences in the report, at most (conflicts.csv has every pair). */
const SENTENCES = 12;

export interface CalibrationReport {
  html: string;
  markdown: string;
  images: { name: string; png: Uint8Array }[];
}

/** Writes report.html, report.md and its PNGs into the calibration folder. */
export async function writeCalibrationReport(dir: string, result: CalibrationResult, command: string): Promise<void> {
  const report = await buildCalibrationReport(result, command);
  await withEnvironmentErrors(dir, async () => {
    writeFileAtomic(join(dir, 'report.html'), report.html);
    writeFileAtomic(join(dir, 'report.md'), report.markdown);
    for (const image of report.images) writeFileAtomic(join(dir, image.name), image.png);
  });
}

const label = (t: TargetSpec) => (t.source ? `${t.id} (${t.source})` : t.id);

/**
 * Plain sentences for the pairs of targets that never hold together at a point of wave 1 though each
 * holds alone somewhere, and for targets that hold nowhere: "a and b cannot both hold; each holds alone
 * in 18 % and 9 % of points, never together".
 */
export function conflictSentences(result: Pick<CalibrationResult, 'conflicts' | 'targets'>): string[] {
  const { conflicts, targets } = result;
  const share = new Map<number, number>();
  for (const c of conflicts) { share.set(c.a, c.shareA); share.set(c.b, c.shareB); }
  const never = targets.flatMap((t, k) => (share.get(k) === 0 ? [`${label(t)} holds at no point of the prior design: no parameter values in the ranges reproduce it`] : []));
  const pairs = conflicts
    .filter((c) => c.shareBoth === 0 && c.shareA > 0 && c.shareB > 0)
    .sort((x, y) => (y.shareA + y.shareB) - (x.shareA + x.shareB))
    .map((c) => `${label(targets[c.a])} and ${label(targets[c.b])} cannot both hold; each holds alone in ${formatPercent(c.shareA)} and ${formatPercent(c.shareB)} of points, never together`);
  return [...never, ...pairs].slice(0, SENTENCES);
}

export async function buildCalibrationReport(result: CalibrationResult, command: string): Promise<CalibrationReport> {
  const files = new FileNames();
  const { waves, targets, parameters, posterior } = result;
  const last = waves[waves.length - 1];
  const nroyCount = last.nroy.filter(Boolean).length;
  const sections: Section[] = [];
  sections.push({
    level: 2,
    heading: ['The question'],
    facts: [
      ['Model', [name(result.model.name), ` (${result.model.file})`]],
      ['Parameters', parameters.flatMap((p, i) => [...(i ? [', '] : []), name(p.name)])],
      ['Targets', [`${targets.length}`]],
      ['Design', [`${waves.length} of ${result.wavesRequested} waves × ${result.samples} points (Latin hypercube) × ${result.replications} replications, common random numbers from seed ${result.seed}`]],
      ['Rule', [`implausibility I = |mean − obs| / √(var_obs + var_sim / R), the target's range read as ±2σ; a point is not ruled out yet (NROY) when its ${result.secondMax ? 'second-largest' : 'largest'} I ≤ ${result.cutoff}`]],
    ],
  });
  sections.push({
    level: 2,
    heading: ['Waves'],
    table: {
      key: 'waves', caption: 'Each wave samples the box of the previous wave\'s NROY points, widened on each side by the smaller of the design\'s spacing (box width × points^(−1/parameters)) and the NROY points\' range ÷ (their number − 1)',
      columns: [{ title: 'wave' }, { title: 'points', numeric: true }, { title: 'NROY', numeric: true }, { title: 'NROY share', numeric: true }],
      rows: waves.map((w) => [String(w.wave), String(w.points.length), String(w.nroy.filter(Boolean).length), formatPercent(w.share)]),
    },
    notes: waves.map((w): Rich => [`Wave ${w.wave}: ${formatPercent(w.share)} of its points are not ruled out.`]),
  });
  const sentences = conflictSentences(result);
  sections.push({
    level: 2,
    heading: ['Conflicts between targets'],
    paragraphs: [[sentences.length ? 'Judged on wave 1, the design over the whole prior; a target holds at a point when its implausibility is within the cutoff (all pairs: conflicts.csv).' : 'No two targets exclude each other at the points of wave 1, and every target holds somewhere.']],
    notes: sentences.map((s) => [s]),
  });
  sections.push({ level: 2, heading: ['Warnings'], warnings: warningLines(result.warnings, 'manifest.json') });

  sections.push({
    level: 2,
    heading: ['Parameters: prior and not ruled out'],
    table: {
      key: 'posterior', caption: 'posterior.csv: the range and quantiles of each parameter over the NROY points of the last wave',
      columns: ['parameter', 'prior min', 'prior max', 'NROY min', 'NROY max', 'q05', 'q50', 'q95'].map((title, i) => ({ title, numeric: i > 0 })),
      rows: posterior.map((r) => [name(r.parameter), ...[r.priorMin, r.priorMax, r.nroyMin, r.nroyMax, r.q05, r.q50, r.q95].map(formatSignificant)]),
    },
    notes: posterior.map((r): Rich => (Number.isNaN(r.nroyMin)
      ? [name(r.parameter), ': no point is left, so nothing is learnt about it.']
      : [name(r.parameter), `: the points not ruled out span ${formatPercent((r.nroyMax - r.nroyMin) / (r.priorMax - r.priorMin))} of its prior range, median ${formatSignificant(r.q50)}.`])),
  });
  const prior = waves[0];
  for (const [d, p] of parameters.entries()) {
    const rows: HistogramRow[] = [
      ...prior.points.map((point) => ({ set: HISTOGRAM_SETS[0], value: point[d] })),
      ...last.points.filter((_, i) => last.nroy[i]).map((point) => ({ set: HISTOGRAM_SETS[1], value: point[d] })),
    ];
    sections.push({ level: 3, heading: [name(p.name)], figure: await figure(histogramChart(rows, p.name, [p.min!, p.max!]), files, `histogram-${p.name}`, `Histogram of ${p.name}: prior against not ruled out`) });
  }
  if (nroyCount > 0 && parameters.length >= 2) {
    const constrained = posterior.map((r, d) => ({ d, width: (r.nroyMax - r.nroyMin) / (r.priorMax - r.priorMin) })).sort((a, b) => a.width - b.width || a.d - b.d).slice(0, PAIRS).map((x) => x.d).sort((a, b) => a - b);
    const names = constrained.map((d) => parameters[d].name);
    const rows = last.points.filter((_, i) => last.nroy[i]).map((point) => Object.fromEntries(constrained.map((d) => [parameters[d].name, point[d]])));
    sections.push({ level: 3, heading: ['Pairs of the most constrained parameters'], figure: await figure(pairsChart(rows, names), files, 'pairs', `Pairs plot of ${names.join(', ')} over the points not ruled out`) });
  }

  sections.push({
    level: 2,
    heading: ['Targets'],
    table: {
      key: 'targets', caption: `targets.csv: each target's simulated spread over the ${nroyCount ? 'NROY points' : 'points (none is NROY)'} of the last wave`,
      columns: ['target', 'source', 'measured', 'low', 'high', 'sim q05', 'sim q50', 'sim q95', 'hit share'].map((title, i) => ({ title, numeric: i > 2 })),
      rows: result.targetRows.map((r) => [name(r.target.id), r.target.source ?? '—', `${r.target.metric} of ${r.target.of.join(' + ')} ${describeWindow(r.target.window)}`,
        ...[r.target.low, r.target.high, r.q05, r.q50, r.q95].map(formatSignificant), Number.isNaN(r.hitShare) ? '—' : formatPercent(r.hitShare)]),
    },
    notes: result.targetRows.map((r): Rich => [name(r.target.id), Number.isNaN(r.hitShare) ? ': no point is left to judge it by.' : `: the median point gives ${formatSignificant(r.q50)} against ${formatSignificant(r.target.low)} to ${formatSignificant(r.target.high)}; ${formatPercent(r.hitShare)} of the ${nroyCount ? 'points not ruled out' : 'points'} land inside.`]),
  });
  const fanPoints = nroyCount > 0 ? last.nroy : last.nroy.map(() => true);
  for (const [k, target] of targets.entries()) {
    const { rows, observation, yLabel } = fanOf(result, k, target, fanPoints);
    sections.push({ level: 3, heading: [name(target.id)], figure: await figure(targetFanChart(rows, observation, `${label(target)}: ${target.metric} of ${target.of.join(' + ')}`, yLabel), files, `target-${target.id}`, `Simulated ${target.metric} against the observation of ${target.id}`) });
  }

  const doc: ReportDocument = {
    title: `Calibration of ${result.model.name}`,
    sections,
    footer: ['Generated by munisim. Created with: ', name(command)],
  };
  return { html: writeHtml(doc), markdown: writeMarkdown(doc), images: files.images };
}

/** The fan of target k over the chosen points: cumulative for `by`, per day for `over`, the level for `on`. */
function fanOf(result: CalibrationResult, k: number, target: TargetSpec, chosen: boolean[]): { rows: FanRow[]; observation: Parameters<typeof targetFanChart>[1]; yLabel: string } {
  const last = result.waves[result.waves.length - 1];
  const sums = last.series[k].filter((_, i) => chosen[i]);
  const { intervals, days, model } = result;
  const w = target.window;
  const length = (j: number) => (intervals[j + 1] ?? days) - intervals[j];
  const perPoint = sums.map((row) => {
    if (w.kind === 'by') { let total = 0; return Array.from(row, (x) => (total += x)); }
    if (w.kind === 'over') return Array.from(row, (x, j) => x / length(j));
    return Array.from(row);
  });
  const rows = intervals.map((start, j): FanRow => {
    const s = spread(perPoint.map((values) => values[j]));
    return { date: w.kind === 'over' ? dateOfDay(model.start, start) : intervalEndDate(result, j), series: target.id, p05: s.q05, p50: s.q50, p95: s.q95 };
  });
  if (w.kind === 'over') {
    const scale = w.stat === 'total' ? 1 / (w.to - w.from + 1) : 1;
    const middle = dateOfDay(model.start, Math.floor((w.from + w.to) / 2));
    return { rows, observation: { date: middle, low: target.low * scale, high: target.high * scale, from: w.dates[0], to: w.dates[1] }, yLabel: `${target.metric} per day` };
  }
  const date = w.kind === 'by' ? w.date : dateOfDay(model.start, w.day - 1);
  return { rows, observation: { date, low: target.low, high: target.high }, yLabel: w.kind === 'by' ? `${target.metric}, cumulative` : target.metric };
}
