// Tests of the sliding-window weight limiter: budget, waiting, weights, FIFO order, penalties and aborts.

import { describe, expect, test } from "bun:test";
import { createRateLimiter } from "./rate-limit.ts";

describe("createRateLimiter", () => {
  test("requests within the budget pass at once and count as used", async () => {
    const limiter = createRateLimiter({ weight: 10, perMs: 1000 });
    const startedMs = performance.now();
    await limiter.acquire();
    await limiter.acquire(4);
    await limiter.acquire(5);
    expect(performance.now() - startedMs).toBeLessThan(50);
    expect(limiter.used).toBe(10);
    expect(limiter.waiting).toBe(0);
  });

  test("delays when the budget is used, until the window slides", async () => {
    const limiter = createRateLimiter({ weight: 3, perMs: 150 });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    const startedMs = performance.now();
    const pending = limiter.acquire();
    expect(limiter.waiting).toBe(1);
    await pending;
    const waitedMs = performance.now() - startedMs;
    expect(waitedMs).toBeGreaterThanOrEqual(120);
    expect(waitedMs).toBeLessThan(1000);
  });

  test("a heavy request waits until enough weight has expired", async () => {
    const limiter = createRateLimiter({ weight: 10, perMs: 150 });
    await limiter.acquire(8);
    const startedMs = performance.now();
    await limiter.acquire(5);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(120);
    expect(limiter.used).toBe(5);
  });

  test("waiters are served in arrival order", async () => {
    const limiter = createRateLimiter({ weight: 2, perMs: 60 });
    await limiter.acquire(2);
    const order: string[] = [];
    await Promise.all([
      limiter.acquire(2).then(() => order.push("big")),
      limiter.acquire(1).then(() => order.push("small-1")),
      limiter.acquire(1).then(() => order.push("small-2")),
    ]);
    expect(order).toEqual(["big", "small-1", "small-2"]);
  });

  test("a request heavier than the whole budget still goes through on an empty window", async () => {
    const limiter = createRateLimiter({ weight: 5, perMs: 100 });
    await limiter.acquire(50);
    expect(limiter.used).toBe(50);
  });

  test("penalize blocks everything until the given time", async () => {
    const limiter = createRateLimiter({ weight: 100, perMs: 1000 });
    limiter.penalize(Date.now() + 120);
    limiter.penalize(Date.now() + 10); // a shorter penalty never shortens the current one
    const startedMs = performance.now();
    await limiter.acquire();
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(100);
  });

  test("an aborted acquire rejects and leaves the queue", async () => {
    const limiter = createRateLimiter({ weight: 1, perMs: 200 });
    await limiter.acquire();
    const controller = new AbortController();
    const pending = limiter.acquire(1, controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    expect(limiter.waiting).toBe(0);
    await expect(limiter.acquire(1, controller.signal)).rejects.toThrow("stop");
  });
});
