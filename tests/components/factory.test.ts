/**
 * A factory's whole-shell bookkeeping, worked out by hand: the inputs used through lot n are
 * ⌈per_unit × shells made through lot n⌉, so a fractional bill of materials is used as written.
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series } from '../helpers.js';

const model = (days: number, body: string) => `name: plant\nstart: 2024-01-01\ndays: ${days}\n${body}`;
const plant = (days: number, charges: number, perUnit: string, rate = 1) => runYaml(model(days, `munitions: [{ id: m }, { id: charge, kind: component }]
stockpiles:
  - { id: parts, initial: { charge: ${charges} } }
  - { id: depot }
factories: [{ id: plant, munition: m, to: depot, rate: ${rate}, inputs: [{ from: parts, munition: charge, per_unit: ${perUnit} }] }]
`));

describe('inputs carry their fraction from lot to lot', () => {
  it('uses 1 charge per 2 shells with per_unit 0.5 and one shell a day', () => {
    const result = plant(4, 10, '0.5');
    // Need through lot n: 0.5, 1, 1.5, 2 → used so far ⌈·⌉ = 1, 1, 2, 2 → 1, 0, 1, 0 a day.
    expect(series(result, 'parts.stock')).toEqual([9, 9, 8, 8]);
    expect(series(result, 'plant.produced')).toEqual([1, 1, 1, 1]);
  });

  it('makes a second shell from the half charge the first left, then starves', () => {
    const result = plant(3, 1, '0.5');
    // Day 0: the one charge is used (0.5 left in it); day 1: that half makes a shell; day 2: nothing left.
    expect(series(result, 'plant.produced')).toEqual([1, 1, 0]);
    expect(series(result, 'plant.starved')).toEqual([0, 0, 1]);
    expect(series(result, 'parts.stock')).toEqual([0, 0, 0]);
  });

  it('uses ⌈1.2 n⌉ charges through lot n at per_unit 0.4 and 3 shells a day', () => {
    const result = plant(5, 100, '0.4', 3);
    // Need through day d: 1.2, 2.4, 3.6, 4.8, 6 → used so far 2, 3, 4, 5, 6 → 2, 1, 1, 1, 1 a day.
    expect(series(result, 'parts.stock')).toEqual([98, 97, 96, 95, 94]);
  });

  it('counts a need of 0.07 × 100 as 7 charges, not 8', () => {
    const result = plant(1, 100, '"0.07 * 100"');
    expect(series(result, 'parts.stock')).toEqual([93]);
  });
});
