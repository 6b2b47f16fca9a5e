/**
 * Output folders appear whole or not at all: files are written into a temporary sibling folder,
 * which is renamed into place only when complete. An existing folder is never overwritten unless
 * asked (`replace`), and then the swap is a rename too; a folder a running munisim writes is never
 * replaced. Temporaries left by writers that were killed are removed by the next writer.
 */
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../model/errors.js';
import { makeDirectory } from '../base/make-directory.js';
import { currentProcess, isRunning, liveLockHolder } from './folder-lock.js';

/** Longest folder name accepted: the file system allows 255 bytes, and the temporary sibling adds a suffix. */
export const MAX_FOLDER_NAME_BYTES = 200;
const MAX_NAME_BYTES = 255;
const MAX_PATH_BYTES = 4095;

/** What people are told for each operating-system error an output folder can meet. */
const ENVIRONMENT_ERRORS: Record<string, { message: string; hint: string }> = {
  ENOSPC: { message: 'the disk is full', hint: 'free some space, or choose a folder on another disk' },
  EDQUOT: { message: 'the disk quota is used up', hint: 'free some space, or choose a folder on another disk' },
  EROFS: { message: 'is on a read-only file system', hint: 'choose a folder on a writable disk' },
  EACCES: { message: 'permission denied: this user cannot write here', hint: 'choose a folder you can write to' },
  EPERM: { message: 'operation not permitted here', hint: 'choose a folder you can write to' },
  ENOTDIR: { message: 'a part of this path is a file, not a folder', hint: 'choose a path whose parents are folders' },
  EISDIR: { message: 'is a folder where a file was expected', hint: 'choose another folder' },
  ENAMETOOLONG: { message: 'the name is too long for the file system', hint: `keep each folder name under ${MAX_FOLDER_NAME_BYTES} characters` },
  EIO: { message: 'input/output error (a failing disk or network file system?)', hint: 'check the disk, or choose a folder on another one' },
  EMFILE: { message: 'too many open files', hint: 'raise the limit (ulimit -n), or run fewer threads' },
};
const NO_NEW_ENTRIES = { message: 'cannot create a folder here (its parent takes no new entries, as /proc does)', hint: 'choose a folder on a disk' };

/**
 * The user-facing error for an operating-system error met while writing output (a full disk, a
 * read-only file system, …), naming the path; any other error is returned unchanged.
 */
export function environmentError(error: unknown, path?: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // ENOENT from mkdir once its parent exists: a folder that takes no new entries (/proc, /sys).
  const noNewEntries = code === 'ENOENT' && (error as NodeJS.ErrnoException).syscall === 'mkdir';
  const known = noNewEntries ? NO_NEW_ENTRIES : code !== undefined ? ENVIRONMENT_ERRORS[code] : undefined;
  if (!known || error instanceof UserError) return error;
  const where = (error as NodeJS.ErrnoException).path ?? path;
  return new UserError({ ...(where !== undefined ? { path: where } : {}), message: `${known.message} (${code})`, hint: known.hint });
}

/** Calls `body`, turning operating-system errors into user errors that name the path. */
export async function withEnvironmentErrors<T>(path: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw environmentError(error, path);
  }
}

export interface OutputPathOptions {
  /** The model file: an output folder that holds it is refused (replacing the folder would delete it). */
  modelFile?: string;
  /** Default: process.cwd(). The working folder and its parents are refused. */
  cwd?: string;
  /** true: files are written inside `dir` itself (a sweep); false: in a temporary sibling, renamed into place. */
  inPlace?: boolean;
}

/**
 * Checks, before anything is written or run, that `dir` can become an output folder: it is not a
 * file, no parent of it is a file, its name fits the file system, the place is writable, and it
 * neither is nor holds the working folder or the model file.
 * @throws UserError naming the path and what is wrong with it
 */
export function checkOutputPath(dir: string, options: OutputPathOptions = {}): void {
  const target = resolve(dir);
  const cwd = resolve(options.cwd ?? process.cwd());
  const refuse = (message: string, hint: string): never => { throw new UserError({ path: shortPath(dir), message, hint }); };
  if (target === cwd || isInside(cwd, target)) {
    refuse(target === cwd ? 'is the working folder: replacing it would delete the folder you are working in'
      : `holds the working folder (${cwd}): replacing it would delete the folder you are working in`, 'choose a new folder, e.g. runs/NAME');
  }
  if (options.modelFile !== undefined && isInside(resolve(options.modelFile), target)) {
    refuse(`holds the model file ${options.modelFile}: replacing the folder would delete the model`, 'choose a folder that does not hold the model, e.g. runs/NAME');
  }
  const name = basename(target);
  if (Buffer.byteLength(name) > MAX_FOLDER_NAME_BYTES) {
    refuse(`the folder name is ${Buffer.byteLength(name)} characters long; at most ${MAX_FOLDER_NAME_BYTES} are allowed (the file system's limit is ${MAX_NAME_BYTES}, and the temporary folder beside it needs the rest)`, 'choose a shorter name');
  }
  const long = target.split(sep).find((part) => Buffer.byteLength(part) > MAX_NAME_BYTES);
  if (long !== undefined) refuse(`a folder name in this path is ${Buffer.byteLength(long)} characters long; the file system allows ${MAX_NAME_BYTES}`, 'choose shorter names');
  if (Buffer.byteLength(target) > MAX_PATH_BYTES) refuse(`the path is ${Buffer.byteLength(target)} characters long; the file system allows ${MAX_PATH_BYTES}`, 'choose a shorter path');

  // The nearest part of the path that exists must be a folder, and writable.
  let existing = target;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  let isFolder: boolean;
  try {
    isFolder = statSync(existing).isDirectory();
  } catch (error) {
    throw environmentError(error, existing);
  }
  if (!isFolder) {
    if (existing === target) refuse('is a file, not a folder', 'choose a folder name that is not taken by a file');
    refuse(`${existing} is a file, so no folder can be made under it`, 'choose a path whose parents are folders');
  }
  // A temporary sibling is renamed into place, so its parent must be writable too.
  const writable = options.inPlace || existing !== target ? [existing] : [existing, dirname(target)];
  for (const folder of writable) {
    try {
      accessSync(folder, constants.W_OK);
    } catch (error) {
      throw environmentError(error, folder);
    }
  }
}

