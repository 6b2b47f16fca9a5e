/**
 * Creating an output folder and its missing parents, one level at a time. Node's
 * `mkdir(…, { recursive: true })` retries for ever where a parent exists but refuses new entries
 * with ENOENT (e.g. under /proc); creating each level ourselves lets that error reach the user.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Creates `dir` and its missing parents; throws the file system's error (ENOENT, EACCES, ENOTDIR, …) as it is. */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    try {
      if (statSync(path).isDirectory()) break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    missing.push(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // made meanwhile by another writer
    }
  }
}
