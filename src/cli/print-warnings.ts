/** Warnings for people: one `warning: …` line each on stderr, beside the command's own output. */
import type { Warning } from '../model/warnings.js';
import { flagWarning } from './flags.js';

/** Prints each warning's message on stderr, option names as flags. */
export function printWarnings(warnings: readonly Warning[]): void {
  for (const warning of warnings) process.stderr.write(`warning: ${flagWarning(warning).message}\n`);
}
