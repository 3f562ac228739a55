// The one escaping of text from outside: controls, DEL, C1 and bidirectional formatting become
// visible escapes; everything else, backslashes included, is left alone.
import { describe, expect, it } from 'vitest';
import { hasUnsafeCharacters, sanitize } from '../src/sanitize.js';

describe('sanitize', () => {
  it('escapes every C0 control, DEL and every C1 control', () => {
    for (let code = 0; code <= 0x9f; code++) {
      if (code >= 0x20 && code < 0x7f) continue;
      const char = String.fromCharCode(code);
      const out = sanitize(`a${char}b`);
      expect(out).not.toContain(char);
      expect(out).toMatch(/^a\\(n|r|t|x[0-9a-f]{2})b$/);
    }
    expect(sanitize('\n\r\t\u001b\u007f\u0085\u009b')).toBe('\\n\\r\\t\\x1b\\x7f\\x85\\x9b');
  });

  it('escapes bidirectional marks, embeddings, overrides and isolates, and the line separators', () => {
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029'];
    for (const char of bidi) expect(sanitize(char)).toBe(`\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  });

  it('leaves printable text alone: ASCII, accents, CJK, emoji, box drawing, backslashes', () => {
    const text = 'Ecs.0013 Insufficient quota — café 配额不足 🚀 ⠋ [██░░] C:\\path \\n';
    expect(sanitize(text)).toBe(text);
    expect(hasUnsafeCharacters(text)).toBe(false);
  });

  it('turns a forged line and terminal sequences into one visible line', () => {
    const out = sanitize('deploy\n  state     succeeded\u001b]52;c;aGk=\u0007\u001b[2J');
    expect(out).toBe('deploy\\n  state     succeeded\\x1b]52;c;aGk=\\x07\\x1b[2J');
    expect(out).not.toMatch(/\n/);
    expect(hasUnsafeCharacters(out)).toBe(false);
  });

  it('is idempotent', () => {
    const once = sanitize('a\u001b[31mb\nc\u202e');
    expect(sanitize(once)).toBe(once);
  });
});
