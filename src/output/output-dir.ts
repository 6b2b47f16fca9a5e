/**
 * Output folders appear whole or not at all: files are written into a temporary sibling folder,
 * which is renamed into place only when complete. An existing folder is never overwritten unless
 * asked (`replace`), and then the swap is a rename too.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../model/errors.js';

/** Refuses a non-empty existing folder unless `replace`. */
export function checkOutputDir(dir: string, replace: boolean): void {
  if (!replace && existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UserError({ path: dir, message: 'the output folder already exists and is not empty', hint: 'choose another --out, or add --force to replace it' });
  }
}

/** Calls `write(tmpDir)`, then renames tmpDir to `dir`. On failure the temporary folder is removed. */
export async function writeOutputDir(dir: string, replace: boolean, write: (tmpDir: string) => Promise<void>): Promise<void> {
  checkOutputDir(dir, replace);
  const parent = dirname(resolve(dir));
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}-${Date.now()}`);
  await mkdir(tmp);
  try {
    await write(tmp);
    if (existsSync(dir)) {
      const old = join(parent, `.${basename(dir)}.old-${process.pid}-${Date.now()}`);
      await rename(dir, old);
      await rename(tmp, dir);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, dir);
    }
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** A new folder name under `runs/<name>/`, unique even for runs started in the same second. */
export function defaultRunDir(runsRoot: string, modelName: string, label: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = join(runsRoot, modelName, `${stamp}-${label}`);
  let dir = base;
  for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
  const inside = relative(resolve(runsRoot), resolve(dir));
  if (inside.startsWith('..') || inside.split(sep).includes('..')) throw new UserError({ path: 'name', message: `"${modelName}" would write outside ${runsRoot}` });
  return dir;
}
