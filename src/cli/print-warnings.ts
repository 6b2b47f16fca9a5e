/** Warnings for people: a `warning: …` line each (warnings alike as one) on stderr, beside the command's own output. */
import { warningLines, type Warning } from '../model/warnings.js';
import { flagWarning } from './flags.js';

/**
 * Prints the warnings' lines ({@link warningLines}), option names as flags. `fullList`: where every
 * warning is kept (the output folder's manifest.json), named on the line of a group of warnings alike.
 */
export function printWarnings(warnings: readonly Warning[], fullList?: string): void {
  for (const line of warningLines(warnings.map(flagWarning), fullList)) process.stderr.write(`warning: ${line}\n`);
}
