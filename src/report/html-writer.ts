/**
 * Writes a report document as one self-contained HTML file: inline CSS, charts as inline SVG, no scripts,
 * no fonts or images fetched from anywhere — it can be opened from disk or sent by mail. A Content Security
 * Policy forbids every fetch, so a chart that tried to load something would fail visibly, not silently.
 */
import { escapeHtml } from './escape.js';
import { isName, type Cell, type ReportDocument, type Rich, type Section, type Table } from './report-document.js';

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; color: #1a1a1a; background: #fff;
  max-width: 1000px; margin: 2rem auto; padding: 0 1.25rem; line-height: 1.5; font-size: 15px; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.92em; background: #f3f3f3;
  padding: 0 0.2em; border-radius: 3px; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: 0.75rem 0; font-size: 0.9rem; }
caption { text-align: left; font-style: italic; color: #555; padding-bottom: 0.3rem; }
th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.6rem; vertical-align: top; }
th { background: #f0f0f0; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure.chart { margin: 1rem 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.warnings { border: 2px solid #D55E00; background: #fff4ec; padding: 0.5rem 1rem; border-radius: 4px; }
.warnings h2 { border: none; margin-top: 0.4rem; color: #a03d00; }
.notes li { margin-bottom: 0.3rem; }
footer { margin-top: 3rem; color: #555; font-size: 0.85rem; border-top: 1px solid #ccc; padding-top: 0.5rem; }
@media print { figure.chart, table { break-inside: avoid; } }
`;

/** The report as a complete HTML document (UTF-8). */
export function writeHtml(doc: ReportDocument): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(doc.title)}</h1>`,
    ...doc.sections.map(section),
    '</main>',
    `<footer>${rich(doc.footer)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function rich(text: Rich): string {
  return text.map((piece) => (isName(piece) ? `<code>${escapeHtml(piece.name)}</code>` : escapeHtml(piece))).join('');
}

function cell(value: Cell): string {
  return isName(value) ? `<code>${escapeHtml(value.name)}</code>` : escapeHtml(value);
}

function table(t: Table): string {
  const cls = (numeric?: boolean) => (numeric ? ' class="num"' : '');
  return [
    `<table data-table="${escapeHtml(t.key)}">`,
    ...(t.caption ? [`<caption>${escapeHtml(t.caption)}</caption>`] : []),
    `<thead><tr>${t.columns.map((c) => `<th${cls(c.numeric)} scope="col">${escapeHtml(c.title)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...t.rows.map((row) => `<tr>${row.map((v, i) => `<td${cls(t.columns[i]?.numeric)}>${cell(v)}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

function section(s: Section): string {
  const out: string[] = [s.warnings ? '<section class="warnings">' : '<section>'];
  out.push(`<h${s.level}>${rich(s.heading)}</h${s.level}>`);
  for (const paragraph of s.paragraphs ?? []) out.push(`<p>${rich(paragraph)}</p>`);
  if (s.facts) {
    out.push('<dl class="facts">');
    for (const [term, description] of s.facts) out.push(`<dt>${escapeHtml(term)}</dt><dd>${rich(description)}</dd>`);
    out.push('</dl>');
  }
  if (s.warnings) {
    out.push(s.warnings.length > 0 ? `<ul>${s.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '<p>No warnings were raised.</p>');
  }
  if (s.table) out.push(table(s.table));
  if (s.figure) {
    // The SVG comes from our own renderer (Vega escapes its text); ids are already unique per chart.
    out.push(`<figure class="chart" data-image="${escapeHtml(s.figure.fileName)}" role="img" aria-label="${escapeHtml(s.figure.alt)}">`);
    out.push(s.figure.svg);
    out.push('</figure>');
  }
  if (s.notes && s.notes.length > 0) {
    out.push('<ul class="notes">', ...s.notes.map((n) => `<li>${rich(n)}</li>`), '</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}
