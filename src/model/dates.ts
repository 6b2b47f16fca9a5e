/** Calendar arithmetic in whole UTC days: day 0 is the model's `start`. */
const MS_PER_DAY = 86_400_000;

export function dayIndex(start: string, isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / MS_PER_DAY);
}

export function dateOfDay(start: string, day: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO dates of days 0..count-1, computed once and shared by every run of a model. */
export function calendar(start: string, count: number): string[] {
  const base = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, day) => new Date(base + day * MS_PER_DAY).toISOString().slice(0, 10));
}
