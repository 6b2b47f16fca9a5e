/**
 * A factory's whole-shell bookkeeping, worked out by hand: the inputs used through lot n are
 * ⌈per_unit × shells made through lot n⌉, so a fractional bill of materials is used as written.
 */
import { describe, expect, it } from 'vitest';
import { runYaml, series } from '../helpers.js';

const daysWith = (values: number[]) => values.flatMap((x, d) => (x > 0 ? [d] : []));
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

describe('defects carry their fraction from lot to lot', () => {
  const plantWith = (rate: string, defect: string, days: number, lot = 1) => runYaml(model(days, `munitions: [{ id: m }]
stockpiles: [{ id: depot }]
factories: [{ id: plant, munition: m, to: depot, rate: ${rate}, lot_days: ${lot}, defect_rate: ${defect} }]
`));

  it('scraps 10 % of lots of 5 as 1, 0, 1, 0 (not 1 of 5 every lot)', () => {
    const result = plantWith('5', '0.1', 4);
    // Exact defects so far 0.5, 1, 1.5, 2 → round 1, 1, 2, 2.
    expect(series(result, 'plant.defective')).toEqual([1, 0, 1, 0]);
    expect(series(result, 'plant.produced')).toEqual([4, 5, 4, 5]);
  });

  it('scraps 25 % of lots of 10 as 3, 2, 3, 2', () => {
    const result = plantWith('10', '0.25', 4);
    expect(series(result, 'plant.defective')).toEqual([3, 2, 3, 2]);
    expect(result.summary.produced_total).toBe(30);
  });

  it('scraps 10 % of ten lots of 3 on lots 2, 5 and 9: round(0.3 n) rises at 0.6, 1.5 and 2.7', () => {
    const result = plantWith('1', '0.1', 30, 3);
    // Lot n ends on day 3n − 1; 0.5 after lot 5 is reached by adding 0.3s (0.49999999999999994) and still rounds up.
    const defective = series(result, 'plant.defective');
    expect(daysWith(defective)).toEqual([5, 14, 26]);
    expect(defective.reduce((a, b) => a + b, 0)).toBe(3);
    expect(result.summary.produced_total).toBe(27);
  });
});
