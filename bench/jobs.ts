/**
 * Every core: `munisim sweep --jobs 2` against `--jobs 1` on a short sweep (about 1.5 s at --jobs 1)
 * and a long one (at least 20 s), quickstart replications sized from a probe, alternately, whole
 * processes.
 */
import { QUICKSTART, count, fixed, goal, median, munisimSweep, rounds, sweepSeconds, table, warmCli, type BenchSettings } from './lib.js';

interface Sweep { label: string; replications: number; target: string; one: number[]; two: number[]; oneInside: number[]; twoInside: number[] }

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
    { label: 'short sweep', replications: sized(1.5, 100), target: '> 1×', one: [], two: [], oneInside: [], twoInside: [] },
    { label: 'long sweep', replications: Math.max(1000, Math.ceil(Math.max(0, longSeconds - startup) / perRun / 1000) * 1000), target: '≥ 1.8×', one: [], two: [], oneInside: [], twoInside: [] },
  ];
  // A short probe overstates the cost of a run (its first runs warm the JIT up): one long run at
  // --jobs 1 corrects the size before the rounds start.
  if (!settings.quick) {
    const trial = munisimSweep(QUICKSTART, sweeps[1].replications, 1).seconds;
    if (trial < 20) sweeps[1].replications = Math.ceil((sweeps[1].replications * (longSeconds - startup)) / Math.max(trial - startup, 0.1) / 1000) * 1000;
  }
  for (let round = 0; round < settings.rounds; round++) {
    for (const sweep of sweeps) {
      const order = round % 2 === 0 ? [1, 2] : [2, 1];
      for (const jobs of order) {
        const run = munisimSweep(QUICKSTART, sweep.replications, jobs);
        (jobs === 1 ? sweep.one : sweep.two).push(run.seconds);
        (jobs === 1 ? sweep.oneInside : sweep.twoInside).push(sweepSeconds(run.dir));
      }
    }
  }
  table(`munisim sweep models/quickstart.yaml, --jobs 2 against --jobs 1${settings.quick ? ' (quick: the long sweep is shorter than the goal asks)' : ''}, ${settings.rounds} alternating rounds (median wall seconds, whole process; "inside" = the sweep without start-up)`,
    ['', 'runs', 'jobs 1 s', 'jobs 2 s', 'speed-up', 'goal', '', 'inside speed-up', 'rounds j1 | j2'],
    sweeps.map((s) => {
      const ratio = median(s.one) / median(s.two);
      const pass = s === sweeps[0] ? ratio > 1 : ratio >= 1.8;
      const word = goal('jobs', `--jobs 2 / --jobs 1, ${s.label} (${count(s.replications)} runs, ${fixed(median(s.one), 1)} s)`, `${fixed(ratio)}×`, s.target, pass);
      return [s.label, count(s.replications), fixed(median(s.one)), fixed(median(s.two)), `${fixed(ratio)}×`, s.target, word, `${fixed(median(s.oneInside) / median(s.twoInside))}×`, `${rounds(s.one, 1)} | ${rounds(s.two, 1)}`];
    }));
  const longOne = median(sweeps[1].one);
  if (!settings.quick && longOne < 20) console.log(`note: the long sweep took ${fixed(longOne, 1)} s at --jobs 1, less than the 20 s the goal asks; its verdict is indicative`);
  console.log(`(probe: 2,000 runs in ${fixed(probe.seconds)} s, of which start-up ${fixed(startup)} s)`);
}
