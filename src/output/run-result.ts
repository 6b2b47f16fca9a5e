/** What one run leaves behind: its records, its one-row summary, its stock balance and end state. */
import type { BalanceTerms } from '../components/contract.js';
import type { Scenario } from '../model/scenario.js';
import type { Recorder } from './recorder.js';
import type { RunSummary } from './summary.js';

/** One munition's stock balance at the end of a run, and what is left unexplained (0 when conserved). */
export type BalanceRow = BalanceTerms & { munition: string; residual: number };

export interface RunResult {
  scenario: Scenario;
  seed: number;
  recorder: Recorder;
  summary: RunSummary;
  /** Events scheduled on simjs during the run (ticks, arrivals, breakdowns, repairs). */
  events: number;
  /** Per munition: initial + produced + converted − final − in transit − consumed − lost − destroyed − used as input. */
  balance: BalanceRow[];
  /**
   * Each stockpile's stock at the end, split: `unserviceable` holds the munitions that routes' arrivals
   * turn shells into (`unserviceable.becomes`), `serviceable` all the rest. Their sum is `final_stock`.
   */
  finalStock: { stockpile: string; serviceable: number; unserviceable: number }[];
  /** Ids of the munitions found-unserviceable shells become (what `finalStock.unserviceable` counts). */
  unserviceableMunitions: string[];
  /** The model's targets as measured in this run, in model order (NaN: the run ended before the target's date). */
  targets?: number[];
}
