/**
 * Library code never names a command-line flag: its errors and warnings speak of options by their
 * library names in backticks (`samples`, `replace`) and src/cli/flags.ts shows them as flags. Every
 * string literal and template text of src/ outside src/cli is read with TypeScript's scanner, so a
 * flag in a comment is allowed and one in a message cannot hide.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** `--vary`, `--out=x`: two dashes then a letter, not `---` (a Markdown rule) nor `--x` in code. */
const FLAG = /--[A-Za-z]/;

/** The text of every string literal and template part of a TypeScript source that names a flag, with its line. */
export function flagsInStrings(source: string, fileName = 'x.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (FLAG.test(node.text)) found.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${JSON.stringify(node.text)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('the checker', () => {
  it.each([
    ["throw new UserError({ path: '--samples', message: 'x' });", 1],
    ['const hint = "add --force";', 1],
    ['const m = `raise --replications to ${n}`;', 1],
    ['const m = `${a} then --out ${b} and --force`;', 2],
    ['const m = `e.g. \\`vary\\` nk_output=1:2:3`;', 0],
    ['// choose another --out\nconst rule = "---";', 0],
    ['/** `--vary` texts */ let n = 3; n--; --n;', 0],
  ])('%s → %i', (source, count) => {
    expect(flagsInStrings(source)).toHaveLength(count);
  });
});

describe('src/ outside src/cli', () => {
  it('names no flag in any string', () => {
    const files = sourceFiles(SRC).filter((path) => !relative(SRC, path).startsWith('cli/'));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((path) => flagsInStrings(readFileSync(path, 'utf8'), relative(SRC, path)));
    expect(found, 'write the option name in backticks (`samples`) and add it to FLAGS in src/cli/flags.ts').toEqual([]);
  });
});
