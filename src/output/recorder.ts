/**
 * The day-by-day record of a run: one column per `<node>.<metric>[.<munition>]`, one value per day.
 * Flows are amounts during the day, levels are end-of-day values; intervals of days sum flows and
 * take levels at the interval's end. The recorder keeps every day of the columns asked for (all by
 * default) and hands each interval's row to its sinks as the interval closes, so a run written as it
 * goes (munisim run, kept sweep series) holds one row per sink, not the whole run.
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

/** Receives the rows of a run as their intervals close (e.g. a CSV writer). */
export interface RowSink {
  /** Days per row (≥ 1): flows summed over the interval, levels at its last day. */
  readonly every: number;
  /** Called once with every column, in order, before the first row. */
  open(columns: readonly Column[]): void;
  /** The row of the interval that starts on day `start`, one value per column; `values` is reused for the next row. */
  row(start: number, values: Float64Array): void;
}

export interface RecorderOptions {
  /** Handed each interval's row as it closes. */
  sinks?: readonly RowSink[];
  /**
   * Which columns keep every day in `values` (default: all). A column not kept holds no days
   * (`values[c].length` is 0), and {@link Recorder.column} refuses it.
   */
  keep?: boolean | ((column: Column) => boolean);
}

/**
 * Sums days into one sink's rows of `sink.every` days: flows added in day order from 0 (as
 * {@link aggregateInterval} does, so the same doubles), levels at the interval's last day; each row is
 * handed to the sink as its interval closes. Used by the recorder as a run goes, and to replay a kept run.
 */
export class IntervalRows {
  private start = 0;
  private readonly values: Float64Array;

  /** @param flow - per column, whether it is a flow (else a level); @param days - the run's days (the last interval may be short) */
  constructor(private readonly sink: RowSink, private readonly flow: readonly boolean[], private readonly days: number) {
    this.values = new Float64Array(flow.length);
  }

  /** Adds `day`'s values (days in order, 0 … days−1). */
  add(day: number, today: Float64Array): void {
    const { values, flow } = this;
    if (day === this.start) values.fill(0);
    for (let c = 0; c < values.length; c++) {
      if (flow[c]) values[c] += today[c];
      else values[c] = today[c];
    }
    if (day === this.start + this.sink.every - 1 || day === this.days - 1) {
      this.sink.row(this.start, values);
      this.start = day + 1;
    }
  }
}

const NOT_KEPT = new Float64Array(0);

export class Recorder {
  readonly columns: Column[] = [];
  /** Per column, its value on every day; empty for a column not kept (see RecorderOptions.keep). */
  readonly values: Float64Array[] = [];
  // A column reads either a function, or the sum of some entries of a per-munition array (cheaper:
  // most columns are the latter, and recording runs every simulated day).
  private readonly probes: ((() => number) | undefined)[] = [];
  private readonly sources: (Float64Array | undefined)[] = [];
  private readonly entries: number[][] = [];
  private readonly kept: boolean[] = [];
  private readonly flow: boolean[] = [];
  private readonly sinks: readonly RowSink[];
  private readonly keep: boolean | ((column: Column) => boolean);
  private intervals: IntervalRows[] | undefined;
  private today = NOT_KEPT;

  constructor(readonly days: number, options: RecorderOptions = {}) {
    this.sinks = options.sinks ?? [];
    this.keep = options.keep ?? true;
    for (const sink of this.sinks) {
      if (!Number.isInteger(sink.every) || sink.every < 1) throw new RangeError(`a row sink's every must be a whole number ≥ 1, got ${sink.every}`);
    }
  }

  /** A column read from `probe()` at the end of every day. */
  add(node: string, metric: string, munition: string, kind: ColumnKind, probe: () => number, chart?: string): void {
    this.push(node, metric, munition, kind, probe, undefined, [], chart);
  }

  /** A column holding the sum of `source[i]` over `entries` at the end of every day. */
  addSum(node: string, metric: string, munition: string, kind: ColumnKind, source: Float64Array, entries: number[], chart?: string): void {
    this.push(node, metric, munition, kind, undefined, source, entries, chart);
  }

  /** Reads every column at the end of `day`; days come in order, 0 … days−1. */
  record(day: number): void {
    const count = this.columns.length;
    if (this.intervals === undefined) this.openSinks();
    const today = this.today;
    for (let c = 0; c < count; c++) {
      const source = this.sources[c];
      let value: number;
      if (source === undefined) {
        value = this.probes[c]!();
      } else {
        const entries = this.entries[c];
        let sum = 0;
        for (let i = 0; i < entries.length; i++) sum += source[entries[i]];
        value = sum;
      }
      today[c] = value;
      if (this.kept[c]) this.values[c][day] = value;
    }
    for (const interval of this.intervals!) interval.add(day, today);
  }

  private openSinks(): void {
    this.today = new Float64Array(this.columns.length);
    this.intervals = this.sinks.map((sink) => new IntervalRows(sink, this.flow, this.days));
    for (const sink of this.sinks) sink.open(this.columns);
  }

  private push(node: string, metric: string, munition: string, kind: ColumnKind, probe: (() => number) | undefined, source: Float64Array | undefined, entries: number[], chart?: string): void {
    if (this.intervals !== undefined) throw new RangeError('columns must be added before the first day is recorded');
    const name = munition ? `${node}.${metric}.${munition}` : `${node}.${metric}`;
    const column: Column = chart === undefined ? { name, node, metric, munition, kind } : { name, node, metric, munition, kind, chart };
    const kept = typeof this.keep === 'function' ? this.keep(column) : this.keep;
    this.columns.push(column);
    this.values.push(kept ? new Float64Array(this.days) : NOT_KEPT);
    this.kept.push(kept);
    this.flow.push(kind === 'flow');
    this.probes.push(probe);
    this.sources.push(source);
    this.entries.push(entries);
  }

  column(name: string): Float64Array {
    const index = this.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new RangeError(`no column "${name}"; columns: ${this.columns.map((c) => c.name).join(', ')}`);
    if (!this.kept[index]) throw new RangeError(`column "${name}" was recorded without keeping its days`);
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
