/**
 * The day-by-day record of a run: one column per `<node>.<metric>[.<munition>]`, one value per day.
 * Flows are amounts during the day, levels are end-of-day values; `aggregate` turns days into
 * intervals (flows summed, levels taken at the interval's end).
 */

export type ColumnKind = 'flow' | 'level';

export interface Column {
  /** `<node>.<metric>` or `<node>.<metric>.<munition>`. */
  name: string;
  node: string;
  metric: string;
  munition: string;
  kind: ColumnKind;
  /** The run chart's series this column adds to (`produced`, `consumed`, `demand`, `stock`), if any. */
  chart?: string;
}

export class Recorder {
  readonly columns: Column[] = [];
  readonly values: Float64Array[] = [];
  // A column reads either a function, or the sum of some entries of a per-munition array (cheaper:
  // most columns are the latter, and recording runs every simulated day).
  private readonly probes: ((() => number) | undefined)[] = [];
  private readonly sources: (Float64Array | undefined)[] = [];
  private readonly entries: number[][] = [];

  constructor(readonly days: number) {}

  /** A column read from `probe()` at the end of every day. */
  add(node: string, metric: string, munition: string, kind: ColumnKind, probe: () => number, chart?: string): void {
    this.push(node, metric, munition, kind, probe, undefined, [], chart);
  }

  /** A column holding the sum of `source[i]` over `entries` at the end of every day. */
  addSum(node: string, metric: string, munition: string, kind: ColumnKind, source: Float64Array, entries: number[], chart?: string): void {
    this.push(node, metric, munition, kind, undefined, source, entries, chart);
  }

  record(day: number): void {
    for (let c = 0; c < this.values.length; c++) {
      const source = this.sources[c];
      if (source === undefined) {
        this.values[c][day] = this.probes[c]!();
      } else {
        const entries = this.entries[c];
        let sum = 0;
        for (let i = 0; i < entries.length; i++) sum += source[entries[i]];
        this.values[c][day] = sum;
      }
    }
  }

  private push(node: string, metric: string, munition: string, kind: ColumnKind, probe: (() => number) | undefined, source: Float64Array | undefined, entries: number[], chart?: string): void {
    const name = munition ? `${node}.${metric}.${munition}` : `${node}.${metric}`;
    this.columns.push(chart === undefined ? { name, node, metric, munition, kind } : { name, node, metric, munition, kind, chart });
    this.values.push(new Float64Array(this.days));
    this.probes.push(probe);
    this.sources.push(source);
    this.entries.push(entries);
  }

  column(name: string): Float64Array {
    const index = this.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new RangeError(`no column "${name}"; columns: ${this.columns.map((c) => c.name).join(', ')}`);
    return this.values[index];
  }
}

/** The first day of each interval of `every` days over `days` days (the last may be shorter). */
export function intervalStarts(days: number, every: number): number[] {
  const starts: number[] = [];
  for (let day = 0; day < days; day += every) starts.push(day);
  return starts;
}

/** Value of a column over [start, start + every): the sum of a flow, the last value of a level. */
export function aggregateInterval(values: Float64Array, kind: ColumnKind, start: number, every: number): number {
  const end = Math.min(values.length, start + every);
  if (kind === 'level') return values[end - 1];
  let sum = 0;
  for (let day = start; day < end; day++) sum += values[day];
  return sum;
}
