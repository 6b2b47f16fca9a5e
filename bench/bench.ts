/**
 * `npm run bench`: munisim's speed and memory, measured as users run it — whole CLI processes.
 * Each section is a function of its own (others may add engine figures beside them):
 *   sweep vs SimPy  2000 replications of models/quickstart.yaml by `munisim sweep --jobs 1` and by the
 *                   same model hand-written in SimPy 3 (bench/quickstart_simpy.py), alternately, 3 rounds
 *                   each; median wall times, their ratio, and the mean KPIs of both side by side.
 *   throughput      runs/s of every shipped model at --jobs 1 and --jobs <cores>, and the scaling ratio.
 *   memory          peak resident memory of a sweep of 2,000 and of 20,000 runs (it should not grow).
 *   engine          the event loop alone, in this process: ms per run, simulated days and simjs events
 *                   per second for every shipped model (bench/engine.ts).
 * Timings are medians of alternating rounds, so a busy machine slows both sides alike.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchEngine } from './engine.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin', 'munisim.js');
const QUICKSTART = join(ROOT, 'models', 'quickstart.yaml');
const ROUNDS = 3;
const REPLICATIONS = 2000;
const CORES = availableParallelism();

const scratch = mkdtempSync(join(tmpdir(), 'munisim-bench-'));
let scratchCount = 0;
const freshDir = (label: string) => join(scratch, `${label}-${scratchCount++}`);

interface Timed { seconds: number; result: SpawnSyncReturns<string> }

/** Runs a command to completion; throws with its stderr if it fails. */
function timed(command: string, args: string[]): Timed {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stderr}`);
  }
  return { seconds, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function table(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

const fixed = (x: number, digits = 2) => x.toFixed(digits);

/** `munisim sweep` as a whole process; returns wall seconds and the sweep folder. */
function munisimSweep(model: string, replications: number, jobs: number, extra: string[] = []): Timed & { dir: string } {
  const dir = freshDir('sweep');
  const run = timed(process.execPath, [CLI, 'sweep', model, '--replications', String(replications), '--jobs', String(jobs), '--keep', 'summary', '--out', dir, '--quiet', ...extra]);
  return { ...run, dir };
}

/** Seconds the sweep itself spent running (from its manifest), i.e. without process start-up. */
function sweepSeconds(dir: string): number {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { sessions: { elapsed_seconds: number }[] };
  return manifest.sessions[manifest.sessions.length - 1].elapsed_seconds;
}

/** A python3 that can import simpy, installing Debian's python3-simpy3 through bench/setup.sh if none can. */
function findSimpyPython(): string {
  const candidates = ['python3', '/usr/bin/python3'];
  const works = (python: string) => spawnSync(python, ['-c', 'import simpy'], { encoding: 'utf8' }).status === 0;
  for (const python of candidates) if (works(python)) return python;
  console.log('SimPy not found: installing python3-simpy3 with bench/setup.sh …');
  const setup = spawnSync('bash', [join(ROOT, 'bench', 'setup.sh')], { stdio: 'inherit' });
  if (setup.status === 0) for (const python of candidates) if (works(python)) return python;
  throw new Error('no python3 can import simpy; install python3-simpy3 (bench/setup.sh)');
}

/** Mean of every numeric column of a CSV with a header, skipping empty cells. */
function columnMeans(path: string): Map<string, { mean: number; sd: number; n: number }> {
  const [headerLine, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const header = headerLine.split(',');
  const sums = header.map(() => ({ n: 0, sum: 0, sumSquares: 0 }));
  for (const line of lines) {
    line.split(',').forEach((cell, c) => {
      if (cell === '') return;
      const x = Number(cell);
      sums[c].n++; sums[c].sum += x; sums[c].sumSquares += x * x;
    });
  }
  return new Map(header.map((name, c) => {
    const { n, sum, sumSquares } = sums[c];
    const mean = sum / n;
    return [name, { mean, sd: Math.sqrt(Math.max(0, (sumSquares - n * mean * mean) / (n - 1))), n }];
  }));
}

/** Section 1: 2000 replications of the quickstart model, munisim vs the SimPy peer, alternately. */
function benchSimpyPeer(): { munisimSeconds: number } {
  const python = findSimpyPython();
  const peer = join(ROOT, 'bench', 'quickstart_simpy.py');
  const munisim: number[] = [];
  const munisimInside: number[] = [];
  const simpy: number[] = [];
  const simpyInside: number[] = [];
  let lastSweep = '';
  let lastPeer = '';
  for (let round = 0; round < ROUNDS; round++) {
    const sweep = munisimSweep(QUICKSTART, REPLICATIONS, 1);
    munisim.push(sweep.seconds);
    munisimInside.push(sweepSeconds(sweep.dir));
    lastSweep = sweep.dir;
    lastPeer = join(scratch, `simpy-${round}.csv`);
    const peerRun = timed(python, [peer, '--replications', String(REPLICATIONS), '--out', lastPeer]);
    simpy.push(peerRun.seconds);
    simpyInside.push(Number(/in ([\d.]+) s/.exec(peerRun.result.stderr)?.[1] ?? NaN));
  }
  const m = median(munisim);
  const s = median(simpy);
  table(`1. ${REPLICATIONS} replications of models/quickstart.yaml, ${ROUNDS} alternating rounds (median wall time, whole process)`,
    ['', 'seconds', 'runs/s', 'rounds'],
    [
      ['munisim sweep --jobs 1', fixed(m), fixed(REPLICATIONS / m, 0), munisim.map((x) => fixed(x)).join(' ')],
      ['  of which running the sweep', fixed(median(munisimInside)), fixed(REPLICATIONS / median(munisimInside), 0), munisimInside.map((x) => fixed(x)).join(' ')],
      ['  so start-up (node, modules, model)', fixed(m - median(munisimInside)), '', ''],
      [`SimPy 3 peer (${python})`, fixed(s), fixed(REPLICATIONS / s, 0), simpy.map((x) => fixed(x)).join(' ')],
      ['  of which running the replications', fixed(median(simpyInside)), fixed(REPLICATIONS / median(simpyInside), 0), simpyInside.map((x) => fixed(x)).join(' ')],
      ['ratio munisim / SimPy, whole process (target ≤ 0.33)', fixed(m / s), '', ''],
      ['ratio munisim / SimPy, runs only (start-up excluded)', fixed(median(munisimInside) / median(simpyInside)), '', ''],
    ]);

  // Same model? Means over the replications, with the difference in standard errors.
  const ours = columnMeans(join(lastSweep, 'summary.csv'));
  const theirs = columnMeans(lastPeer);
  const kpis = ['produced_total', 'consumed_total', 'demand_total', 'shortfall_total', 'fill_rate',
    'first_shortfall_day.ru-front', 'first_detection_day.rajin-dunai', 'final_stock.nk-depot', 'final_stock.ru-depot'];
  table('   same model? mean KPIs over the replications (z = difference / its standard error; |z| < 3 expected)',
    ['KPI', 'munisim', 'SimPy', 'diff %', 'z'],
    kpis.filter((k) => ours.has(k) && theirs.has(k)).map((k) => {
      const a = ours.get(k)!;
      const b = theirs.get(k)!;
      const se = Math.sqrt((a.sd ** 2) / a.n + (b.sd ** 2) / b.n);
      return [k, a.mean.toFixed(a.mean < 10 ? 4 : 0), b.mean.toFixed(b.mean < 10 ? 4 : 0), fixed((100 * (b.mean - a.mean)) / a.mean), se > 0 ? fixed((b.mean - a.mean) / se) : '0'];
    }));
  return { munisimSeconds: m };
}

/** Section 2: sweep throughput of every shipped model at --jobs 1 and --jobs <cores>. */
function benchThroughput(): void {
  const models = readdirSync(join(ROOT, 'models')).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const rows: string[][] = [];
  for (const file of models) {
    const model = join(ROOT, 'models', file);
    // Size each model's sweep from a short probe so that every row takes a few seconds.
    const probe = munisimSweep(model, 100, 1);
    const perRun = Math.max(sweepSeconds(probe.dir) / 100, 1e-5);
    const replications = Math.max(200, Math.min(REPLICATIONS, Math.round(3 / perRun / 100) * 100));
    const serial: number[] = [];
    const parallel: number[] = [];
    const serialInside: number[] = [];
    const parallelInside: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const one = munisimSweep(model, replications, 1);
      serial.push(one.seconds); serialInside.push(sweepSeconds(one.dir));
      const many = munisimSweep(model, replications, CORES);
      parallel.push(many.seconds); parallelInside.push(sweepSeconds(many.dir));
    }
    const [a, b, ai, bi] = [serial, parallel, serialInside, parallelInside].map(median);
    rows.push([file, String(replications), fixed(replications / a, 0), fixed(replications / b, 0), fixed(a / b), fixed(replications / ai, 0), fixed(replications / bi, 0), fixed(ai / bi)]);
  }
  table(`2. sweep throughput, --jobs 1 vs --jobs ${CORES} (${CORES} cores; median of ${ROUNDS}; "sweep" = inside the process, without start-up)`,
    ['model', 'runs', 'runs/s j1', `runs/s j${CORES}`, 'speed-up', 'sweep j1', `sweep j${CORES}`, 'speed-up'], rows);
}

/** Peak resident set size of a command, in MB: /usr/bin/time -v, or the process's own rusage. */
function peakMemoryMb(args: string[]): number {
  if (existsSync('/usr/bin/time')) {
    const result = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (result.status !== 0) throw new Error(`sweep failed:\n${result.stderr}`);
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
    if (match) return Number(match[1]) / 1024;
  }
  // Fallback: run the CLI in a wrapper that reports its own peak (threads share the process).
  const wrapper = `process.on('exit', () => process.stderr.write('maxrss ' + process.resourceUsage().maxRSS + '\\n')); process.argv.splice(1, 1); await import(${JSON.stringify(CLI)});`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, '--', ...args.slice(1)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  const match = /maxrss (\d+)/.exec(result.stderr);
  if (!match) throw new Error(`could not measure memory:\n${result.stderr}`);
  return Number(match[1]) / 1024;
}

/** Section 3: peak memory of a small and a ten-times larger sweep (it should not grow with runs). */
function benchMemory(): void {
  const rows: string[][] = [];
  for (const [points, jobs] of [[1, 1], [10, 1], [1, CORES], [10, CORES]] as const) {
    const vary = points > 1 ? ['--vary', `front_demand=10000:40000:${points}`] : [];
    const dir = freshDir('memory');
    const mb = peakMemoryMb([CLI, 'sweep', QUICKSTART, '--replications', String(REPLICATIONS), '--jobs', String(jobs), ...vary, '--out', dir, '--quiet']);
    rows.push([`${(points * REPLICATIONS).toLocaleString('en-US')} runs`, String(jobs), fixed(mb, 0)]);
  }
  table('3. peak resident memory of a quickstart sweep, whole process (target < 300 MB)', ['sweep', 'jobs', 'MB'], rows);
}

/** Section 4: the engine alone (bench/engine.ts), in this process, one thread. */
function benchEngineFigures(): void {
  const figures = benchEngine(join(ROOT, 'models'));
  table('4. engine alone: one thread, no files, after the day tables are built (bench/engine.ts)',
    ['model', 'days', 'ms/run', 'days/s', 'events/run', 'events/s', 'set-up ms'],
    figures.map((f) => [f.model, String(f.days), fixed(f.msPerRun, 3), fixed(f.daysPerSecond, 0), fixed(f.eventsPerRun, 0), fixed(f.eventsPerSecond, 0), fixed(f.setupMs, 0)]));
}

try {
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`munisim bench: node ${process.version}, ${CORES} cores, ${new Date().toISOString()}, load average ${load()}`);
  benchSimpyPeer();
  benchThroughput();
  benchMemory();
  benchEngineFigures();
  console.log(`\nload average at the end: ${load()} (other work on the machine slows the multi-threaded figures most)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
