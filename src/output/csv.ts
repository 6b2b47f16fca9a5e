/**
 * CSV files, streamed so memory does not grow with the horizon or the number of rows: the time series
 * (wide or long/tidy) and one-row summaries. Rows of text go through csv-stringify; the time series'
 * numbers are joined by hand (see {@link SeriesCsv}) and written in large chunks.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { formatValue } from './format.js';
import { aggregateInterval, IntervalRows, intervalStarts, type Column, type Recorder, type RowSink } from './recorder.js';

export type SeriesFormat = 'wide' | 'long';

/** Rows handed to csv-stringify at once: memory stays bounded whatever the number of rows. */
const CSV_BATCH_ROWS = 4096;

/**
 * Writes `rows` (header first) to `path` as CSV, synchronously, a batch of rows at a time. The same
 * bytes as csv-stringify's stream (each cell is quoted on its own, and every row ends in a newline),
 * without its stream machinery or a turn of the event loop per write: a run's summary.csv took ~15 ms.
 */
export function writeCsv(path: string, rows: Iterable<string[]>): void {
  const file = new ChunkFile(path);
  try {
    let batch: string[][] = [];
    for (const row of rows) {
      batch.push(row);
      if (batch.length === CSV_BATCH_ROWS) { file.write(Buffer.from(stringifySync(batch), 'utf8')); batch = []; }
    }
    if (batch.length > 0) file.write(Buffer.from(stringifySync(batch), 'utf8'));
  } finally {
    file.close();
  }
}

/** One CSV line (with newline) for appending to a file row by row. */
export function csvLine(cells: string[]): string {
  return stringifySync([cells]);
}

/**
 * Rows of the time series: `day,date,<columns>` (wide) or `day,date,node,metric,munition,value` (long),
 * as cells. {@link seriesChunks} gives the same text as these rows through csv-stringify, much faster.
 */
export function* seriesRows(recorder: Recorder, dates: string[], every: number, format: SeriesFormat): Generator<string[]> {
  const { columns, values } = recorder;
  if (format === 'wide') yield ['day', 'date', ...columns.map((c) => c.name)];
  else yield ['day', 'date', 'node', 'metric', 'munition', 'value'];
  for (const start of intervalStarts(recorder.days, every)) {
    const cells = columns.map((column, c) => formatValue(aggregateInterval(values[c], column.kind, start, every)));
    if (format === 'wide') {
      yield [String(start), dates[start], ...cells];
    } else {
      for (let c = 0; c < columns.length; c++) {
        yield [String(start), dates[start], columns[c].node, columns[c].metric, columns[c].munition, cells[c]];
      }
    }
  }
}

/** A header row and one row of values, in the summary's key order. */
export function summaryRows(summary: Record<string, number | undefined>): string[][] {
  const keys = Object.keys(summary);
  return [keys, keys.map((key) => formatValue(summary[key]))];
}

/** Bytes gathered before a chunk is handed on: few large writes, and memory bounded by this. */
const CHUNK_BYTES = 1 << 20;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const MINUS = 0x2d;
const ZERO = 0x30;
const INT32_MAX = 0x7fffffff;

/** One CSV line without its newline (csv-stringify's quoting), as UTF-8. */
function csvBytes(cells: string[]): Buffer {
  return Buffer.from(csvLine(cells).slice(0, -1), 'utf8');
}

/**
 * The bytes of timeseries.csv, built as a recorder hands over each interval's row (a {@link RowSink})
 * and passed to `write` in chunks of about 1 MiB (each chunk is the receiver's to keep). The bytes are
 * those of {@link seriesRows} through csv-stringify: header, dates and ids are quoted by csv-stringify
 * itself, and the value cells are written digit by digit because {@link formatValue} yields only
 * digits, `-`, `.`, `e`, `+`, `inf` or nothing, none of which CSV quotes. Whole numbers below 2^53 are
 * written here as String() would; all others go through formatValue.
 */
export class SeriesCsv implements RowSink {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  /** Long format: each column's `node,metric,munition` cells. */
  private ids: Buffer[] = [];
  private count = 0;
  /** A whole number's digits, last first. */
  private readonly digits = new Uint8Array(16);

  constructor(private readonly dates: readonly string[], readonly every: number, private readonly format: SeriesFormat, private readonly write: (chunk: Uint8Array) => void) {}

  open(columns: readonly Column[]): void {
    this.count = columns.length;
    if (this.format === 'wide') {
      this.bytes(Buffer.from(csvLine(['day', 'date', ...columns.map((c) => c.name)]), 'utf8'));
    } else {
      this.bytes(Buffer.from(csvLine(['day', 'date', 'node', 'metric', 'munition', 'value']), 'utf8'));
      this.ids = columns.map((c) => csvBytes([c.node, c.metric, c.munition]));
    }
  }

