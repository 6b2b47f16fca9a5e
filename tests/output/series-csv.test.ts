/**
 * timeseries.csv's fast writer (SeriesCsv, seriesChunks): its bytes are those of csv-stringify over
 * seriesRows, on numbers and ids chosen to trip a hand-joined CSV, and a recorder's rows streamed as the
 * days close are those written from the whole record afterwards.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvLine, SeriesCsv, seriesChunks, seriesRows, writeCsv, type SeriesFormat } from '../../src/output/csv.js';
import { Recorder, type RecorderOptions } from '../../src/output/recorder.js';

/** What csv-stringify makes of seriesRows: the reference bytes. */
function stringified(recorder: Recorder, dates: string[], every: number, format: SeriesFormat): string {
  let text = '';
  for (const row of seriesRows(recorder, dates, every, format)) text += csvLine(row);
  return text;
}

function fastText(recorder: Recorder, dates: string[], every: number, format: SeriesFormat): string {
  return Buffer.concat([...seriesChunks(recorder, dates, every, format)]).toString('utf8');
}

/** A recorder whose column c reads `table[c][day]` on each day, recorded over `days` days. */
function recorded(days: number, columns: { node: string; metric: string; munition?: string; kind: 'flow' | 'level' }[], table: number[][], options: RecorderOptions = {}): Recorder {
  const recorder = new Recorder(days, options);
  let today = 0;
  columns.forEach((c, i) => recorder.add(c.node, c.metric, c.munition ?? '', c.kind, () => table[i][today]));
  for (today = 0; today < days; today++) recorder.record(today);
  return recorder;
}

const TRICKY = [
  -0, 0, 1, -1, 0.5, -2.5, 1 / 3, -2 / 3, 0.1 + 0.2, 1e-7, -1e-7, 5e-7, 4e-7, 0.9999995, 12.3456785, 1e21, -1e21,
  1e300, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 53 - 1, 2 ** 31, 123456789012, 1e16 + 0.5, 99999.9999999,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 10, 100, 1000000, -1000000.25,
];

describe('SeriesCsv against csv-stringify', () => {
  const days = TRICKY.length;
  // Ids with a comma, a quote, a newline, a leading minus and non-ASCII text; a munition column; flows and levels.
  const columns = [
    { node: 'plain', metric: 'stock', kind: 'level' as const },
    { node: 'a,b', metric: 'shipped', kind: 'flow' as const },
    { node: 'say "hi"', metric: 'x', munition: '152mm', kind: 'flow' as const },
    { node: 'line\nbreak', metric: 'y', kind: 'level' as const },
    { node: '-dash', metric: 'zürich', munition: 'm,1', kind: 'level' as const },
    { node: 'r', metric: 'cr\r', kind: 'flow' as const },
  ];
  // Each column walks the tricky values from another start, so every value meets every column kind.
  const table = columns.map((_, c) => Array.from({ length: days }, (_, d) => TRICKY[(d + 5 * c) % days]));
  const recorder = recorded(days, columns, table);
  const dates = Array.from({ length: days }, (_, d) => (d === 3 ? '2024,01,04' : d === 4 ? '"q"' : `2024-02-${String(d + 1).padStart(2, '0')}`));

  for (const format of ['wide', 'long'] as const) {
    for (const every of [1, 3, 7, days, days + 5]) {
      it(`writes the same bytes, ${format}, every ${every}`, () => {
        expect(fastText(recorder, dates, every, format)).toBe(stringified(recorder, dates, every, format));
      });
    }
  }

  it('quotes the tricky ids as csv-stringify does (the header is csv-stringify\'s own)', () => {
    const header = fastText(recorder, dates, days, 'wide').split('\n')[0];
    expect(header).toBe('day,date,plain.stock,"a,b.shipped","say ""hi"".x.152mm","line');
  });

  it('writes a value cell for each tricky number exactly as String() or formatValue give it', () => {
    // Day 0 of the first column, a level, is TRICKY[0] = -0: written 0, not -0. To 6 decimals as the doubles
    // are exactly: 5e-7 is 4.99999999999999977e-7 (→ 0), 0.9999995 is 0.99999950000000004 (→ 1) and
    // 12.3456785 is 12.34567849999999999966 (→ 12.345678).
    const rows = fastText(recorder, dates, 1, 'wide').split('\n');
    expect(rows.find((row) => row.startsWith('0,2024-02-01,'))?.startsWith('0,2024-02-01,0,')).toBe(true);
    const cells = fastText(recorder, dates, 1, 'long').split('\n').slice(1).filter((l) => l.includes(',plain,stock,'))
      .map((l) => l.slice(l.lastIndexOf(',') + 1));
    expect(cells).toEqual(['0', '0', '1', '-1', '0.5', '-2.5', '0.333333', '-0.666667', '0.3', '0', '0', '0', '0', '1', '12.345678',
      '1e+21', '-1e+21', '1e+300', '0', '9007199254740992', '9007199254740994', '-9007199254740992', '9007199254740991', '2147483648',
      '123456789012', '10000000000000000', '100000', '', 'inf', '-inf', '10', '100', '1000000', '-1000000.25']);
  });
});

