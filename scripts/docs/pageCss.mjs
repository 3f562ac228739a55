// The styles of the pages the site renders itself (portal, guides); Redoc pages keep Redoc's.

export const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #f7f8fa; --card: #fff; --fg: #1b1f24; --muted: #5b6470; --line: #dde1e6; --accent: #0b5cad; --code: #eef1f4; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181c; --card: #1e2227; --fg: #e6e8eb; --muted: #a0a8b3; --line: #343a42; --accent: #6cb0f5; --code: #2a2f36; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.top, main, footer { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header.top { padding-top: 2.25rem; }
h1 { font-size: 2rem; margin: 0 0 .35rem; }
.lead { color: var(--muted); margin: 0 0 1rem; max-width: 48rem; }
header.top nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0 0 1.5rem; }
header.top nav a { display: inline-block; padding: .2rem .7rem; border: 1px solid var(--line); border-radius: 999px; background: var(--card); color: var(--accent); text-decoration: none; font-size: .9rem; }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
section.service { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem 1.4rem; margin: 0 0 1.5rem; }
section.service h2 { font-size: 1.35rem; margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: .6rem; }
section.service h2 a { text-decoration: none; }
section.service h2 a:hover { text-decoration: underline; }
.api { font: .8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: .05rem .4rem; }
.summary { margin: .4rem 0 .9rem; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1rem 0 .4rem; }
ul.endpoints { list-style: none; padding: 0; margin: 0; }
ul.endpoints li { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem; margin: .2rem 0; }
.method { font: 700 .75rem/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .3rem .45rem; border-radius: 4px; background: #1f7a3d; color: #fff; }
.method.post { background: #b25b00; } .method.put, .method.patch { background: #6b4fb3; } .method.delete { background: #b3261e; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); border-radius: 4px; padding: .1rem .3rem; overflow-wrap: anywhere; }
.op-summary { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .2rem 0 0; font-size: .95rem; }
table.statuses { table-layout: fixed; } table.statuses col.c-value { width: 13rem; } table.statuses col.c-state { width: 12rem; }
/* Phones: each status row stacks (value, state, meaning) instead of three columns wider than the screen. */
@media (max-width: 40rem) {
  table.statuses, table.statuses tbody, table.statuses tr, table.statuses td, table.statuses caption { display: block; width: 100%; }
  table.statuses colgroup, table.statuses thead { display: none; }
  table.statuses tr { border-bottom: 1px solid var(--line); padding: .35rem 0; }
  table.statuses td { border: 0; padding: .1rem 0; white-space: normal; }
  section.service { padding: 1rem; }
  header.top, main, footer { padding: 0 .75rem; }
}
caption { text-align: left; color: var(--muted); font-size: .9rem; padding: 0 0 .35rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td:first-child { white-space: nowrap; }
.state { display: inline-block; font-size: .85rem; font-weight: 600; padding: .05rem .5rem; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.state-pending { color: #6b7280; } .state-running { color: #1d6fd1; } .state-blocked { color: #a15c00; }
.state-succeeded { color: #1f7a3d; } .state-failed { color: #b3261e; } .state-canceled { color: #7a4bb0; } .state-unknown { color: #6b7280; }
@media (prefers-color-scheme: dark) {
  .state-pending, .state-unknown { color: #a8b0bb; } .state-running { color: #6cb0f5; } .state-blocked { color: #e0a04a; }
  .state-succeeded { color: #5cc983; } .state-failed { color: #f2867d; } .state-canceled { color: #b99ae8; }
}
.final { font-size: .75rem; color: var(--muted); margin-left: .35rem; }
.undocumented { font-size: .75rem; color: var(--muted); margin-left: .35rem; font-style: italic; }
.open { display: inline-block; margin-top: 1rem; font-weight: 600; }
.skipped { color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2.5rem; }
main, section, li, td { min-width: 0; }
.table-wrap { overflow-x: auto; max-width: 100%; }
#search { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem; margin: 0 0 1.5rem; }
#search input { width: 100%; font: inherit; padding: .5rem .7rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
#cj-results { list-style: none; padding: 0; margin: .5rem 0 0; }
#cj-results li { display: flex; flex-wrap: wrap; gap: .2rem .6rem; padding: .3rem 0; border-bottom: 1px solid var(--line); }
#cj-results a { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.hit-meta { color: var(--muted); font-size: .8rem; } .hit-detail { color: var(--muted); font-size: .9rem; flex-basis: 100%; }
#cj-count { color: var(--muted); font-size: .9rem; margin: .4rem 0 0; }
.guides { list-style: none; padding: 0; margin: 0 0 1.5rem; display: grid; gap: .75rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.guides li { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .8rem 1rem; }
.guides a { font-weight: 600; } .guides p { margin: .3rem 0 0; color: var(--muted); font-size: .92rem; }
article.guide { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem; margin: 1.5rem 0; }
article.guide pre { background: var(--code); border-radius: 6px; padding: .75rem 1rem; overflow-x: auto; }
article.guide pre code { background: none; padding: 0; overflow-wrap: normal; }
article.guide table { margin: .5rem 0 1rem; }
blockquote { margin: 1rem 0; padding: .2rem 1rem; border-left: 4px solid var(--accent); color: var(--muted); }
`;
