/**
 * munisim against its SimPy peer: replications of models/quickstart.yaml by `munisim sweep` at
 * `--jobs 1` and at every core, and by the same model hand-written in SimPy 3
 * (bench/quickstart_simpy.py), alternately, whole processes; then the mean KPIs of both side by side.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CORES, QUICKSTART, ROOT, fixed, freshPath, goal, median, munisimSweep, rounds, sweepSeconds, table, timed, warmCli,
  type BenchSettings,
} from './lib.js';

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

export function benchPeer(settings: BenchSettings): void {
  const replications = settings.quick ? 500 : 2000;
  const python = findSimpyPython();
  const peer = join(ROOT, 'bench', 'quickstart_simpy.py');
  warmCli();
  const one: number[] = [];
  const oneInside: number[] = [];
  const all: number[] = [];
  const allInside: number[] = [];
  const simpy: number[] = [];
  const simpyInside: number[] = [];
  let lastSweep = '';
  let lastPeer = '';
  for (let round = 0; round < settings.rounds; round++) {
    const serial = munisimSweep(QUICKSTART, replications, 1);
    one.push(serial.seconds);
    oneInside.push(sweepSeconds(serial.dir));
    lastSweep = serial.dir;
    const parallel = munisimSweep(QUICKSTART, replications, CORES);
    all.push(parallel.seconds);
    allInside.push(sweepSeconds(parallel.dir));
    lastPeer = freshPath('simpy') + '.csv';
    const peerRun = timed(python, [peer, '--replications', String(replications), '--out', lastPeer]);
    simpy.push(peerRun.seconds);
    simpyInside.push(Number(/in ([\d.]+) s/.exec(peerRun.result.stderr)?.[1] ?? NaN));
  }
  const [m1, mN, s] = [one, all, simpy].map(median);
  const ratio1 = s / m1;
  const ratioN = s / mN;
  const v1 = goal('simpy', `SimPy / munisim, ${replications} quickstart runs, --jobs 1`, `${fixed(ratio1)}×`, '≥ 5×', ratio1 >= 5);
  const vN = goal('simpy', `SimPy / munisim, ${replications} quickstart runs, --jobs ${CORES}`, `${fixed(ratioN)}×`, CORES === 2 ? '≥ 8×' : '≥ 8× (goal set for 2 cores)', ratioN >= 8);
  table(`${replications} replications of models/quickstart.yaml, ${settings.rounds} alternating rounds (median wall time, whole process)`,
    ['', 'seconds', 'runs/s', 'rounds'],
    [
      ['munisim sweep --jobs 1', fixed(m1), fixed(replications / m1, 0), rounds(one)],
      ['  of which running the sweep', fixed(median(oneInside)), fixed(replications / median(oneInside), 0), rounds(oneInside)],
      [`munisim sweep --jobs ${CORES}`, fixed(mN), fixed(replications / mN, 0), rounds(all)],
      ['  of which running the sweep', fixed(median(allInside)), fixed(replications / median(allInside), 0), rounds(allInside)],
      [`SimPy 3 peer (${python})`, fixed(s), fixed(replications / s, 0), rounds(simpy)],
      ['  of which running the replications', fixed(median(simpyInside)), fixed(replications / median(simpyInside), 0), rounds(simpyInside)],
    ]);
  console.log(`SimPy / munisim --jobs 1, whole process: ${fixed(ratio1)}× faster (goal ≥ 5×) ${v1}`);
  console.log(`SimPy / munisim --jobs ${CORES}, whole process: ${fixed(ratioN)}× faster (goal ≥ 8× on 2 cores) ${vN}`);
  console.log(`SimPy / munisim --jobs 1, runs only (start-up excluded on both sides): ${fixed(median(simpyInside) / median(oneInside))}×`);

  // Same model? Means over the replications, with the difference in standard errors.
  const ours = columnMeans(join(lastSweep, 'summary.csv'));
  const theirs = columnMeans(lastPeer);
  const kpis = ['produced_total', 'consumed_total', 'demand_total', 'shortfall_total', 'fill_rate',
    'first_shortfall_day.ru-front', 'first_detection_day.rajin-dunai', 'final_stock.nk-depot', 'final_stock.ru-depot'];
  table('same model? mean KPIs over the replications of the last round (z = difference / its standard error; |z| < 3 expected)',
    ['KPI', 'munisim', 'SimPy', 'diff %', 'z'],
    kpis.filter((k) => ours.has(k) && theirs.has(k)).map((k) => {
      const a = ours.get(k)!;
      const b = theirs.get(k)!;
      const se = Math.sqrt((a.sd ** 2) / a.n + (b.sd ** 2) / b.n);
      return [k, a.mean.toFixed(a.mean < 10 ? 4 : 0), b.mean.toFixed(b.mean < 10 ? 4 : 0), fixed((100 * (b.mean - a.mean)) / a.mean), se > 0 ? fixed((b.mean - a.mean) / se) : '0'];
    }));
}
