// The README's benchmark summary and its waiter, limiter and memory tables, rendered from bench/results.json between
// `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` markers, so the README shows what the last
// bench run measured and nothing typed by hand. `--check` exits 1 when the README differs.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SECTIONS = ['summary', 'waiter', 'limiter', 'memory'];
/** The benchmarks whose targets the summary table lists (the waiter's, limiter's and memory's have their own sections). */
const SUMMARY = ['bundle', 'install', 'coldstart', 'overhead', 'scale', 'build'];

function table(head, rows) {
  const esc = (c) => String(c ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The markdown of one benchmark's tables and targets, as bench/results.json has them. */
export function renderSection(results, name) {
  if (name === 'summary') {
    const rows = [];
    for (const id of SUMMARY) {
      const b = results.benchmarks?.[id];
      if (!b) continue;
      for (const t of b.targets ?? []) rows.push([t.name, t.target, `${t.value}${t.why ? ` (${t.why})` : ''} (${String(b.ranAt).slice(0, 10)})`, t.met === true ? 'met' : t.met === false ? '**missed**' : 'not measured']);
    }
    return table(['target', 'wanted', 'measured (run date)', 'status'], rows);
  }
  const b = results.benchmarks?.[name];
  if (!b) return `_not in bench/results.json: run \`npm run bench -- ${name}\`_`;
  const out = [`_From the run of ${b.ranAt} (${b.seconds} s; machine: ${results.machine?.cores ?? '?'} cores, node ${results.machine?.node ?? '?'})._`];
  const tables = b.tables ?? (b.table ? [b.table] : []);
  for (const t of tables) {
    if (t.caption) out.push(t.caption);
    out.push(table(t.head, t.rows));
  }
  if (b.targets?.length) out.push(table(['target', 'wanted', 'measured', 'status'], b.targets.map((t) => [t.name, t.target, t.value, t.met === true ? 'met' : t.met === false ? '**missed**' : 'not measured'])));
  return out.join('\n\n');
}

/** The README with every marked section rendered from `results`. */
export function renderReadme(readme, results) {
  let text = readme;
  for (const name of SECTIONS) {
    const open = `<!-- bench:${name} -->`;
    const close = `<!-- /bench:${name} -->`;
    const i = text.indexOf(open);
    const j = text.indexOf(close);
    if (i < 0 || j < i) throw new Error(`README.md: no ${open} ... ${close} section`);
    text = `${text.slice(0, i + open.length)}\n${renderSection(results, name)}\n${text.slice(j)}`;
  }
  return text;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readmePath = `${ROOT}README.md`;
  const readme = readFileSync(readmePath, 'utf8');
  const results = JSON.parse(readFileSync(`${ROOT}bench/results.json`, 'utf8'));
  const next = renderReadme(readme, results);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the bench sections differ from bench/results.json (run node scripts/readme-bench.mjs)');
      process.exit(1);
    }
  } else if (next !== readme) writeFileSync(readmePath, next);
}
