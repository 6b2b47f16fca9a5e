/** Warnings of a model and of an experiment: what is legal but suspicious, as { code, path, message }. */
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/assembly/load-model.js';
import { ALIKE_SHOWN, constantOutputWarnings, modelWarnings, warningLines, zeroSensitivityWarnings, type Warning } from '../../src/model/warnings.js';

// start 2024-01-01, 20 days: day 4 is 2024-01-05, day 9 is 2024-01-10, the last day 2024-01-20.
const chain = (parameters: string, events = '', factory = '') => parseModel(`name: w
start: 2024-01-01
days: 20
parameters:
${parameters}
munitions: [{ id: m }]
stockpiles: [{ id: a }, { id: b }]
factories: [{ id: f, munition: m, to: a, rate: "rate"${factory} }]
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, transit_days: 1 }]
consumers: [{ id: c, draws_from: [b], munitions: [m], demand: "demand" }]
${events}`, 'w.yaml');

const ranged = `  rate: { value: 10, min: 0, max: 20 }
  demand: { value: 5, min: 0, max: 40 }`;

describe('unused parameters', () => {
  it('warns about a parameter no quantity reads, and none about those read', () => {
    const model = chain(`${ranged}\n  spare: 3`);
    expect(modelWarnings(model)).toEqual([
      { code: 'unused_parameter', path: 'parameters.spare', message: 'spare is used by no quantity: whatever its value, every run is the same' },
    ]);
  });

  it('counts a parameter read by a `set` expression only when the parameter set is itself used', () => {
    // surge feeds rate (used) through the event; idle feeds spare, which nothing reads.
    const model = chain(`${ranged}\n  surge: 2\n  spare: 3\n  idle: 4`,
      'events:\n  - { date: 2024-01-05, set: { rate: "surge * 5" } }\n  - { date: 2024-01-06, set: { spare: "idle + 1" } }\n');
    expect(modelWarnings(model).map((w) => w.path)).toEqual(['parameters.spare', 'parameters.idle']);
  });

  it('says nothing about a model whose parameters are all read', () => {
    expect(modelWarnings(chain(ranged))).toEqual([]);
  });
});

describe('a varied parameter that a dated event overrides', () => {
  const events = 'events:\n  - { date: 2024-01-10, set: { demand: 25 } }\n  - { date: 2024-01-15, set: { demand: 30 } }\n';

  it('names the first event that sets it and its date', () => {
    const model = chain(ranged, events);
    expect(modelWarnings(model, { varied: ['demand'] })).toEqual([{
      code: 'overridden_parameter',
      path: 'events[0].set.demand',
      message: 'demand is varied but the event on 2024-01-10 sets it to 25; from that day the varied value no longer matters',
    }]);
    expect(modelWarnings(model, { varied: ['rate'] })).toEqual([]);
    expect(modelWarnings(model)).toEqual([]);
  });

  it('names an expression that does not read the parameter itself', () => {
    const model = chain(ranged, 'events: [{ date: 2024-01-05, set: { demand: "rate * 2" } }]\n');
    expect(modelWarnings(model, { varied: ['demand'] })[0].message)
      .toBe('demand is varied but the event on 2024-01-05 sets it to "rate * 2"; from that day the varied value no longer matters');
  });

  it('is quiet when the event scales the varied value (it still matters)', () => {
    const model = chain(ranged, 'events: [{ date: 2024-01-05, set: { demand: "demand * 1.5" } }]\n');
    expect(modelWarnings(model, { varied: ['demand'] })).toEqual([]);
  });

  it('ignores an event the shortened horizon cuts off', () => {
    // With 9 days (to 2024-01-09) the event of 2024-01-10 never happens: only the horizon warning.
    const model = chain(ranged, events);
    expect(modelWarnings(model, { varied: ['demand'], days: 9 }).map((w) => w.code)).toEqual(['beyond_horizon']);
  });
});

describe('a horizon shortened below the model\'s', () => {
  it('lists the dated events, random windows and expansions that fall after it', () => {
    const model = chain(ranged,
      `events:
  - { id: early, date: 2024-01-03, set: { demand: 6 } }
  - { id: late, date: 2024-01-12, set: { demand: 7 } }
  - { id: raid, probability_per_day: 0.1, from: 2024-01-15, strike: { stockpile: a, destroy_fraction: 0.5 } }
`, ', expansions: [{ date: 2024-01-11, add: 5 }]');
    expect(modelWarnings(model, { days: 10 })).toEqual([{
      code: 'beyond_horizon',
      path: 'days',
      message: 'the horizon is shortened to 10 days (2024-01-01 to 2024-01-10), so these 3 events are ignored: late (2024-01-12), raid (random, from 2024-01-15), f expansion 1 (2024-01-11)',
    }]);
    // Day 10 is 2024-01-11: with 11 days the expansion happens, the rest not.
    expect(modelWarnings(model, { days: 11 })[0].message).toMatch(/so these 2 events are ignored: late \(2024-01-12\), raid/);
    expect(modelWarnings(model, { days: 20 })).toEqual([]);
    expect(modelWarnings(model, { days: 400 })).toEqual([]);
  });
});

