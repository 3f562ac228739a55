// The README's waiter, limiter and memory tables are bench/results.json's (rendered by
// scripts/readme-bench.mjs), and the waiter's, which run on a virtual clock with seeded draws,
// are what a rerun of the benchmark gives today.
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
interface Section {
  tables?: unknown;
  targets?: unknown;
}
interface Results {
  benchmarks: Record<string, Section>;
}
const load = async (): Promise<{ readme: string; results: Results; render: (readme: string, results: Results) => string }> => {
  const script = (await import(pathToFileURL(`${root}scripts/readme-bench.mjs`).href)) as { renderReadme: (readme: string, results: Results) => string };
  return {
    readme: await readFile(`${root}README.md`, 'utf8'),
    results: JSON.parse(await readFile(`${root}bench/results.json`, 'utf8')) as Results,
    render: script.renderReadme,
  };
};

describe("the README's benchmark tables", () => {
  it('are the ones in bench/results.json', async () => {
    const { readme, results, render } = await load();
    expect(render(readme, results)).toBe(readme);
  });

  it('of the waiter are what a rerun of its benchmark gives', async () => {
    const { results } = await load();
    const bench = (await import(pathToFileURL(`${root}bench/waiter.mjs`).href)) as { measure: () => Promise<Section> };
    const rerun = await bench.measure();
    expect(rerun.tables).toEqual(results.benchmarks['waiter']?.tables);
    expect(rerun.targets).toEqual(results.benchmarks['waiter']?.targets);
  }, 300_000);
});
