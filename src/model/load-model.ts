/**
 * Model file → validated Model. Checks, in order: the file exists and parses (YAML or JSON, with
 * line:column), its shape (unknown fields refused), then meaning: unique ids, references that
 * exist, parameter ranges, expressions over known names (build-model.ts). Every problem is collected and thrown
 * together as one UserError, so a user fixes a file in one pass.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { buildModel, type BuildContext } from './build-model.js';
import { UserError, formatPath, type Issue } from './errors.js';
import type { Model } from './model.js';
import { ModelInput } from './schema.js';

const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Reads and validates a model file; throws UserError listing every problem found. */
export function loadModel(file: string): Model {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) throw new UserError({ file, message: `the file is ${size} bytes; a model file may be at most 10 MB` });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a model file' : `cannot read: ${(error as Error).message}`;
    throw new UserError({ file, message, hint: 'shipped models are in models/, e.g. models/quickstart.yaml' });
  }
  return parseModel(text, file);
}

/** Validates model text; `file` names it in errors. */
export function parseModel(text: string, file: string): Model {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new UserError(doc.errors.map((error) => ({
      file,
      line: error.linePos?.[0].line,
      column: error.linePos?.[0].col,
      message: `YAML syntax: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    })));
  }
  const locate = (path: readonly PropertyKey[]): Pick<Issue, 'line' | 'column'> => locatePath(doc, lineCounter, path);
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UserError({ file, message: 'expected a model: a mapping with name, start, days, munitions, stockpiles, …' });
  }
  const parsed = ModelInput.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new UserError(parsed.error.issues.map((issue) => zodIssue(issue, file, locate)));
  }
  const sha256 = createHash('sha256').update(text).digest('hex');
  return buildModel(parsed.data, { file, sha256, locate });
}

/** True when every issue of a union branch only says "not this type" (the input is another kind). */
function isTypeMismatch(branch: z.core.$ZodIssue[]): boolean {
  return branch.every((issue) => issue.path.length === 0 && (issue.code === 'invalid_type'
    || (issue.code === 'invalid_union' && issue.errors.length > 0 && issue.errors.every(isTypeMismatch))));
}

function zodIssue(issue: z.core.$ZodIssue, file: string, locate: BuildContext['locate']): Issue {
  const path = issue.path as PropertyKey[];
  if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) {
    return { file, path: formatPath(path), ...locate(path), message: `must be a finite number, got ${issue.input}` };
  }
  // A union reports one sub-error per branch; show the branch that matched the input's kind.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = issue.errors.filter((branch) => !isTypeMismatch(branch));
    if (branches.length === 1) return zodIssue({ ...branches[0][0], path: [...issue.path, ...branches[0][0].path] } as z.core.$ZodIssue, file, locate);
  }
  let message = issue.message;
  let hint: string | undefined;
  if (issue.code === 'unrecognized_keys') {
    message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    hint = 'check the spelling; see the model format in README.md';
  } else if (issue.code === 'invalid_type') {
    const got = issue.input === undefined ? 'nothing' : Array.isArray(issue.input) ? 'a list' : typeof issue.input;
    message = issue.input === undefined ? `missing (expected ${issue.expected})` : message.startsWith('Invalid input') ? `expected ${issue.expected}, got ${got}` : `${message}, got ${got}`;
  } else if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number' && !message.startsWith('Too')) {
    // a custom message from the schema (e.g. the horizon's limit): keep it
  } else if (issue.code === 'too_small' && issue.origin === 'number') {
    message = `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${String(issue.input)}`;
  } else if (issue.code === 'too_big' && issue.origin === 'number') {
    message = `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${String(issue.input)}`;
  } else if (issue.code === 'too_small' || issue.code === 'too_big') {
    message = message.replace(/^Too (small|big): /, '');
  }
  return { file, path: formatPath(path), ...locate(path), message, hint };
}

/** 1-based line and column of the node at `path`, or of its nearest existing ancestor. */
function locatePath(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): Pick<Issue, 'line' | 'column'> {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length) as (string | number)[], true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  return {};
}
