/**
 * The files of a sweep folder on disk and the rules that make it resumable: rows are whole lines
 * appended in (point, replication) order, so a folder left by a killed sweep holds a valid prefix
 * (at most one torn last line, which is cut off); small files are replaced atomically.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SWEEP_FILES = {
  design: 'design.csv',
  summary: 'summary.csv',
  aggregate: 'aggregate.csv',
  failures: 'failures.csv',
  /** Per run, interval sums of time series (sensitivity studies of series and the fan chart). */
  series: 'series.csv',
  manifest: 'manifest.json',
  runs: 'runs',
  tmp: '.tmp',
} as const;

/** The sweep manifest, or undefined if `dir` has none; throws if it is not JSON. */
export async function readManifestFile(dir: string): Promise<Record<string, unknown> | undefined> {
  const path = join(dir, SWEEP_FILES.manifest);
  if (!existsSync(path)) return undefined;
  const text = await readFile(path, 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Calls `visit(line, start, end)` for every complete line of `path` (without its newline), reading
 * in fixed-size chunks so memory does not grow with the file. Stops early when `visit` returns false.
 * Returns the byte offset just past the last complete line visited (or of the whole complete part).
 */
export function scanLines(path: string, visit: (line: string, start: number) => boolean | void): number {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 16);
    let carry = Buffer.alloc(0);
    let carryStart = 0;
    let position = 0;
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) return carryStart;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let from = 0;
      for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
        const line = data.toString('utf8', from, nl);
        if (visit(line, carryStart + from) === false) return carryStart + from;
        from = nl + 1;
      }
      carry = Buffer.from(data.subarray(from));
      carryStart += from;
      position += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** Cuts `path` to `length` bytes (drops a torn last line). */
export function truncateFile(path: string, length: number): void {
  if (statSync(path).size === length) return;
  const fd = openSync(path, 'r+');
  try { ftruncateSync(fd, length); } finally { closeSync(fd); }
}

/** The folder lock lives with the output folders; sweeps use it through here. */
export { lockFolder, liveLockHolder } from '../output/folder-lock.js';

/** An append-only file of CSV lines, flushed to the OS on every write. */
export class LineAppender {
  private readonly fd: number;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }
  append(text: string): void {
    if (text.length > 0) writeFileSync(this.fd, text);
  }
  /** Flushes to disk and closes. */
  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}
