/**
 * Runs a notebook of notebooks/ as a user would: Jupyter and this checkout's Deno kernel are set up by
 * scripts/setup-notebooks.sh, the code cells are type-checked by `deno check`, nbconvert executes the notebook
 * headless and exports it to HTML. A test fails, rather than skips, when the set-up cannot be done. Every
 * notebook gets the same checks (describeNotebook); its own test adds what its answer must be.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const NOTEBOOKS = join(ROOT, 'notebooks');
const SETUP = join(ROOT, 'scripts/setup-notebooks.sh');
const DENO = join(ROOT, 'node_modules/.bin/deno');
/** Appended to each code cell of the executed copy (see describeNotebook): time for the kernel to send the cell's output. */
const DRAIN = 'await new Promise((resolve) => setTimeout(resolve, 250));';
const run = promisify(execFile);

export interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
export interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}
export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name: string } };
}

export const text = (value: unknown): string => (Array.isArray(value) ? value.join('') : String(value ?? ''));
export const readNotebook = (file: string): Notebook => JSON.parse(readFileSync(file, 'utf8')) as Notebook;

/** Runs a command; on failure throws with the command, exit code and what it printed. */
export async function mustRun(what: string, file: string, args: string[], cwd: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; killed?: boolean };
    const printed = [e.stderr, e.stdout].map((s) => s?.trim()).filter(Boolean).join('\n');
    throw new Error(`${what} failed (${e.killed ? `timed out after ${timeoutMs / 1000} s` : `exit ${e.code}`}): ${file} ${args.join(' ')}\n${printed.slice(-6000)}`);
  }
}

/** An executed notebook: its cells with outputs, every output in order, and the HTML export. */
export interface Executed {
  notebook: Notebook;
  outputs: Output[];
  html: string;
  /** Displayed outputs whose plain-text form starts with `prefix`. */
  displays: (prefix: string) => Output[];
  /** Everything the cells printed to stdout, joined. */
  stdout: string;
}

/**
 * Declares the checks every notebook must pass and executes it once before them; `more` adds the
 * notebook's own assertions on the executed result.
 */
