// Every request slot the limiter script reserves, on Redis's own clock: MONITOR shows each
// reservation's SET of the next free slot and its INCRBY of the slots taken, so its slots are the
// n slots before that next free one.
import { Redis } from 'ioredis';

export interface GrantWatch {
  /** Slot times, epoch ms, in order. */
  readonly slots: number[];
  stop(): void;
}

export async function watchGrants(url: string, keyStart: string, rate: number, marginMs = 20): Promise<GrantWatch> {
  const client = new Redis(url);
  const monitor = await client.monitor();
  const intervalUs = Math.ceil(((1_000 + marginMs) * 1_000) / rate);
  const slots: number[] = [];
  let next: number | undefined;
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (!args[1]?.startsWith(keyStart)) return;
    const command = args[0]?.toLowerCase();
    if (command === 'set') next = Number(args[2]);
    if (command === 'incrby' && next !== undefined) for (let k = Number(args[2]); k >= 1; k -= 1) slots.push((next - k * intervalUs) / 1_000);
  });
  return {
    slots,
    stop: () => {
      monitor.disconnect();
      client.disconnect();
    },
  };
}

/** The most times in any window of `windowMs` (a window starts at each time). */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while (sorted[end]! - sorted[start]! >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
