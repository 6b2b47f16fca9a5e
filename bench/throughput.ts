/**
 * Figures beside the goals: sweep throughput of every shipped model at --jobs 1 and at every core,
 * peak memory of sweeps of 2,000 and 20,000 runs (it should not grow), and the engine alone per
 * shipped model (bench/engine.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { benchEngine } from './engine.js';
import { CORES, QUICKSTART, ROOT, fixed, freshPath, median, munisimSweep, munisimWithMemory, sweepSeconds, table, warmCli, type BenchSettings } from './lib.js';

/** Sweep throughput of every shipped model at --jobs 1 and --jobs <cores>. */
export function benchThroughput(settings: BenchSettings): void {
  warmCli();
  const models = readdirSync(join(ROOT, 'models')).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const rows: string[][] = [];
  for (const file of models) {
    const model = join(ROOT, 'models', file);
    // Size each model's sweep from a short probe so that every row takes a few seconds.
    const probe = munisimSweep(model, 100, 1);
    const perRun = Math.max(sweepSeconds(probe.dir) / 100, 1e-5);
    const replications = Math.max(200, Math.min(2000, Math.round((settings.quick ? 1 : 3) / perRun / 100) * 100));
    const serial: number[] = [];
    const parallel: number[] = [];
    const serialInside: number[] = [];
    const parallelInside: number[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      const one = munisimSweep(model, replications, 1);
      serial.push(one.seconds); serialInside.push(sweepSeconds(one.dir));
      const many = munisimSweep(model, replications, CORES);
      parallel.push(many.seconds); parallelInside.push(sweepSeconds(many.dir));
    }
    const [a, b, ai, bi] = [serial, parallel, serialInside, parallelInside].map(median);
    rows.push([file, String(replications), fixed(replications / a, 0), fixed(replications / b, 0), fixed(a / b), fixed(replications / ai, 0), fixed(replications / bi, 0), fixed(ai / bi)]);
  }
  table(`sweep throughput, --jobs 1 vs --jobs ${CORES} (${CORES} cores; median of ${settings.rounds}; "sweep" = inside the process, without start-up)`,
    ['model', 'runs', 'runs/s j1', `runs/s j${CORES}`, 'speed-up', 'sweep j1', `sweep j${CORES}`, 'speed-up'], rows);
}

/** Peak memory of a small and a ten-times larger quickstart sweep (it should not grow with runs). */
export function benchMemory(settings: BenchSettings): void {
  warmCli();
  const replications = settings.quick ? 500 : 2000;
  const rows: string[][] = [];
  for (const [points, jobs] of [[1, 1], [10, 1], [1, CORES], [10, CORES]] as const) {
    const vary = points > 1 ? ['--vary', `front_demand=10000:40000:${points}`] : [];
    const run = munisimWithMemory(['sweep', QUICKSTART, '--replications', String(replications), '--jobs', String(jobs), ...vary, '--out', freshPath('memory'), '--quiet']);
    rows.push([`${(points * replications).toLocaleString('en-US')} runs`, String(jobs), run.peakMb === undefined ? 'n/a (no /usr/bin/time)' : fixed(run.peakMb, 0)]);
  }
  table('peak resident memory of a quickstart sweep, whole process', ['sweep', 'jobs', 'MB'], rows);
}

/** The engine alone, in this process, one thread, per shipped model. */
export function benchEngineFigures(settings: BenchSettings): void {
  const figures = benchEngine(join(ROOT, 'models'), settings.quick ? 0.5 : 2);
  table('engine alone: one thread, no files, after the day tables are built (bench/engine.ts)',
    ['model', 'days', 'ms/run', 'days/s', 'events/run', 'events/s', 'set-up ms'],
    figures.map((f) => [f.model, String(f.days), fixed(f.msPerRun, 3), fixed(f.daysPerSecond, 0), fixed(f.eventsPerRun, 0), fixed(f.eventsPerSecond, 0), fixed(f.setupMs, 0)]));
}
