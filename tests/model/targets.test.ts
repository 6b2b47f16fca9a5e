/**
 * Targets in model files: each bad target is refused at its line with what was expected and what was
 * given; a good one is measured inside the run (so summary-only runs have it) with values worked out
 * by hand on a front that fires a fixed 7 shells a day from a depot of 100.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/model/errors.js';
import { parseModel } from '../../src/assembly/load-model.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { simulate } from '../../src/assembly/simulate.js';

const base = `name: t
start: 2024-01-01
days: 10
munitions: [{ id: m }, { id: n }]
stockpiles:
  - { id: a, initial: { m: 100 } }
  - { id: b, initial: { m: 50 } }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 1, transit_days: 1, every_days: 100, open: [{ from: 2024-01-10 }] }]
consumers:
  - { id: c, draws_from: [a], munitions: [m], demand: 7 }
  - { id: d, draws_from: [b], munitions: [m], demand: 3 }
targets:
`;

const good = `${base}  - { id: fired-3, metric: consumed, of: c, by: 2024-01-03, range: [20, 22], source: C8 }
  - { id: mean-window, metric: consumed, of: [c, d], over: [2024-01-02, 2024-01-05], stat: mean_per_day, value: 10, tolerance: 0.1 }
  - { id: total-window, metric: consumed, of: [c], munition: m, over: [2024-01-02, 2024-01-05], stat: total, range: [0, 27] }
  - { id: stock-4, metric: stock, of: [a, b], on: 2024-01-04, range: [0, 1000] }
  - { id: stock-end, metric: stock, of: a, on: 2024-01-11, range: [0, 1000] }
`;

function issuesOf(text: string): UserError['issues'] {
  try {
    parseModel(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof UserError) return error.issues;
    throw error;
  }
  throw new Error('expected the model to be refused');
}

describe('targets measured in the run', () => {
  const model = parseModel(good, 'good.yaml');

  it('reads the ranges: range as written, value ± tolerance × value', () => {
    expect(model.targets!.map((t) => [t.id, t.low, t.high])).toEqual([
      ['fired-3', 20, 22], ['mean-window', 9, 11], ['total-window', 0, 27], ['stock-4', 0, 1000], ['stock-end', 0, 1000],
    ]);
  });

  it.each([true, false])('gives the hand-computed values (recorded: %s)', (record) => {
    const run = simulate(resolveScenario(model), 1, { record });
    // c fires 7 a day, d 3 a day. By 3 Jan (days 0..2): 21. 2–5 Jan (4 days): (7 + 3) a day, 7 × 4 = 28 of c.
    // Stock on 4 Jan = end of 3 Jan: a 100 − 21 = 79, b 50 − 9 = 41. On 11 Jan (the day after the horizon):
    // a 100 − 70 fired − 1 shipped by r when it opens on 10 Jan.
    expect(run.targets).toEqual([21, 10, 28, 79 + 41, 29]);
  });

  it('leaves a target whose date lies beyond a shorter run unmeasured (NaN)', () => {
    const run = simulate(resolveScenario(model, { days: 3 }), 1, { record: false });
    // 3 days: 1–3 Jan. The window to 5 Jan and the end stock are beyond it; stock on 4 Jan is the end of 3 Jan.
    expect(run.targets!.map((v) => Number.isNaN(v))).toEqual([false, true, true, false, true]);
    expect([run.targets![0], run.targets![3]]).toEqual([21, 120]);
  });

  it('leaves the summary as it was: targets are not summary columns of a run', () => {
    const plain = parseModel(base.replace('targets:\n', ''), 'plain.yaml');
    expect(Object.keys(simulate(resolveScenario(model), 1).summary)).toEqual(Object.keys(simulate(resolveScenario(plain), 1).summary));
  });
});

type Row = [label: string, target: string, path: string, message: RegExp, line: number];
// The targets list starts on line 12 of the file: the first target is on line 13.
describe.each<Row>([
  ['unknown node', '{ id: x, metric: consumed, of: [c, cc], by: 2024-01-03, range: [1, 2] }', 'targets[0].of[1]', /unknown node "cc"/, 13],
  ['node listed twice', '{ id: x, metric: consumed, of: [c, c], by: 2024-01-03, range: [1, 2] }', 'targets[0].of[1]', /listed twice/, 13],
  ['unknown munition', '{ id: x, metric: consumed, of: c, munition: q, by: 2024-01-03, range: [1, 2] }', 'targets[0].munition', /unknown munition "q"/, 13],
  ['metric the node lacks', '{ id: x, metric: delivered, of: c, by: 2024-01-03, range: [1, 2] }', 'targets[0].metric', /c \(a consumer\) has no metric "delivered"/, 13],
  ['level summed by a date', '{ id: x, metric: stock, of: a, by: 2024-01-03, range: [1, 2] }', 'targets[0].metric', /stock of a is a level/, 13],
  ['flow on a date', '{ id: x, metric: delivered, of: r, on: 2024-01-03, range: [1, 2] }', 'targets[0].metric', /delivered of r is a flow/, 13],
  ['munition the node does not carry', '{ id: x, metric: consumed, of: c, munition: n, by: 2024-01-03, range: [1, 2] }', 'targets[0].munition', /c does not carry n; its consumed counts m/, 13],
  ['no window', '{ id: x, metric: consumed, of: c, range: [1, 2] }', 'targets[0]', /neither by, over nor on/, 13],
  ['two windows', '{ id: x, metric: consumed, of: c, by: 2024-01-03, on: 2024-01-04, range: [1, 2] }', 'targets[0].on', /gives both by and on/, 13],
  ['over without stat', '{ id: x, metric: consumed, of: c, over: [2024-01-02, 2024-01-03], range: [1, 2] }', 'targets[0].over', /needs a stat/, 13],
  ['stat without over', '{ id: x, metric: consumed, of: c, by: 2024-01-03, stat: total, range: [1, 2] }', 'targets[0].stat', /stat goes with over, not with by, got stat: total/, 13],
  ['bad stat', '{ id: x, metric: consumed, of: c, over: [2024-01-02, 2024-01-03], stat: median, range: [1, 2] }', 'targets[0].stat', /expected stat: mean_per_day or total/, 13],
  ['window backwards', '{ id: x, metric: consumed, of: c, over: [2024-01-05, 2024-01-03], stat: total, range: [1, 2] }', 'targets[0].over', /ends \(2024-01-03\) before it starts \(2024-01-05\)/, 13],
  ['date after the horizon', '{ id: x, metric: consumed, of: c, by: 2024-01-11, range: [1, 2] }', 'targets[0].by', /2024-01-11 is after 2024-01-10/, 13],
  ['level on the start date', '{ id: x, metric: stock, of: a, on: 2024-01-01, range: [1, 2] }', 'targets[0].on', /2024-01-01 is before 2024-01-02/, 13],
  ['range backwards', '{ id: x, metric: consumed, of: c, by: 2024-01-03, range: [5, 2] }', 'targets[0].range', /expected low < high, got \[5, 2\]/, 13],
  ['range and value', '{ id: x, metric: consumed, of: c, by: 2024-01-03, range: [1, 2], value: 3 }', 'targets[0].value', /gives both range and value/, 13],
  ['value without tolerance', '{ id: x, metric: consumed, of: c, by: 2024-01-03, value: 21 }', 'targets[0].value', /value 21 needs a tolerance/, 13],
  ['tolerance out of range', '{ id: x, metric: consumed, of: c, by: 2024-01-03, value: 21, tolerance: 25 }', 'targets[0].tolerance', /above 0 and at most 1, got 25/, 13],
  ['no range', '{ id: x, metric: consumed, of: c, by: 2024-01-03 }', 'targets[0]', /neither range nor value/, 13],
  ['unknown field', '{ id: x, metric: consumed, of: c, by: 2024-01-03, range: [1, 2], sorce: C8 }', 'targets[0]', /unknown field "sorce"/, 13],
  ['bad date', '{ id: x, metric: consumed, of: c, by: 2024-02-30, range: [1, 2] }', 'targets[0].by', /expected a calendar date/, 13],
])('%s', (_label, target, path, message, line) => {
  it('is refused at its field and line', () => {
    const issues = issuesOf(`${base}  - ${target}\n`);
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
    expect(issue!.file).toBe('bad.yaml');
    expect(issue!.line).toBe(line);
  });
});

it('refuses a repeated target id at the second', () => {
  const issues = issuesOf(`${base}  - { id: x, metric: consumed, of: c, by: 2024-01-03, range: [1, 2] }\n  - { id: x, metric: consumed, of: d, by: 2024-01-03, range: [1, 2] }\n`);
  expect(issues).toEqual([expect.objectContaining({ path: 'targets[1].id', line: 14, message: expect.stringMatching(/duplicate target id "x"/) })]);
});
