/**
 * Numbers as people read them — in reports, CLI lines, error messages and notebooks: thousands
 * separators, a few significant digits, percentages with a space before the sign, durations. Always
 * en-US, so text reads the same on every machine. (CSV cells have their own encoding: output/format.ts.)
 */

const LOCALE = 'en-US';

/**
 * A formatter made at its first use: the first Intl.NumberFormat of a process loads ICU's number
 * data (some 20 ms), which a command that prints no formatted number (`run --quiet`) never needs.
 */
function lazyFormat(options: Intl.NumberFormatOptions): (x: number) => string {
  let format: Intl.NumberFormat | undefined;
  return (x) => (format ??= new Intl.NumberFormat(LOCALE, options)).format(x);
}

const INTEGER = lazyFormat({ maximumFractionDigits: 0 });
const THREE_DIGITS = lazyFormat({ maximumSignificantDigits: 3 });
const TWO_DIGITS = lazyFormat({ maximumSignificantDigits: 2 });
const EXACTLY_TWO_DIGITS = lazyFormat({ minimumSignificantDigits: 2, maximumSignificantDigits: 2 });
const COMPACT = lazyFormat({ notation: 'compact', maximumSignificantDigits: 3 });

/** Shown for NaN and infinities, which a report should never hide. */
export const NOT_A_NUMBER = 'n/a';

/**
 * A model quantity (an output value, a range bound, a Morris μ*): whole numbers with thousands separators
 * from 1,000 up, three significant digits below that. `formatNumber(1234567.8)` → `1,234,568`,
 * `formatNumber(0.012345)` → `0.0123`.
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return NOT_A_NUMBER;
  return Math.abs(x) >= 1000 ? INTEGER(x) : THREE_DIGITS(x);
}

/** A count rounded to a whole number, with thousands separators: `1234.6` → `1,235`. */
export function formatCount(x: number): string {
  const n = Math.round(x);
  // As toLocaleString('en-US') (-0 included), without loading ICU for the usual case: a run's lines.
  if (Number.isSafeInteger(n)) return Object.is(n, -0) ? '-0' : groupDigits(String(n));
  return n.toLocaleString(LOCALE);
}

/**
 * Three significant digits, whole numbers from 1,000 up: `57,000`, `0.0128`; empty for NaN and
 * infinities (a table cell with nothing to say).
 */
export function formatSignificant(x: number): string {
  if (!Number.isFinite(x)) return '';
  if (Math.abs(x) >= 1000) return groupDigits(String(Number(x.toPrecision(3))));
  return x === 0 ? '0' : String(Number(x.toPrecision(3)));
}

/** Thousands separators on the integer part of a decimal string: `-1234567.25` → `-1,234,567.25`. */
export function groupDigits(text: string): string {
  const [whole, fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/**
 * Exactly `digits` decimals, with no negative zero: `formatDecimals(0.1234, 3)` → `0.123`,
 * `formatDecimals(-0.0001, 3)` → `0.000`.
 */
export function formatDecimals(x: number, digits: number): string {
  return Math.abs(x) < Number(`5e-${digits + 1}`) ? (0).toFixed(digits) : x.toFixed(digits);
}

/** A duration for a progress line: `4.2s` under ten seconds, then `12s`, `4:07`, `1:05:09`; `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** A model quantity in running text: `3.4M`, `12.3K`, and {@link formatNumber} below 10,000. */
export function formatCompact(x: number): string {
  if (!Number.isFinite(x)) return NOT_A_NUMBER;
  return Math.abs(x) >= 10_000 ? COMPACT(x) : formatNumber(x);
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
  return (Math.abs(rounded) < 0.01 ? TWO_DIGITS : EXACTLY_TWO_DIGITS)(Number(rounded.toPrecision(2)));
}

/** An interval of indices, `[0.52, 0.70]`. */
export function formatIndexInterval(low: number, high: number): string {
  return `[${formatIndex(low)}, ${formatIndex(high)}]`;
}

/** The number part of a percentage: whole from 10 % up, two significant digits below (`0.054` → `5.4`). */
function percentNumber(share: number): string {
  const percent = share * 100;
  if (Math.abs(percent) >= 10) return INTEGER(percent);
  const rounded = Number(percent.toPrecision(2));
  return TWO_DIGITS(rounded === 0 ? 0 : rounded);
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

/**
 * A parameter value for people, as precise as its range calls for: three significant digits of the
 * range's width (so a 10–100 day range shows one decimal, 86.9, and a 0–1 share two, 0.62), whole
 * numbers when the range's ends and the value are whole, and big values compact (1.5M, 12.3K).
 * `formatInRange(86.884563, 10, 100)` → `86.9`; `formatInRange(1_512_345, 1e6, 3e6)` → `1.51M`.
 */
export function formatInRange(x: number, low: number, high: number): string {
  if (!Number.isFinite(x)) return NOT_A_NUMBER;
  if (Math.abs(x) >= 10_000) return formatCompact(x);
  const width = Math.abs(high - low);
  if (Number.isInteger(low) && Number.isInteger(high) && Number.isInteger(x)) return formatCount(x);
  const decimals = width > 0 ? Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(width)))) : 3;
  return groupDigits(formatDecimals(x, decimals));
}
