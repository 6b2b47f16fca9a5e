/** "Did you mean": edit distances worked out by hand, and the closeness rule for suggestions. */
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from '../../src/model/suggest.js';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['kitten', 'sitting', 3], // k→s, e→i, insert g
    ['draws_form', 'draws_from', 1], // one swap of neighbours (Levenshtein would say 2)
    ['transit_day', 'transit_days', 1],
    ['', 'abc', 3],
    ['same', 'same', 0],
    ['ca', 'abc', 3], // each substring is edited once at most: not 2 as unrestricted Damerau–Levenshtein
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('stops once the distance exceeds the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('nearest', () => {
  it('allows one edit per three characters typed, at least one, never all of them', () => {
    expect(nearest('abcdxx', ['abcdef'])).toBe('abcdef'); // 2 edits, 6 characters
    expect(nearest('abcxxx', ['abcdef'])).toBeUndefined(); // 3 edits
    expect(nearest('bb', ['a', 'b'])).toBe('b');
    expect(nearest('x', ['m'])).toBeUndefined(); // a one-letter name is never "nearly" another
  });
  it('picks the nearest, ignoring case, the first of equals', () => {
    expect(nearest('ua-depot.stok', ['ua-depot.stuck', 'ua-depot.stock', 'ua-depot.shortfall'])).toBe('ua-depot.stock');
    expect(nearest('Transit_Days', ['transit_days'])).toBe('transit_days');
    expect(nearest('ab', ['ax', 'ay'])).toBe('ax');
  });
  it('says it as a question', () => {
    expect(didYouMean('shipmnet', ['shipment', 'min_load'])).toBe('did you mean "shipment"?');
    expect(didYouMean('zzz', ['shipment'])).toBeUndefined();
  });
});
