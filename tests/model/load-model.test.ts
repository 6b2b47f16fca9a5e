/** Bad model files are refused with the file, the path (and line), and what was expected. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { loadModel, parseModel } from '../../src/model/load-model.js';
import { resolveScenario } from '../../src/model/scenario.js';

const valid = `name: ok
start: 2024-01-01
days: 10
parameters:
  rate: { value: 10, min: 0, max: 20 }
munitions: [{ id: m }]
stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b }
factories: [{ id: f, munition: m, to: a, rate: "rate" }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, transit_days: 1 }]
consumers: [{ id: c, draws_from: [b], munitions: [m], demand: 5 }]
`;

function issuesOf(text: string): UserError['issues'] {
  try {
    resolveScenario(parseModel(text, 'bad.yaml'));
  } catch (error) {
    if (error instanceof UserError) return error.issues;
    throw error;
  }
  throw new Error('expected the model to be refused');
}

describe('a valid model', () => {
  it('loads and resolves ids to indices', () => {
    const model = parseModel(valid, 'ok.yaml');
    expect(model.routes[0]).toMatchObject({ id: 'r', from: 0, to: 1, munitions: [0] });
    expect(model.stockpiles[1].handles).toEqual([0]);
    expect(model.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe.each([
  ['YAML syntax', valid.replace('days: 10', 'days: [10'), '', /YAML syntax/],
  ['missing field', valid.replace('days: 10\n', ''), 'days', /missing/],
  ['wrong type', valid.replace('days: 10', 'days: ten'), 'days', /expected a number of days, got string/],
  ['unknown field (typo)', valid.replace('shipment: 10', 'shipmnet: 10'), 'routes[0]', /unknown field "shipmnet"/],
  ['absurd horizon', valid.replace('days: 10', 'days: 1000000000000'), 'days', /at most 36500/],
  ['negative quantity', valid.replace('demand: 5', 'demand: -5'), 'consumers[0].demand', /must be ≥ 0, got -5/],
  ['NaN quantity', valid.replace('demand: 5', 'demand: .nan'), 'consumers[0].demand', /finite/],
  ['infinite quantity', valid.replace('demand: 5', 'demand: .inf'), 'consumers[0].demand', /finite/],
  ['probability above 1', valid.replace('shipment: 10', 'shipment: 10, loss_probability: 1.5'), 'routes[0].loss_probability', /probability/],
  ['duplicate id', valid.replace('{ id: b }', '{ id: a }'), 'stockpiles[1].id', /duplicate id "a"/],
  ['unknown reference', valid.replace('to: b,', 'to: bb,'), 'routes[0].to', /unknown stockpile "bb"/],
  ['unknown munition', valid.replace('munitions: [m], demand', 'munitions: [x], demand'), 'consumers[0].munitions[0]', /unknown munition "x"/],
  ['min above max', valid.replace('min: 0, max: 20', 'min: 30, max: 20'), 'parameters.rate.min', /above max/],
  ['value outside range', valid.replace('value: 10', 'value: 50'), 'parameters.rate.value', /above max/],
  ['unknown symbol', valid.replace('rate: "rate"', 'rate: "rat * 2"'), 'factories[0].rate', /unknown symbol "rat"/],
  ['expression syntax', valid.replace('rate: "rate"', 'rate: "rate *"'), 'factories[0].rate', /cannot parse/],
  ['unsafe function', valid.replace('rate: "rate"', 'rate: "evaluate(\'1\')"'), 'factories[0].rate', /unknown or unsafe function "evaluate"/],
  ['import', valid.replace('rate: "rate"', 'rate: "import({})"'), 'factories[0].rate', /unsafe function "import"/],
  ['assignment', valid.replace('rate: "rate"', 'rate: "x = 3"'), 'factories[0].rate', /assignment/],
  ['property access', valid.replace('rate: "rate"', 'rate: "rate.constructor"'), 'factories[0].rate', /property access/],
  ['expression negative on a day', valid.replace('rate: "rate"', 'rate: "rate - t * 3"'), 'factories[0].rate', /on day 4 \(2024-01-05\)/],
  ['triangular out of order', valid.replace('transit_days: 1', 'transit_days: { dist: triangular, min: 3, mode: 1, max: 4 }'), 'routes[0].transit_days.mode', /min ≤ mode ≤ max/],
  ['unknown distribution', valid.replace('transit_days: 1', 'transit_days: { dist: gamma, shape: 2 }'), 'routes[0].transit_days.dist', /fixed, uniform, triangular, normal or lognormal/],
  ['bad date', valid.replace('start: 2024-01-01', 'start: 2024-02-30'), 'start', /calendar date/],
  ['event before start', `${valid}events: [{ date: 2023-12-01, set: { rate: 5 } }]\n`, 'events[0].date', /before the model's start/],
  ['event on unknown parameter', `${valid}events: [{ date: 2024-01-05, set: { speed: 5 } }]\n`, 'events[0].set.speed', /unknown parameter "speed"/],
  ['random event that sets', `${valid}events: [{ probability_per_day: 0.1, set: { rate: 5 } }]\n`, 'events[0]', /cannot `set`/],
  // Events and windows against the parameter's range and the horizon: 2024-01-01 to 2024-01-10 (10 days).
  ['event set above max', `${valid}events: [{ date: 2024-01-05, set: { rate: 25 } }]\n`, 'events[0].set.rate', /^25 is outside the parameter's range \[0, 20\]$/],
  ['event set below min', `${valid}events: [{ date: 2024-01-05, set: { rate: -1 } }]\n`, 'events[0].set.rate', /^-1 is outside the parameter's range \[0, 20\]$/],
  ['event set expression outside on its day', `${valid}events: [{ date: 2024-01-05, set: { rate: "rate * 3" } }]\n`, 'events[0].set.rate', /"rate \* 3" gives 30 on 2024-01-05, outside the parameter's range \[0, 20\]/],
  ['event after the horizon', `${valid}events: [{ date: 2024-01-11, set: { rate: 5 } }]\n`, 'events[0].date', /2024-01-11 is after the horizon, so the event would never happen; the horizon is 2024-01-01 to 2024-01-10 \(10 days\)/],
  ['expansion after the horizon', valid.replace('rate: "rate" }', 'rate: "rate", expansions: [{ date: 2024-02-01, add: 5 }] }'), 'factories[0].expansions[0].date', /2024-02-01 is after the horizon, so the expansion would never happen/],
  ['open window past the end', valid.replace('transit_days: 1 }', 'transit_days: 1, open: [{ until: 2024-01-12 }] }'), 'routes[0].open[0].until', /2024-01-12 is after the horizon; .*a window may end at the latest on 2024-01-11/],
  ['open window before the start', valid.replace('transit_days: 1 }', 'transit_days: 1, open: [{ from: 2023-12-31 }] }'), 'routes[0].open[0].from', /2023-12-31 is before the model's start \(2024-01-01\); the horizon is 2024-01-01 to 2024-01-10/],
  ['random event from after the horizon', `${valid}events: [{ probability_per_day: 0.1, from: 2024-03-01, strike: { stockpile: a, destroy_fraction: 0.5 } }]\n`, 'events[0].from', /2024-03-01 is after the horizon/],
  ['random event until before the start', `${valid}events: [{ probability_per_day: 0.1, until: 2023-06-01, strike: { stockpile: a, destroy_fraction: 0.5 } }]\n`, 'events[0].until', /2023-06-01 is before the model's start/],
  ['name escaping runs/', valid.replace('name: ok', 'name: ../../etc'), 'name', /letters, digits/],
  ['initial above capacity', valid.replace('{ id: b }', '{ id: b, initial: { m: 50 }, capacity: 40 }'), 'stockpiles[1].initial', /exceed the capacity of 40/],
  ['empty document', '', '', /expected a model/],
])('%s', (_label, text, path, message) => {
  it(`is refused at ${path || '(document)'}`, () => {
    const issues = issuesOf(text);
    const match = issues.find((issue) => (issue.path ?? '') === path && message.test(issue.message));
    expect(match, `issues were: ${JSON.stringify(issues, null, 1)}`).toBeDefined();
    expect(match!.file).toBe('bad.yaml');
  });
});

describe('the horizon and the parameter range of events', () => {
  it('accepts an event on the last day, window bounds at the start and the day after the last, and a set at max', () => {
    const text = `${valid.replace('transit_days: 1 }', 'transit_days: 1, open: [{ from: 2024-01-01, until: 2024-01-11 }] }')}events:
  - { date: 2024-01-10, set: { rate: 20 } }
  - { probability_per_day: 0.1, from: 2024-01-01, until: 2024-01-11, strike: { stockpile: a, destroy_fraction: 0.5 } }
`;
    const model = parseModel(text, 'ok.yaml');
    expect(model.routes[0].open).toEqual([{ fromDay: 0, untilDay: 10 }]);
    expect(model.events.map((e) => e.day ?? e.random?.untilDay)).toEqual([9, 10]);
    expect(() => resolveScenario(model)).not.toThrow();
  });

  it('names the line of the date and of the value refused', () => {
    const text = `${valid}events:\n  - { date: 2024-01-05, set: { rate: 25 } }\n  - { date: 2024-02-05, set: { rate: 5 } }\n`;
    const issues = issuesOf(text);
    expect(issues.find((i) => i.path === 'events[0].set.rate')).toMatchObject({ line: 14 });
    expect(issues.find((i) => i.path === 'events[1].date')).toMatchObject({ line: 15 });
    // An expression is refused when tabulated, and still names its line.
    const tabulated = issuesOf(`${valid}events:\n  - { date: 2024-01-05, set: { rate: "rate * 3" } }\n`);
    expect(tabulated.find((i) => i.path === 'events[0].set.rate')).toMatchObject({ line: 14 });
  });

  it('does not refuse events cut off by a shorter horizon given to the scenario', () => {
    const model = parseModel(`${valid}events: [{ date: 2024-01-08, set: { rate: 15 } }]\n`, 'ok.yaml');
    expect(resolveScenario(model, { days: 5 }).days).toBe(5);
  });
});

describe('locations', () => {
  it('gives line and column for schema errors', () => {
    const issues = issuesOf(valid.replace('shipment: 10', 'shipment: "ten"'));
    expect(issues[0]).toMatchObject({ path: 'routes[0].shipment' });
    const bad = issuesOf(valid.replace('days: 10', 'days: ten'));
    expect(bad[0]).toMatchObject({ line: 3, column: 7 });
  });

  it('reports a missing file as a user error', () => {
    expect(() => loadModel('/nonexistent/model.yaml')).toThrow(/no such file/);
    const dir = mkdtempSync(join(tmpdir(), 'munisim-'));
    expect(() => loadModel(dir)).toThrow(/is a folder/);
    writeFileSync(join(dir, 'm.json'), JSON.stringify({ name: 'j', start: '2024-01-01', days: 2, munitions: [{ id: 'm' }], stockpiles: [{ id: 's' }] }));
    expect(loadModel(join(dir, 'm.json')).name).toBe('j');
  });

  it('collects every problem in one pass', () => {
    const issues = issuesOf(valid.replace('to: b,', 'to: bb,').replace('demand: 5', 'demand: "nope"'));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['routes[0].to', 'consumers[0].demand']));
  });
});

describe('overrides', () => {
  const model = parseModel(valid, 'ok.yaml');
  it('refuses unknown parameters and values outside the range', () => {
    expect(() => resolveScenario(model, { parameters: { speed: 1 } })).toThrow(/unknown parameter "speed"/);
    expect(() => resolveScenario(model, { parameters: { rate: 21 } })).toThrow(/outside the parameter's range \[0, 20\]/);
    expect(resolveScenario(model, { parameters: { rate: 21 }, allowOutOfRange: true }).parameters.rate).toBe(21);
  });
  it('refuses horizons beyond the limit', () => {
    expect(() => resolveScenario(model, { days: 40_000 })).toThrow(/1 to 36500/);
  });
});
