// Secrets from the environment never reach the terminal, even inside a service's message.

/** Variables whose values are secrets. */
const SECRET_VARIABLES: readonly string[] = ['OS_AUTH_TOKEN', 'OS_PASSWORD', 'HUAWEICLOUD_SDK_SK', 'OS_SECRET_KEY', 'OS_TOKEN'];

/** Shorter values are not searched for: they would blank out ordinary words. */
const MIN_SECRET_LENGTH = 6;

/**
 * The secret values in `env`: the known credential variables, and any variable whose name says
 * TOKEN, PASSWORD, SECRET or ends in `_SK`; longest first.
 * @example secretsOf({ OS_AUTH_TOKEN: 'abcdef123', HOME: '/root' }); // ['abcdef123']
 */
export function secretsOf(env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) continue;
    if (SECRET_VARIABLES.includes(name) || /TOKEN|PASSWORD|SECRET|_SK$/i.test(name)) found.add(value);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of each secret with `***`.
 * @example redact('token abcdef123 refused', ['abcdef123']); // 'token *** refused'
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  return out;
}

/**
 * An output that redacts `secrets` from everything written to `out`.
 * @example const stderr = redactingOutput(process.stderr, secretsOf(process.env));
 */
export function redactingOutput(out: { write(text: string): unknown }, secrets: readonly string[]): { write(text: string): unknown } {
  if (secrets.length === 0) return out;
  return { write: (text: string) => out.write(redact(text, secrets)) };
}
