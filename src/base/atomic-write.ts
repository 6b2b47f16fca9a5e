/**
 * Replacing a file atomically: the new content goes to a temporary file beside it, which is renamed
 * over the old one only when complete. A reader — or a later munisim after a kill — sees the old
 * file or the whole new one, never a torn one. (Whole output folders: output/output-dir.ts.)
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

/**
 * Where the new content of `path` is written before the rename: `.NAME.tmp-PID` beside it (with the
 * thread id in a worker thread, so that threads of one process never share a temporary), or in
 * `tmpDir` when given — it must be on the same file system as `path` for the rename to be atomic.
 */
export function temporaryPath(path: string, tmpDir = dirname(path)): string {
  const owner = isMainThread ? `${process.pid}` : `${process.pid}-${threadId}`;
  return join(tmpDir, `.${basename(path)}.tmp-${owner}`);
}

/** Writes `content` to `path` atomically (synchronously). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  replaceFileSync(path, (tmp) => writeFileSync(tmp, content));
}

/**
 * Calls `write(tmp)` to produce the new content of `path` in a temporary file, then renames it over
 * `path`. If `write` throws, the temporary file is removed and `path` is left as it was.
 */
export function replaceFileSync(path: string, write: (tmp: string) => void, tmpDir?: string): void {
  const tmp = temporaryPath(path, tmpDir);
  try {
    write(tmp);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
