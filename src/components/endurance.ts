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

/** The endurance KPIs of one consumer, fed once at the end of every day, days in order from 0. */
export class Endurance {
  private readonly demand = new Float64Array(ENDURANCE_WINDOW_DAYS);
  private readonly consumed = new Float64Array(ENDURANCE_WINDOW_DAYS);
  private demandSum = 0;
  private consumedSum = 0;
  private minDaysOfSupply?: number;
  private minDay?: number;
  private readonly firstBelow: (number | undefined)[] = FILL_THRESHOLDS.map(() => undefined);
  private readonly shortfallBy: (number | undefined)[];

  /** `reportDays`: day indices whose shortfall so far is reported (empty where a run ends before them). */
  constructor(private readonly reportDays: readonly { date: string; day: number }[]) {
    this.shortfallBy = reportDays.map(() => undefined);
  }

  /**
   * The end of `day`: `demand` and `consumed` are the day's, `available` the stock the front could
   * still draw once it has drawn, `shortfallSoFar` its unmet demand from day 0 through `day`.
   */
  endDay(day: number, demand: number, consumed: number, available: number, shortfallSoFar: number): void {
    const slot = day % ENDURANCE_WINDOW_DAYS;
    this.demandSum += demand - this.demand[slot];
    this.consumedSum += consumed - this.consumed[slot];
    this.demand[slot] = demand;
    this.consumed[slot] = consumed;
    // Whole shells in doubles: the sums stay exact, so the window needs no re-summing.
    if (this.demandSum > 0) {
      const meanDemand = this.demandSum / Math.min(day + 1, ENDURANCE_WINDOW_DAYS);
      const daysOfSupply = available / meanDemand;
      if (this.minDaysOfSupply === undefined || daysOfSupply < this.minDaysOfSupply) {
        this.minDaysOfSupply = daysOfSupply;
        this.minDay = day;
      }
      const fill = this.consumedSum / this.demandSum;
      // Indexed loops, not forEach: this runs every day of every run, and a closure a day is garbage.
      for (let k = 0; k < FILL_THRESHOLDS.length; k++) {
        if (this.firstBelow[k] === undefined && fill < FILL_THRESHOLDS[k] / 100) this.firstBelow[k] = day;
      }
    }
    const { reportDays } = this;
    for (let k = 0; k < reportDays.length; k++) if (reportDays[k].day === day) this.shortfallBy[k] = shortfallSoFar;
  }

  /** Summary cells `[name, value, suffix]`, in summary.csv's order; undefined where it never happened. */
  kpis(): [name: string, value: number | undefined, suffix?: string][] {
    return [
      ['days_of_supply_min', this.minDaysOfSupply],
      ['days_of_supply_min_day', this.minDay],
      ...FILL_THRESHOLDS.map((percent, k): [string, number | undefined] => [`first_day_fill_below_${percent}`, this.firstBelow[k]]),
      ...this.reportDays.map((report, k): [string, number | undefined, string] => ['shortfall_by', this.shortfallBy[k], report.date]),
    ];
  }
}
