/**
 * munisim's command line: parse arguments, call the library, print, exit. Commands live in
 * commands/, one file each; this file only assembles them.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { registerCalibrate } from './commands/calibrate.js';
import { registerCompare } from './commands/compare.js';
import { registerDiscover } from './commands/discover.js';
import { registerRun } from './commands/run.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerSummarize } from './commands/summarize.js';
import { registerSweep } from './commands/sweep.js';
import { registerValidate } from './commands/validate.js';
import { registerWorker } from './commands/worker.js';
import { EXIT } from './exit.js';
import { munisimVersion } from '../output/manifest.js';

export function buildCli(argv: string[]) {
  let cli = yargs(argv)
    .scriptName('munisim')
    .usage('$0 <command> [options]\n\nDiscrete-event simulation of munitions supply chains: factories, stockpiles, routes and fronts.')
    .version(munisimVersion());
  cli = registerRun(cli);
  cli = registerValidate(cli);
  cli = registerSweep(cli);
  cli = registerSummarize(cli);
  cli = registerSensitivity(cli);
  cli = registerDiscover(cli);
  cli = registerCalibrate(cli);
  cli = registerCompare(cli);
  cli = registerWorker(cli);
  return cli
    .demandCommand(1, 'Name a command: run, validate, sweep, summarize, sensitivity, discover, calibrate, compare or worker.')
    .strict()
    .recommendCommands()
    .example('$0 run models/quickstart.yaml', 'one run of the shipped default model')
    .example('$0 validate models/north-korea-to-russia.yaml', 'check a model file')
    .epilogue('Model format and outputs: README.md. Exit codes: 0 ok, 1 internal error, 2 bad input, 130 interrupted.')
    .wrap(process.stdout.isTTY ? Math.min(120, process.stdout.columns) : 120)
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`error: ${message}\nRun \`munisim --help\` or \`munisim <command> --help\` for usage and examples.\n`);
      process.exit(EXIT.user);
    });
}

await buildCli(hideBin(process.argv)).parseAsync();
