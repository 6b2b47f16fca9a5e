/** Calendar arithmetic in whole UTC days: day 0 is the model's `start`. */
const MS_PER_DAY = 86_400_000;

export function dayIndex(start: string, isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / MS_PER_DAY);
}

/** The day index of a `YYYY-MM-DD` date for `date("…")` in expressions; undefined for anything else. */
export function dayOfIsoDate(start: string, iso: string): number | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) && !Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? dayIndex(start, iso) : undefined;
}

export function dateOfDay(start: string, day: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO dates of days 0..count-1, computed once and shared by every run of a model. */
export function calendar(start: string, count: number): string[] {
  const base = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, day) => new Date(base + day * MS_PER_DAY).toISOString().slice(0, 10));
}
