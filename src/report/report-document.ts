/**
 * A report as data, before it is written as HTML or Markdown: sections of tables, figures and reading
 * notes. Text is kept as plain strings and names (parameters, outputs) as their own pieces, so each writer
 * escapes and styles them its own way and no markup leaks from model files into a report.
 */

/** A name from the model (parameter, output, metric), shown in code style. */
export interface Name {
  name: string;
}

/** A run of text: plain strings and names. */
export type Rich = (string | Name)[];

/** One table cell: plain text, or a name. */
export type Cell = string | Name;

/** A column: its heading, and whether its cells are numbers (right-aligned). */
export interface Column {
  title: string;
  numeric?: boolean;
}

/** A table; `key` identifies it in the page (an HTML `data-table` attribute) for readers and tests. */
export interface Table {
  key: string;
  caption?: string;
  columns: Column[];
  rows: Cell[][];
}

/** A rendered chart: the SVG for the page, the PNG for Markdown, and alt text for both. */
export interface Figure {
  /** File name of the PNG, `[a-z0-9._-]` only. */
  fileName: string;
  alt: string;
  svg: string;
  png: Uint8Array;
}

/** A block of the report under one heading. */
export interface Section {
  heading: Rich;
  /** 2 for top-level sections, 3 inside them. */
  level: 2 | 3;
  paragraphs?: Rich[];
  /** Term/description pairs, e.g. the facts of the question. */
  facts?: [string, Rich][];
  table?: Table;
  figure?: Figure;
  /** Plain-language reading of the numbers, one note per item. */
  notes?: Rich[];
  /** Items in a highlighted warning box. */
  warnings?: string[];
}

/** The whole report. */
export interface ReportDocument {
  title: string;
  sections: Section[];
  footer: Rich;
}

/** Mark `name` as a model name. */
export function name(name: string): Name {
  return { name };
}

/** Whether a piece of rich text is a name. */
export function isName(piece: string | Name): piece is Name {
  return typeof piece !== 'string';
}

/** The text of rich text with names inlined, e.g. for alt text or tests. */
export function plainText(rich: Rich): string {
  return rich.map((piece) => (isName(piece) ? piece.name : piece)).join('');
}

/** Names joined as in prose (`a`, `a and b`, `a, b and c`), kept as names. */
export function joinNames(names: string[]): Rich {
  const out: Rich = [];
  names.forEach((item, i) => {
    if (i > 0) out.push(i === names.length - 1 ? ' and ' : ', ');
    out.push(name(item));
  });
  return out;
}
