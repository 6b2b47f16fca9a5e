/** How numbers look in every CSV munisim writes: integers as integers, other values to 6 decimals. */
export function formatValue(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const fixed = value.toFixed(6).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}
