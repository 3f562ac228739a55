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

/** A listener that is an object the wait has anyway: no listener nor unsubscribe closure per wait. */
export interface ChannelMember {
  hear(job: Job): void;
}

/** A channel as one wait uses it: joined once (see {@link joinChannel}), left once. */
export interface JoinedChannel {
  publish(request: (signal: AbortSignal) => Promise<Job>, signal?: AbortSignal, from?: ChannelMember): Promise<Job>;
  leave(member: ChannelMember): void;
  readonly listeners: number;
}

type Listener = ChannelListener | ChannelMember;

function noop(): void {}

function tell(listener: Listener, job: Job): void {
  if (typeof listener === 'function') listener(job);
  else listener.hear(job);
}

/** The channel of {@link createJobChannel} and of createJobs (internal: the package exports the factory only). */
export class Channel implements JobChannel, JoinedChannel {
  /** Most jobs have one wait: it is kept here, the Set (~150 bytes) is made for a second one. */
  #one: Listener | undefined;
  #many: Set<Listener> | undefined;
  #inFlight: { promise: Promise<Job>; controller: AbortController; callers: number } | undefined;

  get listeners(): number {
    return this.#many ? this.#many.size : this.#one ? 1 : 0;
  }

  /** A request is in flight. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /** The listener, when there is exactly one. */
  get only(): Listener | undefined {
    return this.#many ? (this.#many.size === 1 ? this.#many.values().next().value : undefined) : this.#one;
  }

  listen(listener: ChannelListener): () => void {
    this.join(listener);
    return () => this.leave(listener);
  }

