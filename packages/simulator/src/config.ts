// Checking startSimulator's options: who may pass (tokens, AK/SK) and how many jobs fit.
import { DEFAULT_MAX_CLOCK_SKEW_MS, type AuthPolicy } from './auth.js';
import type { Clock } from './types.js';

/**
 * An option of `startSimulator` it cannot run with; the message names the option, never a secret.
 * @example
 * await startSimulator({ accessKey: 'AK1' }).catch((e) => e.message); // 'secretKey is required with accessKey'
 */
export class SimulatorConfigError extends Error {
  override readonly name = 'SimulatorConfigError';
  /** The option at fault, e.g. `secretKey`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/**
 * Jobs the simulator holds at most unless told otherwise; creating one more answers 507.
 * @example
 * startSimulator({ maxJobs: DEFAULT_MAX_JOBS * 10 });
 */
export const DEFAULT_MAX_JOBS = 10_000;

/** The access key forms the gateway check accepts (the unknown-key message echoes it). */
const ACCESS_KEY = /^[A-Za-z0-9_-]{1,128}$/;

/** What {@link authPolicyFrom} reads from the simulator's options. */
export interface AuthOptions {
  tokens?: readonly string[] | undefined;
  credentials?: Readonly<Record<string, string>> | undefined;
  accessKey?: string | undefined;
  secretKey?: string | undefined;
  maxClockSkewMs?: number | undefined;
}

function addKey(into: Map<string, string>, accessKey: unknown, secretKey: unknown, fromCredentials: boolean): void {
  if (typeof accessKey !== 'string' || !ACCESS_KEY.test(accessKey)) {
    throw fromCredentials
      ? new SimulatorConfigError('credentials', 'every access key in credentials must be 1 to 128 letters, digits, _ or -')
      : new SimulatorConfigError('accessKey', 'accessKey must be 1 to 128 letters, digits, _ or -');
  }
  if (typeof secretKey !== 'string' || secretKey === '') {
    throw fromCredentials
      ? new SimulatorConfigError('credentials', `credentials: the secret key of ${accessKey} must be a non-empty string`)
      : new SimulatorConfigError('secretKey', 'secretKey must be a non-empty string');
  }
  into.set(accessKey, secretKey);
}

/**
 * The {@link AuthPolicy} of the options: `tokens` (empty strings dropped), `credentials` and the
 * `accessKey` + `secretKey` pair merged into one key map, the clock-skew window checked.
 * Throws {@link SimulatorConfigError} naming the option at fault.
 * @example
 * authPolicyFrom({ accessKey: 'AK1', secretKey: 'SK1' }, Date.now).credentials?.has('AK1'); // true
 */
export function authPolicyFrom(options: AuthOptions, clock: Clock): AuthPolicy {
  const tokens = options.tokens ? new Set(options.tokens.filter((t) => t !== '')) : undefined;
  let credentials: Map<string, string> | undefined;
  if (options.credentials !== undefined) {
    credentials = new Map();
    for (const [ak, sk] of Object.entries(options.credentials)) addKey(credentials, ak, sk, true);
  }
  if (options.accessKey !== undefined || options.secretKey !== undefined) {
    if (options.accessKey === undefined) throw new SimulatorConfigError('accessKey', 'accessKey is required with secretKey');
    if (options.secretKey === undefined) throw new SimulatorConfigError('secretKey', 'secretKey is required with accessKey');
    addKey((credentials ??= new Map()), options.accessKey, options.secretKey, false);
  }
  const maxClockSkewMs = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (typeof maxClockSkewMs !== 'number' || Number.isNaN(maxClockSkewMs) || maxClockSkewMs < 0) {
    throw new SimulatorConfigError('maxClockSkewMs', 'maxClockSkewMs must be a number of milliseconds >= 0 (Infinity: no check)');
  }
  return { tokens, credentials, maxClockSkewMs, clock };
}

/**
 * The `maxJobs` option checked: an integer from 1 (default {@link DEFAULT_MAX_JOBS}).
 * @example
 * maxJobsFrom(undefined); // 10000
 */
export function maxJobsFrom(maxJobs: number | undefined): number {
  const value = maxJobs ?? DEFAULT_MAX_JOBS;
  if (!Number.isSafeInteger(value) || value < 1) throw new SimulatorConfigError('maxJobs', 'maxJobs must be an integer >= 1');
  return value;
}
