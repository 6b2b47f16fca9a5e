/** JSON for results that cross a process boundary or land on disk (Redis jobs, journals). */

/**
 * JSON text that keeps NaN, ±Infinity and −0 (plain JSON turns them into null and 0), for tasks and
 * results crossing Redis or a journal: a KPI that never happened is NaN and must come back NaN.
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'number' || (Number.isFinite(item) && !Object.is(item, -0))) return item;
    return { $number: Object.is(item, -0) ? '-0' : String(item) };
  });
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item !== null && typeof item === 'object' && '$number' in item) return Number((item as { $number: string }).$number);
    return item;
  }) as T;
}
