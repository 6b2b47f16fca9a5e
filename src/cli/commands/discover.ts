/**
 * `munisim discover DIR --where "EXPR"`: scenario discovery on a sweep or study folder with a space-filling
 * design — the boxes of parameter space where the condition holds (PRIM, or CART), written beside the runs
 * as boxes.csv, trajectory.csv, report.html and report.md.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { discoverBoxes, readDiscoveryData, type DiscoveryMethod, type DiscoveryUnit } from '../../experiments/discovery.js';
import { UserError } from '../../model/errors.js';
import { writeDiscovery, boxStatement } from '../../report/discovery-report.js';
import { plainText } from '../../report/report-document.js';
import { runCommand } from '../exit.js';

export function registerDiscover(cli: Argv): Argv {
  return cli.command(
    'discover <dir>',
    'Scenario discovery: the combinations of parameter values (boxes) where a condition on the KPIs holds (PRIM or CART)',
    (y) => y
      .positional('dir', { type: 'string', describe: 'a sweep or sensitivity folder with an lhs or sobol design, a calibration folder (all its waves) or one of its wave-N folders', demandOption: true })
      .option('where', { type: 'string', demandOption: true, describe: 'the cases of interest, over summary.csv KPI names: "fill_rate < 0.8", "first_shortfall_day.ru-front < 300 and fill_rate < 0.9"' })
      .option('per', { choices: ['run', 'point'] as const, default: 'run' as const, describe: 'each run is a case, or each design point with the mean of its runs' })
      .option('method', { choices: ['prim', 'cart'] as const, default: 'prim' as const, describe: 'PRIM boxes (peeling and pasting, covering) or the leaves of a classification tree' })
      .option('threshold', { type: 'number', default: 0.8, describe: 'PRIM: choose the densest box with coverage ≥ THRESHOLD × the largest' })
      .option('alpha', { type: 'number', default: 0.05, describe: 'PRIM: share of a box peeled (and pasted) per step' })
      .option('box', { type: 'number', describe: 'PRIM: take the first box at this step of the peeling trajectory (trajectory.csv) instead' })
      .option('max-boxes', { type: 'number', default: 3, describe: 'PRIM: most boxes found in sequence (covering)' })
      .option('resamples', { type: 'number', default: 20, describe: 'PRIM: bootstrap resamples for how often each parameter is restricted (0: none)' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the resamples' })
      .option('depth', { type: 'number', default: 3, describe: 'CART: deepest leaf' })
      .option('out', { type: 'string', describe: 'folder for the results (default: DIR/discover-<hash of the options>)' })
      .option('force', { type: 'boolean', default: false, describe: 'replace a non-empty --out folder' })
      .example('$0 discover runs/quickstart-sweep/lhs-1a2b3c --where "fill_rate < 0.8"', 'which parameter values lead to a fill rate under 80 %')
      .example('$0 discover DIR --where "first_shortfall_day.ru-front < 300" --per point --method cart', 'a tree over the point means')
      .epilogue([
        'A KPI name is matched as the longest summary.csv column at that point, dots and dashes included',
        '(first_shortfall_day.ru-front); write spaces around a minus to subtract. A first_… day that never',
        'happened counts as +infinity. Writes boxes.csv, trajectory.csv, report.html and report.md. More: docs/sweep.md.',
      ].join('\n')),
    (args) => runCommand(async () => {
      const data = await withDiscoveryFlags(() => readDiscoveryData(args.dir, args.where, args.per as DiscoveryUnit));
      const result = await withDiscoveryFlags(() => discoverBoxes(data, {
        method: args.method as DiscoveryMethod, threshold: args.threshold, alpha: args.alpha, box: args.box,
        maxBoxes: args.maxBoxes, resamples: args.resamples, seed: args.seed, maxDepth: args.depth,
      }));
      const key = createHash('sha256').update(JSON.stringify(result.options)).digest('hex').slice(0, 10);
      const out = args.out ?? join(args.dir, `discover-${key}`);
      await writeDiscovery(out, result, { command: ['munisim', ...process.argv.slice(2)].join(' '), replace: args.out === undefined || args.force });
      const lines = [`${result.interest} of ${result.cases} ${data.per === 'point' ? 'points' : 'runs'} where ${data.where} (base rate ${(100 * result.baseRate).toFixed(1)} %)`];
      result.boxes.forEach((box, b) => lines.push(`box ${b + 1}: ${plainText(boxStatement(result, box))}`));
      if (result.boxes.length === 0) lines.push(`no box found (${result.stop})`);
      lines.push(`files: ${out}/ (boxes.csv, ${result.method === 'prim' ? 'trajectory.csv, ' : ''}report.html, report.md)`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }),
  );
}

/** The library's option paths as this command's flags. */
async function withDiscoveryFlags<T>(body: () => T | Promise<T>): Promise<T> {
  const flags: Record<string, string> = { where: '--where', box: '--box', alpha: '--alpha', threshold: '--threshold', maxBoxes: '--max-boxes', resamples: '--resamples', maxDepth: '--depth' };
  try {
    return await body();
  } catch (error) {
    if (error instanceof UserError) {
      throw new UserError(error.issues.map((issue) => (issue.file === undefined && issue.path !== undefined && flags[issue.path] ? { ...issue, path: flags[issue.path] } : issue)));
    }
    throw error;
  }
}
