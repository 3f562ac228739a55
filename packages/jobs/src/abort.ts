// One helper both the waiter and the IAM token provider need: stop waiting for a promise on abort.

function noop(): void {}

/**
 * Settles with `promise`, or rejects with `signal.reason` as soon as `signal` aborts (the promise
 * itself goes on; its later rejection is handled). Leaves no listener behind.
 * @example const token = await untilAborted(sharedTokenRequest, options.signal);
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(noop);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
