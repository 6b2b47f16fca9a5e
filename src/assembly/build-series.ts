/**
 * A rate written per period, or as a dated table or a CSV column, becomes one per-day quantity (the
 * rules are in src/model/series.ts). A CSV file is read from the model's own folder only — no
 * absolute path, no `..`, no symlink that leads out — and a bad cell is reported at its line. Files
 * are read through an `InputReader`, so a model sent elsewhere reads the copies sent with it.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import type { Path } from '../components/contract.js';
import { dateOfDay, dayIndex } from '../model/dates.js';
import { formatPath, type Issue } from '../model/errors.js';
import type { Quantity } from '../model/expressions.js';
import type { QuantityRule } from '../model/model.js';
import { checkRule } from '../model/rules.js';
import { readSeriesCsv, seriesQuantity, perDay, type SeriesRow, type SeriesValue } from '../model/series.js';

const MAX_CSV_BYTES = 10 * 1024 * 1024;

/** What reading an input file gives: its text, or why it could not be read. */
export type InputRead = { text: string } | { problem: string; hint?: string };

/**
 * Reads one of a model's input files by its path relative to the model's folder (already checked: not
 * absolute, no `..`; forward slashes, no `./`).
 */
export type InputReader = (path: string) => InputRead;

export interface SeriesTools {
  /** The model file (a CSV path is relative to its folder) and its start date. */
  file: string;
  start: string;
  /** Where CSV files come from; default the disk, beside `file`. */
  readInput?: InputReader;
  compile(value: number | string, path: Path): Quantity | undefined;
  report(path: Path, message: string, hint?: string): void;
  /** A problem in another file than the model (a CSV file). */
  issue(issue: Issue): void;
}

/** The per-day quantity of a rate written as an object; problems are reported, and a placeholder 0 returned. */
export function buildSeries(value: SeriesValue, path: Path, rule: QuantityRule, tools: SeriesTools): Quantity {
  const per = value.per ?? 'day';
  const zero: Quantity = { kind: 'constant', value: 0 };
  if (value.value !== undefined) return perDay(tools.compile(value.value, [...path, 'value']) ?? zero, per);
  const interpolate = value.interpolate ?? 'step';
  let rows: SeriesRow[] = [];
  let source: string;
  if (value.table !== undefined) {
    source = `table per ${per}`;
    let ok = true;
    value.table.forEach(([date, cell], j) => {
      const compiled = tools.compile(cell, [...path, 'table', j, 1]);
      if (!compiled) { ok = false; return; }
      if (compiled.kind === 'expression' && (compiled.usesT || ('state' in compiled && compiled.state !== undefined))) {
        tools.report([...path, 'table', j, 1], 'a table value may not read t or the run: the table says how the value changes with time', 'use a number or an expression over parameters');
        ok = false;
        return;
      }
      const problem = compiled.kind === 'constant' ? checkRule(compiled.value, rule) : undefined;
      if (problem && compiled.kind === 'constant') { tools.report([...path, 'table', j, 1], `${problem}, got ${compiled.value}`); ok = false; }
      const day = dayIndex(tools.start, date);
      if (j > 0 && day <= rows[rows.length - 1]?.day) {
        tools.report([...path, 'table', j, 0], `${date} is not after the row before (${value.table![j - 1][0]}); dates must increase`);
        ok = false;
      }
      rows.push({ day, value: compiled });
    });
    if (!ok) return zero;
    if (rows[0].day > 0) {
      tools.report([...path, 'table', 0, 0], beforeFirst(value.table[0][0], tools.start), `add a row [${tools.start}, …] (with 0 if nothing happened before ${value.table[0][0]})`);
      return zero;
    }
  } else {
    const csv = value.csv!;
    const column = value.column!;
    source = `${csv} column ${column} per ${per}`;
    const read = readCsvFile(csv, tools.readInput ?? diskInputReader(tools.file));
    if ('problem' in read) { tools.report([...path, 'csv'], read.problem, read.hint); return zero; }
    const { rows: parsed, problems } = readSeriesCsv(read.text, column);
    const shown = join(dirname(tools.file), csv);
    const issue = (line: number, message: string, hint?: string) => tools.issue({ file: shown, line, message, hint: hint ?? `read for ${formatPath(path)} of ${tools.file}` });
    for (const p of problems) issue(p.line, p.message);
    let bad = problems.length > 0;
    parsed.forEach((row, j) => {
      const problem = checkRule(row.value, rule);
      if (problem) { issue(row.line, `${column}: ${problem}, got ${row.value}`); bad = true; }
      if (j > 0 && row.date <= parsed[j - 1].date) { issue(row.line, `${row.date} is not after the line before (${parsed[j - 1].date}); dates must increase`); bad = true; }
    });
    if (bad) return zero;
    if (dayIndex(tools.start, parsed[0].date) > 0) {
      issue(parsed[0].line, beforeFirst(parsed[0].date, tools.start), `add a line dated ${tools.start} or earlier (with 0 if nothing happened before ${parsed[0].date})`);
      return zero;
    }
    rows = parsed.map((row) => ({ day: dayIndex(tools.start, row.date), value: { kind: 'constant', value: row.value } }));
  }
  return seriesQuantity(rows, interpolate, per, source);
}

function beforeFirst(first: string, start: string): string {
  return `the series starts on ${first}, after the model's start (${start}), so it says nothing for ${start} to ${dateOfDay(start, dayIndex(start, first) - 1)}`;
}

const HINT_PATH = 'give a path relative to the model file, inside its folder (e.g. data/us-output.csv)';

/** The text of CSV file `name` as written in the model, which must name a file inside the model's folder. */
function readCsvFile(name: string, readInput: InputReader): InputRead {
  const hint = HINT_PATH;
  if (isAbsolute(name) || /^[A-Za-z]:/.test(name) || name.startsWith('\\')) return { problem: `"${name}" is an absolute path`, hint };
  if (name.split(/[\\/]/).includes('..')) return { problem: `"${name}" leads out of the model's folder (..)`, hint };
  // One spelling per file (`./data/a.csv` is `data/a.csv`): it is how the file is recorded and hashed.
  return readInput(posix.normalize(name));
}

/**
 * Reads input files from the disk, inside the folder of `modelFile`: a symbolic link that leads
 * out of it, a file that is not a regular file or one over 10 MB is refused.
 */
export function diskInputReader(modelFile: string): InputReader {
  const folder = dirname(modelFile);
  return (name) => {
    const hint = HINT_PATH;
    const shown = join(folder, name);
    try {
      const realFolder = realpathSync(folder);
      const real = realpathSync(shown);
      const inside = relative(realFolder, real);
      if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
        return { problem: `"${name}" leads out of the model's folder (through a symbolic link, to ${real})`, hint };
      }
      const stats = statSync(real);
      if (!stats.isFile()) return { problem: `"${name}" is not a regular file`, hint };
      if (stats.size > MAX_CSV_BYTES) return { problem: `"${name}" is ${stats.size} bytes; a CSV file may be at most 10 MB` };
      return { text: readFileSync(real, 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { problem: code === 'ENOENT' ? `no such file: ${shown}` : `cannot read ${shown}: ${(error as Error).message}`, hint };
    }
  };
}
