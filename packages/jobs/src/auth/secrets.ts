// The process-wide secret registry and its redactor live in @cloud-jobs/core (every package shares them).
export { REDACTED, registerSecret, forgetSecret, redactSecrets, redactDeep, clipRedacted, redactCause } from '@cloud-jobs/core';
