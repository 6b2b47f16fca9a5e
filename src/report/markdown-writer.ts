/**
 * Writes a report document as GitHub-flavoured Markdown: the same sections and tables as the HTML, with
 * each chart as a PNG referenced by its file name, to be saved next to the Markdown file.
 */
import { escapeMarkdown, markdownCode } from './escape.js';
import { isName, type Cell, type ReportDocument, type Rich, type Section, type Table } from './report-document.js';

/** The report as Markdown text. */
export function writeMarkdown(doc: ReportDocument): string {
  const blocks = [`# ${escapeMarkdown(doc.title)}`, ...doc.sections.flatMap(section), `---\n\n${rich(doc.footer)}`];
  return `${blocks.join('\n\n')}\n`;
}

function rich(text: Rich, inTable = false): string {
  return text.map((piece) => (isName(piece) ? markdownCode(piece.name, inTable) : escapeMarkdown(piece))).join('');
}

function cell(value: Cell): string {
  return isName(value) ? markdownCode(value.name, true) : escapeMarkdown(value);
}

function table(t: Table): string {
  const lines = [
    `| ${t.columns.map((c) => escapeMarkdown(c.title)).join(' | ')} |`,
    `| ${t.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`,
    ...t.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return (t.caption ? `*${escapeMarkdown(t.caption)}*\n\n` : '') + lines.join('\n');
}

function section(s: Section): string[] {
  const blocks: string[] = [`${'#'.repeat(s.level)} ${rich(s.heading)}`];
  for (const paragraph of s.paragraphs ?? []) blocks.push(rich(paragraph));
  if (s.facts) blocks.push(s.facts.map(([term, description]) => `- **${escapeMarkdown(term)}:** ${rich(description)}`).join('\n'));
  if (s.warnings) {
    blocks.push(s.warnings.length > 0 ? s.warnings.map((w) => `> ⚠ ${escapeMarkdown(w)}`).join('\n>\n') : 'No warnings were raised.');
  }
  if (s.table) blocks.push(table(s.table));
  if (s.figure) blocks.push(`![${escapeMarkdown(s.figure.alt)}](${s.figure.fileName})`);
  if (s.notes && s.notes.length > 0) blocks.push(s.notes.map((n) => `- ${rich(n)}`).join('\n'));
  return blocks;
}
