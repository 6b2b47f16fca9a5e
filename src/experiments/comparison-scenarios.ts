/**
 * Scenarios written as text: `name:` (the model as it is), `name:a=1,b=2` (parameter overrides), or
 * `name:other.yaml,a=1` (another model file, "same question, two structures"); and a scenarios file in
 * YAML, `scenarios: [{ name, set: { a: 1 }, model: other.yaml }]`, whose model paths are relative to it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { parseAssignments } from '../model/assignments.js';
import { UserError } from '../model/errors.js';

/** A scenario as written: its name, its overrides, and the model file it runs instead of the comparison's. */
export interface ScenarioText {
  name: string;
  overrides: Record<string, number>;
  modelFile?: string;
}

const MODEL_FILE = /\.(ya?ml|json)$/i;

/**
 * `more-nk:nk_output=8000,sea_pause_days=20` → `{ name: 'more-nk', overrides: { nk_output: 8000, sea_pause_days: 20 } }`.
 * @param path - where the text came from, for the error's path (`scenarios[1]`)
 * @throws UserError naming the text when it has no `name:` or an item is neither name=number nor a model file
 */
export function parseScenarioText(text: string, path = 'scenarios[0]'): ScenarioText {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new UserError({ path, input: text, message: `expected name: or name:param=value,…, got "${text}"`, hint: 'e.g. base: or more-nk:nk_output=8000' });
  const name = text.slice(0, colon);
  const items = text.slice(colon + 1).split(',').map((item) => item.trim()).filter((item) => item !== '');
  const files = items.filter((item) => MODEL_FILE.test(item));
  if (files.length > 1) throw new UserError({ path, input: text, message: `names ${files.length} model files; a scenario runs one` });
  const overrides = parseAssignments(items.filter((item) => !MODEL_FILE.test(item)), path);
  return { name, overrides, ...(files.length ? { modelFile: files[0] } : {}) };
}

/**
 * The scenarios of a YAML file, in order.
 * @throws UserError naming the file and the entry when it is not a list of `{ name, set?, model? }`
 */
export function readScenarioFile(file: string): ScenarioText[] {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError({ file, message: `cannot read: ${(error as Error).message}` });
  }
  const list = (doc as { scenarios?: unknown } | null)?.scenarios;
  if (!Array.isArray(list)) throw new UserError({ file, path: 'scenarios', message: `expected a list of scenarios, got ${JSON.stringify(list) ?? 'nothing'}`, hint: 'scenarios: [{ name: base }, { name: more-nk, set: { nk_output: 8000 } }]' });
  return list.map((entry, i) => {
    const e = entry as { name?: unknown; set?: unknown; model?: unknown };
    if (typeof e?.name !== 'string' || e.name === '') throw new UserError({ file, path: `scenarios[${i}].name`, message: `expected a name, got ${JSON.stringify(e?.name)}` });
    const set = e.set ?? {};
    if (typeof set !== 'object' || Array.isArray(set)) throw new UserError({ file, path: `scenarios[${i}].set`, message: `expected { parameter: number, … }, got ${JSON.stringify(set)}` });
    const overrides: Record<string, number> = {};
    for (const [key, value] of Object.entries(set as Record<string, unknown>)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new UserError({ file, path: `scenarios[${i}].set.${key}`, message: `expected a number, got ${JSON.stringify(value)}` });
      overrides[key] = value;
    }
    if (e.model !== undefined && typeof e.model !== 'string') throw new UserError({ file, path: `scenarios[${i}].model`, message: `expected a model file path, got ${JSON.stringify(e.model)}` });
    return { name: e.name, overrides, ...(typeof e.model === 'string' ? { modelFile: resolve(dirname(file), e.model) } : {}) };
  });
}
