/**
 * Model file → validated Model. Checks, in order: the file is a regular file and parses (YAML or
 * JSON, with line:column), no mapping repeats a key and aliases stay few, its shape (unknown fields
 * refused, with the likely key), then meaning: unique ids, references that exist, parameter ranges,
 * expressions over known names, each entry by its kind (build-model.ts). Every problem is collected and thrown together as
 * one UserError, so a user fixes a file in one pass (YAML syntax stops at the first error).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import {
  LineCounter, parseDocument, isAlias, isMap, isNode, isPair, isScalar, isSeq,
  type Document, type Node, type Pair, type YAMLError, type YAMLMap,
} from 'yaml';
import type { z } from 'zod';
import { RESERVED_KEYS } from '../model/expressions.js';
import { UserError, formatPath, quote, type Issue } from '../model/errors.js';
import type { Model, ModelInputFile } from '../model/model.js';
import { dispatchTarget, unitOf, withUnit } from '../model/schema.js';
import { nearest } from '../model/suggest.js';
import { buildModel, type BuildContext } from './build-model.js';
import { diskInputReader, type InputReader } from './build-series.js';
import { checkTargets } from './check-targets.js';
import { ModelInput, type ModelFile } from './model-schema.js';

const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Alias expansions allowed in one file: enough for shared settings, too few for an alias bomb. */
const MAX_ALIASES = 100;
const HINT_FILES = 'shipped models are in models/, e.g. models/quickstart.yaml';

type Location = Pick<Issue, 'line' | 'column'>;

/** Reads and validates a model file; throws UserError listing every problem found. */
export function loadModel(file: string): Model {
  let text: string;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) throw new UserError({ file, message: 'is a folder, not a model file', hint: HINT_FILES });
    // A device or a pipe may never end (/dev/zero), or block until a writer comes.
    if (!stats.isFile()) throw new UserError({ file, message: 'is not a regular file (a device, pipe or socket)', hint: 'save the model to a file and name that file' });
    if (stats.size > MAX_FILE_BYTES) throw new UserError({ file, message: `the file is ${stats.size} bytes; a model file may be at most 10 MB` });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a model file' : `cannot read: ${(error as Error).message}`;
    throw new UserError({ file, message, hint: HINT_FILES });
  }
  return parseModel(text, file);
}

export interface ParseOptions {
  /** Where the files the model reads (CSV series) come from; default the disk, beside `file`. */
  readInput?: InputReader;
}

/**
 * Validates model text; `file` names it in errors, and CSV files are read relative to its folder
 * through `readInput`. The model records each file read (`inputs`), and its sha256 covers them.
 */
export function parseModel(text: string, file: string, options: ParseOptions = {}): Model {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check compares every key with every other (quadratic); checkKeysAndAliases does it in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): Location => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  if (doc.errors.length > 0) throw new UserError(syntaxIssue(doc.errors, file, at));
  const structural = checkKeysAndAliases(doc, file, at);
  if (structural.length > 0) throw new UserError(structural);
  const locator = new Locator(doc, at);
  const locate = (path: readonly PropertyKey[]): Location => locator.locate(path);
  // The alias count is bounded above, so yaml's own (stricter, differently counted) limit is not needed.
  const raw = doc.toJS({ maxAliasCount: -1 }) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError({ file, message: 'expected a model: a mapping with name, start, days, munitions, stockpiles, …' });
  }
  const parsed = ModelInput.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new UserError(schemaIssues(parsed.error.issues, raw, file, locator));
  }
  const base = options.readInput ?? diskInputReader(file);
  // Each file is read once, so two columns of one CSV cannot come from two versions of it.
  const read = new Map<string, ReturnType<InputReader>>();
  const readInput: InputReader = (path) => {
    if (!read.has(path)) read.set(path, base(path));
    return read.get(path)!;
  };
  const model = buildModel(parsed.data, { file, sha256: sha256Of(text), locate, readInput });
  const inputs = [...read].flatMap(([path, got]) => ('text' in got ? [{ path, sha256: sha256Of(got.text), text: got.text }] : [])).sort(byPath);
  if (inputs.length > 0) {
    model.inputs = inputs;
    model.sha256 = modelSha256(text, inputs);
  }
  model.text = text;
  checkTargets(model);
  return model;
}

