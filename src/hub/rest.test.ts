// The REST runner's budgets against a local HTTP server: accounts of separate pools spend (and are paused by a 429)
// separately, accounts of one pool share it, and a venue that declares no pools keeps one budget for all accounts.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Account } from "../core/index.ts";
import type { ExchangeAdapter, RateLimit, RateLimitPool, RestCall } from "../exchanges/_shared/adapter.ts";
import { createRestRunner } from "./rest.ts";

const WINDOW_MS = 1_500;
/** A call that got its weight at once; one that waited for the window stays under it by far less than this. */
const PROMPT_MS = 700;

let server: ReturnType<typeof Bun.serve>;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      if (new URL(request.url).pathname === "/limited")
        return Response.json({ msg: "Too many requests" }, { status: 429, headers: { "retry-after": "1" } });
      return Response.json({ ok: true });
    },
  });
});

afterAll(() => {
  server.stop(true);
});

function runnerOf(rateLimit: RateLimit, pools?: Partial<Record<Account, RateLimitPool>>) {
  const adapter = {
    id: "fake",
    rest: {
      baseUrl: () => `http://127.0.0.1:${server.port}`,
      rateLimit,
      ...(pools ? { rateLimitOf: (account: Account) => pools[account] } : {}),
    },
  } as unknown as ExchangeAdapter;
  return createRestRunner({
    adapter,
    testnet: false,
    env: {},
    retries: 0,
    symbolOf: (_account, native) => native,
  });
}

const callOf = (account: Account, weight: number, path = "/ok"): RestCall<unknown> => ({
  account,
  path,
  weight,
  parse: (body) => body,
});

/** Milliseconds from `startMs` until `promise` settles. */
async function msUntil(startMs: number, promise: Promise<unknown>): Promise<number> {
  await promise.catch(() => undefined);
  return Date.now() - startMs;
}

describe("REST runner budgets", () => {
  test("accounts of separate pools spend separate budgets", async () => {
    const runner = runnerOf(
      { weight: 10, perMs: WINDOW_MS },
      {
        spot: { pool: "api", weight: 10, perMs: WINDOW_MS },
        linear: { pool: "fapi", weight: 10, perMs: WINDOW_MS },
      },
    );
    const startMs = Date.now();
    await runner.run(callOf("spot", 10));
    // The spot pool is spent: linear still has its own; spot's next call waits for the window.
    const [linearMs, spotMs] = await Promise.all([
      msUntil(startMs, runner.run(callOf("linear", 10))),
      msUntil(startMs, runner.run(callOf("spot", 10))),
    ]);
    expect(linearMs).toBeLessThan(PROMPT_MS);
    expect(spotMs).toBeGreaterThanOrEqual(WINDOW_MS - 100);
  });

  test("a venue without pools keeps one budget for every account", async () => {
    const runner = runnerOf({ weight: 10, perMs: WINDOW_MS });
    const startMs = Date.now();
    await runner.run(callOf("spot", 10));
    expect(await msUntil(startMs, runner.run(callOf("linear", 10)))).toBeGreaterThanOrEqual(WINDOW_MS - 100);
  });

  test("accounts naming one pool share it; an account without a pool draws on the venue's budget", async () => {
    const futures: RateLimitPool = { pool: "futures", weight: 10, perMs: WINDOW_MS };
    const runner = runnerOf({ weight: 10, perMs: WINDOW_MS }, { linear: futures, inverse: { ...futures } });
    const startMs = Date.now();
    await runner.run(callOf("linear", 10));
    const [spotMs, inverseMs] = await Promise.all([
      msUntil(startMs, runner.run(callOf("spot", 10))),
      msUntil(startMs, runner.run(callOf("inverse", 10))),
    ]);
    expect(spotMs).toBeLessThan(PROMPT_MS);
    expect(inverseMs).toBeGreaterThanOrEqual(WINDOW_MS - 100);
  });

  test("a 429 pauses its own pool alone", async () => {
    const runner = runnerOf(
      { weight: 1_000, perMs: WINDOW_MS },
      {
        spot: { pool: "api", weight: 1_000, perMs: WINDOW_MS },
        linear: { pool: "fapi", weight: 1_000, perMs: WINDOW_MS },
      },
    );
    const startMs = Date.now();
    await expect(runner.run(callOf("spot", 1, "/limited"))).rejects.toMatchObject({ code: "E_RATE_LIMITED" });
    // Retry-After: 1 s on the spot pool; the linear pool is not paused.
    const [linearMs, spotMs] = await Promise.all([
      msUntil(startMs, runner.run(callOf("linear", 1))),
      msUntil(startMs, runner.run(callOf("spot", 1))),
    ]);
    expect(linearMs).toBeLessThan(PROMPT_MS);
    expect(spotMs).toBeGreaterThanOrEqual(900);
  });
});
