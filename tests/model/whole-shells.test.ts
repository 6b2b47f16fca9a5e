/** Whole-shell counts: rounded down, up or half up with a relative tolerance of 1e-9, and cumulative rounding that carries the remainder. */
import { describe, expect, it } from 'vitest';
import { roundShells, WholeShellCarry, wholeShells, wholeUp } from '../../src/model/whole-shells.js';

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

describe('wholeUp', () => {
  it.each([
    // 0.07 · 100 is 7.000000000000001 and means 7.
    [0.07 * 100, 7],
    [7.01, 8],
    [7, 7],
    [0, 0],
    [0.5, 1],
    [1 + 1e-10, 1],
    [1 + 1e-8, 2],
    [1e6 + 5e-4, 1e6],
    [1e6 + 2e-3, 1e6 + 1],
  ])('%d → %d', (value, expected) => {
    expect(wholeUp(value)).toBe(expected);
  });
});

describe('roundShells', () => {
  it.each([
    [2.5, 3],
    [2.4999999999999996, 3],
    [2.49, 2],
    [0.4, 0],
    [0.5, 1],
  ])('%d → %d', (value, expected) => {
    expect(roundShells(value)).toBe(expected);
  });
});

describe('WholeShellCarry', () => {
  const run = (amounts: number[], carry = new WholeShellCarry()) => amounts.map((x) => carry.take(x));

  it.each([
    // [exact amount each event, whole amounts: round(S_n) − round(S_{n−1})]
    [0.4, [0, 1, 0, 1, 0]], // S = 0.4, 0.8, 1.2, 1.6, 2 → 0, 1, 1, 2, 2
    [2.5, [3, 2, 3, 2, 3]], // S = 2.5, 5, 7.5, 10, 12.5 → 3, 5, 8, 10, 13
    [0.5, [1, 0, 1, 0, 1]],
    [0.1, [0, 0, 0, 0, 1]],
  ])('%d each time gives %j', (x, expected) => {
    expect(run(Array(5).fill(x))).toEqual(expected);
  });

  it('keeps the total within half a shell of the exact sum over many events', () => {
    const carry = new WholeShellCarry();
    let total = 0;
    for (let n = 1; n <= 100_000; n++) total += carry.take(0.1);
    expect(total).toBe(10_000);
  });

  it('rounds up cumulatively with wholeUp: 0.4 a time uses 1, 0, 1, 0, 0 (⌈0.4 n⌉)', () => {
    const carry = new WholeShellCarry(wholeUp);
    expect(run([0.4, 0.4, 0.4, 0.4, 0.4], carry)).toEqual([1, 0, 1, 0, 0]);
    expect(carry.advance).toBeCloseTo(0, 12);
  });

  it('caps an event at `most`, and the next events catch up', () => {
    const carry = new WholeShellCarry();
    expect(carry.take(1.6, 1)).toBe(1);
    expect(carry.take(0.4)).toBe(1);
  });

  it('peeks without recording, and commits less when less was there', () => {
    const carry = new WholeShellCarry();
    expect(carry.peek(0.6)).toBe(1);
    expect(carry.peek(0.6)).toBe(1);
    carry.commit(0.6, 0);
    expect(carry.advance).toBeCloseTo(-0.6, 12);
    expect(carry.take(0.6)).toBe(1);
  });
});