/** A path as shown in a message: a very long one is cut in the middle. */
function shortPath(path: string): string {
  return path.length > 80 ? `${path.slice(0, 50)}…${path.slice(-20)}` : path;
}

/** Whether `child` is `parent` or lies under it (both resolved). */
function isInside(child: string, parent: string): boolean {
  const path = relative(parent, child);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/**
 * Refuses what cannot be written (see {@link checkOutputPath}), a non-empty existing folder unless
 * `replace`, and, even with `replace`, a folder that a running munisim is writing.
 */
export function checkOutputDir(dir: string, replace: boolean, options: OutputPathOptions = {}): void {
  checkOutputPath(dir, options);
  if (!existsSync(dir) || readdirSync(dir).length === 0) return;
  if (!replace) {
    throw new UserError({ path: dir, message: 'the output folder already exists and is not empty', hint: 'choose another `dir`, or add `replace` to replace it' });
  }
  checkNotLocked(dir);
}

/** @throws UserError if a running munisim holds the lock of `dir` */
export function checkNotLocked(dir: string): void {
  const holder = liveLockHolder(dir);
  if (holder !== undefined) {
    throw new UserError({
      path: dir,
      message: `a running munisim (process ${holder.pid}) is writing this folder, so it cannot be replaced`,
      hint: `wait for it to finish, or stop it first: kill ${holder.pid}`,
    });
  }
}

/** `.NAME.tmp-PID_START-TS` (or, from older versions, `.NAME.tmp-PID-TS`); `old` is the folder being replaced. */
const TEMPORARY = /^\.(.+)\.(tmp|old)-(\d+)(?:_(\d+))?-(\d+)$/;

function temporaryName(dir: string, kind: 'tmp' | 'old'): string {
  const { pid, start } = currentProcess();
  return join(dirname(resolve(dir)), `.${basename(dir)}.${kind}-${pid}${start !== undefined ? `_${start}` : ''}-${Date.now()}`);
}

/**
 * Removes the temporary folders in `parent` whose writer no longer runs (killed while writing):
 * every `.NAME.tmp-…`, and a `.NAME.old-…` once NAME is in place (otherwise it may be the only copy).
 * Best effort: a temporary that cannot be removed is left.
 * @returns the names removed
 */
export async function removeStaleTemporaries(parent: string): Promise<string[]> {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (!match) continue;
    const [, target, kind, pid, start] = match;
    if (isRunning({ pid: Number(pid), ...(start !== undefined ? { start: Number(start) } : {}) })) continue;
    if (kind === 'old' && !existsSync(join(parent, target))) continue;
    try {
      await rm(join(parent, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Not ours to insist on: the next writer tries again.
    }
  }
  return removed;
}

/** Calls `write(tmpDir)`, then renames tmpDir to `dir`. On failure the temporary folder is removed. */
export async function writeOutputDir(dir: string, replace: boolean, write: (tmpDir: string) => Promise<void>): Promise<void> {
  checkOutputDir(dir, replace);
  const parent = dirname(resolve(dir));
  await withEnvironmentErrors(dir, async () => {
    makeDirectory(parent);
    await removeStaleTemporaries(parent);
    const tmp = temporaryName(dir, 'tmp');
    try {
      await mkdir(tmp);
      await write(tmp);
      if (existsSync(dir)) {
        checkNotLocked(dir); // a sweep may have started in it while this was written
        const old = temporaryName(dir, 'old');
        await rename(dir, old);
        await rename(tmp, dir);
        await rm(old, { recursive: true, force: true });
      } else {
        await rename(tmp, dir);
      }
    } catch (error) {
      await rm(tmp, { recursive: true, force: true });
      // The user knows the folder by its own name, not by its temporary's.
      const os = error as NodeJS.ErrnoException;
      if (typeof os?.path === 'string' && os.path.startsWith(tmp)) os.path = dir + os.path.slice(tmp.length);
      throw error;
    }
  });
}

/** `runs/<group>/<name>`, refused if the names would lead outside `runsRoot`. */
export function runsFolder(runsRoot: string, group: string, name: string): string {
  const dir = join(runsRoot, group, name);
  const inside = relative(resolve(runsRoot), resolve(dir));
  if (inside.startsWith('..') || inside.split(sep).includes('..')) throw new UserError({ path: 'name', message: `"${group}" would write outside ${runsRoot}` });
  return dir;
}

/** A new folder name under `runs/<name>/`, unique even for runs started in the same second. */
export function defaultRunDir(runsRoot: string, modelName: string, label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = runsFolder(runsRoot, modelName, `${stamp}-${label}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  return dir;
}
