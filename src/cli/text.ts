/** How the CLI names a day to people: `day 12 (2024-01-13)`. Numbers: src/base/format.ts. */
import type { Scenario } from '../model/scenario.js';

export function formatDay(scenario: Scenario, day: number): string {
  return `day ${day} (${scenario.dates[day] ?? ''})`;
}
