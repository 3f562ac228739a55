// resolveAuthFromEnv: each method, the order of strength, each missing variable, cloud and region
// inference; and the IAM endpoint catalog.
import { describe, expect, it } from 'vitest';
import { AuthConfigError, IAM_ENDPOINTS, iamEndpoint } from '../src/index.js';
import { resolveAuthFromEnv, type AuthEnv } from '../src/env.js';

const AKSK: AuthEnv = { HUAWEICLOUD_SDK_AK: 'AKENV0000000000', HUAWEICLOUD_SDK_SK: 'SKENV-secret-value' };
const PASSWORD: AuthEnv = {
  OS_AUTH_URL: 'https://iam.eu-de.otc.t-systems.com/v3',
  OS_USERNAME: 'alice',
  OS_PASSWORD: 'env-Passw0rd',
  OS_USER_DOMAIN_NAME: 'OTC-EU-DE-00000000001000000001',
  OS_PROJECT_NAME: 'eu-de',
};
const TOKEN: AuthEnv = { OS_AUTH_TOKEN: 'env-static-token-value' };

function configError(env: AuthEnv): AuthConfigError {
  try {
    resolveAuthFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthConfigError);
    return error as AuthConfigError;
  }
  throw new Error('resolveAuthFromEnv did not throw');
}

describe('resolveAuthFromEnv picks the strongest complete method', () => {
  it('AK/SK, with project and domain IDs', () => {
    const auth = resolveAuthFromEnv({ ...AKSK, HUAWEICLOUD_SDK_PROJECT_ID: 'p1', HUAWEICLOUD_SDK_DOMAIN_ID: 'd1', OS_REGION_NAME: 'ap-southeast-3' });
    expect(auth).toMatchObject({ method: 'aksk', projectId: 'p1', domainId: 'd1', region: 'ap-southeast-3', cloud: 'huaweicloud' });
    expect(typeof auth.middleware.onRequest).toBe('function');
    expect(auth.describe()).toBe('AK/SK signing: HUAWEICLOUD_SDK_AK AKEN…; project ID p1, domain ID d1, region ap-southeast-3, cloud huaweicloud');
  });

  it('IAM password: cloud otc from OS_AUTH_URL, region from OS_REGION_NAME', () => {
    const auth = resolveAuthFromEnv({ ...PASSWORD, OS_REGION_NAME: 'eu-nl', OS_PROJECT_ID: 'p2' });
    expect(auth).toMatchObject({ method: 'iam-password', projectId: 'p2', region: 'eu-nl', cloud: 'otc' });
    expect(auth.describe()).toContain('IAM password token for user alice (domain OTC-EU-DE-00000000001000000001), project p2');
  });

  it('static token', () => {
    const auth = resolveAuthFromEnv({ ...TOKEN, OS_PROJECT_ID: 'p3', OS_REGION_NAME: 'eu-de' });
    expect(auth).toMatchObject({ method: 'token', projectId: 'p3', region: 'eu-de', cloud: 'otc' });
    expect(auth.describe()).toBe('a static token: OS_AUTH_TOKEN; project ID p3, region eu-de, cloud otc');
  });

  it('AK/SK beats a password beats a token; HUAWEICLOUD_SDK_PROJECT_ID beats OS_PROJECT_ID', () => {
    expect(resolveAuthFromEnv({ ...TOKEN, ...PASSWORD, ...AKSK }).method).toBe('aksk');
    expect(resolveAuthFromEnv({ ...TOKEN, ...PASSWORD }).method).toBe('iam-password');
    expect(resolveAuthFromEnv({ ...TOKEN, OS_PROJECT_ID: 'os', HUAWEICLOUD_SDK_PROJECT_ID: 'sdk' }).projectId).toBe('sdk');
  });

  it('falls back to a weaker complete method and says what it ignored', () => {
    const auth = resolveAuthFromEnv({ ...TOKEN, HUAWEICLOUD_SDK_AK: 'AKENV0000000000' });
    expect(auth.method).toBe('token');
    expect(auth.describe()).toContain('AK/SK signing ignored: HUAWEICLOUD_SDK_SK unset');
  });

  it('infers region from OS_PROJECT_NAME and cloud from the region when the IAM URL says nothing', () => {
    expect(resolveAuthFromEnv({ ...PASSWORD, OS_PROJECT_NAME: 'eu-ch2_jobs', OS_AUTH_URL: 'https://iam.example.test/v3' })).toMatchObject({ region: 'eu-ch2', cloud: 'otc' });
    const plain = resolveAuthFromEnv({ ...PASSWORD, OS_PROJECT_NAME: 'myproject', OS_AUTH_URL: 'https://iam.example.test/v3' });
    expect(plain.region).toBeUndefined();
    expect(plain.cloud).toBeUndefined();
    expect(resolveAuthFromEnv({ ...PASSWORD, OS_AUTH_URL: 'https://iam.ap-southeast-1.myhuaweicloud.com/v3' }).cloud).toBe('huaweicloud');
    expect(resolveAuthFromEnv({ ...TOKEN }).cloud).toBeUndefined();
  });

  it('leaves out what the environment does not say (no undefined properties)', () => {
    expect(Object.keys(resolveAuthFromEnv(TOKEN)).sort()).toEqual(['describe', 'method', 'middleware']);
  });

  it('trims values and treats empty ones as unset', () => {
    expect(resolveAuthFromEnv({ ...TOKEN, HUAWEICLOUD_SDK_AK: ' ', HUAWEICLOUD_SDK_SK: '' }).method).toBe('token');
    expect(resolveAuthFromEnv({ OS_AUTH_TOKEN: '  tok-with-spaces \n', OS_REGION_NAME: ' eu-de ' }).region).toBe('eu-de');
  });
});

