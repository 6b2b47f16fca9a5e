/**
 * Output folders: every place that cannot become one is refused up front with the path and the
 * reason (never an internal error), operating-system errors are named, a folder a running munisim
 * writes is never replaced, and temporaries left by killed writers are cleaned up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { currentBootId } from '../../src/output/folder-lock.js';
import { checkOutputDir, checkOutputPath, environmentError, removeStaleTemporaries, writeOutputDir } from '../../src/output/output-dir.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-outdir-'));
writeFileSync(join(work, 'a-file'), 'not a folder');
mkdirSync(join(work, 'models'));
writeFileSync(join(work, 'models', 'm.yaml'), 'name: m');
mkdirSync(join(work, 'cwd', 'deeper'), { recursive: true });

const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;
const startOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);

/** The message of the UserError `body` throws (fails the test if it throws anything else). */
function userErrorOf(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError, nothing was thrown');
}

describe('checkOutputPath refuses, naming the path and what is wrong', () => {
  const cwd = join(work, 'cwd', 'deeper');
  it.each([
    ['an existing file', join(work, 'a-file'), /a-file: is a file, not a folder/],
    ['a folder under a file (ENOTDIR)', join(work, 'a-file', 'sub'), /a-file is a file, so no folder can be made under it/],
    ['a 300-character name (ENAMETOOLONG)', join(work, 'x'.repeat(300)), /the folder name is 300 characters long; at most 200/],
    ['a name too long for the temporary beside it (240 characters)', join(work, 'y'.repeat(240)), /is 240 characters long; at most 200/],
    ['the working folder', cwd, /is the working folder: replacing it would delete the folder you are working in/],
    ['a parent of the working folder', join(work, 'cwd'), /holds the working folder .*deeper/],
    ['a folder holding the model file', join(work, 'models'), /holds the model file .*m\.yaml/],
  ])('%s', (_, dir, message) => {
    expect(userErrorOf(() => checkOutputPath(dir, { cwd, modelFile: join(work, 'models', 'm.yaml') }))).toMatch(message);
  });

  it('accepts a new folder, deep or not, and a 200-character name', () => {
    expect(() => checkOutputPath(join(work, 'new', 'deep', 'folder'))).not.toThrow();
    expect(() => checkOutputPath(join(work, 'z'.repeat(200)))).not.toThrow();
  });

  it('refuses "." relative to the working folder', () => {
    expect(userErrorOf(() => checkOutputPath('.', { cwd: process.cwd() }))).toMatch(/^\.: is the working folder/);
  });
});

