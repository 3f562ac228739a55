// --json output is JSON.stringify(value, null, 2) exactly, also past the native recursion limit.
import { describe, expect, it } from 'vitest';
import { jsonText, MAX_INDENTED_DEPTH, stringifyJson } from '../src/json.js';
import { ecsJob, subtask } from './fixtures.js';

function nested(depth: number, leaf: unknown = 'leaf', key = 'a'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 3 === 2 ? [value, i] : { [key]: value, n: i };
  return value;
}

describe('stringifyJson', () => {
  const samples: unknown[] = [
    null,
    0,
    -0,
    1.5e300,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    '',
    'a "quoted" \\ line\n\u0000\u001b\u2028\u202e \ud800',
    [],
    {},
    [undefined, () => 1, Symbol('s'), null],
    { a: undefined, b: () => 1, c: Symbol('s') },
    { a: undefined, b: 1, c: undefined },
    { 'key "q"\n': [1, [2, [3, []]], {}], '': { '': '' } },
    { date: new Date('2024-05-06T07:08:09.010Z'), invalid: new Date(Number.NaN), list: [new Date(0)] },
    { toJSON: (key: string) => `key:${key}` },
    { inner: { toJSON: (key: string) => ({ from: key }) }, items: [{ toJSON: (key: string) => key }] },
    [new Number(3), new String('s'), new Boolean(false)],
    { 2: 'two', 1: 'one', b: 'b', a: 'a' },
    nested(50),
    ecsJob('failed', 1, 2, { startedAt: new Date(5), subtasks: [subtask('failed', { error: { code: 'E', message: 'm' } })], error: { message: 'x' } }),
  ];
  it.each(samples.map((value, index) => [index, value]))('sample %i: the native text', (_index, value) => {
    expect(stringifyJson(value)).toBe(JSON.stringify(value, null, 2));
  });

  it('undefined and functions at the top give undefined, as natively', () => {
    expect(stringifyJson(undefined)).toBeUndefined();
    expect(stringifyJson(() => 1)).toBeUndefined();
  });

  it('throws on cycles and BigInt, as natively', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = { back: cycle };
    expect(() => stringifyJson(cycle)).toThrow(TypeError);
    expect(() => stringifyJson({ n: 1n })).toThrow(TypeError);
    // The same object twice, not nested in itself, is no cycle.
    const shared = { x: 1 };
    expect(stringifyJson([shared, shared])).toBe(JSON.stringify([shared, shared], null, 2));
  });

  it('deeper than MAX_INDENTED_DEPTH: the native indented text down there, the native compact text below', () => {
    const value = nested(1000);
    // The reference: containers at the limit swapped for markers, each marker then for its compact text.
    const compact: string[] = [];
    const mark = (node: unknown, depth: number): unknown => {
      if (typeof node !== 'object' || node === null) return node;
      if (depth === MAX_INDENTED_DEPTH) return `\u0000${compact.push(JSON.stringify(node)) - 1}`;
      if (Array.isArray(node)) return node.map((item) => mark(item, depth + 1));
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, mark(item, depth + 1)]));
    };
    const reference = JSON.stringify(mark(value, 0), null, 2).replace(/"\\u0000(\d+)"/g, (_all, index: string) => compact[Number(index)] ?? '');
    expect(compact).toHaveLength(1);
    expect(stringifyJson(value)).toBe(reference);
  });

  it('100,000 levels: no stack overflow, text linear in the size, the data intact', () => {
    const deep = nested(100_000);
    expect(() => JSON.stringify(deep, null, 2)).toThrow(RangeError);
    const text = stringifyJson(deep) ?? '';
    expect(text.startsWith('{\n  "a": [\n    {\n      "a": {\n')).toBe(true);
    expect(text.endsWith(',\n  "n": 99999\n}')).toBe(true);
    expect(text.length).toBeLessThan(2_000_000);
    let node = JSON.parse(text) as unknown;
    let depth = 0;
    while (typeof node === 'object' && node !== null) {
      node = Array.isArray(node) ? node[0] : (node as { a: unknown }).a;
      depth += 1;
    }
    expect([depth, node]).toEqual([100_000, 'leaf']);
  });
});

describe('jsonText', () => {
  it('is the native text for an ordinary job', () => {
    const job = ecsJob('running', 1, 3, { startedAt: new Date(0) });
    expect(jsonText(job)).toBe(JSON.stringify(job, null, 2));
  });
});
