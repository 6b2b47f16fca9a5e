/**
 * A journal of finished work for jobs that are analysed only at the end (sensitivity studies):
 * one JSON line per finished task (NaN kept as NaN), appended as it finishes. Rerunning the same job reads it back
 * and skips what is done; a line torn by a crash is ignored, but a whole line that is not a task
 * (`{}`, `null`: an edited file) is refused. The journal is deleted once the job's outputs are in place.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../model/errors.js';
import { decodeJson, encodeJson } from './json-numbers.js';

export class Journal<T> {
  constructor(readonly path: string) {}

  /**
   * Entries written by earlier attempts at the same job.
   * @param check - returns what is wrong with an entry (e.g. `expected …, got …`), or undefined if it is one
   * @throws UserError naming the file and line of the first entry `check` refuses
   */
  read(check?: (entry: unknown) => string | undefined): T[] {
    if (!existsSync(this.path)) return [];
    const entries: T[] = [];
    const lines = readFileSync(this.path, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!line) continue;
      let entry: unknown;
      try {
        entry = decodeJson<unknown>(line);
      } catch {
        // A line cut short by a crash (the next attempt's first line then follows it on the same line): that task is simply run again.
        continue;
      }
      const problem = check?.(entry);
      if (problem !== undefined) {
        throw new UserError({ file: this.path, line: i + 1, message: `not a finished task: ${problem}`, hint: 'the file was edited or damaged; delete it, or rerun with --force to start the study again' });
      }
      entries.push(entry as T);
    }
    return entries;
  }

  append(entry: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${encodeJson(entry)}\n`);
  }

  /** Deletes the journal, and its folder if no other journal is left in it. */
  remove(): void {
    rmSync(this.path, { force: true });
    try {
      rmdirSync(dirname(this.path));
    } catch {
      // Other jobs' journals are still there (or it is gone already).
    }
  }
}
