// The CLI end to end against the Coinbase simulator: the live tape (taker sides from the maker's `side`) and the
// level-2 ladder as NDJSON (stream snapshot first, updates chained by the lent per-product sequence, never crossed),
// US futures open interest by REST polling, the socket's only candle interval; and at the library level a message
// lost on the socket that resyncs the book from a fresh snapshot.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import { chainsByPrevSeq, expectRefused, useVenueSim, withRisingSeq, withStation } from "./venue-kit.ts";

const coinbase = useVenueSim({
  venue: "coinbase",
  seed: 11,
  watches: {
    trades: "trades coinbase BTC/USD --duration 2",
    book: "orderbook coinbase BTC-USD --duration 2",
    openInterest: "open-interest coinbase BIP-20DEC30-CDE --account linear --duration 2",
  },
});

interface TruthTrade {
  trade_id: string;
  price: string;
  size: string;
  side: "BUY" | "SELL";
}

describe("dig3 watch against coinbase", () => {
  test("trades --json: exactly the simulator's fills, in order, taker side opposite to the maker's", async () => {
    await coinbase.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USD",
      stream: "market_trades:BTC-USD",
      rowsOf: (frame: { trades: TruthTrade[] }) => frame.trades,
      idOf: (trade) => trade.trade_id,
      // Every fill sent while dig3 listened, none from the subscribe snapshot (history) and none invented.
      ids: "sent-order",
      reported: (fill) => ({
        price: Number(fill.price),
        size: Number(fill.size),
        side: fill.side === "SELL" ? "buy" : "sell",
      }),
    });
  });

  test("orderbook --json: the stream snapshot first, every update chains to the previous one, never crossed", async () => {
    // More than 20 book events: the snapshot and 20 updates at least.
    await coinbase.expectBook("book", {
      account: "spot",
      symbol: "BTC/USD",
      chain: withRisingSeq(chainsByPrevSeq),
      deltasAbove: 19,
    });
  });

  test("US futures: open interest polled from the product row, in contracts", async () => {
    const events = await coinbase.expectEvents("openInterest", {
      kind: "open_interest",
      account: "linear",
      symbol: "BIP/USD:USD-301220",
    });
    for (const event of events) expect(event.openInterest as number).toBeGreaterThan(100_000);
  });

  test("klines: the socket has 5m only; another interval is a usage error (exit 2)", async () => {
    expectRefused(await coinbase.cli("watch kline coinbase BTC/USD --interval 1m --duration 1"), "5m");
  });
});

test("library: a message lost on the socket resyncs the book from a fresh snapshot that chains again", async () => {
  const requests = [{ exchange: "coinbase", kind: "book" as const, symbol: "ETH/USD" }];
  await withStation(coinbase.sim.env("spot"), requests, async (events) => {
    const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1 && events.length >= 5, 5_000, "first snapshot and updates");
    coinbase.sim.faults.skipBookUpdate("ETH-USD", "spot");
    await waitFor(() => snapshots() >= 2, 5_000, "snapshot after the resync");
    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs.length).toBe(1);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    const at = events.findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book").length >= 5,
      5_000,
      "updates after it",
    );
    let lastSeq = (events[at] as { seq: number }).seq;
    for (const event of events.slice(at + 1)) {
      if (event.kind !== "book") continue;
      expect(event.prevSeq).toBe(lastSeq);
      lastSeq = event.seq!;
    }
  });
});
