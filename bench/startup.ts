/**
 * Start-up: wall time of `munisim --version` and of a one-run command (`munisim run
 * models/quickstart.yaml`), alternately, whole processes, after one call that builds the bundle if
 * the sources changed.
 */
import { QUICKSTART, fixed, freshPath, goal, median, munisim, rounds, table, warmCli, type BenchSettings } from './lib.js';

export function benchStartup(settings: BenchSettings): void {
  warmCli();
  const version: number[] = [];
  const run: number[] = [];
  const roundCount = settings.quick ? settings.rounds : Math.max(settings.rounds, 7);
  for (let round = 0; round < roundCount; round++) {
    version.push(munisim(['--version']).seconds);
    run.push(munisim(['run', QUICKSTART, '--out', freshPath('startup'), '--quiet']).seconds);
  }
  const [v, r] = [version, run].map(median);
  const vRun = goal('startup', 'munisim run models/quickstart.yaml, wall', `${fixed(r, 3)} s`, '< 0.25 s', r < 0.25);
  const vVersion = goal('startup', 'munisim --version, wall', `${fixed(v, 3)} s`, '< 0.25 s', v < 0.25);
  table(`start-up, ${roundCount} alternating rounds (median wall seconds, whole process)`, ['command', 'median s', 'goal', '', 'rounds'], [
    ['munisim run models/quickstart.yaml', fixed(r, 3), '< 0.25 s', vRun, rounds(run, 3)],
    ['munisim --version', fixed(v, 3), '< 0.25 s', vVersion, rounds(version, 3)],
  ]);
}
