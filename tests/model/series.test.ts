/**
 * Rates per period and dated series, worked by hand: a month is 365.25/12 days and a year 365.25,
 * a step table holds each row until the next, a linear one moves in a straight line day by day, the
 * last value holds after the last row; a CSV column reads the same way from the model's folder, and
 * every misuse is refused at its line (a CSV cell at its own file's line).
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, parseModel } from '../../src/assembly/load-model.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { refusal, runYaml, series, yamlModel } from '../helpers.js';

const header = (days: number) => `name: series\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n`;
/** A front whose demand is `demand` (as YAML) and a depot that never runs dry. */
const front = (demand: string, days = 10) => yamlModel(`stockpiles: [{ id: depot, initial: { m: 1000000000 } }]
consumers:
  - id: front
    draws_from: [depot]
    munitions: [m]
    demand: ${demand}
`, header(days));
/** The front's demand on each day, as the scenario tabulates it (per day). */
const demandTable = (demand: string, days = 10) => {
  const scenario = resolveScenario(parseModel(front(demand, days), 'test.yaml'));
  return Array.from(scenario.tables[scenario.model.consumers[0].demand]);
};

describe('per: converts a rate to shells per day', () => {
  it.each([
    ['day', 700, 700],
    ['week', 700, 100],
    ['month', 30440, 30440 * 12 / 365.25],
    ['year', 365250, 1000],
  ])('{ value: …, per: %s } of %d is %d a day', (per, value, perDay) => {
    for (const v of demandTable(`{ value: ${value}, per: ${per} }`, 3)) expect(v).toBeCloseTo(perDay, 9);
  });

  it('30,440 a month is 1,000.08… a day (30440 / (365.25/12)), not 30440 / 30', () => {
    const [day0] = demandTable('{ value: 30440, per: month }', 1);
    expect(day0).toBeCloseTo(1000.0821355236140, 9);
  });

  it('an expression per month: "base * 2" with base = 30440 gives 2 × 1,000.08… a day', () => {
    const text = front('{ value: "base * 2", per: month }', 2).replace('munitions: [{ id: m }]', 'munitions: [{ id: m }]\nparameters: { base: 30440 }');
    const scenario = resolveScenario(parseModel(text, 'test.yaml'));
    expect(scenario.tables[scenario.model.consumers[0].demand][1]).toBeCloseTo(2 * 30440 * 12 / 365.25, 9);
  });

  it('a factory at 30,440 a month makes whole shells: 1,000 a day, and the 13th day the 0.08s add to 1,001', () => {
    const result = runYaml(yamlModel(`stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: { value: 30440, per: month } }]
`, header(13)));
    // 12 days × 0.0821… = 0.986 shells carried; day 13 brings the carry to 1.07.
    expect(series(result, 'plant.produced')).toEqual([...Array(12).fill(1000), 1001]);
  });
});

describe('table: a dated series', () => {
  it('step holds each row until the next: 3,044 a month, then 6,088 from 2024-01-04', () => {
    const per = 3044 * 12 / 365.25;
    const values = demandTable('{ table: [[2023-12-01, 3044], [2024-01-04, 6088]], per: month }', 6);
    expect(values.map((v) => v / per)).toEqual([1, 1, 1, 2, 2, 2].map((k) => expect.closeTo(k, 12)));
  });

  it('step is the default', () => {
    expect(demandTable('{ table: [[2024-01-01, 10], [2024-01-03, 20]], per: day }', 4)).toEqual([10, 10, 20, 20]);
  });

  it('linear moves day by day: 0 on 2024-01-01 to 70 a week on 2024-01-11 is 0, 1, 2, … 9 a day', () => {
    expect(demandTable('{ table: [[2024-01-01, 0], [2024-01-11, 70]], per: week, interpolate: linear }'))
      .toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => expect.closeTo(k, 12)));
  });

  it('linear from a row before the start: 0 on 2023-12-30 to 40 on 2024-01-03 is 20, 30, 40, then 40 after the last row', () => {
    expect(demandTable('{ table: [[2023-12-30, 0], [2024-01-03, 40]], per: day, interpolate: linear }', 5)).toEqual([20, 30, 40, 40, 40]);
  });

  it('rows after the horizon are fine and change nothing inside it', () => {
    expect(demandTable('{ table: [[2024-01-01, 5], [2030-01-01, 9]], per: day, interpolate: linear }', 3))
      .toEqual([0, 1, 2].map((d) => expect.closeTo(5 + 4 * d / 2192, 12)));
  });

  it('values may be expressions over parameters (a swept ramp keeps its parameters)', () => {
    const text = front('{ table: [[2024-01-01, lo], [2024-01-03, hi]], per: day, interpolate: linear }', 4)
      .replace('munitions: [{ id: m }]', 'munitions: [{ id: m }]\nparameters: { lo: 100, hi: 300 }');
    const scenario = resolveScenario(parseModel(text, 'test.yaml'), { parameters: { hi: 500 } });
    expect(Array.from(scenario.tables[scenario.model.consumers[0].demand])).toEqual([100, 300, 500, 500]);
  });
});