/** Code-unit order of paths, as `LC_ALL=C sort` orders them. */
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A model's sha256: that of its text when it reads no file; otherwise that of the listing, one line
 * per file in `sha256sum` form, `<sha256 of the text>  (model)` first, then `<sha256>  <path>` for
 * each input in path order (so editing a CSV, or pointing at another, changes it).
 */
export function modelSha256(text: string, inputs: readonly Pick<ModelInputFile, 'path' | 'text'>[]): string {
  if (inputs.length === 0) return sha256Of(text);
  return sha256Of([`${sha256Of(text)}  (model)`, ...[...inputs].sort(byPath).map((input) => `${sha256Of(input.text)}  ${input.path}`)].map((line) => `${line}\n`).join(''));
}

/**
 * Reads input files from a list of copies (those sent with a model to another machine); a path not
 * in the list is refused, never looked up on this machine's disk.
 */
export function sentInputReader(inputs: readonly Pick<ModelInputFile, 'path' | 'text'>[]): InputReader {
  const byPath = new Map(inputs.map((input) => [input.path, input.text]));
  return (path) => {
    const text = byPath.get(path);
    return text === undefined ? { problem: `"${path}" was not sent with the model`, hint: 'the coordinator sends every file the model read; is it of the same munisim?' } : { text };
  };
}

/**
 * One issue for a YAML syntax error: the first in the file. After it the parser resynchronises as best
 * it can, and what it reports next (nine "bad indentation" lines after one tab) is mostly consequence.
 */
function syntaxIssue(errors: readonly YAMLError[], file: string, at: (offset: number) => Location): Issue {
  const first = [...errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  const where = at(first.pos[0]);
  if (first.code === 'TAB_AS_INDENT') {
    const lines = [...new Set(errors.filter((e) => e.code === 'TAB_AS_INDENT').map((e) => at(e.pos[0]).line))].filter((line) => line !== where.line);
    const also = lines.length === 0 ? undefined : `tabs also indent line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 8).join(', ')}${lines.length > 8 ? ', …' : ''}`;
    return { file, ...where, message: 'YAML syntax: tabs cannot indent YAML; use spaces', hint: also };
  }
  if (first.code === 'RESOURCE_EXHAUSTION') {
    return { file, ...where, message: 'YAML syntax: nested too deeply to read', hint: 'a model needs a few levels of nesting, not hundreds' };
  }
  return { file, ...where, message: `YAML syntax: ${first.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` };
}

/**
 * Duplicate keys and alias use, in one pass over the document. A repeated key would silently replace
 * the earlier value; each `*alias` repeats its anchor's value (aliases inside it included), and more
 * than MAX_ALIASES expansions are refused so a small file cannot unfold into a huge one. A reserved key
 * (`__proto__`…) is refused: JavaScript would drop it without a word.
 */
function checkKeysAndAliases(doc: Document, file: string, at: (offset: number) => Location): Issue[] {
  const issues: Issue[] = [];
  // Anchor name → alias expansions its value holds (the latest anchor of a name before an alias wins, as in YAML).
  const anchors = new Map<string, number>();
  let expanded = 0;
  let refused = false;
  const path: (string | number)[] = [];
  // Returns the alias expansions inside `node`.
  const visit = (node: unknown): number => {
    let inside = 0;
    if (isAlias(node)) {
      const held = anchors.get(node.source);
      if (held === undefined) {
        issues.push({ file, path: formatPath(path), ...at(node.range?.[0] ?? 0), message: `unknown alias *${node.source}`, hint: `an anchor &${node.source} must come before it` });
        return 0;
      }
      expanded += 1 + held;
      if (expanded > MAX_ALIASES && !refused) {
        refused = true;
        issues.push({ file, path: formatPath(path), ...at(node.range?.[0] ?? 0), message: `uses more than ${MAX_ALIASES} aliases (*${node.source}); expand them`, hint: 'write the values out in full; aliases nested in anchors count each time they are repeated' });
      }
      return 1 + held;
    }
    if (isMap(node)) {
      const seen = new Map<string, Pair>();
      for (const pair of node.items) {
        const key = keyText(pair);
        const first = key === undefined ? undefined : seen.get(key);
        if (key !== undefined && first) {
          const firstLine = at(rangeOf(first.key)?.[0] ?? 0).line;
          issues.push({ file, path: formatPath([...path, key]), ...at(rangeOf(pair.key)?.[0] ?? 0), message: `duplicate key "${key}" (first at line ${firstLine})`, hint: 'the later value would silently replace the earlier one; keep one' });
        } else if (key !== undefined) seen.set(key, pair);
        if (key !== undefined && RESERVED_KEYS.has(key)) {
          issues.push({ file, path: formatPath([...path, key]), ...at(rangeOf(pair.key)?.[0] ?? 0), message: `"${key}" is a reserved name`, hint: `${[...RESERVED_KEYS].join(', ')} cannot be keys (they would be dropped or read as internals); rename it` });
        }
        inside += visit(pair.key);
        path.push(key ?? '?');
        inside += visit(pair.value);
        path.pop();
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        path.push(i);
        inside += visit(item);
        path.pop();
      });
    }
    if (isNode(node) && !isAlias(node) && node.anchor) anchors.set(node.anchor, inside);
    return inside;
  };
  visit(doc.contents);
  return issues;
}