describe('resolveAuthFromEnv names exactly what is missing', () => {
  it('nothing set: lists the three ways', () => {
    const error = configError({ OS_REGION_NAME: 'eu-de', HUAWEICLOUD_SDK_PROJECT_ID: 'p' });
    expect(error.method).toBeUndefined();
    expect(error.message).toBe(
      'no credentials in the environment: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (AK/SK signing), or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME and OS_PROJECT_NAME (IAM password), or OS_AUTH_TOKEN',
    );
  });

  it.each(['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'])('AK/SK without %s', (name) => {
    const error = configError({ ...AKSK, [name]: undefined });
    expect(error.method).toBe('aksk');
    expect(error.missing).toEqual([name]);
    expect(error.message).toBe(`${name} is missing: AK/SK signing needs HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK`);
  });

  it.each(['OS_AUTH_URL', 'OS_USERNAME', 'OS_PASSWORD', 'OS_USER_DOMAIN_NAME'])('password without %s', (name) => {
    const error = configError({ ...PASSWORD, [name]: '' });
    expect(error.method).toBe('iam-password');
    expect(error.missing).toEqual([name]);
    expect(error.message).toBe(
      `${name} is missing: an IAM token from a password needs OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME and OS_PROJECT_NAME (or OS_PROJECT_ID)`,
    );
  });

  it('password without a project: OS_PROJECT_NAME (or OS_PROJECT_ID)', () => {
    const error = configError({ ...PASSWORD, OS_PROJECT_NAME: undefined });
    expect(error.missing).toEqual(['OS_PROJECT_NAME']);
    expect(error.message).toMatch(/^OS_PROJECT_NAME \(or OS_PROJECT_ID\) is missing: /);
    expect(resolveAuthFromEnv({ ...PASSWORD, OS_PROJECT_NAME: undefined, OS_PROJECT_ID: 'p' }).method).toBe('iam-password');
  });

  it('several missing: all of them, for the closest method', () => {
    const error = configError({ OS_AUTH_URL: PASSWORD.OS_AUTH_URL, OS_USERNAME: 'alice' });
    expect(error.missing).toEqual(['OS_PASSWORD', 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_NAME']);
    expect(error.message).toMatch(/^OS_PASSWORD, OS_USER_DOMAIN_NAME and OS_PROJECT_NAME \(or OS_PROJECT_ID\) are missing: /);
  });

  it('the closest method is the one missing the fewest variables', () => {
    // AK/SK lacks one, the password method three: AK/SK is reported.
    expect(configError({ HUAWEICLOUD_SDK_SK: 'x', OS_USERNAME: 'alice', OS_PASSWORD: 'p' }).missing).toEqual(['HUAWEICLOUD_SDK_AK']);
    // The password method lacks one, AK/SK one too: the stronger is reported.
    expect(configError({ HUAWEICLOUD_SDK_AK: 'x', ...PASSWORD, OS_USERNAME: undefined }).missing).toEqual(['HUAWEICLOUD_SDK_SK']);
    expect(configError({ ...PASSWORD, OS_PASSWORD: undefined, HUAWEICLOUD_SDK_AK: undefined }).missing).toEqual(['OS_PASSWORD']);
  });

  it('an OS_AUTH_URL that is not https (and not loopback) is refused by name', () => {
    const error = configError({ ...PASSWORD, OS_AUTH_URL: 'http://iam.eu-de.otc.t-systems.com/v3' });
    expect(error.method).toBe('iam-password');
    expect(error.message).toMatch(/^OS_AUTH_URL must use https/);
    expect(configError({ ...PASSWORD, OS_AUTH_URL: 'not a url' }).message).toMatch(/^OS_AUTH_URL is not a valid URL/);
    expect(resolveAuthFromEnv({ ...PASSWORD, OS_AUTH_URL: 'http://127.0.0.1:5000/v3' }).method).toBe('iam-password');
  });

  it('a token with a line break inside is refused without showing it', () => {
    const error = configError({ OS_AUTH_TOKEN: 'abc\ndef' });
    expect(error.message).not.toContain('abc');
    expect(error.message).toMatch(/^OS_AUTH_TOKEN holds characters a header cannot carry/);
  });
});

describe('iamEndpoint', () => {
  it('knows both clouds', () => {
    expect(iamEndpoint('eu-de', 'otc')).toBe('https://iam.eu-de.otc.t-systems.com');
    expect(iamEndpoint('eu-nl', 'otc')).toBe('https://iam.eu-nl.otc.t-systems.com');
    expect(iamEndpoint('eu-ch2', 'otc')).toBe('https://iam-pub.eu-ch2.sc.otc.t-systems.com');
    expect(iamEndpoint('ap-southeast-3')).toBe('https://iam.ap-southeast-3.myhuaweicloud.com');
    expect(iamEndpoint('eu-west-101', 'huaweicloud')).toBe('https://iam.eu-west-101.myhuaweicloud.eu');
    expect(iamEndpoint('global')).toBe('https://iam.myhuaweicloud.com');
    expect(IAM_ENDPOINTS.filter((e) => e.cloud === 'otc').map((e) => e.region)).toEqual(['eu-de', 'eu-nl', 'eu-ch2']);
    expect(IAM_ENDPOINTS.every((e) => e.url.startsWith('https://iam'))).toBe(true);
  });

  it('an unknown region fails listing the known ones', () => {
    expect(() => iamEndpoint('eu-de')).toThrow(AuthConfigError);
    expect(() => iamEndpoint('eu-de')).toThrow(/unknown huaweicloud IAM region "eu-de"; known regions: af-south-1, .*cn-north-4.*, eu-west-101, global/);
    expect(() => iamEndpoint('ap-southeast-1', 'otc')).toThrow('unknown otc IAM region "ap-southeast-1"; known regions: eu-de, eu-nl, eu-ch2 (or pass the IAM URL itself)');
    expect(() => iamEndpoint('global', 'otc')).toThrow(/known regions: eu-de, eu-nl, eu-ch2/);
    expect(() => iamEndpoint('eu-de', 'aws' as never)).toThrow('unknown cloud "aws"; known clouds: huaweicloud, otc');
  });
});
