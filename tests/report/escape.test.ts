import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCode, safeFileName } from '../../src/report/escape.js';

describe('escape', () => {
  it('escapes HTML text and attribute values', () => {
    expect(escapeHtml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;');
  });

  it('backslash-escapes Markdown markup and flattens line breaks', () => {
    expect(escapeMarkdown('*x* _y_ [z](u) <t> & a|b # `c`\nnext')).toBe(
      '\\*x\\* \\_y\\_ \\[z\\](u) \\<t\\> \\& a\\|b \\# \\`c\\` next',
    );
  });

  it.each([
    ['plain', false, '`plain`'],
    ['a`b', false, '`` a`b ``'],
    ['a|b', true, '`a\\|b`'],
    ['a|b', false, '`a|b`'],
  ])('markdownCode(%s, inTable=%s) = %s', (text, inTable, code) => expect(markdownCode(text, inTable)).toBe(code));

  it.each([
    ['tornado-shortfall_total', 'tornado-shortfall_total'],
    ['Shortfall Total/€', 'shortfall-total'],
    ['../../etc/passwd', 'etc-passwd'],
    ['.hidden', 'hidden'],
    ['€€€', 'file'],
  ])('safeFileName(%s) = %s', (name, file) => expect(safeFileName(name)).toBe(file));
});