/** A mapping key as it becomes a JavaScript property name; undefined for keys that are not scalars. */
function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function rangeOf(node: unknown): readonly number[] | undefined {
  return isNode(node) ? node.range ?? undefined : undefined;
}

/**
 * Finds the line and column of a path in the document. Mappings are indexed on first use, so
 * locating an issue in a map of 100,000 keys does not scan it again for every issue.
 */
class Locator {
  private readonly indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  constructor(private readonly doc: Document, private readonly at: (offset: number) => Location) {}

  /** 1-based line and column of the node at `path` (of its key when `key`), or of its nearest existing ancestor. */
  locate(path: readonly PropertyKey[], key = false): Location {
    let node: unknown = this.doc.contents;
    let found = rangeOf(node) && node;
    for (const [i, step] of path.entries()) {
      let next: unknown;
      if (isMap(node)) {
        const pair = this.index(node).get(String(step));
        next = pair && (key && i === path.length - 1 ? pair.key : rangeOf(pair.value) ? pair.value : pair.key);
      } else if (isSeq(node) && typeof step === 'number') {
        next = node.items[step];
      }
      if (!rangeOf(next)) break;
      node = next;
      found = next;
    }
    const range = rangeOf(found);
    return range ? this.at(range[0]) : {};
  }

  private index(map: YAMLMap): Map<string, Pair> {
    let index = this.indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        const key = isPair(pair) ? keyText(pair) : undefined;
        if (key !== undefined && !index.has(key)) index.set(key, pair);
      }
      this.indexes.set(map, index);
    }
    return index;
  }
}

/** True when every issue of a union branch only says "not this type" (the input is another kind). */
function isTypeMismatch(branch: z.core.$ZodIssue[]): boolean {
  return branch.every((issue) => issue.path.length === 0 && (issue.code === 'invalid_type'
    || (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every(isTypeMismatch))));
}

/** A union reports one sub-error list per branch; keep the issues of the branch that matched the input's kind. */
function leafIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code === 'invalid_union' && issue.errors.length > 0 && !(typeof issue.input === 'number' && !Number.isFinite(issue.input))) {
    const branches = issue.errors.filter((branch) => !isTypeMismatch(branch));
    if (branches.length === 1) return branches[0].flatMap((sub) => leafIssues({ ...sub, path: [...issue.path, ...sub.path] } as z.core.$ZodIssue));
  }
  return [issue];
}

/**
 * Schema issues for people. An unknown field names the nearest allowed key ("did you mean"), and the
 * "missing" issue of that key is dropped: `transit_day: 1` is one mistake, not two.
 */
function schemaIssues(issues: readonly z.core.$ZodIssue[], raw: unknown, file: string, locator: Locator): Issue[] {
  const leaves = issues.flatMap(leafIssues);
  const typos = new Map<z.core.$ZodIssue, Issue[]>();
  const explained = new Set<string>();
  for (const issue of leaves) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = issue.path as PropertyKey[];
    const present = valueAt(raw, path) as Record<string, unknown>;
    const allowed = allowedKeys(ModelInput, path, raw);
    const absent = allowed.filter((key) => !(key in present));
    typos.set(issue, issue.keys.map((key) => {
      const match = nearest(key, absent);
      if (match !== undefined) explained.add(formatPath([...path, match]));
      return {
        file, path: formatPath(path), ...locator.locate([...path, key], true),
        message: `unknown field "${key}"`,
        hint: match !== undefined ? `did you mean "${match}"?` : allowed.length > 0 ? `allowed here: ${allowed.join(', ')}` : 'check the spelling; see the model format in README.md',
      };
    }));
  }
  return leaves.flatMap((issue) => {
    const typo = typos.get(issue);
    if (typo) return typo;
    if (issue.input === undefined && explained.has(formatPath(issue.path as PropertyKey[]))) return [];
    return [zodIssue(issue, raw, file, locator)];
  });
}

