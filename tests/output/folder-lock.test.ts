/**
 * The folder lock: a lock is live only while the process it names runs — the same PID *and* the
 * same start time (PIDs are reused within minutes) — and a stale one is taken over.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentBootId, currentProcess, isRunning, liveLockHolder, lockFolder, processStartTicks, readLock } from '../../src/output/folder-lock.js';

const work = mkdtempSync(join(tmpdir(), 'munisim-lock-'));
let folders = 0;
const folder = () => { const dir = join(work, `f${folders++}`); spawnSync('mkdir', [dir]); return dir; };

/** The PID of a process that has exited (reuse within the test is as unlikely as it gets). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

/** Field 22 of /proc/PID/stat, read here independently of the module (the command name holds no ')' for node). */
function startFromProc(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[19]);
}

describe('process identity', () => {
  it('reads the start time of a process from /proc/PID/stat field 22', () => {
    expect(processStartTicks(process.pid)).toBe(startFromProc(process.pid));
    expect(processStartTicks(process.ppid)).toBe(startFromProc(process.ppid));
    expect(processStartTicks(deadPid())).toBeUndefined();
  });

  it('records PID, start time and boot id', () => {
    expect(currentProcess()).toEqual({ pid: process.pid, start: startFromProc(process.pid), boot: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() });
  });

  it.each([
    ['this process', () => currentProcess(), true],
    ['this PID with another start time (a reused PID)', () => ({ ...currentProcess(), start: startFromProc(process.pid) + 1 }), false],
    ['this PID and start time, but another boot', () => ({ ...currentProcess(), boot: '00000000-0000-0000-0000-000000000000' }), false],
    ['a PID that has exited', () => ({ pid: deadPid(), start: 1, boot: currentBootId() }), false],
    ['a live PID without a start time (an older lock): the PID decides', () => ({ pid: process.ppid }), true],
    ['PID 0 (an unreadable lock)', () => ({ pid: 0 }), false],
  ])('%s: running is %s', (_, stamp, running) => {
    expect(isRunning(stamp())).toBe(running);
  });
});

describe('lockFolder', () => {
  it('writes this process into .lock and removes it on release', () => {
    const dir = folder();
    const release = lockFolder(dir);
    expect(typeof release).toBe('function');
    expect(readLock(dir)).toEqual(currentProcess());
    (release as () => void)();
    expect(readLock(dir)).toBeUndefined();
  });

  it('refuses a folder locked by a running process, naming its PID', () => {
    const dir = folder();
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: process.ppid, start: startFromProc(process.ppid), boot: currentBootId() }));
    expect(lockFolder(dir)).toBe(process.ppid);
    expect(liveLockHolder(dir)?.pid).toBe(process.ppid);
  });

  // The parent process is alive, so only the start time can tell that the lock is not its own.
  it.each([
    ['another live process', () => process.ppid],
    ['this process', () => process.pid],
  ])('takes over a lock naming the PID of %s but another start time (the PID was reused)', (_, pid) => {
    const dir = folder();
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: pid(), start: startFromProc(pid()) - 5, boot: currentBootId() }));
    expect(liveLockHolder(dir)).toBeUndefined();
    const release = lockFolder(dir);
    expect(typeof release).toBe('function');
    expect(readLock(dir)).toEqual(currentProcess());
    (release as () => void)();
  });

  it.each([
    ['a PID that has exited', () => `${deadPid()}\n`],
    ['a lock torn while it was written', () => '{"pid":12'],
  ])('takes over a lock of %s', (_, text) => {
    const dir = folder();
    writeFileSync(join(dir, '.lock'), text());
    const release = lockFolder(dir);
    expect(typeof release).toBe('function');
    (release as () => void)();
  });
});
