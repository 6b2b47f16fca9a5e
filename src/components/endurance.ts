/**
 * How long a front can keep firing, read day by day: its days of supply (the stock it could still
 * draw ÷ its mean demand over the last 7 days), its 7-day rolling fill rate with the first day that
 * rate is under 90 %, 75 % and 50 % (one noisy day does not trip it), and its shortfall so far on the
 * model's report dates.
 */

/** Days in the rolling window: the day itself and the 6 before it (fewer in the first 6 days of a run). */
export const ENDURANCE_WINDOW_DAYS = 7;
/** Fill rates, in per cent, whose first day under them is reported. */
export const FILL_THRESHOLDS = [90, 75, 50] as const;
/** The summary column of each threshold's first day under it. */
const FILL_BELOW_COLUMNS = FILL_THRESHOLDS.map((percent) => `first_day_fill_below_${percent}`);

/** Where each quantity sits in an Endurance's state (see {@link Endurance}). */
const DEMAND_SUM = 0;
const CONSUMED_SUM = 1;
const MIN_DAYS_OF_SUPPLY = 2;
/** The day of the minimum, or −1 before there is one. */
const MIN_DAY = 3;
/** The first day under each of FILL_THRESHOLDS, or −1 while there is none. */
const FIRST_BELOW = 4;
const DEMAND_WINDOW = FIRST_BELOW + FILL_THRESHOLDS.length;
const CONSUMED_WINDOW = DEMAND_WINDOW + ENDURANCE_WINDOW_DAYS;
/** Then each report day, then the shortfall so far on it (NaN where the run ends before it). */
const REPORT_DAYS = CONSUMED_WINDOW + ENDURANCE_WINDOW_DAYS;

/**
 * The endurance KPIs of one consumer, fed once at the end of every day, days in order from 0. All its
 * numbers live in one Float64Array: every front reads and writes them every day, and one block is a
 * few lines of memory where separate fields, windows and lists were a dozen scattered objects (with
 * thousands of components, each a wait on memory).
 */
export class Endurance {
  private readonly state: Float64Array;
  /** reportDays.length, kept here so that the daily loop reads only this object and its state. */
  private readonly reports: number;

  /** `reportDays`: day indices whose shortfall so far is reported (empty where a run ends before them). */
  constructor(private readonly reportDays: readonly { date: string; day: number }[]) {
    this.reports = reportDays.length;
    this.state = new Float64Array(REPORT_DAYS + 2 * this.reports);
    this.state[MIN_DAY] = -1;
    this.state.fill(-1, FIRST_BELOW, FIRST_BELOW + FILL_THRESHOLDS.length);
    reportDays.forEach((report, k) => { this.state[REPORT_DAYS + k] = report.day; });
    this.state.fill(NaN, REPORT_DAYS + this.reports);
  }

  /**
   * The end of `day`: `demand` and `consumed` are the day's, `available` the stock the front could
   * still draw once it has drawn, `shortfallSoFar` its unmet demand from day 0 through `day`.
   */
  endDay(day: number, demand: number, consumed: number, available: number, shortfallSoFar: number): void {
    const state = this.state;
    const slot = day % ENDURANCE_WINDOW_DAYS;
    // Whole shells in doubles: the sums stay exact, so the window needs no re-summing.
    const demandSum = state[DEMAND_SUM] + (demand - state[DEMAND_WINDOW + slot]);
    const consumedSum = state[CONSUMED_SUM] + (consumed - state[CONSUMED_WINDOW + slot]);
    state[DEMAND_SUM] = demandSum;
    state[CONSUMED_SUM] = consumedSum;
    state[DEMAND_WINDOW + slot] = demand;
    state[CONSUMED_WINDOW + slot] = consumed;
    if (demandSum > 0) {
      const meanDemand = demandSum / Math.min(day + 1, ENDURANCE_WINDOW_DAYS);
      const daysOfSupply = available / meanDemand;
      if (state[MIN_DAY] < 0 || daysOfSupply < state[MIN_DAYS_OF_SUPPLY]) {
        state[MIN_DAYS_OF_SUPPLY] = daysOfSupply;
        state[MIN_DAY] = day;
      }
      const fill = consumedSum / demandSum;
      for (let k = 0; k < FILL_THRESHOLDS.length; k++) {
        if (state[FIRST_BELOW + k] < 0 && fill < FILL_THRESHOLDS[k] / 100) state[FIRST_BELOW + k] = day;
      }
    }
    for (let k = 0; k < this.reports; k++) if (state[REPORT_DAYS + k] === day) state[REPORT_DAYS + this.reports + k] = shortfallSoFar;
  }

  /** Summary cells `[name, value, suffix]`, in summary.csv's order; undefined where it never happened. */
  kpis(): [name: string, value: number | undefined, suffix?: string][] {
    // Plain loops and pushes, no spread of mapped arrays: called once a run, and the arrays of
    // spreads changed shape between runs, so the optimised summary code was thrown away and rebuilt.
    const { state } = this;
    const hasMinimum = state[MIN_DAY] >= 0;
    const cells: [name: string, value: number | undefined, suffix?: string][] = [
      ['days_of_supply_min', hasMinimum ? state[MIN_DAYS_OF_SUPPLY] : undefined],
      ['days_of_supply_min_day', hasMinimum ? state[MIN_DAY] : undefined],
    ];
    for (let k = 0; k < FILL_THRESHOLDS.length; k++) {
      const first = state[FIRST_BELOW + k];
      cells.push([FILL_BELOW_COLUMNS[k], first >= 0 ? first : undefined]);
    }
    for (let k = 0; k < this.reports; k++) {
      const shortfall = state[REPORT_DAYS + this.reports + k];
      cells.push(['shortfall_by', Number.isNaN(shortfall) ? undefined : shortfall, this.reportDays[k].date]);
    }
    return cells;
  }
}
