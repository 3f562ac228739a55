// One abort listener per signal, however many waits share it: a listener of its own costs a wait
// about 250 bytes (the EventTarget's record, a closure and its context) for as long as it sleeps.

/** What is told when the signal aborts. */
export interface Abortable {
  abort(reason: unknown): void;
}

interface Watch {
  readonly targets: Set<Abortable>;
  readonly onAbort: () => void;
}

const watches = new WeakMap<AbortSignal, Watch>();

/** Tells `target` when `signal` aborts (in the order targets were added), until {@link unwatchAbort}. */
export function watchAbort(signal: AbortSignal, target: Abortable): void {
  let watch = watches.get(signal);
  if (!watch) {
    const targets = new Set<Abortable>();
    const onAbort = (): void => {
      watches.delete(signal);
      for (const each of [...targets]) each.abort(signal.reason);
    };
    watch = { targets, onAbort };
    watches.set(signal, watch);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  watch.targets.add(target);
}

/** Stops telling `target`; the signal's listener goes with its last target. */
export function unwatchAbort(signal: AbortSignal, target: Abortable): void {
  const watch = watches.get(signal);
  if (!watch) return;
  watch.targets.delete(target);
  if (watch.targets.size > 0) return;
  watches.delete(signal);
  signal.removeEventListener('abort', watch.onAbort);
}