describe('environmentError names operating-system errors (tests run as root, so the codes are mapped directly)', () => {
  const osError = (code: string, path = '/data/out') => Object.assign(new Error(`${code}: something, open '${path}'`), { code, path });
  it.each([
    ['ENOSPC', /\/data\/out: the disk is full \(ENOSPC\) \(free some space/],
    ['EDQUOT', /\/data\/out: the disk quota is used up \(EDQUOT\)/],
    ['EROFS', /\/data\/out: is on a read-only file system \(EROFS\) \(choose a folder on a writable disk\)/],
    ['EACCES', /\/data\/out: permission denied: this user cannot write here \(EACCES\)/],
    ['EPERM', /\/data\/out: operation not permitted here \(EPERM\)/],
    ['ENOTDIR', /\/data\/out: a part of this path is a file, not a folder \(ENOTDIR\)/],
    ['ENAMETOOLONG', /\/data\/out: the name is too long for the file system \(ENAMETOOLONG\)/],
    ['EIO', /\/data\/out: input\/output error/],
  ])('%s', (code, message) => {
    const mapped = environmentError(osError(code));
    expect(mapped).toBeInstanceOf(UserError);
    expect((mapped as UserError).message).toMatch(message);
  });

  it('leaves other errors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(environmentError(bug)).toBe(bug);
    const other = osError('ECONNREFUSED');
    expect(environmentError(other)).toBe(other);
  });

  it('writeOutputDir turns a full disk while writing into a user error and leaves no temporary behind', async () => {
    const parent = join(work, 'full');
    mkdirSync(parent);
    const written = writeOutputDir(join(parent, 'out'), false, async () => { throw osError('ENOSPC', join(parent, 'out', 'timeseries.csv')); });
    await expect(written).rejects.toThrow(/timeseries\.csv: the disk is full \(ENOSPC\)/);
    await expect(written).rejects.toBeInstanceOf(UserError);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("names the output folder, not its temporary, when a file inside fails", async () => {
    const parent = join(work, 'full-inside');
    mkdirSync(parent);
    const out = join(parent, 'out');
    const written = writeOutputDir(out, false, async (tmp) => { throw osError('ENOSPC', join(tmp, 'timeseries.csv')); });
    await expect(written).rejects.toThrow(`${join(out, 'timeseries.csv')}: the disk is full (ENOSPC)`);
    await expect(written).rejects.not.toThrow(/\.tmp-/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('checkOutputPath maps a read-only place found by access(2)', () => {
    // /proc/sys is read-only for everyone, root included.
    expect(userErrorOf(() => checkOutputPath('/proc/sys/munisim-out'))).toMatch(/\/proc\/sys: (is on a read-only file system \(EROFS\)|permission denied)/);
  });
});

describe('a folder a running munisim writes is not replaced', () => {
  it('checkOutputDir refuses --force on a folder locked by a live process, naming its PID', () => {
    const dir = join(work, 'locked');
    mkdirSync(dir);
    writeFileSync(join(dir, 'summary.csv'), 'x\n');
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.ppid, start: startOf(process.ppid), boot: currentBootId() }));
    expect(userErrorOf(() => checkOutputDir(dir, true))).toMatch(new RegExp(`process ${process.ppid}\\) is writing this folder`));
    // The same lock with a wrong start time is stale: the folder may be replaced.
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.ppid, start: startOf(process.ppid) + 1, boot: currentBootId() }));
    expect(() => checkOutputDir(dir, true)).not.toThrow();
  });
});

describe('temporaries of killed writers', () => {
  it('removes .NAME.tmp-… of dead or reused PIDs, keeps live ones and an .old-… that is the only copy', async () => {
    const parent = join(work, 'temps');
    const dead = deadPid();
    const me = process.pid;
    const names = {
      deadOld: `.a.tmp-${dead}-1700000000000`,
      deadNew: `.b.tmp-${dead}_123-1700000000000`,
      reused: `.c.tmp-${me}_${startOf(me) + 7}-1700000000000`,
      live: `.d.tmp-${me}_${startOf(me)}-1700000000000`,
      liveOldStyle: `.e.tmp-${process.ppid}-1700000000000`,
      oldReplaced: `.f.old-${dead}-1700000000000`,
      oldOnlyCopy: `.g.old-${dead}-1700000000000`,
      unrelated: '.h.tmp-notours',
    };
    for (const name of Object.values(names)) mkdirSync(join(parent, name), { recursive: true });
    mkdirSync(join(parent, 'f'));
    const removed = await removeStaleTemporaries(parent);
    expect(removed.sort()).toEqual([names.deadOld, names.deadNew, names.reused, names.oldReplaced].sort());
    expect(readdirSync(parent).sort()).toEqual([names.live, names.liveOldStyle, names.oldOnlyCopy, names.unrelated, 'f'].sort());
  });

  it('writeOutputDir cleans its parent of a killed writer\'s temporary', async () => {
    const parent = join(work, 'runs');
    const stale = join(parent, `.20250101-120000-seed1.tmp-${deadPid()}-1700000000000`);
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, 'timeseries.csv'), 'a,b\n');
    await writeOutputDir(join(parent, 'next'), false, async (tmp) => { writeFileSync(join(tmp, 'summary.csv'), 'k,v\n'); });
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(parent)).toEqual(['next']);
  });
});
