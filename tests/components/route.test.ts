/**
 * A vehicle route's fleet, worked out by hand: vehicle k is first due at the day the approval gate
 * opens plus k · stagger_days; after a closure, the vehicles that waited leave together.
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series } from '../helpers.js';

/** Departure days of a route whose vehicles each leave at most once in the horizon (a long round trip). */
const departureDays = (fields: string, events = '') => {
  const result = runYaml(`name: fleet\nstart: 2024-01-01\ndays: 30
munitions: [{ id: m }]
stockpiles:
  - { id: a, initial: { m: 1000 } }
  - { id: b }
routes: [{ id: r, from: a, to: b, munitions: [m], shipment: 10, transit_days: 50, ${fields} }]
${events}`);
  return series(result, 'r.departures').flatMap((x, d) => Array(x).fill(d));
};

describe('the stagger counts from the day the route may first be used', () => {
  it.each([
    // [fields, departure days]
    ['vehicles: 3, stagger_days: 4, approval_delay_days: 10', [10, 14, 18]],
    ['vehicles: 3, stagger_days: 4', [0, 4, 8]],
    // The gate opens on day up(2.5) = 3; due 3, 4.5, 6 → days 3, 5, 6.
    ['vehicles: 3, stagger_days: 1.5, approval_delay_days: 2.5', [3, 5, 6]],
    ['vehicles: 2, approval_delay_days: 5', [5, 5]],
  ])('%s departs on days %j', (fields, days) => {
    expect(departureDays(fields)).toEqual(days);
  });

  it('sends the vehicles that waited out a closure together (ships waiting in port)', () => {
    // Due 0, 4, 8; closed before day 10: all three wait and leave on day 10.
    expect(departureDays('vehicles: 3, stagger_days: 4', 'events: [{ date: 2024-01-01, close: { route: r, days: 10 } }]\n')).toEqual([10, 10, 10]);
  });
});
