// The guides beside the reference: docs/guides/<NN>-<name>.md, rendered to site/guides/<name>.html
// (NN orders them; a guide's title is its first `#` heading), plus site/guides/index.html.
// A link to another guide (`waiting.md`) becomes its page (`waiting.html`).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEADER_CSS, NO_FAVICON, esc, siteHeader } from './layout.mjs';
import { renderMarkdown } from './markdown.mjs';
import { PAGE_CSS } from './pageCss.mjs';
import { root } from './specs.mjs';

export const GUIDES_DIR = join(root, 'docs', 'guides');

/** `20-waiting.md` -> `waiting`. */
const nameOf = (file) => file.replace(/\.md$/, '').replace(/^\d+-/, '');

/** A guide's link: another guide's Markdown file becomes its page; everything else stays. */
function guideLink(href) {
  const m = /^(?:\.\/)?(?:\d+-)?([\w-]+)\.md(#.*)?$/.exec(href);
  return m ? `${m[1]}.html${m[2] ?? ''}` : href;
}

/**
 * The guides, in file-name order: name, title, first paragraph and HTML.
 * @returns {{ name: string, file: string, title: string, summary: string, html: string }[]}
 */
export function readGuides() {
  if (!existsSync(GUIDES_DIR)) return [];
  return readdirSync(GUIDES_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const { html, title, summary } = renderMarkdown(readFileSync(join(GUIDES_DIR, file), 'utf8'), { link: guideLink });
      if (!title) throw new Error(`docs/guides/${file} has no "# Title" heading`);
      return { name: nameOf(file), file, title, summary, html };
    });
}

function page({ title, body, header }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(title)} · cloud-jobs</title>
  ${NO_FAVICON}
  <style>${PAGE_CSS}${HEADER_CSS}</style>
</head>
<body>
${siteHeader({ prefix: '../', current: 'guides', services: header })}
  <main>
${body}
  </main>
  <footer>Rendered from <code>docs/guides/*.md</code>.</footer>
</body>
</html>
`;
}

/**
 * Writes site/guides/: one page per guide and an index.
 * @param {string} siteDir
 * @param {ReturnType<typeof readGuides>} guides
 * @param {{ service: string, title: string }[]} header
 * @returns {string[]} the files written
 */
export function writeGuides(siteDir, guides, header) {
  const dir = join(siteDir, 'guides');
  mkdirSync(dir, { recursive: true });
  const written = [];
  const others = (current) =>
    `<nav aria-label="Guides" class="guide-nav"><ul class="endpoints">${guides
      .map((g) => `<li><a href="${esc(g.name)}.html"${g.name === current ? ' aria-current="page"' : ''}>${esc(g.title)}</a></li>`)
      .join('')}</ul></nav>`;
  for (const g of guides) {
    const file = join(dir, `${g.name}.html`);
    writeFileSync(file, page({ title: g.title, header, body: `    <article class="guide" data-guide="${esc(g.name)}">\n${g.html}\n    </article>\n    <h3>All guides</h3>${others(g.name)}` }));
    written.push(file);
  }
  const list = guides.map((g) => `<li><a href="${esc(g.name)}.html">${esc(g.title)}</a><p>${esc(g.summary)}</p></li>`).join('\n      ');
  const index = join(dir, 'index.html');
  writeFileSync(index, page({ title: 'Guides', header, body: `    <header class="top"><h1>Guides</h1><p class="lead">How to use cloud-jobs, beside the <a href="../index.html">API reference</a>.</p></header>\n    <ul class="guides">\n      ${list}\n    </ul>` }));
  written.push(index);
  return written;
}
