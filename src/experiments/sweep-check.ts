/**
 * A sweep folder read back is checked against its manifest before a figure is shown or a run is
 * skipped: the manifest's fields have the right types and agree with each other and design.csv,
 * aggregate.csv has one well-formed row per point, summary.csv rows are runs 0, 1, 2, … in order.
 * An edited, truncated or damaged folder is refused, never summarised as if it were whole.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, type Issue } from '../model/errors.js';
import { AGGREGATE_STATISTICS, aggregateFirstKpi, aggregateHeader, summaryHeader, type SweepLayout } from './aggregate.js';
import { nextRuns, type PrecisionRule } from './precision.js';
import { SWEEP_FILES, scanLines } from './sweep-files.js';

export const SWEEP_STATUSES = ['running', 'interrupted', 'failed', 'complete'] as const;
export type SweepStatusOnDisk = (typeof SWEEP_STATUSES)[number];

/** The fields of a sweep manifest that reading and resuming rely on, checked. */
export interface CheckedSweepManifest {
  status: SweepStatusOnDisk;
  layout: SweepLayout;
  points: number;
  replications: number;
  runs: number;
  progress: { done: number; failed: number; failed_internal: number };
}

const DAMAGED = 'the folder was edited or damaged; rerun the sweep with `replace` to start it again';

/**
 * Checks the fields of a sweep manifest (already known to be of kind munisim-sweep).
 * @throws UserError naming manifest.json, the field, what was expected and the value found
 */
