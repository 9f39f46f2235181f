// The CLI end to end against the Bitstamp simulator: the live tape and ladder as NDJSON (book bridged to the REST
// snapshot by microtimestamp, diffs chained, never crossed), perpetual funding, and at the library level a dropped
// socket that resyncs the book from a fresh snapshot.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import { bridgesThenChains, expectRefused, useVenueSim, withRisingSeq, withStation } from "./venue-kit.ts";

const bitstamp = useVenueSim({
  venue: "bitstamp",
  seed: 7,
  watches: {
    trades: "trades bitstamp BTC/USD --duration 2",
    book: "orderbook bitstamp BTC/USD --duration 2",
    mark: "mark bitstamp BTC/USD:USD --account linear --duration 2",
  },
});

describe("dig3 watch against bitstamp", () => {
  test("trades --json: the simulator's trades, in id order, taker side from `type`", async () => {
    await bitstamp.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USD",
      stream: "live_trades_btcusd",
      rowsOf: (frame: { id: number; type: number; price_str: string }) => [frame],
      idOf: (row) => String(row.id),
      ids: "rising",
      reported: (row) => ({ side: row.type === 0 ? "buy" : "sell", price: Number(row.price_str) }),
    });
  });

  test("orderbook --json: a snapshot first, the first diff bridges it, later diffs chain, no resync, never crossed", async () => {
    // More than 20 book events: the snapshot and 20 diffs at least.
    await bitstamp.expectBook("book", {
      account: "spot",
      symbol: "BTC/USD",
      chain: withRisingSeq(bridgesThenChains),
      deltasAbove: 19,
    });
  });

  test("perpetuals: mark price from the funding_rate_ channel", async () => {
    await bitstamp.expectEvents("mark", { kind: "mark_price", account: "linear", symbol: "BTC/USD:USD" });
  });

  test("klines on the socket are wire-absent, with the REST alternative named (exit 2)", async () => {
    expectRefused(await bitstamp.cli("watch kline bitstamp BTC/USD --duration 1"), "/api/v2/ohlc");
  });
});

test("library: a dropped socket resyncs the book from a fresh snapshot that bridges again", async () => {
  const requests = [{ exchange: "bitstamp", kind: "book" as const, symbol: "ETH/USD" }];
  await withStation(bitstamp.sim.env("spot"), requests, async (events) => {
    const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1, 5_000, "first snapshot");
    bitstamp.sim.faults.dropNow();
    await waitFor(() => snapshots() >= 2, 5_000, "snapshot after the reconnect");
    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs.length).toBe(1);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("reconnected");
    const at = events.findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book").length >= 5,
      5_000,
      "diffs after it",
    );
    // Every book event after the new snapshot chains from it; the book never crosses.
    let lastSeq = (events[at] as { seq: number }).seq;
    for (const event of events.slice(at + 1)) {
      if (event.kind !== "book") continue;
      expect(event.seq!).toBeGreaterThan(lastSeq);
      lastSeq = event.seq!;
    }
  });
});
