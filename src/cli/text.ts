/** Small formatting helpers for what the CLI prints to people. */
import type { Scenario } from '../model/scenario.js';

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function formatDay(scenario: Scenario, day: number): string {
  return `day ${day} (${scenario.dates[day] ?? ''})`;
}
