/**
 * The one resume rule: a folder is resumed only by an experiment of the same kind and identity, and
 * only from the runs fully on disk — summary.csv's complete rows 0, 1, 2, … (a torn last line is
 * cut), with failures.csv and series.csv cut to the same runs. Anything else is refused, not guessed.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../model/errors.js';
import type { Warning } from '../model/warnings.js';
import { writeFileAtomic } from '../base/atomic-write.js';
import { csvLine } from '../output/csv.js';
import { summaryHeader, type SweepLayout } from './aggregate.js';
import { failuresHeader, seriesHeader } from './experiment-files.js';
import { identityDifferences, inputDifferences, type ExperimentIdentity } from './experiment-identity.js';
import { checkSweepManifest, unexpectedRun, type CheckedSweepManifest } from './sweep-check.js';
import { SWEEP_FILES, readManifestFile, scanLines, truncateFile } from './sweep-files.js';

/** An experiment found in its folder, to resume or to report as complete. */
export interface PreviousExperiment {
  status: string;
  /** The manifest's fields, checked. */
  checked: CheckedSweepManifest;
  warnings?: Warning[];
  layout: SweepLayout;
  started_at?: string;
  sessions?: Record<string, unknown>[];
}

/** What a person calls an experiment of each manifest kind, in messages. */
export function kindNoun(kind: string): string {
  return kind === 'munisim-sensitivity' ? 'study' : 'sweep';
}

/** A lock or scratch folder alone is what an experiment killed in its first moments leaves. */
function isEmptyFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).every((name) => name === '.lock' || name === SWEEP_FILES.tmp);
}

/** With `replace`: `dir` may be missing, empty or a folder of this kind (of any identity); nothing else is replaced. */
export async function checkReplaceable(dir: string, kind: string): Promise<void> {
  if (isEmptyFolder(dir)) return;
  let found: unknown;
  try { found = (await readManifestFile(dir))?.kind; } catch { found = undefined; }
  if (found !== kind) {
    throw new UserError({ path: dir, message: `\`replace\` replaces only a ${kindNoun(kind)} folder, and this folder holds something else`, hint: 'choose another `dir`' });
  }
}

/**
 * What `dir` holds: nothing (a new experiment), or one of the same kind and identity to resume or report.
 * `inputs` are the model's input files, to name the CSV that changed when the model's sha256 differs.
 * @throws UserError for a non-empty folder that is not of this kind, one of another identity, or
 *   nothing to resume when `requireResume`
 */
export async function inspectFolder(dir: string, kind: string, identity: ExperimentIdentity, requireResume: boolean, points: number, inputs?: readonly { path: string; sha256: string }[]): Promise<PreviousExperiment | undefined> {
  const noun = kindNoun(kind);
  if (isEmptyFolder(dir)) {
    if (requireResume) throw new UserError({ path: dir, message: `there is no ${noun} to resume in this folder`, hint: `drop \`resume\` to start the ${noun}, or point \`dir\` at the folder of the interrupted ${noun}` });
    return undefined;
  }
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = await readManifestFile(dir);
  } catch {
    manifest = undefined;
  }
  if (!manifest || manifest.kind !== kind) {
    throw new UserError({ path: dir, message: `the output folder exists and does not hold a munisim ${noun}`, hint: 'choose another `dir`' });
  }
  const differences = identityDifferences(manifest.sweep as ExperimentIdentity | undefined, identity);
  const there = manifest.sweep as ExperimentIdentity | undefined;
  const inputsThere = (manifest.model as { inputs?: unknown } | undefined)?.inputs;
  if (there && there.model_sha256 !== identity.model_sha256) {
    differences.push(...inputDifferences(Array.isArray(inputsThere) ? inputsThere : undefined, inputs));
  }
  if (differences.length > 0) {
    throw new UserError({
      path: dir,
      message: `holds a different ${noun}, so it cannot be resumed: ${differences.join('; ')}`,
      hint: 'rerun the original command to resume it, choose another `dir`, or add `replace` to replace it',
    });
  }
  const checked = checkSweepManifest(dir, manifest);
  if (checked.points !== points) {
    throw new UserError({ file: join(dir, SWEEP_FILES.manifest), path: 'points', message: `is ${checked.points}, but this ${noun}'s design has ${points} points`, hint: `the folder was edited or damaged; rerun with \`replace\` to start the ${noun} again` });
  }
  return { ...(manifest as unknown as PreviousExperiment), layout: checked.layout, checked };
}

/** The runs of an unfinished experiment kept on disk: how many, how many failed, and where they end. */
export interface KeptRuns {
  done: number;
  failed: number;
  failedInternal: number;
  /** The last run kept, (point, replication); undefined when none is. */
  last?: [number, number];
  /** With a precision: the KPI cells of the last point's runs kept, in replication order (its schedule reads them). */
  lastPointCells?: string[][];
}

/**
 * Cuts the run files of an unfinished experiment to the runs fully on disk and counts them.
 * @throws UserError naming the file and line if summary.csv or series.csv is not this experiment's
 */