describe('whole numbers', () => {
  it('writes every whole number as String() does, either side of 2³¹ (the writer\'s int32 and double paths)', () => {
    const edges = [0, -0, 9, 10, 99, 100, 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, -(2 ** 31 - 1), -(2 ** 31), -(2 ** 31) - 1,
      2 ** 32 - 1, 2 ** 32, 999999999, 1000000000, 2 ** 53 - 1, -(2 ** 53 - 1)];
    // Seeded (mulberry32), so a failure is the same every time: magnitudes from 1 to 2^53, either sign.
    let state = 7;
    const uniform = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
    };
    const random = Array.from({ length: 4000 }, () => (uniform() < 0.5 ? -1 : 1) * Math.floor(uniform() * 2 ** (uniform() * 53)));
    const values = [...edges, ...random];
    const recorder = recorded(values.length, [{ node: 'n', metric: 'v', kind: 'level' }], [values]);
    const dates = values.map((_, d) => `d${d}`);
    const cells = fastText(recorder, dates, 1, 'long').split('\n').slice(1, -1).map((line) => line.slice(line.lastIndexOf(',') + 1));
    expect(cells).toEqual(values.map((v) => String(v)));
  });
});

describe('chunks', () => {
  it('hands on chunks of at most 1 MiB (a longer header whole), each its own, and the same bytes when a row is longer than a chunk', () => {
    // 100,000 columns with 30-character names: a header of 3 MB and rows of about 1 MB, split across chunks.
    const count = 100_000;
    const days = 3;
    const columns = Array.from({ length: count }, (_, c) => ({ node: `node-with-a-long-name-${String(c).padStart(6, '0')}`, metric: 'm', kind: 'flow' as const }));
    const table = columns.map((_, c) => [c + 0.125, -c, c / 7]);
    const recorder = recorded(days, columns, table);
    const dates = ['2024-01-01', '2024-01-02', '2024-01-03'];
    const chunks = [...seriesChunks(recorder, dates, 1, 'wide')];
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(chunks.slice(1).every((chunk) => chunk.length <= 2 ** 20)).toBe(true);
    // Chunks are not reused buffers: each still holds its own bytes once the next is made.
    expect(Buffer.concat(chunks).toString('utf8')).toBe(stringified(recorder, dates, 1, 'wide'));
  });
});

