/**
 * munisim's command line: parse arguments, call the library, print, exit. Commands live in
 * commands/, one file each; this file only assembles them. Only the commands the line names are
 * loaded (commands-for.ts): their library parts, and yargs's set-up, are all a one-run start pays.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commandFirst, commandsFor } from './commands-for.js';
import { EXIT } from './exit.js';
import { munisimVersion } from '../output/manifest.js';

type Register = (cli: Argv) => Argv;

/** Every command, in the order help lists them; each loaded only when needed (esbuild makes each a chunk). */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  run: async () => (await import('./commands/run.js')).registerRun,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  sweep: async () => (await import('./commands/sweep.js')).registerSweep,
  summarize: async () => (await import('./commands/summarize.js')).registerSummarize,
  sensitivity: async () => (await import('./commands/sensitivity.js')).registerSensitivity,
  discover: async () => (await import('./commands/discover.js')).registerDiscover,
  calibrate: async () => (await import('./commands/calibrate.js')).registerCalibrate,
  compare: async () => (await import('./commands/compare.js')).registerCompare,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
};

/**
 * yargs lays out a command's help text before running its handler, in case the handler asks for it
 * later (yargs's showHelp); none does, and errors print no help, so help is laid out only when
 * `--help` prints it. Reaches into yargs's internals; without them (another yargs), nothing changes.
 */
function skipHelpCache(cli: Argv): void {
  const internals = (cli as unknown as { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } }).getInternalMethods?.();
  const usage = internals?.getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

export async function buildCli(argv: string[]) {
  let cli = yargs(argv)
    .scriptName('munisim')
    .usage('$0 <command> [options]\n\nDiscrete-event simulation of munitions supply chains: factories, stockpiles, routes and fronts.')
    .version(munisimVersion())
    // English like the rest of the help, whatever LANG says (and the same bundled or not: see bin/bundle.js).
    .detectLocale(false);
  const registers = await Promise.all(commandsFor(argv, Object.keys(COMMANDS)).map((name) => COMMANDS[name]()));
  for (const register of registers) cli = register(cli);
  skipHelpCache(cli);
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
      const reordered = /^Unknown argument/.test(message) ? commandFirst(argv, Object.keys(COMMANDS)) : undefined;
      const fix = reordered === undefined ? '' : `Options go after the command: munisim ${reordered.map(shellWord).join(' ')}\n`;
      process.stderr.write(`error: ${message}\n${fix}Run \`munisim --help\` or \`munisim <command> --help\` for usage and examples.\n`);
      process.exit(EXIT.user);
    });
}

/** `word` as a shell would need it typed: quoted when it holds anything but safe characters. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

// A reader that stops early (`munisim … | head`) closes the pipe: stop quietly, as shell tools do,
// rather than with a stack trace. Folders being written stay as they are (atomic, resumable).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}

// No top-level await: the CLI bundle is CommonJS (bin/bundle.js). A failure here is an internal
// error, which Node reports and ends with exit code 1, as it did for a rejected top-level await.
void buildCli(hideBin(process.argv)).then((cli) => cli.parseAsync());
