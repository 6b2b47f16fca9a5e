/** Warnings for people: one `warning: …` line each on stderr, beside the command's own output. */
import type { Warning } from '../model/warnings.js';

/** Prints each warning's message on stderr. */
export function printWarnings(warnings: readonly Warning[]): void {
  for (const warning of warnings) process.stderr.write(`warning: ${warning.message}\n`);
}
