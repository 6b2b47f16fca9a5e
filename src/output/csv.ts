/**
 * CSV files, streamed through csv-stringify so memory does not grow with the horizon or the number
 * of rows: the time series (wide or long/tidy) and one-row summaries.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { formatValue } from './format.js';
import { aggregateInterval, intervalStarts, type Recorder } from './recorder.js';

export type SeriesFormat = 'wide' | 'long';

/** Streams `rows` (header first) to `path` as CSV. */
export async function writeCsv(path: string, rows: Iterable<string[]>): Promise<void> {
  await pipeline(Readable.from(rows), stringify({ eof: true }), createWriteStream(path));
}

/** One CSV line (with newline) for appending to a file row by row. */
export function csvLine(cells: string[]): string {
  return stringifySync([cells]);
}

/** Rows of the time series: `day,date,<columns>` (wide) or `day,date,node,metric,munition,value` (long). */
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
