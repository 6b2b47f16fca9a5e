/**
 * What every bench section shares: whole-process timing of the CLI, medians, tables, the load
 * average, a scratch folder, and the goals the summary lists with PASS or MISS. A bench reports; it
 * never fails on a miss.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('..', import.meta.url).pathname;
export const CLI = join(ROOT, 'bin', 'munisim.js');
export const QUICKSTART = join(ROOT, 'models', 'quickstart.yaml');
export const CORES = availableParallelism();

/** How big and how often: `quick` is for trying the bench, not for the goals. */
export interface BenchSettings {
  quick: boolean;
  /** Alternating rounds whose median is reported (at least 3). */
  rounds: number;
}

let scratch: string | undefined;
let scratchCount = 0;

/** A fresh path inside the bench's scratch folder (removed by {@link removeScratch}). */
export function freshPath(label: string): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'munisim-bench-'));
  return join(scratch, `${label}-${scratchCount++}`);
}

export function removeScratch(): void {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

export interface Timed { seconds: number; result: SpawnSyncReturns<string> }

/** Runs a command to completion, wall-timed; throws with its stderr if it fails. */
export function timed(command: string, args: string[]): Timed {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return { seconds, result };
}

/** `munisim ARGS…` as a whole process. */
export function munisim(args: string[]): Timed {
  return timed(process.execPath, [CLI, ...args]);
}

/**
 * Runs the CLI as the timed calls will, before anything is timed: a bundle of changed sources is built,
 * and V8's code cache beside it is saved for `run`, `sweep` and the pool workers (bin/load-bundle.js
 * saves it again for each command new to it), so every timed call starts as a user's second one does.
 */
export function warmCli(): void {
  munisim(['--version']);
  munisim(['run', QUICKSTART, '--out', freshPath('warm-run'), '--quiet']);
  munisim(['sweep', QUICKSTART, '--replications', '600', '--jobs', '2', '--out', freshPath('warm-sweep'), '--quiet']);
}

/** `munisim ARGS…` under /usr/bin/time -v: wall seconds and peak resident memory in MB (undefined without it). */
export function munisimWithMemory(args: string[]): Timed & { peakMb?: number } {
  if (!existsSync('/usr/bin/time')) return munisim(args);
  const run = timed('/usr/bin/time', ['-v', process.execPath, CLI, ...args]);
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.result.stderr);
  return { ...run, peakMb: match ? Number(match[1]) / 1024 : undefined };
}

/** `munisim sweep` of summaries only, as a whole process; returns wall seconds and the sweep folder. */
export function munisimSweep(model: string, replications: number, jobs: number, extra: string[] = []): Timed & { dir: string } {
  const dir = freshPath('sweep');
  const run = munisim(['sweep', model, '--replications', String(replications), '--jobs', String(jobs), '--keep', 'summary', '--out', dir, '--quiet', ...extra]);
  return { ...run, dir };
}

/**
 * Node code that starts every command of the JSON list in argv[1] at once, prints the wall seconds
 * from their start to the last one's end (its own start-up left out), and exits 1 if any failed.
 */
const RUN_AT_ONCE = `const { spawn } = require('node:child_process');
const started = performance.now();
Promise.all(JSON.parse(process.argv[1]).map((args) => new Promise((done) => spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] }).on('exit', done))))
  .then((codes) => { console.log((performance.now() - started) / 1000); process.exit(codes.every((code) => code === 0) ? 0 : 1); });`;

/**
 * `copies` separate `munisim sweep --jobs 1` processes of `replications` runs each, started together:
 * wall seconds until the last ends. Two such processes at once are the most two cores of this
 * machine give on the work, whatever a pool does, so the bench reports them beside `--jobs 2`.
 */
export function munisimSweepsAtOnce(model: string, replications: number, copies: number): number {
  const commands = Array.from({ length: copies }, (_, copy) =>
    [CLI, 'sweep', model, '--replications', String(replications), '--jobs', '1', '--keep', 'summary', '--out', freshPath(`at-once-${copy}`), '--quiet']);
  return Number(timed(process.execPath, ['-e', RUN_AT_ONCE, JSON.stringify(commands)]).result.stdout);
}

/** Seconds the sweep itself spent running (from its manifest), i.e. without process start-up. */
export function sweepSeconds(dir: string): number {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { sessions: { elapsed_seconds: number }[] };
  return manifest.sessions[manifest.sessions.length - 1].elapsed_seconds;
}

/** CPU seconds (user + system, all threads of this process) and wall seconds of `work`. */
export function cpuTimed<T>(work: () => T): { cpu: number; wall: number; value: T } {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const value = work();
  const cpu = process.cpuUsage(cpuStart);
  return { cpu: (cpu.user + cpu.system) / 1e6, wall: (performance.now() - wallStart) / 1000, value };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fixed = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
export const rounds = (values: number[], digits = 2): string => values.map((x) => fixed(x, digits)).join(' ');
export const count = (x: number): string => Math.round(x).toLocaleString('en-US');

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): string {
  return loadavg().map((x) => x.toFixed(2)).join(' ');
}

/** Prints a table; the first `left` columns are text (aligned left), the others figures (aligned right). */
export function table(title: string, header: string[], rows: string[][], left = 1): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < left ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** One goal of issue 14 as measured: the figure, the target in words, and whether it was met. */
export interface Goal {
  section: string;
  name: string;
  figure: string;
  target: string;
  pass: boolean;
  /** Load averages at the start and end of the section that measured it. */
  load?: string;
}

const goals: Goal[] = [];

/** Records a goal for the summary and returns its verdict word, to print beside the figure. */
export function goal(section: string, name: string, figure: string, target: string, pass: boolean): string {
  goals.push({ section, name, figure, target, pass });
  return verdict(pass);
}

export const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

/** The goals recorded since `from` (an index into the list) get the section's load averages. */
export function stampLoad(from: number, load: string): void {
  for (const g of goals.slice(from)) g.load = load;
}

export function recordedGoals(): Goal[] {
  return goals;
}
