/**
 * Comparing scenarios run with common random numbers: replication r of every scenario uses the same seed,
 * so x_s,r − x_b,r removes the noise the two runs share and its interval is narrower than comparing the two
 * means as if the runs were independent (Law 2015, "Simulation Modeling and Analysis", §11.2). Arrays in, records out.
 */
import { studentTQuantile, summarizeSample, type SampleSummary } from './statistics.js';

/** What a difference says: its paired 95 % interval lies above 0, below 0, or contains 0. */
export type Verdict = 'higher' | 'lower' | 'no clear difference';

/** A scenario's KPI against the baseline's, replication by replication. */
export interface PairedDifference {
  /** Mean of x_s,r − x_b,r over the replications where both runs have a value. */
  difference: number;
  /** Summary of the per-replication differences (its `ciHalfWidth95` is the paired interval). */
  paired: SampleSummary;
  /**
   * Half-width of the 95 % Welch interval for mean_s − mean_b, treating the two sets of runs as
   * independent: t(0.975, ν)·√(s²_s/n_s + s²_b/n_b), ν by Welch–Satterthwaite. NaN with fewer than two runs on a side.
   */
  unpairedHalfWidth: number;
  verdict: Verdict;
}

/** `higher` or `lower` when the interval excludes 0, otherwise `no clear difference` (also when it is unknown, NaN). */
export function verdictOf(difference: number, halfWidth: number): Verdict {
  if (!(Math.abs(difference) > halfWidth)) return 'no clear difference';
  return difference > 0 ? 'higher' : 'lower';
}

/** The Welch half-width of the difference of two independent means (see {@link PairedDifference.unpairedHalfWidth}). */
export function welchHalfWidth(a: SampleSummary, b: SampleSummary): number {
  if (a.n < 2 || b.n < 2) return Number.NaN;
  const va = (a.sd * a.sd) / a.n;
  const vb = (b.sd * b.sd) / b.n;
  const se2 = va + vb;
  if (se2 === 0) return 0;
  const df = (se2 * se2) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  return studentTQuantile(0.975, df) * Math.sqrt(se2);
}

/**
 * The difference of `scenario` from `baseline`, pairing entry r with entry r (the same seed). Entries that
 * are undefined (a KPI that never happened in that run) drop out of the pairs, and out of the unpaired means.
 * @returns undefined when no replication has both values
 * @throws RangeError when the two arrays differ in length (they were not run with the same seeds)
 */
export function pairedDifference(scenario: readonly (number | undefined)[], baseline: readonly (number | undefined)[]): PairedDifference | undefined {
  if (scenario.length !== baseline.length) {
    throw new RangeError(`pairedDifference: ${scenario.length} replications against ${baseline.length}; pairs need the same seeds`);
  }
  const differences: number[] = [];
  scenario.forEach((x, r) => {
    const b = baseline[r];
    if (x !== undefined && b !== undefined) differences.push(x - b);
  });
  if (differences.length === 0) return undefined;
  const paired = summarizeSample(differences);
  const a = summaryOf(scenario);
  const b = summaryOf(baseline);
  const unpairedHalfWidth = a && b ? welchHalfWidth(a, b) : Number.NaN;
  // Every pair equal: the change does not reach this KPI, whatever n is.
  const halfWidth = paired.min === 0 && paired.max === 0 ? 0 : paired.ciHalfWidth95;
  return { difference: paired.mean, paired, unpairedHalfWidth, verdict: verdictOf(paired.mean, halfWidth) };
}

/** Mean and 95 % interval of the values that are defined; undefined when none is. */
export function summaryOf(values: readonly (number | undefined)[]): SampleSummary | undefined {
  const defined = values.filter((v): v is number => v !== undefined && !Number.isNaN(v));
  return defined.length > 0 ? summarizeSample(defined) : undefined;
}
