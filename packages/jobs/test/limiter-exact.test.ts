// The rate limiter reaches its rate (>= 0.97 of it) at 50, 200 and 500 requests/s against a real
// loopback server, and no sliding second at the client ever holds more than the rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { createRateLimiter } from '../src/wait/rateLimiter.js';

let server: LoopbackServer;
const arrivals: number[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    arrivals.push(performance.now());
    res.writeHead(204).end();
  });
});
afterAll(() => server.close());

/** The most grants within any half-open second [t, t + 1000). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] as number) - (times[j] as number) >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('createRateLimiter is exact', () => {
  for (const rate of [50, 200, 500]) {
    it(`${rate} req/s: reaches >= 0.97 of the rate, never above it in a sliding second`, async () => {
      arrivals.length = 0;
      const limiter = createRateLimiter({ maxRequestsPerSecond: rate });
      const count = Math.round(rate * 2.5);
      const grants: number[] = [];
      await Promise.all(
        Array.from({ length: count }, async () => {
          await limiter.acquire();
          grants.push(performance.now());
          // The request leaves on the next turn, so that one caller's fetch set-up does not delay
          // when the next caller of the same timer tick sees its grant.
          await new Promise((resolve) => setImmediate(resolve));
          const response = await fetch(`${server.url}/tick`);
          await response.arrayBuffer();
        }),
      );
      expect(arrivals).toHaveLength(count);
      // The rate over the run, from the first grant to the last (both at the client and at the server).
      const achieved = ((count - 1) * 1000) / ((grants.at(-1) as number) - (grants[0] as number));
      expect(achieved / rate).toBeGreaterThanOrEqual(0.97);
      expect(achieved / rate).toBeLessThanOrEqual(1.0001);
      const atServer = ((count - 1) * 1000) / ((arrivals.at(-1) as number) - (arrivals[0] as number));
      expect(atServer / rate).toBeGreaterThanOrEqual(0.97);
      expect(busiestSecond(grants)).toBeLessThanOrEqual(rate);
    }, 30_000);
  }

  // Earlier releases reached 0.39 of the rate here (every late millisecond was lost). A block
  // delays grants that the sliding second then carries forward, so the bar is 0.95, not 0.97.
  it('a busy event loop (a 30 ms block every 100 ms) still gets >= 0.95 of 200 req/s, never above', async () => {
    const limiter = createRateLimiter({ maxRequestsPerSecond: 200 });
    const busy = setInterval(() => {
      const until = performance.now() + 30;
      while (performance.now() < until);
    }, 100);
    const grants: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 500 }, async () => {
          await limiter.acquire();
          grants.push(performance.now());
        }),
      );
    } finally {
      clearInterval(busy);
    }
    const achieved = (499 * 1000) / ((grants.at(-1) as number) - (grants[0] as number));
    expect(achieved / 200).toBeGreaterThanOrEqual(0.95);
    expect(busiestSecond(grants)).toBeLessThanOrEqual(200);
  }, 30_000);
});
