/** Bad model files are refused with the file, the path (and line), and what was expected. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { loadModel, parseModel } from '../../src/assembly/load-model.js';
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

/** Where a refusal must point, and what else it must say; `alone`: it is the only issue (no cascade). */
interface Where { line: number; column?: number; hint?: RegExp; alone?: boolean }
type Row = [label: string, text: string, path: string, message: RegExp, where?: Where];

const tabbed = valid.replace('  - { id: a', '\t- { id: a').replace('  - { id: b', '\t- { id: b');
const aliases = (count: number) => `${valid}seed: &s 1\nevents: [${Array(count).fill('*s').join(', ')}]\n`;
// Each alias repeats what its anchor holds: *b is 1 + 3 expansions, *c 1 + 12, *d 1 + 39, so the
// running count is 3, 15, 54, then 94 and 134 at the second *d.
const bomb = `${valid}x: &a [1, 1, 1]\ny: &b [*a, *a, *a]\nz: &c [*b, *b, *b]\nw: &d [*c, *c, *c]\nv: [*d, *d, *d]\n`;

describe.each<Row>([
  ['YAML syntax', valid.replace('days: 10', 'days: [10'), '', /YAML syntax/, { line: 4, alone: true }],
  ['missing field', valid.replace('days: 10\n', ''), 'days', /missing/],
  ['wrong type', valid.replace('days: 10', 'days: ten'), 'days', /^expected a number of days, got "ten"$/, { line: 3, column: 7 }],
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
  // YAML: one message with its line, not a cascade; duplicate keys and aliases checked in one pass.
  ['tab in indentation', tabbed, '', /^YAML syntax: tabs cannot indent YAML; use spaces$/, { line: 8, column: 1, hint: /^tabs also indent line 9$/, alone: true }],
  ['duplicate key', valid.replace('days: 10\n', 'days: 10\ndays: 12\n'), 'days', /^duplicate key "days" \(first at line 3\)$/, { line: 4, column: 1, hint: /silently replace/, alone: true }],
  ['duplicate key in a flow mapping', valid.replace('shipment: 10', 'shipment: 10, shipment: 20'), 'routes[0].shipment', /^duplicate key "shipment" \(first at line 11\)$/, { line: 11, column: 65 }],
  ['duplicate munition in a record', valid.replace('{ m: 100 }', '{ m: 100, m: 5 }'), 'stockpiles[0].initial.m', /^duplicate key "m" \(first at line 8\)$/, { line: 8, column: 33 }],
  ['more than 100 aliases', aliases(101), 'events[100]', /^uses more than 100 aliases \(\*s\); expand them$/, { line: 14, column: 410, hint: /write the values out/, alone: true }],
  ['alias bomb', bomb, 'v[1]', /^uses more than 100 aliases \(\*d\); expand them$/, { line: 17, column: 9, alone: true }],
  ['unknown alias', `${valid}description: *nothing\n`, 'description', /^unknown alias \*nothing$/, { line: 13, column: 14, hint: /anchor &nothing must come before it/ }],
  // "expected" messages quote the value received.
  ['fractional vehicles', valid.replace('shipment: 10', 'shipment: 10, vehicles: 10.5'), 'routes[0].vehicles', /^expected a whole number, got 10\.5$/, { line: 11, column: 75 }],
  ['number in quotes', valid.replace('value: 10', 'value: "10"'), 'parameters.rate.value', /^expected a number, got "10"$/, { line: 5, column: 18 }],
  ['wrong kind of value', valid.replace('shipment: 10', 'shipment: [10]'), 'routes[0].shipment', /^expected a number or an expression in quotes .*, got a list$/, { line: 11, column: 61 }],
  ['not a calendar date', valid.replace('start: 2024-01-01', 'start: 2024-02-30'), 'start', /^expected a calendar date, got "2024-02-30"$/, { line: 2, column: 8, alone: true }],
  ['unknown distribution, quoted', valid.replace('transit_days: 1', 'transit_days: { dist: gamma }'), 'routes[0].transit_days.dist', /, got "gamma"$/, { line: 11, column: 87 }],
  ['long value cut', valid.replace('name: ok', `name: ${'x'.repeat(100)} y`), 'name', new RegExp(`^expected a name of letters, .*, got "${'x'.repeat(60)}…"$`), { line: 1, column: 7 }],
  // Did you mean: the nearest allowed key, id or column; the "missing" issue of a misspelt key is dropped.
  ['misspelt key', valid.replace('transit_days: 1', 'transit_day: 1'), 'routes[0]', /^unknown field "transit_day"$/, { line: 11, column: 65, hint: /^did you mean "transit_days"\?$/, alone: true }],
  ['swapped letters in a key', valid.replace('draws_from', 'draws_form'), 'consumers[0]', /^unknown field "draws_form"$/, { line: 12, column: 22, hint: /^did you mean "draws_from"\?$/, alone: true }],
  ['misspelt key in a distribution', valid.replace('transit_days: 1', 'transit_days: { dist: uniform, min: 1, mxa: 3 }'), 'routes[0].transit_days', /^unknown field "mxa"$/, { line: 11, column: 104, hint: /^did you mean "max"\?$/, alone: true }],
  ['unknown key near nothing', valid.replace('shipment: 10', 'shipment: 10, zzz: 1'), 'routes[0]', /^unknown field "zzz"$/, { line: 11, column: 65, hint: /^allowed here: id, from, to, munitions, every_days, /, alone: true }],
  ['misspelt stockpile', valid.replace('to: b,', 'to: bb,'), 'routes[0].to', /^unknown stockpile "bb"$/, { line: 11, column: 32, hint: /^did you mean "b"\?$/ }],
  ['unknown stockpile near nothing', valid.replace('to: b,', 'to: zz,'), 'routes[0].to', /^unknown stockpile "zz"$/, { line: 11, column: 32, hint: /^known stockpiles: a, b$/ }],
  ['misspelt route in an event', `${valid}events: [{ date: 2024-01-05, close: { route: rr, days: 2 } }]\n`, 'events[0].close.route', /^unknown route "rr"$/, { line: 13, column: 46, hint: /^did you mean "r"\?$/ }],
  ['misspelt parameter in an expression', valid.replace('rate: "rate"', 'rate: "rte * 2"'), 'factories[0].rate', /^"rte \* 2" uses unknown symbol "rte"$/, { line: 10, hint: /^did you mean "rate"\?$/ }],
  ['misspelt parameter in an event', `${valid}events: [{ date: 2024-01-05, set: { rte: 5 } }]\n`, 'events[0].set.rte', /^unknown parameter "rte"$/, { line: 13, hint: /^did you mean "rate"\?$/ }],
  ['a reserved word as an id', valid.replace('munitions: [{ id: m }]', 'munitions: [{ id: constructor }]'), 'munitions[0].id', /^"constructor" is a reserved name; choose another id$/, { line: 6, column: 19 }],
  // Quantities in days say so.
  ['negative transit time', valid.replace('transit_days: 1', 'transit_days: -1'), 'routes[0].transit_days', /^must be ≥ 0 days, got -1$/, { line: 11, column: 79 }],
  ['negative bound of a distribution', valid.replace('transit_days: 1', 'transit_days: { dist: uniform, min: -1, max: 2 }'), 'routes[0].transit_days.min', /^must be ≥ 0 days, got -1$/, { line: 11 }],
  ['zero lot days', valid.replace('rate: "rate"', 'rate: "rate", lot_days: 0'), 'factories[0].lot_days', /^must be ≥ 1 day, got 0$/, { line: 10, column: 66 }],
  // Counts and integer parameters (issue 8 §3–4): the value received is named.
  ['negative route total', valid.replace('shipment: 10', 'shipment: 10, total: -5'), 'routes[0].total', /^must be ≥ 0, got -5$/, { line: 11 }],
  ['fractional integer parameter', valid.replace('value: 10, min: 0', 'value: 10.5, integer: true, min: 0'), 'parameters.rate.value', /^rate takes whole numbers \(integer: true\), got 10\.5$/, { line: 5 }],
  ['integer flag not a boolean', valid.replace('value: 10, min: 0', 'value: 10, integer: 1, min: 0'), 'parameters.rate.integer', /expected true or false/],
  ['event sets an integer parameter to a fraction', `${valid.replace('value: 10, min: 0', 'value: 10, integer: true, min: 0')}events: [{ date: 2024-01-05, set: { rate: 2.5 } }]\n`, 'events[0].set.rate', /^rate takes whole numbers \(integer: true\), got 2\.5$/, { line: 13 }],
  ['vehicles expression not whole on day 0', valid.replace('shipment: 10', 'shipment: 10, vehicles: "rate / 4"'), 'routes[0].vehicles', /^"rate \/ 4" must be a whole number ≥ 1, but is 2\.5 on day 0 \(2024-01-01\)$/, { line: 11 }],
  ['lot_days expression zero on day 0', valid.replace('rate: "rate"', 'rate: "rate", lot_days: "rate - 10"'), 'factories[0].lot_days', /^"rate - 10" must be a whole number ≥ 1 day, but is 0 on day 0 \(2024-01-01\)$/, { line: 10 }],
  ['event date plus fractional days', `${valid}events: [{ date: { date: 2024-01-01, plus_days: 1.5 }, set: { rate: 5 } }]\n`, 'events[0].date.plus_days', /^must be a whole number of days, got 1\.5$/, { line: 13 }],
  ['date parameter set by an event', `${valid}events: [{ date: { day: "rate" }, set: { rate: 5 } }]\n`, 'events[0].date.day', /^"rate" moves a date, so no event may set rate$/, { line: 13 }],
  ['window bound moved past the horizon', valid.replace('transit_days: 1 }', 'transit_days: 1, open: [{ from: { date: 2024-01-01, plus_days: "rate + 1" } }] }'), 'routes[0].open[0].from.plus_days', /^"rate \+ 1" is 11, so the date is 2024-01-12: 2024-01-12 is after the horizon; .*a window may end at the latest on 2024-01-11, the day after$/, { line: 11 }],
  ['zero time between failures', valid.replace('rate: "rate"', 'rate: "rate", breakdown: { mtbf_days: 0, mttr_days: 1 }'), 'factories[0].breakdown.mtbf_days', /^must be > 0 days, got 0$/, { line: 10, column: 80 }],
  // Range errors found while tabulating carry the line of the quantity.
  ['expression negative on day 2', valid.replace('demand: 5', 'demand: "cos(t) * 10"'), 'consumers[0].demand', /^"cos\(t\) \* 10" must be ≥ 0, but is -4\.16\d* on day 2 \(2024-01-03\)$/, { line: 12, column: 63 }],
  ['transit time negative on day 3', valid.replace('transit_days: 1', 'transit_days: "2 - t"'), 'routes[0].transit_days', /^"2 - t" must be ≥ 0 days, but is -1 on day 3 \(2024-01-04\)$/, { line: 11, column: 79 }],
  // Expressions: every call has the right number of arguments (the message gives the signature), digits
  // are whole numbers 0–15, only a plain date(…) is inlined, and size is bounded. Reserved names.
  ['missing argument', valid.replace('rate: "rate"', 'rate: "rate * step(t)"'), 'factories[0].rate', /^"rate \* step\(t\)": step takes 2 arguments \(t, t0\), got 1$/, { line: 10, column: 48, hint: /^step\(t, t0\): 0 before day t0, 1 from it on$/ }],
  ['extra argument', valid.replace('rate: "rate"', 'rate: "rate + abs(rate, 2)"'), 'factories[0].rate', /^"rate \+ abs\(rate, 2\)": abs takes 1 argument \(x\), got 2$/, { line: 10, column: 48 }],
  ['no argument', valid.replace('rate: "rate"', 'rate: "max()"'), 'factories[0].rate', /^"max\(\)": max takes at least 1 argument \(a, b, …\), got 0$/, { line: 10, column: 48 }],
  ['digits out of range', valid.replace('rate: "rate"', 'rate: "round(rate, 1e9)"'), 'factories[0].rate', /^"round\(rate, 1e9\)": round's digits must be a whole number from 0 to 15, got 1000000000$/, { line: 10, column: 48 }],
  // 5 - t is -1 on day 6 (2024-01-07), where mathjs's round throws.
  ['digits out of range on a day', valid.replace('rate: "rate"', 'rate: "round(rate, 5 - t)"'), 'factories[0].rate', /^"round\(rate, 5 - t\)" cannot be computed: .*decimals.* on day 6 \(2024-01-07\)$/, { line: 10, column: 48, hint: /^with rate = 10$/ }],
  ['a method called date', valid.replace('rate: "rate"', `rate: 'rate + x.date("2024-01-02")'`), 'factories[0].rate', /unknown or unsafe function "x\.date"/, { line: 10, column: 48 }],
  ['expression too long', valid.replace('rate: "rate"', `rate: "rate${' + 1'.repeat(1000)}"`), 'factories[0].rate', /^"rate( \+ 1)+…" is 4004 characters long; an expression may have at most 4000$/],
  ['expression too deep', valid.replace('rate: "rate"', `rate: "${Array(300).fill('rate').join(' + ')}"`), 'factories[0].rate', /^".{60}…" nests 300 levels deep; at most 250 are allowed$/],
  ['parameter named end', valid.replace('  rate: {', '  end: 1\n  rate: {'), 'parameters.end', /^"end" is reserved in expressions$/, { line: 5 }],
  ['parameter named in', valid.replace('  rate: {', '  in: 1\n  rate: {'), 'parameters.in', /^"in" is reserved in expressions$/, { line: 5 }],
  ['parameter named NaN', valid.replace('  rate: {', '  NaN: 1\n  rate: {'), 'parameters.NaN', /^"NaN" is reserved in expressions$/, { line: 5 }],
  ['parameter named __proto__', valid.replace('  rate: {', '  __proto__: 1\n  rate: {'), 'parameters.__proto__', /^"__proto__" is a reserved name$/, { line: 5, column: 3, hint: /__proto__, constructor, prototype cannot be keys/, alone: true }],
  ['parameter named constructor', valid.replace('  rate: {', '  constructor: 1\n  rate: {'), 'parameters.constructor', /^"constructor" is a reserved name$/, { line: 5, column: 3, alone: true }],
  ['__proto__ in initial', valid.replace('{ m: 100 }', '{ m: 100, __proto__: 5 }'), 'stockpiles[0].initial.__proto__', /^"__proto__" is a reserved name$/, { line: 8, column: 33, alone: true }],
  ['prototype in reserve', valid.replace('{ id: b }', '{ id: b, reserve: { prototype: 1 } }'), 'stockpiles[1].reserve.prototype', /^"prototype" is a reserved name$/, { line: 9, column: 25, alone: true }],
  ['__proto__ in an event set', `${valid}events: [{ date: 2024-01-05, set: { __proto__: 5 } }]\n`, 'events[0].set.__proto__', /^"__proto__" is a reserved name$/, { line: 13, column: 37, alone: true }],
])('%s', (_label, text, path, message, where) => {
  it(`is refused at ${path || '(document)'}`, () => {
    const issues = issuesOf(text);
    const match = issues.find((issue) => (issue.path ?? '') === path && message.test(issue.message));
    expect(match, `issues were: ${JSON.stringify(issues, null, 1)}`).toBeDefined();
    expect(match!.file).toBe('bad.yaml');
    if (!where) return;
    expect(match!.line).toBe(where.line);
    if (where.column !== undefined) expect(match!.column).toBe(where.column);
    if (where.hint) expect(match!.hint).toMatch(where.hint);
    if (where.alone) expect(issues).toHaveLength(1);
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

  it.each([
    ['a device that never ends', () => '/dev/zero'],
    ['a named pipe that would block', () => {
      const fifo = join(mkdtempSync(join(tmpdir(), 'munisim-')), 'model.yaml');
      execFileSync('mkfifo', [fifo]);
      return fifo;
    }],
  ])('refuses %s before reading it', (_label, make) => {
    const file = make();
    const error = (() => { try { loadModel(file); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).issues).toEqual([{ file, message: 'is not a regular file (a device, pipe or socket)', hint: 'save the model to a file and name that file' }]);
  });

  it('collects every problem in one pass', () => {
    const issues = issuesOf(valid.replace('to: b,', 'to: bb,').replace('demand: 5', 'demand: "nope"'));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['routes[0].to', 'consumers[0].demand']));
  });
});

describe('overrides', () => {
  const model = parseModel(valid, 'ok.yaml');
  it('refuses unknown parameters and values outside the range', () => {
    expect(() => resolveScenario(model, { parameters: { speed: 1 } })).toThrow(/unknown parameter "speed" \(known parameters in ok.yaml: rate\)/);
    expect(() => resolveScenario(model, { parameters: { rat: 1 } })).toThrow(/unknown parameter "rat" \(did you mean "rate"\?\)/);
    expect(() => resolveScenario(model, { parameters: { rate: 21 } })).toThrow(/outside the parameter's range \[0, 20\]/);
    expect(resolveScenario(model, { parameters: { rate: 21 }, allowOutOfRange: true }).parameters.rate).toBe(21);
  });
  it('refuses horizons beyond the limit', () => {
    expect(() => resolveScenario(model, { days: 40_000 })).toThrow(/1 to 36500/);
  });
});

describe('large and repetitive files', () => {
  it('finds a duplicate among 100,000 keys in one pass, with both lines', () => {
    // Line 1 "parameters:", key p<i> on line i + 2; the repeat of p5 comes last, on line 100,002.
    const keys = Array.from({ length: 100_000 }, (_, i) => `  p${i}: ${i}\n`).join('');
    const issues = issuesOf(`parameters:\n${keys}  p5: 1\n`);
    expect(issues).toEqual([expect.objectContaining({ path: 'parameters.p5', line: 100_002, column: 3, message: 'duplicate key "p5" (first at line 7)' })]);
  });

  it('accepts exactly 100 aliases', () => {
    const issues = issuesOf(aliases(100));
    expect(issues.filter((issue) => /alias/.test(issue.message))).toEqual([]);
  });
});
