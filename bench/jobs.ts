/**
 * Every core: `munisim sweep --jobs 2` against `--jobs 1` on a short sweep (about 1.5 s at --jobs 1)
 * and a long one (at least 20 s), quickstart replications sized from a probe, alternately, whole
 * processes. Beside them, two separate `--jobs 1` processes of half the runs each, started
 * together: what two cores of this machine give on the same work with nothing shared, the ceiling
 * a pool is judged against (on a virtual machine, two busy cores can slow each other's runs: here
 * the pair has measured from 1.34× to 1.99× one process).
 */
import { QUICKSTART, count, fixed, goal, median, munisimSweep, munisimSweepsAtOnce, rounds, sweepSeconds, table, warmCli, type BenchSettings } from './lib.js';

interface Sweep { label: string; replications: number; target: string; one: number[]; two: number[]; oneInside: number[]; twoInside: number[]; pair: number[] }

export function benchJobs(settings: BenchSettings): void {
  warmCli();
  const probe = munisimSweep(QUICKSTART, 2000, 1);
  const inside = sweepSeconds(probe.dir);
  const perRun = inside / 2000;
  const startup = Math.max(0, probe.seconds - inside);
  const sized = (seconds: number, step: number) => Math.max(step, Math.round(Math.max(0, seconds - startup) / perRun / step) * step);
  // Aimed above 20 s: a busy machine makes the probe run slow, and the sweep shorter than aimed.
  const longSeconds = settings.quick ? 5 : 25;
  const sweeps: Sweep[] = [
    { label: 'short sweep', replications: sized(1.5, 100), target: '> 1×', one: [], two: [], oneInside: [], twoInside: [], pair: [] },
    { label: 'long sweep', replications: Math.max(1000, Math.ceil(Math.max(0, longSeconds - startup) / perRun / 1000) * 1000), target: '≥ 1.8×', one: [], two: [], oneInside: [], twoInside: [], pair: [] },
  ];
  // A short probe overstates the cost of a run (its first runs warm the JIT up): one long run at
  // --jobs 1 corrects the size before the rounds start.
  if (!settings.quick) {
    const trial = munisimSweep(QUICKSTART, sweeps[1].replications, 1).seconds;
    if (trial < 20) sweeps[1].replications = Math.ceil((sweeps[1].replications * (longSeconds - startup)) / Math.max(trial - startup, 0.1) / 1000) * 1000;
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const sweep of sweeps) {
      const order = round % 2 === 0 ? [1, 2, 0] : [0, 2, 1];
      for (const jobs of order) {
        if (jobs === 0) { sweep.pair.push(munisimSweepsAtOnce(QUICKSTART, Math.ceil(sweep.replications / 2), 2)); continue; }
        const run = munisimSweep(QUICKSTART, sweep.replications, jobs);
        (jobs === 1 ? sweep.one : sweep.two).push(run.seconds);
        (jobs === 1 ? sweep.oneInside : sweep.twoInside).push(sweepSeconds(run.dir));
      }
    }
  }
  table(`munisim sweep models/quickstart.yaml, --jobs 2 against --jobs 1${settings.quick ? ' (quick: the long sweep is shorter than the goal asks)' : ''}, ${settings.rounds} alternating rounds (median wall seconds, whole process; "inside" = the sweep without start-up)`,
    ['', 'runs', 'jobs 1 s', 'jobs 2 s', 'speed-up', 'goal', '', 'inside speed-up', '2 processes s', 'their speed-up', 'rounds j1 | j2'],
    sweeps.map((s) => {
      const ratio = median(s.one) / median(s.two);
      const pass = s === sweeps[0] ? ratio > 1 : ratio >= 1.8;
      const word = goal('jobs', `--jobs 2 / --jobs 1, ${s.label} (${count(s.replications)} runs, ${fixed(median(s.one), 1)} s)`, `${fixed(ratio)}×`, s.target, pass);
      return [s.label, count(s.replications), fixed(median(s.one)), fixed(median(s.two)), `${fixed(ratio)}×`, s.target, word, `${fixed(median(s.oneInside) / median(s.twoInside))}×`, fixed(median(s.pair)), `${fixed(median(s.one) / median(s.pair))}×`, `${rounds(s.one, 1)} | ${rounds(s.two, 1)}`];
    }));
  for (const s of sweeps) {
    const pool = median(s.one) / median(s.two);
    const ceiling = median(s.one) / median(s.pair);
    console.log(`${s.label}: two separate --jobs 1 processes of ${count(Math.ceil(s.replications / 2))} runs each, at once, ran ${fixed(ceiling)}× as fast as one process of all ${count(s.replications)}; --jobs 2 reached ${fixed(pool)}×, ${fixed((100 * pool) / ceiling, 0)} % of that`);
  }
  const longOne = median(sweeps[1].one);
  if (!settings.quick && longOne < 20) console.log(`note: the long sweep took ${fixed(longOne, 1)} s at --jobs 1, less than the 20 s the goal asks; its verdict is indicative`);
  console.log(`(probe: 2,000 runs in ${fixed(probe.seconds)} s, of which start-up ${fixed(startup)} s)`);
}
