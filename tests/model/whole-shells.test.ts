/** Whole-shell counts: rounded down, with a relative tolerance of 1e-9 below a whole number. */
import { describe, expect, it } from 'vitest';
import { wholeShells } from '../../src/model/whole-shells.js';

describe('wholeShells', () => {
  it.each([
    // [value, whole shells]: 0.29 · 100 is 28.999999999999996 and means 29.
    [0.29 * 100, 29],
    [8.2 * 10, 82],
    [28.9, 28],
    [28.999999, 28],
    [29, 29],
    [0, 0],
    [0.5, 0],
    [1 - 1e-10, 1],
    [1 - 1e-8, 0],
    // Relative: 1e-9 of a million is 0.001 of a shell.
    [1e6 - 5e-4, 1e6],
    [1e6 - 2e-3, 1e6 - 1],
    [-0.5, -1],
  ])('%d → %d', (value, expected) => {
    expect(wholeShells(value)).toBe(expected);
  });
});
