// Public surface of the auth area: static token, IAM token provider, AK/SK signing, IAM endpoints,
// and the process-wide secret registry with its redactor. The environment rules are in the
// `@cloud-jobs/jobs/env` entry (src/env.ts), so a bundle that does not read them does not carry them.
export { AuthConfigError, IamAuthError, type AuthMethod, type IamAuthErrorOptions } from './errors.js';
export { registerSecret, forgetSecret, redactSecrets, redactDeep } from './secrets.js';
export { createTokenAuth } from './createTokenAuth.js';
export { createIamTokenProvider, type IamTokenProvider, type IamTokenProviderOptions } from './createIamTokenProvider.js';
export { createIamAuth, type IamAuthOptions, type TokenSource } from './createIamAuth.js';
export { createAkSkAuth, signFetchRequest, type AkSkAuthOptions, type AkSkCredentials } from './createAkSkAuth.js';
export {
  signRequest,
  SDK_SIGNING_ALGORITHM,
  UNSIGNED_PAYLOAD,
  type SignRequestInput,
  type SignedRequest,
} from './signRequest.js';
export { defaultScopeOfUrl, scopeOfUrlFrom, type ServiceScope, type ScopeOfUrl } from './serviceScope.js';
export { iamEndpoint, IAM_ENDPOINTS, IAM_GLOBAL_ENDPOINT, type IamEndpoint } from './iamEndpoint.js';
