// The plain-TypeScript SHA-256 / HMAC-SHA256 against node:crypto and the published test vectors.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex } from '../src/auth/sha256.js';

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(toHex(sha256(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto on every length around the block boundaries and on random input', () => {
    for (let n = 0; n <= 130; n++) {
      const data = randomBytes(n);
      expect(toHex(sha256(new Uint8Array(data))), `length ${n}`).toBe(createHash('sha256').update(data).digest('hex'));
    }
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => toHex(sha256(text)) === createHash('sha256').update(text, 'utf8').digest('hex')));
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test cases 1, 2 and 6 (a key longer than the block)', () => {
    expect(toHex(hmacSha256(new Uint8Array(20).fill(0x0b), 'Hi There'))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(toHex(hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(toHex(hmacSha256(new Uint8Array(131).fill(0xaa), 'Test Using Larger Than Block-Size Key - Hash Key First'))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with node:crypto on random keys and messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string(), (key, message) => toHex(hmacSha256(key, message)) === createHmac('sha256', key).update(message, 'utf8').digest('hex')),
    );
  });
});