describe('experiment warnings', () => {
  it('names the parameters with zero effect on every output', () => {
    const zero = new Set(['p:x', 'p:y', 'q:x']);
    expect(zeroSensitivityWarnings(['p', 'q'], ['x', 'y'], (p, o) => zero.has(`${p}:${o}`))).toEqual([{
      code: 'zero_sensitivity',
      path: 'parameters.p',
      message: 'p has no effect on any output (x, y): every output is the same at each of its levels',
    }]);
  });

  it('names the outputs whose smallest and largest values are equal', () => {
    const ranges: Record<string, { min: number; max: number } | undefined> = { flat: { min: 50, max: 50 }, moving: { min: 1, max: 2 }, missing: undefined };
    expect(constantOutputWarnings(['flat', 'moving', 'missing'], (o) => ranges[o], 'the sweep')).toEqual([{
      code: 'constant_output',
      path: 'flat',
      message: 'flat is 50 in every run of the sweep: it does not tell the runs apart',
    }]);
  });
});

describe('warning lines: warnings alike as one', () => {
  const constant = (front: number, value = 0): Warning => ({
    code: 'constant_output',
    path: `days_of_supply_min.front-${front}`,
    message: `days_of_supply_min.front-${front} is ${value} in every run of the sweep: it does not tell the runs apart`,
  });
  const unused = (name: string): Warning => ({ code: 'unused_parameter', path: `parameters.${name}`, message: `${name} is used by no quantity: whatever its value, every run is the same` });

  it(`prints up to ${ALIKE_SHOWN} warnings alike a line each`, () => {
    const four = [0, 1, 2, 3].map((f) => constant(f));
    expect(ALIKE_SHOWN).toBe(4);
    expect(warningLines(four)).toEqual(four.map((w) => w.message));
  });

  it('makes one line of more, at the place of the first, naming three, an ellipsis and the last', () => {
    const warnings = [unused('spare'), ...Array.from({ length: 999 }, (_, f) => constant(f)), unused('extra_name')];
    expect(warningLines(warnings, 'runs/x/manifest.json')).toEqual([
      'spare is used by no quantity: whatever its value, every run is the same',
      'days_of_supply_min.front-0 is 0 in every run of the sweep: it does not tell the runs apart — and the same for 998 more: '
        + 'days_of_supply_min.front-1, days_of_supply_min.front-2, days_of_supply_min.front-3, …, days_of_supply_min.front-998; all 999 are in runs/x/manifest.json',
      'extra_name is used by no quantity: whatever its value, every run is the same',
    ]);
  });

  it('names all the others when an ellipsis would stand for one, and no file when none is given', () => {
    expect(warningLines([0, 1, 2, 3, 4, 5].map((f) => constant(f)))).toEqual([
      'days_of_supply_min.front-0 is 0 in every run of the sweep: it does not tell the runs apart — and the same for 5 more: '
        + 'days_of_supply_min.front-1, days_of_supply_min.front-2, days_of_supply_min.front-3, days_of_supply_min.front-4, days_of_supply_min.front-5',
    ]);
    expect(warningLines([0, 1, 2, 3, 4, 5, 6].map((f) => constant(f)))[0]).toMatch(/for 6 more: days_of_supply_min\.front-1, days_of_supply_min\.front-2, days_of_supply_min\.front-3, …, days_of_supply_min\.front-6$/);
  });

  it('keeps apart warnings that differ anywhere but in their subject: another value, another code', () => {
    // Five fronts at 0 and five at 7: two groups; a sixth message of another code naming front-0 stays its own line.
    const warnings = [...[0, 1, 2, 3, 4].map((f) => constant(f, 0)), ...[5, 6, 7, 8, 9].map((f) => constant(f, 7)),
      { code: 'zero_sensitivity', path: 'days_of_supply_min.front-0', message: 'days_of_supply_min.front-0 is 0 in every run of the sweep: it does not tell the runs apart' }];
    const lines = warningLines(warnings);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^days_of_supply_min\.front-0 is 0 .* and the same for 4 more: .*front-4$/);
    expect(lines[1]).toMatch(/^days_of_supply_min\.front-5 is 7 .* and the same for 4 more: .*front-9$/);
    expect(lines[2]).toBe(warnings[10].message);
  });

  it('never groups warnings without a path, or whose message does not name its subject', () => {
    const bare: Warning[] = Array.from({ length: 6 }, () => ({ code: 'noise', message: 'the runs are noisy' }));
    const unnamed: Warning[] = Array.from({ length: 6 }, (_, i) => ({ code: 'zero_sensitivity', path: `parameters.p${i}`, message: 'a parameter has no effect' }));
    expect(warningLines([...bare, ...unnamed])).toHaveLength(12);
  });
});