  row(start: number, values: Float64Array): void {
    const day = csvBytes([String(start), this.dates[start]]);
    if (this.format === 'wide') {
      this.bytes(day);
      for (let c = 0; c < this.count; c++) {
        this.room(32);
        this.buffer[this.used++] = COMMA;
        this.value(values[c]);
      }
      this.room(1);
      this.buffer[this.used++] = NEWLINE;
    } else {
      for (let c = 0; c < this.count; c++) {
        this.bytes(day);
        this.room(1);
        this.buffer[this.used++] = COMMA;
        this.bytes(this.ids[c]);
        this.room(34);
        this.buffer[this.used++] = COMMA;
        this.value(values[c]);
        this.buffer[this.used++] = NEWLINE;
      }
    }
  }

  /** Hands on the last chunk: call once after the last row. */
  end(): void {
    if (this.used > 0) this.flush();
  }

  private flush(): void {
    this.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  /** Makes room for `n` more bytes (n ≤ CHUNK_BYTES). */
  private room(n: number): void {
    if (this.used + n > CHUNK_BYTES) this.flush();
  }

  private bytes(bytes: Uint8Array): void {
    if (bytes.length > CHUNK_BYTES) {
      if (this.used > 0) this.flush();
      this.write(bytes);
      return;
    }
    this.room(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** formatValue(value), at most 30 bytes; room for them is made by the caller. */
  private value(value: number): void {
    const buffer = this.buffer;
    if (Number.isSafeInteger(value)) {
      // As String(value): a minus sign (none for -0), then the digits. Exact: n − n % 10 is a multiple of 10.
      let n = value;
      if (n < 0) { buffer[this.used++] = MINUS; n = -n; }
      const digits = this.digits;
      let count = 0;
      if (n <= INT32_MAX) {
        // Most values are counts below 2³¹: integer division, which V8 turns into a multiply and a
        // shift, where the double `%` below is a call to fmod (the time-series writer's main cost).
        let m = n | 0;
        do {
          const q = (m / 10) | 0;
          digits[count++] = ZERO + m - q * 10;
          m = q;
        } while (m > 0);
      } else {
        do {
          const digit = n % 10;
          digits[count++] = ZERO + digit;
          n = (n - digit) / 10;
        } while (n > 0);
      }
      let used = this.used;
      while (count > 0) buffer[used++] = digits[--count];
      this.used = used;
      return;
    }
    const text = formatValue(value);
    for (let i = 0; i < text.length; i++) buffer[this.used++] = text.charCodeAt(i);
  }
}

/** The bytes of a whole recorded time series (every column kept), in chunks of about 1 MiB: what {@link writeSeriesCsv} writes. */
export function* seriesChunks(recorder: Recorder, dates: readonly string[], every: number, format: SeriesFormat): Generator<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const csv = new SeriesCsv(dates, every, format, (chunk) => chunks.push(chunk));
  const { columns, values } = recorder;
  csv.open(columns);
  // The rows a run streams, from the days it kept: the same sums in the same order.
  const rows = new IntervalRows(csv, columns.map((column) => column.kind === 'flow'), recorder.days);
  const today = new Float64Array(columns.length);
  for (let day = 0; day < recorder.days; day++) {
    for (let c = 0; c < columns.length; c++) today[c] = values[c][day];
    rows.add(day, today);
    if (chunks.length > 0) yield* chunks.splice(0);
  }
  csv.end();
  yield* chunks;
}

/** A file written synchronously, chunk by chunk (a run streams its rows from inside the simulation, which does not wait). */
export class ChunkFile {
  private readonly fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(chunk: Uint8Array): void {
    for (let done = 0; done < chunk.length;) done += writeSync(this.fd, chunk, done);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Runs `run` with a {@link SeriesCsv} sink that writes to `path` as the run's days close, and returns
 * what `run` returns. If `run` throws, the partly written file is removed.
 */
export function streamSeriesCsv<T>(path: string, dates: readonly string[], every: number, format: SeriesFormat, run: (sink: SeriesCsv) => T): T {
  const file = new ChunkFile(path);
  let written = false;
  try {
    const csv = new SeriesCsv(dates, every, format, (chunk) => file.write(chunk));
    const result = run(csv);
    csv.end();
    written = true;
    return result;
  } finally {
    file.close();
    if (!written) rmSync(path, { force: true });
  }
}

/** Writes the whole recorded time series of `recorder` (every column kept) to `path`, in large chunks. */
export function writeSeriesCsv(path: string, recorder: Recorder, dates: readonly string[], every: number, format: SeriesFormat): void {
  const file = new ChunkFile(path);
  try {
    for (const chunk of seriesChunks(recorder, dates, every, format)) file.write(chunk);
  } finally {
    file.close();
  }
}
