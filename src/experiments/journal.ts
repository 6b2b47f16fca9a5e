/**
 * A journal of finished work for jobs that are analysed only at the end (sensitivity studies):
 * one JSON line per finished task (NaN kept as NaN), appended as it finishes. Rerunning the same job reads it back
 * and skips what is done; a line torn by a crash is ignored. The journal is deleted once the job's
 * outputs are in place.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeJson, encodeJson } from './json-numbers.js';

export class Journal<T> {
  constructor(readonly path: string) {}

  /** Entries written by earlier attempts at the same job. */
  read(): T[] {
    if (!existsSync(this.path)) return [];
    const entries: T[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        entries.push(decodeJson<T>(line));
      } catch {
        // The last line of an interrupted job may be cut short: that task is simply run again.
      }
    }
    return entries;
  }

  append(entry: T): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${encodeJson(entry)}\n`);
  }

  remove(): void {
    rmSync(this.path, { force: true });
  }
}