function zodIssue(issue: z.core.$ZodIssue, raw: unknown, file: string, locator: Locator): Issue {
  const path = issue.path as PropertyKey[];
  const where = { file, path: formatPath(path), ...locator.locate(path) };
  // What the file holds at the path: zod's input is the whole mapping for a discriminator (`dist`).
  const input = valueAt(raw, path);
  if (typeof input === 'number' && !Number.isFinite(input)) return { ...where, message: `must be a finite number, got ${input}` };
  const unit = unitOf(path);
  let message = issue.message;
  let showInput = false;
  if (issue.code === 'invalid_type' && message.startsWith('Invalid input')) {
    message = `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
  } else if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number' && !message.startsWith('Too')) {
    // a custom message from the schema (e.g. the horizon's limit): keep it
    showInput = true;
  } else if (issue.code === 'too_small' && issue.origin === 'number') {
    message = `must be ${issue.inclusive ? '≥' : '>'} ${withUnit(Number(issue.minimum), unit)}`;
  } else if (issue.code === 'too_big' && issue.origin === 'number') {
    message = `must be ${issue.inclusive ? '≤' : '<'} ${withUnit(Number(issue.maximum), unit)}`;
  } else if (issue.code === 'too_small' || issue.code === 'too_big') {
    message = message.replace(/^Too (small|big): /, '');
  }
  if (input === undefined) {
    return { ...where, message: message.startsWith('expected') ? `missing (${message})` : `missing: ${message}` };
  }
  // Quote what was received, unless the message expects a mapping shape and got one (it would say nothing).
  const shapeOfMapping = message.includes('{') && input !== null && typeof input === 'object' && !Array.isArray(input);
  if ((showInput || /^(expected|must be)/.test(message)) && !shapeOfMapping) message = `${message}, got ${quote(input)}`;
  return { ...where, message };
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number', int: 'a whole number', string: 'text', boolean: 'true or false', array: 'a list', object: 'a mapping',
};

/** The raw value at `path`, or undefined. */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

/**
 * Keys the schema allows in the mapping at `path`, following the input through lists, records and
 * unions (a discriminated union by the input's discriminator, e.g. `dist: uniform`).
 */
function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[], raw: unknown): string[] {
  let schemas = objectsOf(schema, raw);
  let value = raw;
  for (const key of path) {
    value = valueAt(value, [key]);
    schemas = schemas.flatMap((s) => objectsOf(childOf(s, key), value));
  }
  return [...new Set(schemas.flatMap((s) => (defOf(s).type === 'object' ? Object.keys(defOf(s).shape as object) : [])))];
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The schema of `key` inside `schema` (an object, list or record), if any. */
function childOf(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return (def.shape as Record<string, z.ZodType>)[String(key)];
  if (def.type === 'array') return def.element as z.ZodType;
  if (def.type === 'record') return def.valueType as z.ZodType;
  return undefined;
}

/** `schema` with optional/pipe wrappers removed and unions narrowed to the branches `value` may be. */
function objectsOf(schema: z.ZodType | undefined, value: unknown): z.ZodType[] {
  if (!schema) return [];
  const dispatched = dispatchTarget(schema, value);
  if (dispatched) return objectsOf(dispatched, value);
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return objectsOf(def.innerType as z.ZodType, value);
  if (def.type === 'pipe') return objectsOf(def.in as z.ZodType, value);
  if (def.type === 'union') {
    let options = def.options as z.ZodType[];
    const discriminator = def.discriminator as string | undefined;
    const tag = discriminator === undefined ? undefined : valueAt(value, [discriminator]);
    if (discriminator !== undefined) {
      const matching = options.filter((o) => {
        const field = defOf(o).type === 'object' ? (defOf(o).shape as Record<string, z.ZodType>)[discriminator] : undefined;
        return field !== undefined && (defOf(field).values as unknown[] | undefined)?.includes(tag);
      });
      if (matching.length > 0) options = matching;
    }
    return options.flatMap((o) => objectsOf(o, value));
  }
  return [schema];
}
