/**
 * The options `munisim sweep` and `munisim sensitivity` share, declared once with one set of
 * defaults and one help text: both are an experiment (rows of parameter values, each run R times
 * with seeds seed + r, on an evaluator, into a folder that resumes), so their flags mean the same.
 */
import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { UserError } from '../model/errors.js';
import { LIMITS } from '../model/schema.js';

/** Runs per design point or sample when `--replications` is not given (sweeps and studies alike). */
export const DEFAULT_REPLICATIONS = 10;
/** Days per row of kept series and per interval of `--series` when `--every` is not given. */
export const DEFAULT_EVERY = 7;
const MAX_REPLICATIONS = 1_000_000;

/** The shared options, in the order help lists them (after each command's own). */
export const EXPERIMENT_OPTIONS = {
  replications: { alias: 'r', type: 'number', default: DEFAULT_REPLICATIONS, describe: 'runs per design point or sample, with common random numbers: replication r uses seed + r everywhere' },
  seed: { type: 'number', describe: 'seed of replication 0 (default: the model\'s)' },
  set: { type: 'string', array: true, describe: 'hold a parameter at a value in every run, name=value (repeatable)' },
  days: { type: 'number', describe: 'horizon in days (default: the model\'s)' },
  every: { type: 'number', default: DEFAULT_EVERY, describe: 'days per row of kept time series and per interval of --series' },
  jobs: { alias: 'j', type: 'number', describe: 'threads that run tasks: the main thread plus jobs − 1 workers (default: all cores)' },
  redis: { type: 'string', describe: 'run tasks on `munisim worker` processes through the Redis server at this URL (redis://host:6379, ?queue=NAME for another queue than "munisim"); --jobs is then ignored' },
  out: { type: 'string', describe: 'output folder (default: runs/<name>-<command>/<design or method>-<hash of the settings>, so the same command finds it again)' },
  force: { type: 'boolean', default: false, describe: 'start again from the first run, replacing the experiment in --out instead of resuming it' },
  quiet: { type: 'boolean', default: false, describe: 'no progress; print only the output folder' },
} as const;

/** Adds the shared options to a command's own. */
export function withExperimentOptions<T>(y: Argv<T>) {
  return y.options(EXPERIMENT_OPTIONS);
}

/** The shared options as parsed (before defaults that depend on the model). */
export interface ExperimentArgs {
  replications: number;
  seed?: number;
  days?: number;
  every: number;
  jobs?: number;
}

/**
 * Refuses shared options out of range, naming the flag and the value given, and fills in `jobs`.
 * @returns the number of threads to run on (`--jobs`, or all cores)
 * @throws UserError naming the flag, the accepted range and the value received
 */
export function checkExperimentArgs(args: ExperimentArgs): { jobs: number } {
  wholeNumber('replications', args.replications, 1, MAX_REPLICATIONS);
  wholeNumber('jobs', args.jobs, 1, 1024);
  wholeNumber('seed', args.seed, 0, 2 ** 32 - 1);
  wholeNumber('days', args.days, 1, LIMITS.days);
  wholeNumber('every', args.every, 1, LIMITS.days);
  return { jobs: args.jobs ?? availableParallelism() };
}

/** @throws UserError `--flag: expected a whole number from min to max, got value` unless value is one (or absent) */
export function wholeNumber(flag: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    throw new UserError({ path: `--${flag}`, message: `expected a whole number from ${min} to ${max}, got ${value}` });
  }
}
