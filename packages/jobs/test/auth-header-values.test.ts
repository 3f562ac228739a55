// Credentials and IDs that go into request headers are refused at construction when a header cannot
// carry them (CR, LF, NUL, other controls, characters outside Latin-1): a typed AuthConfigError naming
// the option or the environment variable, never the value, before any request can be made.
import { describe, expect, it } from 'vitest';
import { AuthConfigError, createAkSkAuth, createTokenAuth, type AkSkAuthOptions } from '../src/index.js';
import { resolveAuthFromEnv } from '../src/env.js';

const BAD = ['bad\r\nX-Injected: 1', 'bad\nvalue', 'bad\u0000value', 'bad\u0100value', 'bad\u{1F511}value', 'bad\u0007bell'];
const GOOD: AkSkAuthOptions = { accessKey: 'AKHEADER0000', secretKey: 'SK-header-value-0123', projectId: 'p0123', domainId: 'd0123', securityToken: 'st-header-0123' };

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('createAkSkAuth', () => {
  for (const option of ['accessKey', 'secretKey', 'securityToken', 'projectId', 'domainId'] as const) {
    it(`refuses ${option} a header cannot carry, naming ${option}, never the value`, () => {
      for (const bad of BAD) {
        const error = thrown(() => createAkSkAuth({ ...GOOD, [option]: bad }));
        expect(error).toBeInstanceOf(AuthConfigError);
        expect(error.message).toContain(option);
        expect(error.message).toMatch(/cannot carry/);
        expect(error.message).not.toContain(bad);
        expect(error.message).not.toContain('X-Injected');
      }
      expect(() => createAkSkAuth({ ...GOOD, [option]: `ok-${option}-é` })).not.toThrow(); // Latin-1 is fine
    });
  }
});

describe('the environment', () => {
  const base = { HUAWEICLOUD_SDK_AK: 'AKHEADER0000', HUAWEICLOUD_SDK_SK: 'SK-header-value-0123' };
  for (const variable of ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_SECURITY_TOKEN', 'HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEICLOUD_SDK_DOMAIN_ID'] as const) {
    it(`refuses ${variable} a header cannot carry, naming the variable`, () => {
      for (const bad of BAD) {
        const error = thrown(() => resolveAuthFromEnv({ ...base, [variable]: bad }));
        expect(error).toBeInstanceOf(AuthConfigError);
        expect(error.message.startsWith(`${variable} holds characters a header cannot carry`)).toBe(true);
        expect(error.message).not.toContain(bad);
      }
    });
  }

  it('OS_PROJECT_ID with a line break is refused for the password method too', () => {
    const env = { OS_AUTH_URL: 'http://127.0.0.1:9', OS_USERNAME: 'alice', OS_PASSWORD: 'pw-value-0123', OS_USER_DOMAIN_NAME: 'acme', OS_PROJECT_ID: 'p\r\nX: 1' };
    expect(() => resolveAuthFromEnv(env)).toThrow(/^OS_PROJECT_ID holds characters a header cannot carry/);
  });
});

describe('createTokenAuth', () => {
  it('refuses a token outside Latin-1 or with NUL, naming it', () => {
    for (const bad of ['tok\u0000en-value', 'tok\u2028en-value', 'tok\u{1F511}en']) {
      const error = thrown(() => createTokenAuth(bad));
      expect(error).toBeInstanceOf(AuthConfigError);
      expect(error.message).toMatch(/^token holds characters a header cannot carry \(CR, LF, NUL/);
      expect(error.message).not.toContain(bad);
    }
  });
});
