// The CLI end to end against the Gate.io simulator: the live tape and the ladder as NDJSON (spot and a USDT-settled
// perpetual: REST snapshot id bridged to the U/u chain), a lost book update that must resync from a fresh snapshot,
// open interest fanned out of futures.tickers on the BTC-settled account, wire-absent kinds, REST one-shots.

import { describe, expect, test } from "bun:test";
import { bridgesThenChains, expectRefused, useVenueSim } from "./venue-kit.ts";

const gateio = useVenueSim({
  venue: "gateio",
  seed: 17,
  watches: {
    trades: "trades gateio BTC/USDT --duration 2",
    book: "orderbook gateio BTC_USDT --duration 2",
    swapBook: "orderbook gateio BTC/USDT:USDT --account linear --duration 2",
    resync: "orderbook gateio ETH/USDT --duration 3",
    openInterest: "open-interest gateio BTC/USD:BTC --account inverse --duration 2",
  },
  // One ETH_USDT book update never reaches the resync run's socket (the other runs watch other books).
  fault: { atMs: 1500, inject: (sim) => sim.faults.skipBookUpdate("ETH_USDT", "spot") },
});

describe("dig3 watch against the Gate.io simulator", () => {
  test("trades --json: every spot.trades message as NDJSON, ids from the ground truth, exit 0", async () => {
    await gateio.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "spot.trades:BTC_USDT",
      rowsOf: (frame: { result: { id: number } }) => [frame.result],
      idOf: (row) => String(row.id),
      ids: "consecutive",
    });
  });

  test("orderbook --json (native name): the REST snapshot first, then U/u-chained updates, never crossed", async () => {
    await gateio.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: bridgesThenChains,
      snapshots: "any",
      deltasAbove: 10,
    });
  });

  test("a USDT-settled perpetual's book by its canonical name (BTC_USDT on /v4/ws/usdt)", async () => {
    const { events } = await gateio.expectBook("swapBook", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: bridgesThenChains,
      snapshots: "any",
      deltasAbove: 5,
    });
    // Sizes are whole contracts.
    const sizes = events.flatMap((event) => (event.bids as [number, number][]).map(([, size]) => size));
    expect(sizes.every(Number.isInteger)).toBe(true);
  });

  test("a lost update: book_resync, then a fresh snapshot and a clean chain again", async () => {
    await gateio.expectResync("resync", {
      reason: "sequence gap",
      chain: bridgesThenChains,
      snapshotsBefore: "any",
    });
  });

  test("open interest on the BTC-settled perpetual, from futures.tickers, in contracts", async () => {
    const events = await gateio.expectEvents("openInterest", {
      kind: "open_interest",
      account: "inverse",
      symbol: "BTC/USD:BTC",
    });
    for (const event of events) expect(Number.isInteger(event.openInterest)).toBe(true);
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    expectRefused(
      await gateio.cli("watch liquidations gateio BTC/USDT --account spot"),
      "Gate spot has no public liquidations",
      "hint",
    );
  });
});

describe("REST one-shots against the Gate.io simulator", () => {
  test("ticker --json on a USDT-settled perpetual", async () => {
    await gateio.expectTicker("gateio BTC/USDT:USDT --account linear", "linear", { symbol: "BTC/USDT:USDT" });
  });

  test("book, trades and klines tables", async () => {
    await gateio.expectTables("BTC/USDT");
  });
});
