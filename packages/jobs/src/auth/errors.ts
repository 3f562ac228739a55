// The errors authentication throws live in @cloud-jobs/core's one hierarchy. None of them ever
// holds a token, a secret key or a password.
export { AuthConfigError, IamAuthError, type AuthMethod, type IamAuthErrorOptions } from '@cloud-jobs/core';
