/**
 * Numbers as people read them in a report: thousands separators, a few significant digits, percentages
 * with a space before the sign. Always en-US, so a report reads the same on every machine.
 */

const LOCALE = 'en-US';
const INTEGER = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const THREE_DIGITS = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 3 });
const TWO_DIGITS = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 2 });
const EXACTLY_TWO_DIGITS = new Intl.NumberFormat(LOCALE, { minimumSignificantDigits: 2, maximumSignificantDigits: 2 });
const COMPACT = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumSignificantDigits: 3 });

/** Shown for NaN and infinities, which a report should never hide. */
export const NOT_A_NUMBER = 'n/a';

/**
 * A model quantity (an output value, a range bound, a Morris μ*): whole numbers with thousands separators
 * from 1,000 up, three significant digits below that. `formatNumber(1234567.8)` → `1,234,568`,
 * `formatNumber(0.012345)` → `0.0123`.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return NOT_A_NUMBER;
  return Math.abs(x) >= 1000 ? INTEGER.format(x) : THREE_DIGITS.format(x);
}

/** A model quantity in running text: `3.4M`, `12.3K`, and {@link formatNumber} below 10,000. */
export function formatCompact(x: number): string {
  if (!Number.isFinite(x)) return NOT_A_NUMBER;
  return Math.abs(x) >= 10_000 ? COMPACT.format(x) : formatNumber(x);
}

/**
 * A sensitivity index on the 0–1 scale: two significant digits, never more than three decimals
 * (`0.612` → `0.61`, `0.7` → `0.70`, `0.0534` → `0.053`, `0.002` → `0.002`, `0.00041` → `0`).
 */
export function formatIndex(x: number): string {
  if (!Number.isFinite(x)) return NOT_A_NUMBER;
  const rounded = Math.round(x * 1000) / 1000;
  if (rounded === 0) return '0';
  // Below 0.01 a trailing zero would be a fourth decimal.
  return (Math.abs(rounded) < 0.01 ? TWO_DIGITS : EXACTLY_TWO_DIGITS).format(Number(rounded.toPrecision(2)));
}

/** An interval of indices, `[0.52, 0.70]`. */
export function formatIndexInterval(low: number, high: number): string {
  return `[${formatIndex(low)}, ${formatIndex(high)}]`;
}

/** The number part of a percentage: whole from 10 % up, two significant digits below (`0.054` → `5.4`). */
function percentNumber(share: number): string {
  const percent = share * 100;
  if (Math.abs(percent) >= 10) return INTEGER.format(percent);
  const rounded = Number(percent.toPrecision(2));
  return TWO_DIGITS.format(rounded === 0 ? 0 : rounded);
}

/** A share (0–1) as a percentage: `0.612` → `61 %`. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return NOT_A_NUMBER;
  return `${percentNumber(share)} %`;
}

/**
 * A range of shares as one percentage range: `(0.52, 0.70)` → `52–70 %`; with a negative end, where a
 * dash would read as a minus, `(-0.02, 0.04)` → `-2 % to 4 %`.
 */
export function formatPercentRange(low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return NOT_A_NUMBER;
  if (low < 0 || high < 0) return `${formatPercent(low)} to ${formatPercent(high)}`;
  return `${percentNumber(low)}–${percentNumber(high)} %`;
}

/** Names joined as in prose: `a`, `a and b`, `a, b and c`. */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
