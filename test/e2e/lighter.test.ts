// The CLI end to end against the Lighter simulator: BTC perpetual trades (BTC resolved to market 1 through
// GET /api/v1/orderBooks) and the ETH/USDC spot book (market 2048) as NDJSON — snapshot first, updates chained by
// nonce, never crossed, no resync — and a skipped book update caught as a gap and resynced.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import { chainsByPrevSeq, useVenueSim, withStation } from "./venue-kit.ts";

const lighter = useVenueSim({
  venue: "lighter",
  seed: 7,
  watches: {
    trades: "trades lighter BTC --account linear --duration 2",
    book: "orderbook lighter ETH/USDC --account spot --duration 2",
    funding: "funding lighter ETH/USDC:USDC --account linear --duration 2",
  },
});

describe("dig3 watch against lighter", () => {
  test("trades --json: the simulator's trades, taker side from is_maker_ask, trade_id as the id", async () => {
    await lighter.expectTape("trades", {
      account: "linear",
      symbol: "BTC/USDC:USDC",
      stream: "trade/1",
      rowsOf: (frame: { trade_id: number; is_maker_ask: boolean; price: string; size: string }[]) => frame,
      idOf: (row) => String(row.trade_id),
      ids: "unique",
      reported: (row) => ({
        side: row.is_maker_ask ? "buy" : "sell",
        price: Number(row.price),
        size: Number(row.size),
      }),
    });
  });

  test("orderbook --json: snapshot first, updates chained by nonce, never crossed, no resync", async () => {
    // More than 10 book events: the snapshot and 10 updates at least.
    await lighter.expectBook("book", {
      account: "spot",
      symbol: "ETH/USDC",
      chain: chainsByPrevSeq,
      deltasAbove: 9,
    });
  });
});

describe("dig3 watch funding against lighter", () => {
  test("funding from market_stats: the percent on the wire as a fraction, next funding on the hour", async () => {
    const events = await lighter.expectEvents(
      "funding",
      { kind: "funding_rate", account: "linear", symbol: "ETH/USDC:USDC" },
      2,
    );
    const rates = new Set(
      (lighter.sim.sentFrames("market_stats/0", "linear") as { current_funding_rate: string }[]).map(
        (f) => Number(f.current_funding_rate) / 100,
      ),
    );
    for (const event of events) {
      expect(rates.has(event.rate as number)).toBe(true);
      expect((event.nextFundingTsMs as number) % 3_600_000).toBe(0);
    }
  });
});

test("library: a skipped book update is caught as a nonce gap, resynced, and the book comes back", async () => {
  const { sim } = lighter;
  const requests = [
    { exchange: "lighter", account: "linear" as const, kind: "book" as const, symbol: "BTC/USDC:USDC" },
  ];
  await withStation(sim.env("linear"), requests, async (events) => {
    const books = () => events.filter((e) => e.kind === "book").length;
    await waitFor(() => books() >= 5, 5_000, "book updates");
    sim.faults.skipBookUpdate("1", "linear");
    await waitFor(() => events.some((e) => e.kind === "book_resync"), 5_000, "the resync");
    const resync = events.find((e) => e.kind === "book_resync");
    expect(resync).toMatchObject({ exchange: "lighter", symbol: "BTC/USDC:USDC" });
    expect(resync?.kind === "book_resync" && resync.reason).toContain("sequence gap");
    const resyncAt = events.findIndex((e) => e.kind === "book_resync");
    await waitFor(
      () => events.slice(resyncAt).some((e) => e.kind === "book" && e.type === "snapshot"),
      5_000,
      "a fresh snapshot",
    );
    // The resubscription answered with a new snapshot; updates chain to it again.
    const snapshotAt = events.findIndex((e, i) => i > resyncAt && e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(snapshotAt + 1).some((e) => e.kind === "book"),
      5_000,
      "updates after it",
    );
    expect(events.slice(resyncAt + 1).filter((e) => e.kind === "book_resync")).toEqual([]);
    expect(sim.stats.subscribeFrames.filter((f) => f.includes("order_book/1")).length).toBeGreaterThanOrEqual(
      2,
    );
  });
}, 15_000);
