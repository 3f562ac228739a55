// Public surface of the auth area: static token, IAM token provider, AK/SK signing, the environment,
// IAM endpoints, and the process-wide secret registry with its redactor.
export { AuthConfigError, IamAuthError, type AuthMethod, type IamAuthErrorOptions } from './errors.js';
export { registerSecret, forgetSecret, redactSecrets, redactDeep } from './secrets.js';
export { createTokenAuth } from './createTokenAuth.js';
export { createIamTokenProvider, type IamTokenProvider, type IamTokenProviderOptions } from './createIamTokenProvider.js';
export { createIamAuth, type IamAuthOptions, type TokenSource } from './createIamAuth.js';
export { createAkSkAuth, signFetchRequest, type AkSkAuthOptions, type AkSkCredentials } from './createAkSkAuth.js';
export {
  signRequest,
  formatSdkDate,
  SDK_SIGNING_ALGORITHM,
  UNSIGNED_PAYLOAD,
  type SignRequestInput,
  type SignedRequest,
} from './signRequest.js';
export { defaultScopeOfUrl, type ServiceScope, type ScopeOfUrl } from './serviceScope.js';
export { resolveAuthFromEnv, type AuthEnv, type ResolvedAuth, type ResolveAuthFromEnvOptions } from './resolveAuthFromEnv.js';
export { iamEndpoint, IAM_ENDPOINTS, IAM_GLOBAL_ENDPOINT, type IamEndpoint } from './iamEndpoint.js';
