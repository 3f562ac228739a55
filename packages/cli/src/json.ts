// `--json` output: `JSON.stringify(value, null, 2)`, from a loop instead of recursion, with the
// indentation stopping at a fixed depth. A server decides how deep its body nests: natively a few
// thousand levels overflow the stack, and indenting every level makes the text grow with the square
// of the depth (10,000 levels of `{"a":` would print some 200 MB).

/** Containers this deep and deeper are written compactly, on one line (real jobs nest about 6 deep). */
export const MAX_INDENTED_DEPTH = 64;

interface Layout {
  /** Nesting level of the container (the top value is 0). */
  depth: number;
  /** Before a member: `\n` and the members' indentation, or nothing when compact. */
  lead: string;
  /** Before the closing bracket. */
  close: string;
  /** After a key: `': '`, or `':'` when compact. */
  colon: string;
}

type Frame =
  | ({ kind: 'array'; items: readonly unknown[]; index: number; ancestor: object } & Layout)
  | ({ kind: 'object'; record: Record<string, unknown>; keys: readonly string[]; index: number; wrote: boolean; ancestor: object } & Layout);

function layout(depth: number): Layout {
  if (depth >= MAX_INDENTED_DEPTH) return { depth, lead: '', close: '', colon: ':' };
  return { depth, lead: `\n${'  '.repeat(depth + 1)}`, close: `\n${'  '.repeat(depth)}`, colon: ': ' };
}

/** What `JSON.stringify` does to a value before writing it: `toJSON`, then unboxing. */
function prepare(holderKey: string, value: unknown): unknown {
  let out = value;
  if (typeof out === 'object' && out !== null && typeof (out as { toJSON?: unknown }).toJSON === 'function') {
    out = (out as { toJSON(key: string): unknown }).toJSON(holderKey);
  } else if (typeof out === 'bigint' && typeof (BigInt.prototype as { toJSON?: unknown }).toJSON === 'function') {
    out = (out as unknown as { toJSON(key: string): unknown }).toJSON(holderKey);
  }
  if (out instanceof Number) return Number(out);
  if (out instanceof String) return String(out);
  if (out instanceof Boolean) return out.valueOf();
  return out;
}

/** The text of a value that has no children, or `undefined` when JSON has no place for it. */
function scalar(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
}

/**
 * `JSON.stringify(value, null, 2)` without recursion: the same text (same `toJSON` calls, same
 * omitted and `null`ed values, same errors for cycles and BigInt) for values up to
 * {@link MAX_INDENTED_DEPTH} levels deep; deeper containers are written as `JSON.stringify(value)`
 * writes them, on one line. The same data at any depth, in text linear in its size.
 * @example
 * let deep: unknown = 'leaf';
 * for (let i = 0; i < 10_000; i++) deep = { a: deep };
 * stringifyJson(deep); // JSON.stringify(deep, null, 2) throws RangeError here
 */
export function stringifyJson(value: unknown): string | undefined {
  const out: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();

  /** Writes `item` (already prepared); returns a new frame to descend into, if it has children. */
  const write = (item: unknown, depth: number): Frame | undefined => {
    if (typeof item !== 'object' || item === null) {
      out.push(scalar(item) ?? 'null');
      return undefined;
    }
    if (open.has(item)) throw new TypeError('Converting circular structure to JSON');
    if (Array.isArray(item)) {
      if (item.length === 0) {
        out.push('[]');
        return undefined;
      }
      open.add(item);
      out.push('[');
      return { kind: 'array', items: item, index: 0, ancestor: item, ...layout(depth) };
    }
    const record = item as Record<string, unknown>;
    open.add(record);
    out.push('{');
    return { kind: 'object', record, keys: Object.keys(record), index: 0, wrote: false, ancestor: record, ...layout(depth) };
  };

  const top = prepare('', value);
  if (scalar(top) === undefined && (typeof top !== 'object' || top === null)) return undefined;
  const first = write(top, 0);
  if (first !== undefined) stack.push(first);

  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.kind === 'array') {
      if (frame.index >= frame.items.length) {
        out.push(`${frame.close}]`);
        open.delete(frame.ancestor);
        stack.pop();
        continue;
      }
      const index = frame.index;
      frame.index += 1;
      out.push(index === 0 ? frame.lead : `,${frame.lead}`);
      const child = write(prepare(String(index), frame.items[index]), frame.depth + 1);
      if (child !== undefined) stack.push(child);
      continue;
    }
    if (frame.index >= frame.keys.length) {
      out.push(frame.wrote ? `${frame.close}}` : '}');
      open.delete(frame.ancestor);
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.index] as string;
    frame.index += 1;
    const item = prepare(key, frame.record[key]);
    // Object members JSON cannot hold (undefined, functions, symbols) are left out, as natively.
    if ((typeof item !== 'object' || item === null) && scalar(item) === undefined) continue;
    out.push(`${frame.wrote ? ',' : ''}${frame.lead}${JSON.stringify(key)}${frame.colon}`);
    frame.wrote = true;
    const child = write(item, frame.depth + 1);
    if (child !== undefined) stack.push(child);
  }
  return out.join('');
}

/**
 * A job (or any JSON-like value) as `--json` prints it: {@link stringifyJson}, `'null'` for a
 * value JSON cannot hold.
 * @example process.stdout.write(`${jsonText(job)}\n`);
 */
export function jsonText(value: unknown): string {
  return stringifyJson(value) ?? 'null';
}