export function describeNotebook(fileName: string, more: (executed: () => Executed) => void): void {
  const file = join(NOTEBOOKS, fileName);
  let dir: string;
  let executed: Executed;

  beforeAll(async () => {
    const { stdout } = await mustRun('scripts/setup-notebooks.sh (installs Jupyter from Debian and this checkout\'s Deno kernel spec)', 'bash', [SETUP, '--print-kernel'], ROOT, 540_000);
    const kernel = stdout.trim().split('\n').pop()!;
    dir = mkdtempSync(join(tmpdir(), 'munisim-notebook-'));
    // nbconvert keeps a cell's output only if it arrives before the kernel says the cell is done, and Deno's
    // kernel forwards stdout and displays on their own: on a loaded machine a cell's last line or table came
    // after, and was lost (seen in CI). So the copy executed here ends every code cell with a short wait; the
    // committed notebook is untouched. The copy sits beside the notebook, whose folder the kernel runs in.
    const copy = join(NOTEBOOKS, `.executing-${process.pid}-${fileName}`);
    const draining = readNotebook(file);
    for (const cell of draining.cells) {
      if (cell.cell_type === 'code') cell.source = `${text(cell.source)}\n${DRAIN}`;
    }
    writeFileSync(copy, JSON.stringify(draining));
    try {
      // --allow-errors: every cell runs, so the assertions can list all errors at once.
      await mustRun('jupyter nbconvert --execute', 'jupyter', [
        'nbconvert', '--to', 'notebook', '--execute', '--allow-errors',
        `--ExecutePreprocessor.kernel_name=${kernel}`, '--ExecutePreprocessor.timeout=300', '--ExecutePreprocessor.startup_timeout=120',
        '--output-dir', dir, '--output', 'executed.ipynb', copy,
      ], NOTEBOOKS, 600_000);
    } finally {
      rmSync(copy, { force: true });
    }
    const notebook = readNotebook(join(dir, 'executed.ipynb'));
    const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? []);
    await mustRun('jupyter nbconvert --to html', 'jupyter', ['nbconvert', '--to', 'html', '--output-dir', dir, '--output', 'executed.html', join(dir, 'executed.ipynb')], dir, 120_000);
    executed = {
      notebook, outputs, html: readFileSync(join(dir, 'executed.html'), 'utf8'),
      displays: (prefix) => outputs.filter((o) => o.output_type === 'display_data' && text(o.data?.['text/plain']).startsWith(prefix)),
      stdout: outputs.filter((o) => o.output_type === 'stream' && o.name === 'stdout').map((o) => text(o.text)).join(''),
    };
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe(`notebooks/${fileName}`, () => {
    it('is committed with its outputs cleared, names the Deno kernel and imports only the public API', () => {
      const notebook = readNotebook(file);
      expect(notebook.metadata.kernelspec?.name).toBe('deno');
      const dirty = notebook.cells.flatMap((cell, i) => (cell.cell_type === 'code' && (cell.outputs?.length || cell.execution_count != null) ? [i + 1] : []));
      expect(dirty, `cells ${dirty.join(', ')} (from 1) keep outputs or execution counts; clear them: jupyter nbconvert --clear-output --inplace`).toEqual([]);
      const code = notebook.cells.filter((cell) => cell.cell_type === 'code').map((cell) => text(cell.source)).join('\n');
      const imports = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
      expect(imports.length).toBeGreaterThan(0);
      expect(imports.filter((source) => source !== '../src/index.ts' && source !== 'vega-lite')).toEqual([]);
    });

    it('opens with its question and ends with an answer computed from its outputs', () => {
      const notebook = readNotebook(file);
      expect(text(notebook.cells[0].source)).toMatch(/\*\*The question\.\*\*/);
      const lastCode = [...executed.notebook.cells].reverse().find((cell) => cell.cell_type === 'code')!;
      const printed = (lastCode.outputs ?? []).filter((o) => o.output_type === 'stream').map((o) => text(o.text)).join('');
      expect(printed, 'the last code cell prints the answer').toMatch(/^Answer: /m);
    });

    it('type-checks with deno check', async () => {
      // The kernel does not type-check; its cells, in order, form one module, beside the notebook so relative
      // imports and deno.json resolve as in the kernel (whose cwd is the notebook's folder).
      const lines: string[] = [];
      const starts: string[] = [];
      readNotebook(file).cells.forEach((cell, i) => {
        if (cell.cell_type !== 'code') return;
        starts.push(`cell ${i + 1} from line ${lines.length + 2}`);
        lines.push(`// ---- cell ${i + 1} ----`, ...text(cell.source).split('\n'), '');
      });
      const check = join(NOTEBOOKS, `.check-${fileName.replace(/\.ipynb$/, '')}-${process.pid}.ts`);
      writeFileSync(check, lines.join('\n'));
      try {
        await mustRun(`deno check of the notebook's code cells (cells counted from 1, markdown included: ${starts.join(', ')})`, DENO, ['check', check], NOTEBOOKS, 240_000);
      } finally {
        rmSync(check, { force: true });
      }
    }, 300_000);

    it('runs every cell without an error and writes nothing to stderr', () => {
      const errors = executed.outputs.filter((o) => o.output_type === 'error').map((o) => `${o.ename}: ${o.evalue}`);
      expect(errors, `cells raised errors:\n${errors.join('\n')}`).toEqual([]);
      const stderr = executed.outputs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => text(o.text));
      expect(stderr, `cells wrote to stderr:\n${stderr.join('\n')}`).toEqual([]);
      expect(executed.notebook.cells.filter((cell) => cell.cell_type === 'code').every((cell) => cell.execution_count != null)).toBe(true);
    });

    it('shows its charts as inline SVG that survive the HTML export', () => {
      const charts = executed.displays('[chart:');
      expect(charts.length).toBeGreaterThan(0);
      for (const chart of charts) expect(text(chart.data?.['text/html'])).toMatch(/^<svg[\s>]/);
      expect(executed.html.match(/<svg[\s>]/g)?.length ?? 0).toBeGreaterThanOrEqual(charts.length);
    });

    more(() => executed);
  });
}
