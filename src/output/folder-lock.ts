/**
 * One writer per folder. A `.lock` file names the writing process by PID, start time and boot,
 * because PIDs are reused within minutes: a lock is live only while that very process runs. The
 * same test tells whether the writer of a temporary folder left beside an output is still at work.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process as a lock records it; `start` and `boot` are missing where /proc is not available. */
export interface ProcessStamp {
  pid: number;
  /** Start time in clock ticks since boot (/proc/PID/stat field 22). */
  start?: number;
  /** /proc/sys/kernel/random/boot_id: a start time means nothing after a reboot. */
  boot?: string;
}

export const LOCK_FILE = '.lock';

/** The start time of process `pid` in clock ticks since boot, or undefined if unknown (no such process, no /proc). */
export function processStartTicks(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2, the command name, is in parentheses and may itself hold spaces and ')': count from the last one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) ? ticks : undefined;
}

let bootId: string | undefined | null = null;

/** This boot's id, or undefined where the system does not say. */
export function currentBootId(): string | undefined {
  if (bootId === null) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      bootId = undefined;
    }
  }
  return bootId;
}

/** This process, as a lock records it. */
export function currentProcess(): ProcessStamp {
  const start = processStartTicks(process.pid);
  const boot = currentBootId();
  return { pid: process.pid, ...(start !== undefined ? { start } : {}), ...(boot !== undefined ? { boot } : {}) };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process `stamp` names still runs: a process with that PID exists and, where the stamp
 * records them, it started at the same tick of the same boot. Without a recorded start time (a
 * system without /proc) the PID alone decides, erring towards "running".
 */
export function isRunning(stamp: ProcessStamp): boolean {
  if (!Number.isSafeInteger(stamp.pid) || stamp.pid <= 0 || !pidExists(stamp.pid)) return false;
  const boot = currentBootId();
  if (stamp.boot !== undefined && boot !== undefined && stamp.boot !== boot) return false;
  if (stamp.start === undefined) return true;
  const start = processStartTicks(stamp.pid);
  return start === undefined || start === stamp.start;
}

/**
 * The process recorded in `dir/.lock`, or undefined if there is no lock. A lock of an older
 * munisim holds the PID alone; a lock that cannot be read at all is reported as PID 0 (not running).
 */
export function readLock(dir: string): ProcessStamp | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, LOCK_FILE), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (/^\d+$/.test(text)) return { pid: Number(text) };
  try {
    const value = JSON.parse(text) as Partial<ProcessStamp>;
    if (Number.isSafeInteger(value.pid)) {
      return {
        pid: value.pid!,
        ...(Number.isSafeInteger(value.start) ? { start: value.start } : {}),
        ...(typeof value.boot === 'string' ? { boot: value.boot } : {}),
      };
    }
  } catch {
    // A lock torn by a crash while it was written: nobody holds it.
  }
  return { pid: 0 };
}

/** The running process that holds `dir/.lock`, or undefined if the folder is free (no lock, or a stale one). */
export function liveLockHolder(dir: string): ProcessStamp | undefined {
  const holder = readLock(dir);
  return holder !== undefined && isRunning(holder) ? holder : undefined;
}

/**
 * Claims `dir` for this process, so two writers never append to the same files. A lock whose
 * process no longer runs (killed, or its PID now belongs to another process) is taken over.
 * @returns a function that releases the lock, or the PID of the running process that holds it
 */
export function lockFolder(dir: string): (() => void) | number {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${JSON.stringify(currentProcess())}\n`, { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = liveLockHolder(dir);
      if (holder !== undefined) return holder.pid;
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock ${dir}`);
}
