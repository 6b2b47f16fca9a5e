/**
 * Recorded runs: `munisim run` of a generated model of 1,000 components over 3,650 days writing its
 * daily timeseries.csv, against the same run writing one row (`--every <days>`), alternately, whole
 * processes. The difference in wall time is what the daily rows cost to format and write, so CSV MiB/s =
 * size of timeseries.csv / that difference (median over rounds). Peak resident memory of both, and of a 365-day run.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chainComponents, writeChainsModel } from './chains.js';
import { count, fixed, freshPath, goal, median, munisimWithMemory, rounds, table, warmCli, type BenchSettings } from './lib.js';

export function benchCsv(settings: BenchSettings): void {
  const dir = freshPath('csv-models');
  mkdirSync(dir);
  const chains = 200;
  const days = settings.quick ? 1000 : 3650;
  const model = writeChainsModel(dir, { chains, days });
  const shortModel = writeChainsModel(dir, { chains, days: 365 });
  warmCli();
  const daily: number[] = [];
  const oneRow: number[] = [];
  const dailyMb: number[] = [];
  const oneRowMb: number[] = [];
  const shortMb: number[] = [];
  let bytes = 0;
  const roundCount = settings.quick ? settings.rounds : Math.max(settings.rounds, 5);
  for (let round = 0; round < roundCount; round++) {
    const out = freshPath('csv-run');
    const runFull = () => munisimWithMemory(['run', model, '--out', out, '--quiet']);
    const runSingle = () => munisimWithMemory(['run', model, '--every', String(days), '--out', freshPath('csv-run'), '--quiet']);
    // ABBA: neither always goes first.
    let full: ReturnType<typeof runFull>;
    let single: ReturnType<typeof runSingle>;
    if (round % 2 === 0) { full = runFull(); single = runSingle(); } else { single = runSingle(); full = runFull(); }
    bytes = statSync(join(out, 'timeseries.csv')).size;
    const short = munisimWithMemory(['run', shortModel, '--out', freshPath('csv-run'), '--quiet']);
    daily.push(full.seconds);
    oneRow.push(single.seconds);
    if (full.peakMb !== undefined) dailyMb.push(full.peakMb);
    if (single.peakMb !== undefined) oneRowMb.push(single.peakMb);
    if (short.peakMb !== undefined) shortMb.push(short.peakMb);
  }
  const mib = bytes / 2 ** 20;
  // The median of each round's difference: the two runs of a round met the same load.
  const differences = daily.map((d, i) => d - oneRow[i]);
  const writeSeconds = median(differences);
  const rate = writeSeconds > 0 ? mib / writeSeconds : Infinity;
  const memory = (values: number[]) => (values.length ? fixed(median(values), 0) : 'n/a');
  const label = `${count(chainComponents(chains))} components × ${count(days)} days`;
  table(`munisim run of ${label} (${chains} chains), ${roundCount} alternating rounds, whole process`,
    ['', 'median s', 'rounds', 'peak RSS MB'],
    [
      [`daily rows: timeseries.csv ${fixed(mib, 1)} MiB`, fixed(median(daily)), rounds(daily), memory(dailyMb)],
      [`one row (--every ${days})`, fixed(median(oneRow)), rounds(oneRow), memory(oneRowMb)],
      ['difference (the daily rows)', fixed(writeSeconds), rounds(differences), ''],
      ['daily rows, 365 days (memory only)', '', '', memory(shortMb)],
    ]);
  const verdictWord = goal('csv', `timeseries.csv write rate, ${label}`, `${fixed(rate, 1)} MiB/s`, '≥ 40 MiB/s', rate >= 40);
  console.log(`CSV: ${fixed(mib, 1)} MiB in ${fixed(writeSeconds)} s more than one row (median of the rounds' differences) = ${fixed(rate, 1)} MiB/s (goal ≥ 40 MiB/s) ${verdictWord}`);
  if (dailyMb.length && shortMb.length) console.log(`peak RSS: ${memory(dailyMb)} MB over ${count(days)} days, ${memory(shortMb)} MB over 365 days (${fixed(median(dailyMb) / median(shortMb))}×; flat memory would be 1×)`);
}
