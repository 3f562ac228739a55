// A small Markdown renderer for the guides in docs/guides/ (the subset they use: headings,
// paragraphs, fenced code, lists, tables, block quotes, inline code, emphasis and links). It
// renders at build time, so the guides read without JavaScript. No dependency: the guides are
// ours, and a stray construct shows as text rather than breaking the page.
import { esc } from './layout.mjs';

/** An id for a heading: `Waiting on a job` -> `waiting-on-a-job`. */
export function slug(text) {
  return text.toLowerCase().replace(/<[^>]+>/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * Inline Markdown of one line or paragraph; `link` maps an href (a guide's `x.md` to `x.html`).
 * @param {string} text
 * @param {(href: string) => string} link
 */
export function inline(text, link) {
  const codes = [];
  // Code spans first, so nothing inside them is read as Markdown.
  let out = text.replace(/`([^`]+)`/g, (_, code) => `\u0000${codes.push(code) - 1}\u0000`);
  out = esc(out);
  out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => `<a href="${esc(link(href.replace(/&amp;/g, '&')))}">${label}</a>`);
  out = out.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/(^|[^\w*])\*([^*\s][^*]*)\*(?!\w)/g, '$1<em>$2</em>');
  return out.replace(/\u0000(\d+)\u0000/g, (_, i) => `<code>${esc(codes[Number(i)])}</code>`);
}

/**
 * Renders a Markdown document; returns the HTML, its title (first `#` heading) and the first paragraph.
 * @param {string} source
 * @param {{ link?: (href: string) => string }} [options]
 */
export function renderMarkdown(source, options = {}) {
  const link = options.link ?? ((href) => href);
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const html = [];
  let title = '';
  let summary = '';
  let i = 0;
  const isBlockStart = (line) => /^(#{1,6}\s|```|>\s?|\s*[-*]\s|\s*\d+\.\s|\|)/.test(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      const text = heading[2] ?? '';
      if (level === 1 && !title) title = text.replace(/`/g, '');
      html.push(`<h${level} id="${slug(text)}">${inline(text, link)}</h${level}>`);
      i += 1;
      continue;
    }
    const fence = /^```\s*([\w-]*)\s*$/.exec(line);
    if (fence) {
      const body = [];
      i += 1;
      while (i < lines.length && !/^```\s*$/.test(lines[i] ?? '')) body.push(lines[i++] ?? '');
      i += 1;
      html.push(`<pre${fence[1] ? ` data-lang="${esc(fence[1])}"` : ''}><code>${esc(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.startsWith('|')) {
      const rows = [];
      while (i < lines.length && (lines[i] ?? '').startsWith('|')) rows.push(lines[i++] ?? '');
      const cells = (row) => row.replace(/^\||\|\s*$/g, '').split('|').map((c) => c.trim());
      const [head = '', , ...body] = rows;
      html.push(
        `<div class="table-wrap"><table><thead><tr>${cells(head).map((c) => `<th scope="col">${inline(c, link)}</th>`).join('')}</tr></thead><tbody>` +
          body.map((r) => `<tr>${cells(r).map((c) => `<td>${inline(c, link)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table></div>',
      );
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quote = [];
      while (i < lines.length && /^>\s?/.test(lines[i] ?? '')) quote.push((lines[i++] ?? '').replace(/^>\s?/, ''));
      html.push(`<blockquote><p>${inline(quote.join(' '), link)}</p></blockquote>`);
      continue;
    }
    const item = /^\s*([-*]|\d+\.)\s+/;
    if (item.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const items = [];
      while (i < lines.length && (lines[i] ?? '').trim() !== '') {
        const current = lines[i] ?? '';
        if (item.test(current)) items.push(current.replace(item, ''));
        else if (items.length > 0 && /^\s+/.test(current)) items[items.length - 1] += ` ${current.trim()}`;
        else break;
        i += 1;
      }
      const tag = ordered ? 'ol' : 'ul';
      html.push(`<${tag}>${items.map((it) => `<li>${inline(it, link)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const para = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && (para.length === 0 || !isBlockStart(lines[i] ?? ''))) para.push((lines[i++] ?? '').trim());
    const text = para.join(' ');
    if (!summary) summary = text.replace(/[`*]/g, '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
    html.push(`<p>${inline(text, link)}</p>`);
  }
  return { html: html.join('\n'), title, summary };
}
