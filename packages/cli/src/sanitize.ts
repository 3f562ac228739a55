// Text from outside (a server's job, an error it caused, a job ID from a script) is shown escaped:
// a control character could clear the screen, set the title, write the clipboard (OSC 52) or start
// a new line that looks like ours; a bidirectional override could make text read differently.

/**
 * Everything {@link sanitize} escapes: C0 controls (tab and newline too), DEL, C1 controls, the
 * line and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  const short = SHORT[char];
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` safe for a terminal line: each control or bidirectional-formatting character becomes a
 * visible JavaScript-style escape (`\n`, `\r`, `\t`, `\x1b`, `\x9b`, `\u202e`); everything else is
 * unchanged. Idempotent (a backslash is left as it is), so escaping twice is harmless.
 * @example
 * sanitize('deploy\nstate     succeeded'); // 'deploy\\nstate     succeeded'
 * sanitize('\u001b]52;c;aGk=\u0007');      // '\\x1b]52;c;aGk=\\x07'
 */
export function sanitize(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, escape) : text;
}

/**
 * True when `text` holds a character {@link sanitize} would escape (tests, assertions).
 * @example hasUnsafeCharacters('ok\u202e'); // true
 */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_TEST.test(text);
}
