/**
 * Dates from parameters: an event's `date` and a route's `open` bound may be `{ date, plus_days }` or
 * `{ day }`. Sweeping the parameter moves the event; a date outside the horizon, a fractional day, or
 * a date parameter that an event sets is refused with the value; warnings name the resolved date.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel, parseModel } from '../../src/assembly/load-model.js';
import { planDesign } from '../../src/experiments/design-spec.js';
import { InlineEvaluator } from '../../src/experiments/evaluators/inline.js';
import { runSweep } from '../../src/experiments/sweep.js';
import { resolveScenario } from '../../src/model/scenario.js';
import { modelWarnings } from '../../src/model/warnings.js';
import { refusal, runYaml, series, yamlModel } from '../helpers.js';

const header = (days: number) => `name: dates\nstart: 2024-01-01\ndays: ${days}\nmunitions: [{ id: m }]\n`;

/** A pipeline of 10 a day that an aid pause closes for 1 day, `pause_start` days after 2024-01-01. */
const paused = (pauseStart: string, date = '{ date: 2024-01-01, plus_days: pause_start }') => yamlModel(`parameters:
  pause_start: { value: ${pauseStart}, integer: true, min: 0, max: 60 }
stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes: [{ id: aid, from: src, to: dst, munitions: [m], capacity_per_day: 10, transit_days: 1 }]
events: [{ id: pause, date: ${date}, close: { route: aid, days: 1 } }]
`, header(6));

describe('an event dated by a parameter', () => {
  it('pause_start = 2 closes the route on day 2 (2024-01-03); 4 moves it to day 4', () => {
    expect(series(runYaml(paused('2')), 'aid.shipped')).toEqual([10, 10, 0, 10, 10, 10]);
    expect(series(runYaml(paused('2'), 1, { parameters: { pause_start: 4 } }), 'aid.shipped')).toEqual([10, 10, 10, 10, 0, 10]);
  });

  it('{ day: pause_start } counts days from start', () => {
    expect(series(runYaml(paused('3', '{ day: pause_start }')), 'aid.shipped')).toEqual([10, 10, 10, 0, 10, 10]);
  });

  it('a fixed plus_days is resolved at load: { date: 2024-01-02, plus_days: 3 } is day 4', () => {
    expect(series(runYaml(paused('0', '{ date: 2024-01-02, plus_days: 3 }')), 'aid.shipped')).toEqual([10, 10, 10, 10, 0, 10]);
  });

  it('applies moved `set` events in the order of their resolved days: day 1 (moved) before day 3 (fixed)', () => {
    // rate x: 0 on day 0; the moved event (written first, dated day 0 + 1) sets 2; the fixed one on day 3 sets 1.
    const result = runYaml(yamlModel(`parameters: { x: 0, shift: 1 }
stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: x }]
events:
  - { date: 2024-01-04, set: { x: 1 } }
  - { date: { day: shift }, set: { x: 2 } }
`, header(5)));
    expect(series(result, 'plant.produced')).toEqual([0, 2, 2, 1, 1]);
  });
});

describe('a route window bound from a parameter', () => {
  const windowed = (from: string) => yamlModel(`parameters: { opens: 2, closes: 4 }
stockpiles: [{ id: src, initial: { m: 1000 } }, { id: dst }]
routes: [{ id: aid, from: src, to: dst, munitions: [m], capacity_per_day: 10, transit_days: 1, open: [{ from: ${from}, until: { date: 2024-01-01, plus_days: closes } }] }]
`, header(6));

  it('open from day `opens` (2) until 2024-01-01 + closes (4): ships on days 2 and 3 only', () => {
    expect(series(runYaml(windowed('{ day: opens }')), 'aid.shipped')).toEqual([0, 0, 10, 10, 0, 0]);
    expect(series(runYaml(windowed('{ day: opens }'), 1, { parameters: { opens: 0, closes: 6 } }), 'aid.shipped')).toEqual([10, 10, 10, 10, 10, 10]);
  });

  it('refuses a window that opens on or after it closes, with both dates', () => {
    expect(refusal(() => resolveScenario(parseModel(windowed('{ day: opens }'), 'w.yaml'), { parameters: { opens: 4 } })))
      .toMatch(/routes\[0\]\.open\[0\]: the window opens on 2024-01-05, on or after it closes \(2024-01-05\)/);
  });

  it('lets a bound be the day after the last (closes = 6 is 2024-01-07), but not later', () => {
    expect(() => resolveScenario(parseModel(windowed('{ day: opens }'), 'w.yaml'), { parameters: { closes: 6 } })).not.toThrow();
    expect(refusal(() => resolveScenario(parseModel(windowed('{ day: opens }'), 'w.yaml'), { parameters: { closes: 7 } })))
      .toMatch(/routes\[0\]\.open\[0\]\.until\.plus_days: "closes" is 7, so the date is 2024-01-08: 2024-01-08 is after the horizon/);
  });
});

