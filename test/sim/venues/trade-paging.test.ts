// The dYdX and Bitget simulators answer the adapters' older-trade cursors (dYdX `createdBeforeOrAt`, Bitget v2
// `idLessThan`) from their trade history, so that a paged heal reaches back: each older page joins the newer one.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Account, StreamSpec, TradeEvent } from "../../../src/core/index.ts";
import type { ParseContext, RestCall } from "../../../src/exchanges/_shared/adapter.ts";
import { bitget } from "../../../src/exchanges/bitget/index.ts";
import { dydx } from "../../../src/exchanges/dydx/index.ts";
import { type Sim, startSim } from "../index.ts";

let dydxSim: Sim;
let bitgetSim: Sim;

beforeAll(async () => {
  [dydxSim, bitgetSim] = await Promise.all([
    startSim({ venue: "dydx", tickMs: 10, seed: 5 }),
    startSim({ venue: "bitget", tickMs: 10, seed: 5 }),
  ]);
});

afterAll(async () => {
  await Promise.all([dydxSim.close(), bitgetSim.close()]);
});

function contextOf(exchange: string, account: Account): ParseContext {
  return { exchange, account, recvTsUs: Date.now() * 1000, symbolOf: (native) => native, session: new Map() };
}

/** Runs a RestCall against a simulator as the hub would (query entries left undefined are not sent). */
async function run(sim: Sim, call: RestCall<TradeEvent[]>, exchange: string): Promise<TradeEvent[]> {
  const response = await fetch(urlOf(sim, call));
  expect(response.status).toBe(200);
  return call.parse(await response.json(), contextOf(exchange, call.account));
}

function urlOf(sim: Sim, call: RestCall<TradeEvent[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {}))
    if (value !== undefined) params.set(name, String(value));
  return `${sim.restUrl}${call.path}?${params}`;
}

/**
 * The newest page once the market has made more than two pages of trades (it trades as the clock runs): when no
 * trade of the first full page is in it any more.
 */
async function newestPage(sim: Sim, call: RestCall<TradeEvent[]>, exchange: string): Promise<TradeEvent[]> {
  const sinceMs = Date.now();
  let first: Set<string> | undefined;
  for (;;) {
    const page = await run(sim, call, exchange);
    if (!first && page.length === 100) first = new Set(page.map((trade) => trade.tradeId));
    const isPast = first && !page.some((trade) => first?.has(trade.tradeId));
    if (isPast || Date.now() - sinceMs > 15_000) return page;
    await Bun.sleep(100);
  }
}

describe("older trade pages from the simulators", () => {
  test("dYdX: createdBeforeOrAt answers the 100 trades at or before the oldest of the newest page", async () => {
    const spec = {
      kind: "trade",
      account: "linear",
      symbol: "BTC/USD:USDC",
      native: "BTC-USD",
    } as StreamSpec;
    const newest = await newestPage(dydxSim, dydx.rest.trades!(spec, { limit: 100 }), "dydx");
    expect(newest).toHaveLength(100);
    const oldest = newest[0]!;
    const older = await run(
      dydxSim,
      dydx.rest.trades!(spec, { limit: 100, endMs: oldest.tsMs, beforeId: oldest.tradeId }),
      "dydx",
    );
    expect(older).toHaveLength(100);
    expect(older.every((trade) => trade.tsMs <= oldest.tsMs)).toBe(true);
    // Inclusive: the oldest trade of the newest page comes again; the rest is new.
    expect(older.at(-1)!.tsMs).toBe(oldest.tsMs);
    const newestIds = new Set(newest.map((trade) => trade.tradeId));
    expect(older.filter((trade) => !newestIds.has(trade.tradeId)).length).toBeGreaterThan(90);
  });

  test("Bitget: v2 fills history by idLessThan continues right below the newest page", async () => {
    for (const [account, symbol, native] of [
      ["spot", "BTC/USDT", "BTCUSDT"],
      ["linear", "BTC/USDT:USDT", "BTCUSDT"],
    ] as const) {
      const spec = { kind: "trade", account, symbol, native } as StreamSpec;
      const newest = await newestPage(bitgetSim, bitget.rest.trades!(spec, { limit: 100 }), "bitget");
      expect(newest).toHaveLength(100);
      const oldest = newest[0]!;
      const older = await run(
        bitgetSim,
        bitget.rest.trades!(spec, { limit: 100, endMs: oldest.tsMs, beforeId: oldest.tradeId }),
        "bitget",
      );
      expect(older).toHaveLength(100);
      // The simulator numbers trades consecutively: the older page ends at the id just below the cursor.
      expect(older.map((trade) => Number(trade.tradeId))).toEqual(
        Array.from({ length: 100 }, (_, i) => Number(oldest.tradeId) - 100 + i),
      );
    }
  });
});
