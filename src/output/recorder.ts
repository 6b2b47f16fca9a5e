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
}

export class Recorder {
  readonly columns: Column[] = [];
  readonly values: Float64Array[] = [];
  private readonly probes: (() => number)[] = [];

  constructor(readonly days: number) {}

  add(node: string, metric: string, munition: string, kind: ColumnKind, probe: () => number): void {
    const name = munition ? `${node}.${metric}.${munition}` : `${node}.${metric}`;
    this.columns.push({ name, node, metric, munition, kind });
    this.values.push(new Float64Array(this.days));
    this.probes.push(probe);
  }

  record(day: number): void {
    for (let c = 0; c < this.probes.length; c++) this.values[c][day] = this.probes[c]();
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
