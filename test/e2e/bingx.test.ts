// The CLI end to end against the BingX simulator: the spot tape (ids from the ground truth) and the swap tape (ids
// derived by dig3), the incrDepth ladder as NDJSON on swap and spot, a dropped update that must resync from a new
// `all` snapshot, the server heartbeat answered, mark price and polled open interest, wire-absent and
// not-implemented kinds, REST one-shots.

import { describe, expect, test } from "bun:test";
import { contentIdsOf } from "../../src/exchanges/_shared/values.ts";
import { parseNdjson } from "./run-cli.ts";
import { chainsByPlusOne, expectRefused, useVenueSim } from "./venue-kit.ts";

const bingx = useVenueSim({
  venue: "bingx",
  seed: 13,
  watches: {
    trades: "trades bingx BTC/USDT --duration 2",
    swapTrades: "trades bingx BTC/USDC:USDC --account linear --duration 2",
    book: "orderbook bingx BTC/USDT:USDT --account linear --duration 2",
    spotBook: "orderbook bingx BTC-USDT --duration 2",
    resync: "orderbook bingx ETH/USDT:USDT --account linear --duration 3",
    mark: "mark bingx BTC/USDT:USDT --account linear --duration 1",
    openInterest: "open-interest bingx ETH/USDT:USDT --account linear --duration 1",
  },
  // One ETH-USDT update never reaches the resync run's socket (the other runs watch other dataTypes).
  fault: { atMs: 1500, inject: (sim) => sim.faults.skipBookUpdate("ETH-USDT", "linear") },
});

interface BingxSwapTrade {
  p: string;
  q: string;
  T: number;
  m: boolean;
}

describe("dig3 watch against the BingX simulator", () => {
  test("trades --json on spot: the simulator's trades, ids from the ground truth, exit 0", async () => {
    await bingx.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "BTC-USDT@trade",
      rowsOf: (frame: { data: { t: string } }) => [frame.data],
      idOf: (row) => row.t,
      ids: "rising",
    });
  });

  test("trades --json on a USDC perpetual: the swap stream's id-less trades, ids derived as the ground truth gives", async () => {
    expect((await bingx.run("swapTrades")).stderr).toContain("(BTC-USDC)");
    await bingx.expectTape("swapTrades", {
      account: "linear",
      symbol: "BTC/USDC:USDC",
      stream: "BTC-USDC@trade",
      // The ids dig3 derives from a frame's rows, as the ground truth gives them.
      rowsOf: (frame: { data: BingxSwapTrade[] }) =>
        contentIdsOf(
          frame.data.map((row) => ({
            timeMs: row.T,
            price: Number(row.p),
            size: Number(row.q),
            side: row.m ? ("sell" as const) : ("buy" as const),
          })),
        ),
      idOf: (id) => id,
      ids: "unique",
    });
  });

  test("orderbook --json on swap: the all snapshot first, updates chained lastUpdateId + 1, no resync, never crossed", async () => {
    await bingx.expectBook("book", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: chainsByPlusOne,
      deltasAbove: 10,
    });
  });

  test("orderbook --json on spot: the spot socket's map-shaped levels, same chain", async () => {
    await bingx.expectBook("spotBook", { account: "spot", symbol: "BTC/USDT", chain: chainsByPlusOne });
  });

  test("a dropped update: book_resync, then a fresh all snapshot and a clean chain again", async () => {
    await bingx.expectResync("resync", { reason: "sequence gap", chain: chainsByPlusOne });
  });

  test("the swap socket's text Ping was answered with Pong, the spot socket's JSON ping with a pong", async () => {
    await Promise.all([bingx.run("book"), bingx.run("spotBook")]);
    expect(bingx.sim.stats.clientFrames).toContain("Pong");
    expect(bingx.sim.stats.clientFrames.some((frame) => frame.startsWith('{"pong":'))).toBe(true);
  });

  test("mark price from @markPrice; open interest polled from REST as the USDT value", async () => {
    await bingx.expectEvents("mark", { kind: "mark_price", account: "linear", symbol: "BTC/USDT:USDT" });
    const [oi] = await bingx.expectEvents("openInterest", {
      kind: "open_interest",
      account: "linear",
      symbol: "ETH/USDT:USDT",
    });
    expect(oi!.openInterestValue).toBe(oi!.openInterest);
    expect(
      bingx.sim.stats.restCalls.some((call) => call.startsWith("/openApi/swap/v2/quote/openInterest?")),
    ).toBe(true);
  });

  test("funding: wire-absent on spot (exit 2, hint); polled from REST premiumIndex on the perpetual", async () => {
    const [spotFunding, linearFunding] = await Promise.all([
      bingx.cli("watch funding bingx BTC/USDT --account spot"),
      bingx.cli("watch funding bingx BTC/USDT:USDT --account linear --duration 1 --json", "linear"),
    ]);
    expectRefused(spotFunding, "BingX spot has no funding");
    expect(linearFunding.code).toBe(0);
    const [funding] = parseNdjson(linearFunding.stdout);
    expect(funding).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "BTC/USDT:USDT" });
    expect(Number.isFinite(funding!.rate)).toBe(true);
    expect(funding!.nextFundingTsMs).toBeGreaterThan(Date.now() - 60_000);
    expect(
      bingx.sim.stats.restCalls.some((call) => call.startsWith("/openApi/swap/v2/quote/premiumIndex?")),
    ).toBe(true);
  });
});

describe("REST one-shots against the BingX simulator", () => {
  test("ticker --json on the swap and Coin-M markets", async () => {
    await Promise.all([
      bingx.expectTicker("bingx BTC/USDT:USDT --account linear", "linear", { symbol: "BTC/USDT:USDT" }),
      bingx.expectTicker("bingx ETH/USD:ETH --account inverse", "inverse", { symbol: "ETH/USD:ETH" }),
    ]);
  });

  test("book, trades and klines tables on spot", async () => {
    await bingx.expectTables("BTC/USDT");
  });
});
