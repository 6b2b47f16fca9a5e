/**
 * Escaping for the two report formats and for image file names. Parameter and output names come from
 * model files and may contain anything (`<`, `&`, `|`, backticks); they must reach the page as text.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]);
}

/**
 * Running text safe in CommonMark/GFM: every character that could start markup, an HTML tag or an
 * entity, or end a table cell is backslash-escaped; line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>&|#!]/g, (char) => `\\${char}`);
}

/**
 * A name as a Markdown code span, shown literally. The fence is one backtick longer than the longest run
 * inside; `|` is escaped, which GFM requires inside table cells and removes before rendering the span.
 */
export function markdownCode(text: string, inTable = false): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = longestRun > 0 || flat.startsWith(' ') || flat.endsWith(' ') ? ` ${flat} ` : flat;
  const body = inTable ? padded.replace(/\|/g, '\\|') : padded;
  return `${fence}${body}${fence}`;
}

/**
 * A file name built only from `[a-z0-9._-]`: lower-cased, other runs replaced by `-`, runs of dots and
 * dashes folded into one `-` (so no `..`), no leading dot or dash (so it is never hidden or mistaken for an
 * option). Returns `fallback` if nothing is left.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/[-.]{2,}/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  return cleaned.length > 0 ? cleaned : fallback;
}
