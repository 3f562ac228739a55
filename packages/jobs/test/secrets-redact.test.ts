// The one redactor: the process-wide registry (shared through Symbol.for by every copy of the code)
// and every form a secret comes back in.
import { describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer } from '../../../test-utils/loopbackServer.js';
import { createIamTokenProvider, forgetSecret, redactDeep, redactSecrets, registerSecret } from '../src/index.js';
import { clipRedacted } from '../src/auth/secrets.js';

const NASTY = 'Pw "quote" \\back/slash  two+spaces&amp;<b>é名';

describe('registry', () => {
  it('is one Set on globalThis under Symbol.for("@cloud-jobs/secrets"), shared with other copies', () => {
    const foreign = 'added-by-another-copy-0123';
    const set = (globalThis as Record<symbol, unknown>)[Symbol.for('@cloud-jobs/secrets')] as Set<string> | undefined;
    // Another copy (a service package's runtime) may have created it first, or it is created on first use.
    registerSecret('first-use-secret-0123');
    const shared = (globalThis as Record<symbol, unknown>)[Symbol.for('@cloud-jobs/secrets')] as Set<string>;
    expect(shared).toBeInstanceOf(Set);
    if (set !== undefined) expect(shared).toBe(set);
    shared.add(foreign);
    expect(redactSecrets(`x ${foreign} y`)).toBe('x [REDACTED] y');
    forgetSecret(foreign);
    expect(redactSecrets(`x ${foreign} y`)).toBe(`x ${foreign} y`);
  });

  it('ignores secrets shorter than 4 characters and non-strings', () => {
    registerSecret('abc');
    registerSecret(undefined);
    expect(redactSecrets('abc abc')).toBe('abc abc');
  });
});

describe('IAM tokens in the registry', () => {
  it('the current and the previous token are registered, older ones forgotten (the set stays bounded)', async () => {
    let n = 0;
    const iam = await startLoopbackServer((_req, res) => sendJson(res, 201, { token: { expires_at: '2099-01-01T00:00:00Z' } }, { 'X-Subject-Token': `rotating-token-${++n}-abcdef` }));
    try {
      const provider = createIamTokenProvider({ authUrl: iam.url, username: 'alice', password: 'rotating-Passw0rd', domainName: 'acme', projectName: 'eu-de' });
      const tokens: string[] = [];
      for (let i = 0; i < 4; i++) {
        provider.invalidate();
        tokens.push(await provider.getToken());
      }
      expect(new Set(tokens).size).toBe(4);
      const shown = tokens.map((token) => redactSecrets(`<${token}>`));
      expect(shown).toEqual([`<${tokens[0]}>`, `<${tokens[1]}>`, '<[REDACTED]>', '<[REDACTED]>']);
      expect(redactSecrets('rotating-Passw0rd')).toBe('[REDACTED]');
    } finally {
      await iam.close();
    }
  });
});

describe('redactSecrets', () => {
  registerSecret(NASTY);
  const forms: Record<string, string> = {
    verbatim: NASTY,
    json: JSON.stringify(NASTY).slice(1, -1),
    'json ascii': JSON.stringify(NASTY).slice(1, -1).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    'json slash': JSON.stringify(NASTY).slice(1, -1).replace(/\//g, '\\/'),
    percent: encodeURIComponent(NASTY),
    'percent plus': encodeURIComponent(NASTY).replace(/%20/g, '+'),
    'percent lower': encodeURIComponent(NASTY).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    form: new URLSearchParams({ a: NASTY }).toString().slice(2),
    html: NASTY.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
    collapsed: NASTY.replace(/\s+/g, ' '),
  };
  for (const [name, form] of Object.entries(forms)) {
    it(`replaces the ${name} form`, () => {
      expect(redactSecrets(`before ${form} after`)).toBe('before [REDACTED] after');
    });
  }

  it('replaces extra secrets too, longest first', () => {
    expect(redactSecrets('key=abcdefgh-longer and abcdefgh', ['abcdefgh', 'abcdefgh-longer'])).toBe('key=[REDACTED] and [REDACTED]');
  });
});

describe('redactDeep', () => {
  it('copies only when a string holds a secret; keys, arrays and nesting included; Dates kept', () => {
    const clean = { a: [1, 'x', { b: null }], when: new Date(0) };
    expect(redactDeep(clean)).toBe(clean);
    const dirty = { a: [1, `x ${NASTY}`], [`k-${NASTY}`]: 'v', when: new Date(0), n: 5 };
    const copy = redactDeep(dirty);
    expect(copy).not.toBe(dirty);
    expect(JSON.stringify(copy)).not.toContain(NASTY);
    expect(copy.a).toEqual([1, 'x [REDACTED]']);
    expect(copy.when).toBe(dirty.when);
    expect(copy.n).toBe(5);
    expect(dirty.a[1]).toBe(`x ${NASTY}`); // the original is untouched
  });

  it('walks 100,000 levels without recursion', () => {
    let deep: unknown = `bottom ${NASTY}`;
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    let at = redactDeep(deep) as { d: unknown };
    for (let i = 0; i < 100_000; i++) at = at.d as { d: unknown };
    expect(at).toBe('bottom [REDACTED]');
  });
});

describe('clipRedacted', () => {
  const password = 'Zq7#Kp-clip-password-value';
  registerSecret(password);
  it('redacts before the cut: a secret across the cut leaves no prefix', () => {
    const text = `${'x'.repeat(290)}${password} tail`;
    const clipped = clipRedacted(text, 300);
    expect(clipped.length).toBeLessThanOrEqual(300);
    expect(clipped).not.toContain(password.slice(0, 4));
  });

  it('drops a tail that is the start of a secret (a server that cut its own echo)', () => {
    expect(clipRedacted(`wrong password: ${password.slice(0, 9)}`, 300)).toBe('wrong password: [REDACTED]');
    expect(clipRedacted(`ends with ${password.slice(0, 3)}`, 300)).toBe(`ends with ${password.slice(0, 3)}`);
  });
});
