// The CLI end to end against the HyperLiquid simulator: the BTC perpetual's tape and the HYPE/USDC spot ladder (a
// spot pair resolved to `@107` through spotMeta over POST /info) as NDJSON — every book message a snapshot, never
// crossed, no resync — funding from activeAssetCtx, and a dropped socket resubscribed with its snapshot.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import { expectRefused, useVenueSim, withStation } from "./venue-kit.ts";

const hyperliquid = useVenueSim({
  venue: "hyperliquid",
  seed: 7,
  watches: {
    trades: "trades hyperliquid BTC --account linear --duration 2",
    book: "orderbook hyperliquid HYPE/USDC --account spot --duration 2",
    funding: "funding hyperliquid ETH/USDC:USDC --account linear --duration 2",
  },
});

describe("dig3 watch against hyperliquid", () => {
  test("trades --json: the simulator's trades, taker side from B/A, tid as the trade id", async () => {
    await hyperliquid.expectTape("trades", {
      account: "linear",
      symbol: "BTC/USDC:USDC",
      stream: "trades:BTC",
      rowsOf: (frame: { tid: number; side: string; px: string; sz: string }[]) => frame,
      idOf: (row) => String(row.tid),
      ids: "unique",
      reported: (row) => ({
        side: row.side === "B" ? "buy" : "sell",
        price: Number(row.px),
        size: Number(row.sz),
      }),
    });
  });

  test("orderbook --json: HYPE/USDC resolved to @107; every message a snapshot, never crossed, no resync", async () => {
    const { snapshots, events } = await hyperliquid.expectBook("book", {
      account: "spot",
      symbol: "HYPE/USDC",
      // Every message is the whole top of the book, each side sorted from the touch out.
      chain: (book) => {
        expect(book.type).toBe("snapshot");
        const bids = book.bids as [number, number][];
        const asks = book.asks as [number, number][];
        expect(bids[0]![0]).toBeLessThan(asks[0]![0]);
        for (let i = 1; i < bids.length; i++) expect(bids[i]![0]).toBeLessThan(bids[i - 1]![0]);
        for (let i = 1; i < asks.length; i++) expect(asks[i]![0]).toBeGreaterThan(asks[i - 1]![0]);
      },
      snapshots: "any",
      maxLevelsPerSide: 20,
    });
    expect(snapshots).toBeGreaterThan(10);
    // The pushes after the subscription's first snapshot are the simulator's ground truth.
    const sent = hyperliquid.sim.sentFrames("l2Book:@107", "spot") as { levels: { px: string }[][] }[];
    const sentTops = new Set(sent.map((book) => `${book.levels[0]![0]!.px}|${book.levels[1]![0]!.px}`));
    const books = events.filter((event) => event.kind === "book");
    const matched = books.filter((book) =>
      sentTops.has(
        `${(book.bids as number[][])[0]![0]!.toFixed(3)}|${(book.asks as number[][])[0]![0]!.toFixed(3)}`,
      ),
    );
    expect(matched.length).toBeGreaterThanOrEqual(books.length - 1);
  });

  test("funding on the perpetual: the hourly rate from activeAssetCtx, next funding on the hour", async () => {
    const events = await hyperliquid.expectEvents(
      "funding",
      { kind: "funding_rate", account: "linear", symbol: "ETH/USDC:USDC" },
      2,
    );
    const rates = new Set(
      (hyperliquid.sim.sentFrames("activeAssetCtx:ETH", "linear") as { ctx: { funding: string } }[]).map(
        (f) => Number(f.ctx.funding),
      ),
    );
    for (const event of events) {
      expect(rates.has(event.rate as number)).toBe(true);
      expect((event.nextFundingTsMs as number) % 3_600_000).toBe(0);
    }
  });

  test("liquidations are wire-absent, with the reason (exit 2)", async () => {
    expectRefused(
      await hyperliquid.cli("watch liquidations hyperliquid BTC --account linear", "linear"),
      "liquidated user",
    );
  });
});

test("library: a dropped socket reconnects, resubscribes and the book comes back from the next snapshot", async () => {
  const { sim } = hyperliquid;
  const requests = [
    { exchange: "hyperliquid", account: "linear" as const, kind: "book" as const, symbol: "ETH" },
  ];
  await withStation(sim.env("linear"), requests, async (events) => {
    const books = () => events.filter((e) => e.kind === "book").length;
    await waitFor(() => books() >= 3, 5_000, "snapshots");
    sim.faults.dropNow();
    await waitFor(
      () => events.some((e) => e.kind === "book_resync" || e.kind === "reconnect"),
      5_000,
      "the reconnect",
    );
    const before = books();
    await waitFor(() => books() >= before + 3, 5_000, "snapshots after the reconnect");
    for (const event of events) {
      if (event.kind !== "book") continue;
      expect(event.type).toBe("snapshot");
      expect(event.bids[0]![0]).toBeLessThan(event.asks[0]![0]);
    }
    expect(sim.stats.subscribeFrames.filter((f) => f.includes('"l2Book"')).length).toBeGreaterThanOrEqual(2);
  });
});
