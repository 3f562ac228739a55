// One timer for every sleeping wait on the real clock: a Node timer of its own costs a wait ~200
// bytes (the Timeout, its boxed times, its argument list); a slot in a heap costs a few words.

/** What the queue wakes: it keeps its own place in the heap. */
export interface Sleeper {
  /** When to wake, `performance.now()` ms; set by the queue. */
  wakeAt: number;
  /** Position in the heap, -1 when not queued; set by the queue. */
  slot: number;
  wake(): void;
}

import { MAX_TIMER_MS } from './clock.js';

const heap: Sleeper[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let armedFor = Infinity;

/** Sooner wake-up first (equal times wake in no set order). */
function before(a: Sleeper, b: Sleeper): boolean {
  return a.wakeAt < b.wakeAt;
}

function place(s: Sleeper, i: number): void {
  heap[i] = s;
  s.slot = i;
}

function up(i: number): void {
  const s = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent]!;
    if (!before(s, p)) break;
    place(p, i);
    i = parent;
  }
  place(s, i);
}

function down(i: number): void {
  const s = heap[i]!;
  const n = heap.length;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && before(heap[child + 1]!, heap[child]!)) child += 1;
    if (!before(heap[child]!, s)) break;
    place(heap[child]!, i);
    i = child;
  }
  place(s, i);
}

/** Arms the one timer for the earliest wake-up (kept when it is already set for that time). */
function arm(): void {
  const first = heap[0];
  if (!first) {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    armedFor = Infinity;
    return;
  }
  if (timer !== undefined && armedFor === first.wakeAt) return;
  if (timer !== undefined) clearTimeout(timer);
  armedFor = first.wakeAt;
  // A longer setTimeout fires at once: a far wake-up re-arms when this one fires.
  timer = setTimeout(fire, Math.min(MAX_TIMER_MS, Math.max(0, first.wakeAt - performance.now())));
}

function fire(): void {
  timer = undefined;
  armedFor = Infinity;
  const now = performance.now();
  const due: Sleeper[] = [];
  while (heap.length > 0 && heap[0]!.wakeAt <= now) {
    const s = heap[0]!;
    removeAt(0);
    due.push(s);
  }
  arm();
  for (const s of due) s.wake();
}

function removeAt(i: number): void {
  const s = heap[i]!;
  const last = heap.pop()!;
  s.slot = -1;
  if (last === s) return;
  place(last, i);
  up(i);
  down(last.slot);
}

/** Wakes `s` after `ms` (it must not be queued already). */
export function sleepOnQueue(s: Sleeper, ms: number): void {
  s.wakeAt = performance.now() + ms;
  heap.push(s);
  up(heap.length - 1);
  if (s.slot === 0) arm();
}

/** Takes `s` off the queue (nothing when it is not queued). */
export function leaveQueue(s: Sleeper): void {
  if (s.slot < 0) return;
  const wasFirst = s.slot === 0;
  removeAt(s.slot);
  if (wasFirst) arm();
}
