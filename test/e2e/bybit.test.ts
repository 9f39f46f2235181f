// The CLI end to end against the Bybit simulator: the live tape and the ladder as NDJSON (spot and a USDC
// perpetual), the tickers fan-out into funding, a book gap that must resync from a fresh snapshot, REST one-shots.

import { describe, expect, test } from "bun:test";
import { chainsByPlusOne, expectRefused, useVenueSim } from "./venue-kit.ts";

const bybit = useVenueSim({
  venue: "bybit",
  seed: 11,
  watches: {
    trades: "trades bybit BTC/USDT --duration 2",
    book: "orderbook bybit BTCUSDT --duration 2",
    perpBook: "orderbook bybit BTC/USDC:USDC --account linear --duration 2",
    resync: "orderbook bybit ETH/USDT --duration 3",
    funding: { args: "funding bybit BTC/USDT:USDT --duration 1", account: "linear" },
  },
  // One ETHUSDT book update never reaches the resync run's socket (the other runs watch other topics).
  fault: { atMs: 1500, inject: (sim) => sim.faults.skipBookUpdate("ETHUSDT", "spot") },
});

describe("dig3 watch against the Bybit simulator", () => {
  test("trades --json: the simulator's spot trades as NDJSON, exit 0", async () => {
    await bybit.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "publicTrade.BTCUSDT",
      rowsOf: (frame: { data: { i: string }[] }) => frame.data,
      idOf: (row) => row.i,
      ids: "rising",
    });
  });

  test("orderbook --json: a snapshot first, then deltas chained u + 1, no resync, never crossed", async () => {
    await bybit.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: chainsByPlusOne,
      deltasAbove: 10,
    });
  });

  test("linear USDC perpetual book by its canonical name (BTCPERP on the wire)", async () => {
    expect((await bybit.run("perpBook")).stderr).toContain("(BTCPERP)");
    await bybit.expectBook("perpBook", {
      account: "linear",
      symbol: "BTC/USDC:USDC",
      chain: chainsByPlusOne,
      deltasAbove: 5,
    });
  });

  test("a dropped book update: book_resync, then a fresh snapshot and a clean chain again", async () => {
    await bybit.expectResync("resync", { reason: "sequence gap", chain: chainsByPlusOne });
  });

  test("funding on a linear perpetual comes from the tickers topic, with the next funding time", async () => {
    const events = await bybit.expectEvents("funding", {
      kind: "funding_rate",
      account: "linear",
      symbol: "BTC/USDT:USDT",
    });
    for (const event of events) expect(event.nextFundingTsMs as number).toBeGreaterThan(Date.now());
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    expectRefused(
      await bybit.cli("watch funding bybit BTC/USDT --account spot"),
      "Bybit spot has no funding",
      "hint",
    );
  });
});

describe("REST one-shots against the Bybit simulator", () => {
  test("ticker --json on inverse", async () => {
    await bybit.expectTicker("bybit BTC/USD:BTC --account inverse", "inverse", { symbol: "BTC/USD:BTC" });
  });

  test("book, trades and klines tables", async () => {
    await bybit.expectTables("BTC/USDT");
  });
});
