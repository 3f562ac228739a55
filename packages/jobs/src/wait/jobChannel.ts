// Coalescing: the waits and gets of one job share its requests. A channel holds the request in
// flight (joined instead of repeated) and passes every answer to every wait on the job.
import type { Job } from '@cloud-jobs/core';
import { untilAborted } from '../abort.js';

/** A wait listening on a channel: told of answers other polls got. */
export interface ChannelListener {
  (job: Job): void;
}

/**
 * The shared requests and answers of one job. `createJobs` keeps one per job while a wait or get
 * on it runs; pass one to `waitForJob` (`channel`) to share polls between waits of your own.
 * @example
 * const channel = createJobChannel();
 * await Promise.all([waitForJob(getJob, { ref, channel }), waitForJob(getJob, { ref, channel })]);
 */
export interface JobChannel {
  /**
   * Runs `request` unless one is in flight, which is joined instead; every caller gets the same
   * answer, which every listener but `from` also gets. `signal` aborts this caller only; the
   * request itself is aborted when every caller has.
   */
  publish(request: (signal: AbortSignal) => Promise<Job>, signal?: AbortSignal, from?: ChannelListener): Promise<Job>;
  /** Listens for answers; returns the unsubscribe function. */
  listen(listener: ChannelListener): () => void;
  /** Waits listening now. */
  readonly listeners: number;
}

function noop(): void {}

class Channel implements JobChannel {
  /** Most jobs have one wait: it is kept here, the Set (~150 bytes) is made for a second one. */
  #one: ChannelListener | undefined;
  #many: Set<ChannelListener> | undefined;
  #inFlight: { promise: Promise<Job>; controller: AbortController; callers: number } | undefined;

  get listeners(): number {
    return this.#many ? this.#many.size : this.#one ? 1 : 0;
  }

  listen(listener: ChannelListener): () => void {
    if (this.#many) this.#many.add(listener);
    else if (!this.#one) this.#one = listener;
    else if (this.#one !== listener) this.#many = new Set([this.#one, listener]);
    return () => this.#unlisten(listener);
  }

  #unlisten(listener: ChannelListener): void {
    if (this.#many) this.#many.delete(listener);
    else if (this.#one === listener) this.#one = undefined;
  }

  /** Every listener now, in the order they came. */
  #all(): ChannelListener[] {
    return this.#many ? [...this.#many] : this.#one ? [this.#one] : [];
  }

  publish(request: (signal: AbortSignal) => Promise<Job>, signal?: AbortSignal, from?: ChannelListener): Promise<Job> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#inFlight;
    if (!flight) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => request(controller.signal))
        .then(
          (job) => {
            if (this.#inFlight === created) this.#inFlight = undefined;
            for (const listener of this.#all()) if (listener !== from) listener(job);
            return job;
          },
          (error: unknown) => {
            if (this.#inFlight === created) this.#inFlight = undefined;
            throw error;
          },
        );
      promise.catch(noop);
      const created = { promise, controller, callers: 0 };
      flight = created;
      this.#inFlight = created;
    }
    const joined = flight;
    joined.callers += 1;
    if (!signal) return joined.promise;
    return untilAborted(joined.promise, signal).catch((error: unknown) => {
      if (signal.aborted) {
        joined.callers -= 1;
        if (joined.callers === 0) {
          if (this.#inFlight === joined) this.#inFlight = undefined;
          joined.controller.abort(signal.reason);
        }
      }
      throw error;
    });
  }
}

/**
 * Creates a {@link JobChannel}: one per job.
 * @example const channel = createJobChannel();
 */
export function createJobChannel(): JobChannel {
  return new Channel();
}