describe('csv: a column of a CSV file beside the model', () => {
  const folder = mkdtempSync(join(tmpdir(), 'munisim-series-'));
  mkdirSync(join(folder, 'data'));
  const outside = mkdtempSync(join(tmpdir(), 'munisim-outside-'));
  writeFileSync(join(outside, 'secret.csv'), 'date,x\n2024-01-01,1\n');
  symlinkSync(join(outside, 'secret.csv'), join(folder, 'data', 'link.csv'));
  writeFileSync(join(folder, 'data', 'us.csv'), 'date,us,eu\n2023-12-01,3044,1\n\n2024-01-03,6088,2\n');
  writeFileSync(join(folder, 'data', 'bad.csv'), 'date,us\n2024-01-01,10\n2024-01-02,ten\n2024-01-0x,5\n');
  writeFileSync(join(folder, 'data', 'late.csv'), 'date,us\n2024-01-02,10\n');
  writeFileSync(join(folder, 'data', 'order.csv'), 'date,us\n2024-01-01,10\n2023-12-01,5\n');
  const load = (spec: string, days = 4) => {
    const file = join(folder, 'model.yaml');
    writeFileSync(file, front(spec, days));
    return loadModel(file);
  };

  it('reads the named column by date, relative to the model file, per month', () => {
    const model = load('{ csv: data/us.csv, column: us, per: month }');
    const values = Array.from(resolveScenario(model).tables[model.consumers[0].demand]);
    expect(values).toEqual([3044, 3044, 6088, 6088].map((v) => expect.closeTo(v * 12 / 365.25, 9)));
  });

  it.each([
    ['a bad number, at its CSV line', 'data/bad.csv', 'us', `${join(folder, 'data', 'bad.csv')}:3:1: us: expected a number, got "ten"`],
    ['a bad date, at its CSV line', 'data/bad.csv', 'us', `${join(folder, 'data', 'bad.csv')}:4:1: date: expected a calendar date YYYY-MM-DD, got "2024-01-0x"`],
    ['a missing column', 'data/us.csv', 'ru', 'the header has no column "ru"; it has "date", "us", "eu"'],
    ['dates out of order', 'data/order.csv', 'us', `${join(folder, 'data', 'order.csv')}:3:1: 2023-12-01 is not after the line before (2024-01-01)`],
    ['a series that starts after the model', 'data/late.csv', 'us', 'the series starts on 2024-01-02, after the model\'s start (2024-01-01)'],
    ['an absolute path', join(outside, 'secret.csv'), 'x', 'is an absolute path'],
    ['a path out through ..', '../secret.csv', 'x', 'leads out of the model\'s folder (..)'],
    ['a symbolic link out of the folder', 'data/link.csv', 'x', 'leads out of the model\'s folder (through a symbolic link'],
    ['a file that is not there', 'data/none.csv', 'x', `no such file: ${join(folder, 'data', 'none.csv')}`],
  ])('refuses %s', (_what, csv, column, message) => {
    expect(refusal(() => load(`{ csv: "${csv}", column: ${column}, per: day }`))).toContain(message);
  });

  it('names the model field at the path of the csv', () => {
    expect(refusal(() => load('{ csv: ../secret.csv, column: x, per: day }'))).toMatch(/model\.yaml:\d+:\d+: consumers\[0\]\.demand\.csv: /);
  });
});

describe('refusals at load, with the field and its line', () => {
  const withRoute = (shipment: string) => yamlModel(`stockpiles: [{ id: a, initial: { m: 10 } }, { id: b }]
routes:
  - { id: ship, from: a, to: b, munitions: [m], shipment: ${shipment}, every_days: 1, transit_days: 1 }
`, header(3));
  const withCapacity = (capacity: string) => yamlModel(`stockpiles: [{ id: a, capacity: ${capacity} }]\n`, header(3));
  it.each([
    ['per on a shipment, with the reason', withRoute('{ value: 10, per: month }'), 'test.yaml:7:', 'shipment is shells per vehicle departure, not per time'],
    ['per on a stockpile capacity', withCapacity('{ value: 10, per: month }'), 'stockpiles[0].capacity: per, table and csv are accepted only on rates', 'this field is not a rate per time'],
    ['a table without per', front('{ table: [[2024-01-01, 1]] }'), 'consumers[0].demand.per', 'say which period the numbers are per'],
    ['a value and a table', front('{ value: 1, table: [[2024-01-01, 1]], per: day }'), 'consumers[0].demand', 'give one of value and table, not both'],
    ['an unknown period', front('{ value: 1, per: fortnight }'), 'consumers[0].demand.per', 'expected per: day, week, month or year'],
    ['interpolate beside a value', front('{ value: 1, per: day, interpolate: linear }'), 'consumers[0].demand.interpolate', 'interpolate goes with a table or csv'],
    ['a table that starts after the model', front('{ table: [[2024-01-05, 1]], per: day }'), 'consumers[0].demand.table[0][0]: the series starts on 2024-01-05', 'add a row [2024-01-01, …]'],
    ['dates that do not increase', front('{ table: [[2024-01-01, 1], [2024-01-01, 2]], per: day }'), 'consumers[0].demand.table[1][0]: 2024-01-01 is not after the row before', 'dates must increase'],
    ['a negative value', front('{ table: [[2024-01-01, 1], [2024-01-02, -5]], per: day }'), 'consumers[0].demand.table[1][1]: must be ≥ 0, got -5', ''],
    ['a value that reads t', front('{ table: [[2024-01-01, "t * 2"]], per: day }'), 'consumers[0].demand.table[0][1]', 'may not read t'],
    ['a row that is not a pair', front('{ table: [[2024-01-01]], per: day }'), 'consumers[0].demand.table[0]', ''],
    ['a csv without its column', front('{ csv: x.csv, per: day }'), 'consumers[0].demand.column', 'name the CSV column'],
  ])('refuses %s', (_what, text, where, message) => {
    const error = refusal(() => parseModel(text, 'test.yaml'));
    expect(error).toContain(where);
    expect(error).toContain(message);
  });
});