export function checkSweepManifest(dir: string, manifest: Record<string, unknown>): CheckedSweepManifest {
  const file = join(dir, SWEEP_FILES.manifest);
  const issues: Issue[] = [];
  const bad = (path: string, expected: string, value: unknown) =>
    issues.push({ file, path, message: `expected ${expected}, got ${shown(value)}`, hint: DAMAGED });
  const count = (path: string, value: unknown, min: number): number => {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min) return value;
    bad(path, `a whole number ≥ ${min}`, value);
    return Number.NaN;
  };
  const names = (path: string, value: unknown, min: number): string[] => {
    if (Array.isArray(value) && value.length >= min && value.every((v) => typeof v === 'string' && v !== '' && !/[,\n"]/.test(v))) return value as string[];
    bad(path, min > 0 ? 'a non-empty list of names' : 'a list of names', value);
    return [];
  };

  const status = manifest.status as SweepStatusOnDisk;
  if (!SWEEP_STATUSES.includes(status)) bad('status', `one of ${SWEEP_STATUSES.join(', ')}`, manifest.status);
  const layout = isObject(manifest.layout) ? manifest.layout : {};
  if (!isObject(manifest.layout)) bad('layout', 'an object', manifest.layout);
  const parameters = names('layout.parameters', layout.parameters, 0);
  const kpis = names('layout.kpis', layout.kpis, 1);
  const layoutReplications = count('layout.replications', layout.replications, 1);
  // Interval sums kept per run (a study's series.csv): `<series>@<day>` names, when present.
  const series = layout.series === undefined ? undefined : names('layout.series', layout.series, 0);
  // Replications to a precision: the rule that decided each point's runs.
  let precision: PrecisionRule | undefined;
  if (layout.precision !== undefined) {
    const rule = isObject(layout.precision) ? layout.precision : {};
    if (!isObject(layout.precision)) bad('layout.precision', 'an object', layout.precision);
    const relative = rule.relative;
    if (!(typeof relative === 'number' && relative > 0 && relative < 1)) bad('layout.precision.relative', 'a number between 0 and 1', relative);
    precision = {
      relative: relative as number, kpis: names('layout.precision.kpis', rule.kpis, 1),
      batch: count('layout.precision.batch', rule.batch, 1), max_replications: count('layout.precision.max_replications', rule.max_replications, 1),
    };
  }
  const points = count('points', manifest.points, 1);
  const replications = count('replications', manifest.replications, 1);
  const runs = count('runs', manifest.runs, 1);
  const progress = isObject(manifest.progress) ? manifest.progress : {};
  if (!isObject(manifest.progress)) bad('progress', 'an object', manifest.progress);
  const done = count('progress.done', progress.done, 0);
  const failed = count('progress.failed', progress.failed, 0);
  const failedInternal = progress.failed_internal === undefined ? 0 : count('progress.failed_internal', progress.failed_internal, 0);
  const design = isObject(manifest.sweep) && isObject(manifest.sweep.design) ? manifest.sweep.design : undefined;
  if (!design || typeof design.kind !== 'string' || !Array.isArray(design.factors)) bad('sweep.design', 'the design (kind and factors)', design);
  if (issues.length) throw new UserError(issues);

  const disagree = (path: string, message: string) => issues.push({ file, path, message, hint: DAMAGED });
  if (layoutReplications !== replications) disagree('layout.replications', `is ${layoutReplications}, but replications is ${replications}`);
  if (precision) {
    if (precision.max_replications < replications) disagree('layout.precision.max_replications', `is ${precision.max_replications}, fewer than the initial ${replications} replications`);
    const missing = precision.kpis.find((kpi) => !kpis.includes(kpi));
    if (missing !== undefined) disagree('layout.precision.kpis', `names ${missing}, which is not among layout.kpis`);
    if (runs < points * replications || runs > points * precision.max_replications) disagree('runs', `is ${runs}, but ${points} points of ${replications} to ${precision.max_replications} replications have ${points * replications} to ${points * precision.max_replications}`);
  } else if (points * replications !== runs) disagree('runs', `is ${runs}, but ${points} points × ${replications} replications are ${points * replications}`);
  if (done > runs) disagree('progress.done', `is ${done}, more than the sweep's ${runs} runs`);
  if (failed > done || failedInternal > failed) disagree('progress.failed', `is ${failed} (${failedInternal} internal) of ${done} runs done`);
  if (status === 'complete' && done !== runs) disagree('progress.done', `is ${done}, but the sweep is marked complete with ${runs} runs`);
  if (issues.length) throw new UserError(issues);
  return { status, layout: { parameters, kpis, replications, ...(precision ? { precision } : {}), ...(series ? { series } : {}) }, points, replications, runs, progress: { done, failed, failed_internal: failedInternal } };
}

/** Checks that design.csv has exactly the manifest's number of points. @throws UserError */
export function checkDesignFile(dir: string, manifest: CheckedSweepManifest): void {
  const path = join(dir, SWEEP_FILES.design);
  if (!existsSync(path)) throw new UserError({ file: path, message: 'is missing', hint: DAMAGED });
  let lines = 0;
  scanLines(path, () => { lines++; });
  if (lines - 1 !== manifest.points) {
    throw new UserError({ file: join(dir, SWEEP_FILES.manifest), path: 'points', message: `is ${manifest.points}, but design.csv has ${Math.max(0, lines - 1)} points`, hint: DAMAGED });
  }
}

/**
 * Checks aggregate.csv against the manifest: the header of this layout, then one row per point in
 * order, each with every cell, a whole `replications`, `failed` and `n`, and numbers elsewhere.
 * @throws UserError naming the file and line of the first problem
 */
export function checkAggregateFile(dir: string, manifest: CheckedSweepManifest): void {
  const path = join(dir, SWEEP_FILES.aggregate);
  if (!existsSync(path)) {
    throw new UserError({ file: path, message: `is missing, but the sweep is marked ${manifest.status}`, hint: DAMAGED });
  }
  const { layout } = manifest;
  const header = aggregateHeader(layout);
  let row = -1;
  let runs = 0;
  let problem: string | undefined;
  const end = scanLines(path, (line) => {
    if (row === -1) {
      if (line !== header.join(',')) problem = `line 1 is not the header of this sweep's aggregate (${quoteStart(line)})`;
    } else {
      const cells = line.split(',');
      problem = aggregateRowProblem(cells, row, header.length, layout);
      runs += Number(cells[1 + layout.parameters.length]);
    }
    row++;
    return problem === undefined;
  });
  if (problem === undefined && row === -1) problem = 'is empty';
  if (problem === undefined && end < statSync(path).size) problem = `line ${row + 2} is cut short (the file ends without a newline)`;
  if (problem === undefined && row !== manifest.points) problem = `has ${Math.max(0, row)} point rows, but the sweep has ${manifest.points} points`;
  if (problem === undefined && layout.precision && manifest.status === 'complete' && runs !== manifest.runs) problem = `its replications add up to ${runs} runs, but the sweep has ${manifest.runs}`;
  if (problem !== undefined) {
    const line = /^line (\d+)/.exec(problem);
    throw new UserError({ file: path, ...(line ? { line: Number(line[1]) } : {}), message: problem, hint: DAMAGED });
  }
}

function aggregateRowProblem(cells: string[], point: number, width: number, layout: SweepLayout): string | undefined {
  const at = `line ${point + 2}`;
  const p = layout.parameters.length;
  const { precision } = layout;
  if (cells.length !== width) return `${at} has ${cells.length} cells, expected ${width}`;
  if (cells[0] !== String(point)) return `${at} is point "${cells[0].slice(0, 20)}", expected point ${point}`;
  for (let i = 1; i <= p; i++) if (!isNumberCell(cells[i], false)) return `${at}: parameter value "${cells[i].slice(0, 20)}" is not a number`;
  let replications = layout.replications;
  if (!precision) {
    if (cells[1 + p] !== String(replications)) return `${at}: replications is "${cells[1 + p].slice(0, 20)}", expected ${replications}`;
  } else {
    if (!isCount(cells[1 + p], precision.max_replications) || Number(cells[1 + p]) < replications) return `${at}: replications is "${cells[1 + p].slice(0, 20)}", expected a whole number from ${replications} to ${precision.max_replications}`;
    replications = Number(cells[1 + p]);
    if (cells[3 + p] !== 'true' && cells[3 + p] !== 'false') return `${at}: precision_met is "${cells[3 + p].slice(0, 20)}", expected true or false`;
  }
  if (!isCount(cells[2 + p], replications)) return `${at}: failed is "${cells[2 + p].slice(0, 20)}", expected a whole number from 0 to ${replications}`;
  const stats = AGGREGATE_STATISTICS.length;
  for (let k = 0; k < layout.kpis.length; k++) {
    const first = aggregateFirstKpi(layout) + k * stats;
    if (!isCount(cells[first + stats - 1], replications)) return `${at}: n is "${cells[first + stats - 1].slice(0, 20)}", expected a whole number from 0 to ${replications}`;
    for (let s = 0; s < stats - 1; s++) {
      if (!isNumberCell(cells[first + s], true)) return `${at}: "${cells[first + s].slice(0, 20)}" is not a number`;
    }
  }
  return undefined;
}

/**
 * Checks the complete rows of summary.csv: this layout's header, runs 0, 1, 2, … in order, every
 * cell present and every KPI cell a number or empty. A torn last line is not counted.
 * @returns the number of complete rows (runs) @throws UserError naming the file and line
 */
export function checkSummaryFile(dir: string, manifest: CheckedSweepManifest): number {
  const path = join(dir, SWEEP_FILES.summary);
  const header = summaryHeader(manifest.layout);
  const firstKpi = 3 + manifest.layout.parameters.length;
  let rows = -1;
  let problem: string | undefined;
  let last: [number, number] | undefined;
  scanLines(path, (line) => {
    const at = `line ${rows + 2}`;
    if (rows === -1) {
      if (line !== header.join(',')) problem = `line 1 is not the header of this sweep's summary (${quoteStart(line)})`;
    } else {
      const cells = line.split(',');
      const run = cells.length === header.length ? unexpectedRun(cells, manifest.layout, last) : undefined;
      if (cells.length !== header.length) problem = `${at} has ${cells.length} cells, expected ${header.length}`;
      else if (run !== undefined) problem = `${at} ${run}`;
      else if (rows >= manifest.runs) problem = `${at} is beyond the sweep's ${manifest.runs} runs`;
      else {
        const bad = cells.slice(firstKpi).find((cell) => !isNumberCell(cell, true));
        if (bad !== undefined) problem = `${at}: "${bad.slice(0, 20)}" is not a number`;
      }
      last = [Number(cells[0]), Number(cells[1])];
    }
    if (problem !== undefined) return false;
    rows++;
  });
  if (problem === undefined && rows === -1) problem = 'is empty (not even a header)';
  if (problem !== undefined) {
    const line = /^line (\d+)/.exec(problem);
    throw new UserError({ file: path, ...(line ? { line: Number(line[1]) } : {}), message: problem, hint: DAMAGED });
  }
  return rows;
}

/**
 * What is wrong with a row's run (`is run (3, 0), expected run (2, 7)`) given the run before it, or
 * undefined when it may follow it (see nextRuns).
 */
export function unexpectedRun(cells: readonly string[], layout: SweepLayout, last: readonly [number, number] | undefined): string | undefined {
  const allowed = nextRuns(layout, last);
  if (allowed.some(([p, r]) => cells[0] === String(p) && cells[1] === String(r))) return undefined;
  return `is run (${cells[0].slice(0, 20)}, ${(cells[1] ?? '').slice(0, 20)}), expected run ${allowed.map(([p, r]) => `(${p}, ${r})`).join(' or ')}`;
}

/** A number as munisim writes it (`inf`, `-inf` included), or, when `emptyOk`, an empty cell. */
function isNumberCell(cell: string, emptyOk: boolean): boolean {
  if (cell === '') return emptyOk;
  if (cell === 'inf' || cell === '-inf') return true;
  return /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(cell) && Number.isFinite(Number(cell));
}

function isCount(cell: string, max: number): boolean {
  return /^\d+$/.test(cell) && Number(cell) <= max;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function quoteStart(line: string): string {
  // Binary garbage is shown as escapes, so the message stays one readable line.
  const start = JSON.stringify(line.slice(0, 40));
  return line.length > 40 ? `${start.slice(0, -1)}…"` : start;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