export function resumeRunFiles(dir: string, layout: SweepLayout): KeptRuns {
  const summaryPath = join(dir, SWEEP_FILES.summary);
  const rows = countRows(summaryPath, layout);
  let { done } = rows;
  if (layout.series) {
    // A series row is written before its summary row: keep as many, or fewer if the kill fell between.
    done = Math.min(done, keepRows(join(dir, SWEEP_FILES.series), seriesHeader(layout), done, layout.replications));
    truncateFile(summaryPath, rowsEnd(summaryPath, done));
  }
  // Series are kept by rectangular experiments only, so the last run kept follows from the count there.
  const last: [number, number] | undefined = done === 0 ? undefined : layout.series ? [Math.floor((done - 1) / layout.replications), (done - 1) % layout.replications] : rows.last;
  return {
    done, ...keepFailures(join(dir, SWEEP_FILES.failures), last, failuresHeader(layout.parameters)),
    ...(last ? { last } : {}), ...(rows.lastPointCells ? { lastPointCells: rows.lastPointCells } : {}),
  };
}

/**
 * Complete data rows of summary.csv, after cutting a torn last line; checks the header and that
 * the rows are runs in order (point by point, replications 0, 1, 2, …). @throws UserError if the file does not match
 */
function countRows(path: string, layout: SweepLayout): { done: number; last?: [number, number]; lastPointCells?: string[][] } {
  const header = summaryHeader(layout).join(',');
  const firstKpi = 3 + layout.parameters.length;
  let rows = -1;
  let badRow: string | undefined;
  let badLine = 0;
  let last: [number, number] | undefined;
  let lastPointCells: string[][] | undefined = layout.precision ? [] : undefined;
  const end = scanLines(path, (line) => {
    if (rows === -1) {
      if (line !== header) { badRow = `its header is not this experiment's (${line.slice(0, 60)}…)`; badLine = 1; return false; }
    } else {
      const cells = line.split(',');
      if (!/^\d+$/.test(cells[0]) || !/^\d+$/.test(cells[1] ?? '')) { badRow = `row ${rows + 1} is not a run (${JSON.stringify(line.slice(0, 40))})`; badLine = rows + 2; return false; }
      const unexpected = unexpectedRun(cells, layout, last);
      if (unexpected !== undefined) { badRow = `row ${rows + 1} ${unexpected}`; badLine = rows + 2; return false; }
      if (lastPointCells && last && last[0] !== Number(cells[0])) lastPointCells = [];
      lastPointCells?.push(cells.slice(firstKpi));
      last = [Number(cells[0]), Number(cells[1])];
    }
    rows++;
  });
  if (badRow !== undefined) {
    throw new UserError({ file: path, line: badLine, message: `cannot resume: ${badRow}`, hint: 'the file was edited or written by another munisim; add `replace` to start again' });
  }
  truncateFile(path, end);
  return { done: Math.max(0, rows), ...(last ? { last } : {}), ...(lastPointCells ? { lastPointCells } : {}) };
}

/** The byte offset just past data row `rows` of a CSV file with a header. */
function rowsEnd(path: string, rows: number): number {
  let seen = -1;
  let end = 0;
  scanLines(path, (line, start) => {
    if (seen === rows) return false;
    seen++;
    end = start + Buffer.byteLength(line) + 1;
  });
  return end;
}

/**
 * Keeps the first rows of series.csv up to `limit` runs (cutting a torn line), checking each is the
 * next run with every cell a number or empty. @returns the rows kept @throws UserError naming file and line
 */
function keepRows(path: string, header: string[], limit: number, replications: number): number {
  if (!existsSync(path)) { writeFileAtomic(path, csvLine(header)); return 0; }
  let rows = -1;
  let problem: string | undefined;
  const end = scanLines(path, (line) => {
    if (rows === -1) {
      if (line !== header.join(',')) problem = `line 1 is not the header of this experiment's series (${line.slice(0, 40)}…)`;
    } else {
      if (rows >= limit) return false;
      const cells = line.split(',');
      const expected = `${Math.floor(rows / replications)},${rows % replications}`;
      if (cells.length !== header.length) problem = `line ${rows + 2} has ${cells.length} cells, expected ${header.length}`;
      else if (`${cells[0]},${cells[1]}` !== expected) problem = `line ${rows + 2} is run (${cells[0].slice(0, 20)}, ${cells[1].slice(0, 20)}), expected run (${expected.replace(',', ', ')})`;
      else if (cells.slice(3).some((cell) => cell !== '' && !Number.isFinite(Number(cell)))) problem = `line ${rows + 2} has a cell that is not a number`;
    }
    if (problem !== undefined) return false;
    rows++;
  });
  if (problem !== undefined) {
    const line = /^line (\d+)/.exec(problem);
    throw new UserError({ file: path, ...(line ? { line: Number(line[1]) } : {}), message: `cannot resume: ${problem}`, hint: 'the file was edited or damaged; add `replace` to start again' });
  }
  truncateFile(path, end);
  return Math.max(0, rows);
}

/** Keeps the failures of runs up to run `last` (cutting the rest and any torn line); counts them. */
function keepFailures(path: string, last: readonly [number, number] | undefined, header: string[]): { failed: number; failedInternal: number } {
  if (!existsSync(path)) {
    writeFileAtomic(path, csvLine(header));
    return { failed: 0, failedInternal: 0 };
  }
  let first = true;
  let failed = 0;
  let failedInternal = 0;
  const end = scanLines(path, (line) => {
    if (first) { first = false; return; }
    const cells = line.split(',');
    const point = Number(cells[0]);
    if (!last || point > last[0] || (point === last[0] && Number(cells[1]) > last[1])) return false;
    failed++;
    if (cells[header.length - 2] === 'internal') failedInternal++; // the kind cell precedes the message
  });
  truncateFile(path, end);
  return { failed, failedInternal };
}