describe('refusals, with the value', () => {
  it.each([
    ['after the horizon', () => resolveScenario(parseModel(paused('30'), 'd.yaml')),
      /events\[0\]\.date\.plus_days: "pause_start" is 30, so the date is 2024-01-31: 2024-01-31 is after the horizon, so the event would never happen; the horizon is 2024-01-01 to 2024-01-06 \(6 days\)/],
    ['a fractional day', () => resolveScenario(parseModel(paused('2', '{ day: "pause_start / 4" }'), 'd.yaml')),
      /events\[0\]\.date\.day: "pause_start \/ 4" must be a whole number of days, but is 0\.5/],
    ['a fixed fractional plus_days, at load', () => parseModel(paused('2', '{ date: 2024-01-01, plus_days: 2.5 }'), 'd.yaml'),
      /events\[0\]\.date\.plus_days: must be a whole number of days, got 2\.5/],
    ['a fixed date outside the horizon, at load', () => parseModel(paused('2', '{ date: 2024-01-01, plus_days: 9 }'), 'd.yaml'),
      /events\[0\]\.date: 2024-01-10 is after the horizon, so the event would never happen/],
    ['a date parameter that an event sets', () => resolveScenario(parseModel(paused('2').replace('events: [', 'events: [{ date: 2024-01-02, set: { pause_start: 3 } }, '), 'd.yaml')),
      /events\[1\]\.date\.plus_days: "pause_start" moves a date, so no event may set pause_start/],
    ['a bad date string', () => parseModel(paused('2', '2024-02-30'), 'd.yaml'), /events\[0\]\.date: expected a calendar date/],
  ])('%s', (_what, action, message) => {
    expect(refusal(action)).toMatch(message);
  });

  it('in a sweep, the point whose date falls outside goes to failures.csv and the others run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'munisim-dates-'));
    const file = join(dir, 'dates.yaml');
    writeFileSync(file, paused('2'));
    const model = loadModel(file);
    const design = planDesign(model, { vary: ['pause_start=1,3,40'], kind: 'grid', seed: 1 });
    await runSweep({ model, design, replications: 1, dir: join(dir, 'out'), evaluator: new InlineEvaluator() });
    const failures = readFileSync(join(dir, 'out', 'failures.csv'), 'utf8');
    // Point 2 (pause_start = 40), a user error; CSV doubles the quotes inside the message.
    expect(failures).toMatch(/^2,0,1,40,user,.*""pause_start"" is 40, so the date is 2024-02-10/m);
    expect(failures.trim().split('\n')).toHaveLength(2); // header + the one failing point
  });
});

describe('warnings name the resolved date', () => {
  const model = parseModel(yamlModel(`parameters: { rate: 10, pause_start: 2 }
stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: rate }]
events: [{ date: { date: 2024-01-01, plus_days: pause_start }, set: { rate: 5 } }]
`, header(6)), 'w.yaml');

  it('an override on 2024-01-03 (2024-01-01 + pause_start, pause_start = 2)', () => {
    expect(modelWarnings(model, { varied: ['rate'] })).toContainEqual(expect.objectContaining({
      code: 'overridden_parameter', message: expect.stringContaining('the event on 2024-01-03 sets it to 5'),
    }));
  });

  it('an event cut off by a shorter horizon, with its resolved date', () => {
    expect(modelWarnings(model, { days: 2 })).toContainEqual(expect.objectContaining({
      code: 'beyond_horizon', message: expect.stringContaining('event-0 (2024-01-03, 2024-01-01 + pause_start)'),
    }));
  });
});