describe('rows streamed as the days close', () => {
  const days = 10;
  const columns = [
    { node: 'f', metric: 'produced', kind: 'flow' as const },
    { node: 's', metric: 'stock', kind: 'level' as const },
  ];
  // produced: 1, 2, …, 10; stock: 100, 90, …, 10.
  const table = [Array.from({ length: days }, (_, d) => d + 1), Array.from({ length: days }, (_, d) => 100 - 10 * d)];

  it('sums flows over each interval and takes levels at its last day, the last interval shorter (every 4 over 10 days)', () => {
    const rows: [number, number[]][] = [];
    const sink = { every: 4, open: () => {}, row: (start: number, values: Float64Array) => rows.push([start, Array.from(values)]) };
    recorded(days, columns, table, { sinks: [sink], keep: false });
    // Days 0–3: 1+2+3+4 = 10, stock on day 3 = 70; days 4–7: 5+…+8 = 26, 30; days 8–9: 9+10 = 19, 10.
    expect(rows).toEqual([[0, [10, 70]], [4, [26, 30]], [8, [19, 10]]]);
  });

  for (const format of ['wide', 'long'] as const) {
    for (const every of [1, 3, 10]) {
      it(`writes the bytes of the whole record written afterwards, ${format}, every ${every}`, () => {
        const dates = Array.from({ length: days }, (_, d) => `2024-01-${String(d + 1).padStart(2, '0')}`);
        const parts: Uint8Array[] = [];
        const csv = new SeriesCsv(dates, every, format, (chunk) => parts.push(chunk));
        const streamed = recorded(days, columns, table.map((col) => col.map((v) => v / 3)), { sinks: [csv], keep: false });
        csv.end();
        const whole = recorded(days, columns, table.map((col) => col.map((v) => v / 3)));
        expect(Buffer.concat(parts).toString('utf8')).toBe(stringified(whole, dates, every, format));
        expect(streamed.values.every((v) => v.length === 0)).toBe(true);
      });
    }
  }
});

describe('which columns keep their days', () => {
  const columns = [
    { node: 'a', metric: 'x', kind: 'flow' as const },
    { node: 'b', metric: 'y', kind: 'level' as const },
  ];
  const table = [[1, 2, 3], [4, 5, 6]];

  it('keeps every column by default', () => {
    const recorder = recorded(3, columns, table);
    expect(Array.from(recorder.column('a.x'))).toEqual([1, 2, 3]);
    expect(Array.from(recorder.column('b.y'))).toEqual([4, 5, 6]);
  });

  it('keeps only the columns asked for, and refuses to read one not kept', () => {
    const recorder = recorded(3, columns, table, { keep: (c) => c.node === 'b' });
    expect(Array.from(recorder.column('b.y'))).toEqual([4, 5, 6]);
    expect(recorder.values[0].length).toBe(0);
    expect(() => recorder.column('a.x')).toThrow(/without keeping its days/);
  });

  it('refuses a column added once days are recorded, and a sink of 0 days per row', () => {
    const recorder = recorded(3, columns, table);
    expect(() => recorder.add('c', 'z', '', 'flow', () => 0)).toThrow(/before the first day/);
    expect(() => new Recorder(3, { sinks: [{ every: 0, open: () => {}, row: () => {} }] })).toThrow(/whole number ≥ 1/);
  });
});

describe('writeCsv', () => {
  it("writes csv-stringify's stream bytes, across its batches of 4,096 rows", async () => {
    const { stringify } = await import('csv-stringify');
    const rows: string[][] = [['id', 'note, with comma', 'value']];
    for (let i = 0; i < 10_000; i++) rows.push([`row${i}`, i % 7 === 0 ? 'say "hi"\nthere' : i % 5 === 0 ? '' : `ü${i}`, String(i / 3)]);
    const reference = await new Promise<string>((resolve, reject) => {
      const chunks: string[] = [];
      const stream = stringify({ eof: true });
      stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
      stream.on('end', () => resolve(chunks.join('')));
      stream.on('error', reject);
      for (const row of rows) stream.write(row);
      stream.end();
    });
    const dir = mkdtempSync(join(tmpdir(), 'munisim-write-csv-'));
    writeCsv(join(dir, 'a.csv'), rows);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(reference);
    writeCsv(join(dir, 'empty.csv'), []);
    expect(readFileSync(join(dir, 'empty.csv'), 'utf8')).toBe('');
  });
});
