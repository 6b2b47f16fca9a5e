/** Shared test helpers: build models from inline YAML and run them. */
import { expect } from 'vitest';
import { UserError } from '../src/model/errors.js';
import { parseModel } from '../src/assembly/load-model.js';
import { resolveScenario, type ScenarioOptions } from '../src/model/scenario.js';
import { simulate, type RunResult } from '../src/assembly/simulate.js';

/** A minimal model header; `body` adds sections. */
export function yamlModel(body: string, header = 'name: test\nstart: 2024-01-01\ndays: 10\n'): string {
  return `${header}${body}`;
}

export function runYaml(text: string, seed = 1, options: ScenarioOptions = {}): RunResult {
  return simulate(resolveScenario(parseModel(text, 'test.yaml'), options), seed);
}

/** A column as a plain array, for readable assertions. */
export function series(result: RunResult, column: string): number[] {
  return Array.from(result.recorder.column(column));
}

/** The message of the UserError that `action` throws; fails the test if it throws nothing or something else. */
export function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}
