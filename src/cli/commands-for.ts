/**
 * Which commands a command line needs loaded: each costs its library parts at start-up, and
 * `munisim --seed 3 run m.yaml` took 0.62 s loading all nine, against 0.32 s loading run alone.
 */

/**
 * The commands `argv` needs, from `names` (every command, in help order):
 * - none for `--version` alone (yargs prints the version before it looks for a command);
 * - the one it starts with;
 * - with options first (`munisim --quiet run m.yaml`), every argument that names a command: one of
 *   them may be an option's value (`--out run sweep m.yaml`), so all of them are loaded, and yargs
 *   decides which is the command;
 * - all of them otherwise (`--help` lists them all; a typo gets "did you mean").
 */
export function commandsFor(argv: readonly string[], names: readonly string[]): string[] {
  const first = argv[0];
  if (argv.length === 1 && first === '--version') return [];
  if (first !== undefined && names.includes(first)) return [first];
  const asksHelp = argv.some((arg) => arg === '--help' || arg === '-h');
  const named = names.filter((name) => argv.includes(name));
  return named.length > 0 && !asksHelp ? named : [...names];
}

/**
 * `argv` with its one command moved to the front, when options come before it (`--quiet run
 * m.yaml` → `run m.yaml --quiet`): yargs knows a command's flags only after the command, so it
 * reads `--quiet run` as quiet = "run". Undefined unless exactly one argument names a command.
 */
export function commandFirst(argv: readonly string[], names: readonly string[]): string[] | undefined {
  if (argv.length === 0 || !argv[0].startsWith('-')) return undefined;
  const at = argv.flatMap((arg, i) => (names.includes(arg) ? [i] : []));
  if (at.length !== 1) return undefined;
  return [argv[at[0]], ...argv.slice(at[0] + 1), ...argv.slice(0, at[0])];
}
