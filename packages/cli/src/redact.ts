// Secrets from the environment never reach the terminal, even inside a service's message. This
// module only finds them; the replacing is the library's one redactor (`redactSecrets`), so the
// CLI and the errors the library builds hide the same secrets in the same forms.
import { redactSecrets, registerSecret } from '@cloud-jobs/jobs';

/** Variables whose values are secrets. */
const SECRET_VARIABLES: readonly string[] = [
  'OS_AUTH_TOKEN',
  'OS_PASSWORD',
  'HUAWEICLOUD_SDK_SK',
  'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  'OS_SECRET_KEY',
  'OS_TOKEN',
];

/** The library ignores shorter secrets: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 4;
/** Variables found by their name only must hold a longer value (a flag such as `..._TOKEN=yes` is none). */
const MIN_GUESSED_LENGTH = 6;

/**
 * The secret values in `env`: the known credential variables, and any variable whose name says
 * TOKEN, PASSWORD, SECRET or ends in `_SK`; longest first.
 * @example secretsOf({ OS_AUTH_TOKEN: 'abcdef123', HOME: '/root' }); // ['abcdef123']
 */
export function secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_VARIABLES.includes(name)) found.add(value);
    else if (value.length >= MIN_GUESSED_LENGTH && /TOKEN|PASSWORD|SECRET|_SK$/i.test(name)) found.add(value);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Registers each secret with the library's process-wide registry, so every error the library
 * builds (a 401 body, a job's `fail_reason` echoing it) is scrubbed of it too.
 * @example registerSecrets(secretsOf(process.env));
 */
export function registerSecrets(secrets: readonly string[]): void {
  for (const secret of secrets) registerSecret(secret);
}

/**
 * Replaces every occurrence of each secret, and of every secret registered with the library, with
 * `[REDACTED]`: verbatim, JSON-escaped, percent-encoded or with its white space collapsed
 * (`redactSecrets` of @cloud-jobs/jobs).
 * @example redact('token abcdef123 refused', ['abcdef123']); // 'token [REDACTED] refused'
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets);
}

/**
 * An output that redacts `secrets` (and the registered ones) from everything written to `out`.
 * @example const stderr = redactingOutput(process.stderr, secretsOf(process.env));
 */
export function redactingOutput(out: { write(text: string): unknown }, secrets: readonly string[]): { write(text: string): unknown } {
  return { write: (text: string) => out.write(redact(text, secrets)) };
}
