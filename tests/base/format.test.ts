import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatCount,
  formatDecimals,
  formatInRange,
  formatDuration,
  formatSignificant,
  groupDigits,
  formatIndex,
  formatIndexInterval,
  formatNumber,
  formatPercent,
  formatPercentRange,
  joinWords,
} from '../../src/base/format.js';

describe('format', () => {
  it.each([
    [1234567.8, '1,234,568'],
    [1000, '1,000'],
    [999.4, '999'],
    [12.345, '12.3'],
    [0.012345, '0.0123'],
    [-2500.5, '-2,501'],
    [0, '0'],
    [Number.NaN, 'n/a'],
  ])('formatNumber(%d) = %s', (x, text) => expect(formatNumber(x)).toBe(text));

  it.each([
    [1_234_567, '1.23M'],
    [3_400_000, '3.4M'],
    [300_000, '300K'],
    [9_999, '9,999'],
  ])('formatCompact(%d) = %s', (x, text) => expect(formatCompact(x)).toBe(text));

  it.each([
    [0.612, '0.61'],
    [0.7, '0.70'],
    [0.0534, '0.053'],
    [0.01, '0.010'],
    [0.002, '0.002'],
    [0.00041, '0'],
    [-0.02, '-0.020'],
    [1, '1.0'],
  ])('formatIndex(%d) = %s', (x, text) => expect(formatIndex(x)).toBe(text));

  it('formats intervals and percentages', () => {
    expect(formatIndexInterval(0.523, 0.701)).toBe('[0.52, 0.70]');
    expect(formatPercent(0.612)).toBe('61 %');
    expect(formatPercent(0.054)).toBe('5.4 %');
    expect(formatPercentRange(0.523, 0.701)).toBe('52–70 %');
    expect(formatPercentRange(-0.02, 0.04)).toBe('-2 % to 4 %');
  });

  it('joins words as prose', () => {
    expect(joinWords([])).toBe('');
    expect(joinWords(['a'])).toBe('a');
    expect(joinWords(['a', 'b'])).toBe('a and b');
    expect(joinWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});

describe('CLI numbers', () => {
  it.each([
    [1234.6, '1,235'],
    [0.4, '0'],
    [2.5, '3'],
    [-2.5, '-2'],
    [12345678, '12,345,678'],
  ])('formatCount(%d) = %s', (x, text) => {
    expect(formatCount(x)).toBe(text);
  });

  it("formatCount writes what Math.round(x).toLocaleString('en-US') does (its reference), -0 and huge values included", () => {
    const values = [-0.3, -0, 0, 999.5, -999.5, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 1e21, -1e21, 1.5e300, Number.NaN, Infinity, -Infinity];
    let state = 12345;
    for (let i = 0; i < 2000; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      values.push((state / 2 ** 31 - 0.5) * 10 ** (i % 17));
    }
    for (const x of values) expect(formatCount(x), String(x)).toBe(Math.round(x).toLocaleString('en-US'));
  });

  it.each([
    [57049, '57,000'],
    [0.012849, '0.0128'],
    [123.456, '123'],
    [0, '0'],
    [Number.NaN, ''],
  ])('formatSignificant(%d) = %s', (x, text) => {
    expect(formatSignificant(x)).toBe(text);
  });

  it.each([
    ['1234567.25', '1,234,567.25'],
    ['-1234', '-1,234'],
    ['999', '999'],
    ['0.000123', '0.000123'],
  ])('groupDigits(%s) = %s', (text, grouped) => {
    expect(groupDigits(text)).toBe(grouped);
  });

  it.each([
    [0.1234, 3, '0.123'],
    [-0.0001, 3, '0.000'],
    [-0.0006, 3, '-0.001'],
    [0.96, 1, '1.0'],
  ])('formatDecimals(%d, %d) = %s', (x, digits, text) => {
    expect(formatDecimals(x, digits)).toBe(text);
  });

  it.each([
    [4.24, '4.2s'],
    [12.4, '12s'],
    [247, '4:07'],
    [3909, '1:05:09'],
    [Number.NaN, '?'],
    [-1, '?'],
  ])('formatDuration(%d) = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatInRange', () => {
  it.each([
    // value, low, high, expected: 3 significant digits of the range's width
    [86.884563, 10, 100, '86.9'],       // width 90 → one decimal
    [0.61834, 0, 1, '0.62'],            // width 1 → two decimals
    [5812.37, 3000, 9000, '5,812'],     // width 6000 → whole
    [7, 1, 12, '7'],                    // integer parameter → integer
    [1_512_345, 1e6, 3e6, '1.51M'],     // shells in the millions → compact
    [30_438.6, 10_000, 40_000, '30.4K'],
    [Number.NaN, 0, 1, 'n/a'],
  ])('%d in [%d, %d] → %s', (x, low, high, expected) => {
    expect(formatInRange(x, low, high)).toBe(expected);
  });
});
