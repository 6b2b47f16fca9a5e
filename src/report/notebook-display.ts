/**
 * Showing tables and charts in a Jupyter notebook (Deno's kernel): a table as HTML and aligned text, a
 * Vega-Lite spec rendered to SVG and shown as `text/html` (nbconvert's HTML export keeps text/html but drops
 * image/svg+xml). Outside a notebook the bundle is returned and nothing is shown.
 */
import type { TopLevelSpec } from 'vega-lite';
import { escapeHtml } from './escape.js';

/** A Jupyter display bundle: MIME type → content. */
export type DisplayBundle = Record<string, unknown>;

interface JupyterHost {
  Deno?: { jupyter?: { display: (bundle: DisplayBundle, options: { raw: boolean }) => Promise<void> } };
}

/** Hands `bundle` to the notebook's display, when there is one. */
async function display(bundle: DisplayBundle): Promise<DisplayBundle> {
  const jupyter = (globalThis as JupyterHost).Deno?.jupyter;
  if (jupyter) await jupyter.display(bundle, { raw: true });
  return bundle;
}

/**
 * Shows a table: HTML in the notebook, aligned text in consoles; `json`, if given, travels along as
 * `application/json` for programs that read the executed notebook. @returns the bundle shown
 */
export async function showTable(caption: string, header: string[], rows: string[][], json?: unknown): Promise<DisplayBundle> {
  const th = header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  const html = `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
  const widths = header.map((cell, c) => Math.max(cell.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => row.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  ').trimEnd();
  const text = [caption, line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
  return display({ 'text/html': html, 'text/plain': text, ...(json === undefined ? {} : { 'application/json': json }) });
}

/**
 * Renders a Vega-Lite spec (one of munisim's charts, or your own) to SVG and shows it inline; its plain-text
 * form is `[chart: <title>]`. Loads the renderer on first use. @throws Error when Vega-Lite cannot compile the spec
 */
export async function showChart(spec: TopLevelSpec): Promise<DisplayBundle> {
  const { renderSvg } = await import('./render.js');
  const svg = await renderSvg(spec);
  const title = typeof spec.title === 'string' ? spec.title : spec.title && typeof spec.title === 'object' && 'text' in spec.title ? String(spec.title.text) : 'chart';
  return display({ 'text/html': svg, 'text/plain': `[chart: ${title}]` });
}