  join(listener: Listener): void {
    if (this.#many) this.#many.add(listener);
    else if (!this.#one) this.#one = listener;
    else if (this.#one !== listener) this.#many = new Set([this.#one, listener]);
  }

  leave(listener: Listener): void {
    if (this.#many) this.#many.delete(listener);
    else if (this.#one === listener) this.#one = undefined;
  }

  /** Every listener now, in the order they came. */
  #all(): Listener[] {
    return this.#many ? [...this.#many] : this.#one ? [this.#one] : [];
  }

  publish(request: (signal: AbortSignal) => Promise<Job>, signal?: AbortSignal, from?: Listener): Promise<Job> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    let flight = this.#inFlight;
    if (!flight) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => request(controller.signal))
        .then(
          (job) => {
            if (this.#inFlight === created) this.#inFlight = undefined;
            for (const listener of this.#all()) if (listener !== from) tell(listener, job);
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

/** A channel of the caller's own making, listened to through one closure (it only knows functions). */
class ForeignChannel implements JoinedChannel {
  readonly #channel: JobChannel;
  readonly #listener: ChannelListener;
  readonly #unlisten: () => void;

  constructor(channel: JobChannel, member: ChannelMember) {
    this.#channel = channel;
    this.#listener = (job) => member.hear(job);
    this.#unlisten = channel.listen(this.#listener);
  }

  get listeners(): number {
    return this.#channel.listeners;
  }

  publish(request: (signal: AbortSignal) => Promise<Job>, signal?: AbortSignal): Promise<Job> {
    return this.#channel.publish(request, signal, this.#listener);
  }

  leave(): void {
    this.#unlisten();
  }
}

/** `member` listens on `channel` from now until it calls `leave`. */
export function joinChannel(channel: JobChannel, member: ChannelMember): JoinedChannel {
  if (channel instanceof Channel) {
    channel.join(member);
    return channel;
  }
  return new ForeignChannel(channel, member);
}

/** A wait as the facade's list of jobs sees it: the channel it polls through, which the list sets. */
export interface ListedWait extends ChannelMember {
  channel: JoinedChannel | undefined;
}

/** The channel of a job with several users (waits and gets), or of a lone wait's poll in flight. */
class SharedJob extends Channel {
  /** Waits and gets using it. */
  users = 0;
  /** It is the job's entry in the list (not a lone wait's channel for one poll). */
  listed = false;
}

/**
 * createJobs' waits and gets by job, for coalescing. Most jobs have one wait: a lone wait is listed
 * as itself and holds no channel while it sleeps (it gets one for each poll, so what comes meanwhile
 * joins the request); a job with several waits or gets has a channel all of them use. Listed per
 * group (service, project, reference fields), then by job ID: the ID string is the wait's own, so a
 * sleeping wait costs one map entry, no key string nor channel.
 */
export class JobList {
  readonly #groups = new Map<string, Map<string, ListedWait | SharedJob>>();

  /** A newcomer (a get, or a wait on a job that has one) joins the job's shared channel, made if needed. */
  share(group: string, jobId: string): JoinedChannel {
    let jobs = this.#groups.get(group);
    if (!jobs) {
      jobs = new Map();
      this.#groups.set(group, jobs);
    }
    const listed = jobs.get(jobId);
    if (listed instanceof SharedJob) {
      listed.users += 1;
      return listed;
    }
    let shared: SharedJob;
    if (listed === undefined) shared = new SharedJob();
    else if (listed.channel instanceof SharedJob) shared = listed.channel; // the lone wait's poll in flight is joined
    else {
      shared = new SharedJob();
      shared.users = 1;
      shared.join(listed);
      listed.channel = shared;
    }
    shared.users += 1;
    shared.listed = true;
    jobs.set(jobId, shared);
    return shared;
  }

  /** A user of a channel from {@link share} is gone (a wait has left it already). */
  unshare(group: string, jobId: string, channel: JoinedChannel): void {
    const shared = channel as SharedJob;
    shared.users -= 1;
    this.#settle(group, jobId, shared);
  }

  /** A wait starts: listed alone, or it joins the job's channel. */
  begin(group: string, jobId: string, run: ListedWait): void {
    const jobs = this.#groups.get(group);
    if (jobs?.has(jobId)) {
      const shared = this.share(group, jobId) as SharedJob;
      shared.join(run);
      run.channel = shared;
    } else if (jobs) jobs.set(jobId, run);
    else this.#groups.set(group, new Map([[jobId, run]]));
  }

  /** Before a lone wait's poll: a channel for it, so what comes meanwhile joins the request. */
  lend(run: ListedWait): void {
    const shared = new SharedJob();
    shared.users = 1;
    shared.join(run);
    run.channel = shared;
  }

  /** After a poll: the channel of a wait left alone on it goes. */
  rest(group: string, jobId: string, run: ListedWait): void {
    const shared = run.channel;
    if (!(shared instanceof SharedJob) || shared.users !== 1 || shared.busy) return;
    if (shared.listed) this.#settle(group, jobId, shared);
    else {
      shared.leave(run);
      run.channel = undefined;
    }
  }

  /** A wait settled. */
  end(group: string, jobId: string, run: ListedWait): void {
    const shared = run.channel;
    if (shared instanceof SharedJob) {
      shared.leave(run);
      run.channel = undefined;
      shared.users -= 1;
      if (shared.listed) {
        this.#settle(group, jobId, shared);
        return;
      }
    }
    const jobs = this.#groups.get(group);
    if (jobs?.get(jobId) === run) this.#unlist(group, jobs, jobId);
  }

  /** A listed channel lost a user: unlisted when none is left, back to a lone wait when one wait is. */
  #settle(group: string, jobId: string, shared: SharedJob): void {
    const jobs = this.#groups.get(group);
    if (!jobs || jobs.get(jobId) !== shared) return;
    if (shared.users === 0) {
      this.#unlist(group, jobs, jobId);
      return;
    }
    const last = shared.only;
    // Only waits listen on a shared channel (gets do not): the one left is a wait.
    if (shared.users === 1 && !shared.busy && last !== undefined && typeof last === 'object') {
      const run = last as ListedWait;
      shared.leave(run);
      run.channel = undefined;
      shared.listed = false;
      jobs.set(jobId, run);
    }
  }

  #unlist(group: string, jobs: Map<string, ListedWait | SharedJob>, jobId: string): void {
    jobs.delete(jobId);
    if (jobs.size === 0) this.#groups.delete(group);
  }
}

/**
 * Creates a {@link JobChannel}: one per job.
 * @example const channel = createJobChannel();
 */
export function createJobChannel(): JobChannel {
  return new Channel();
}
