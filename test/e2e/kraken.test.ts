// Kraken end to end against its simulator: the CLI's live tape and ladder as NDJSON for spot (WebSocket v2, CRC32
// checksums) and futures (v1, seq chain), derivatives from the futures ticker, and at the library level a corrupted
// checksum and a dropped futures update each caught, resynced for that symbol, and recovered.

import { describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { waitFor } from "./run-cli.ts";
import { chainsByPlusOne, expectRefused, useVenueSim, withStation } from "./venue-kit.ts";

/** The CLI runs, started together so the suite waits about one --duration, not one per run. */
const kraken = useVenueSim({
  venue: "kraken",
  seed: 3,
  watches: {
    trades: "trades kraken BTC/USD --duration 2",
    spotBook: "orderbook kraken ETH/USD --duration 2",
    linearBook: "orderbook kraken PF_XBTUSD --account linear --duration 2",
    funding: "funding kraken BTC/USD:BTC --account inverse --duration 2",
  },
});

describe("dig3 watch kraken", () => {
  test("trades --json: the simulator's spot trades, in order, exit 0", async () => {
    await kraken.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USD",
      stream: "trade:BTC/USD",
      rowsOf: (frame: { data: { trade_id: number }[] }) => frame.data,
      idOf: (trade) => String(trade.trade_id),
      ids: "rising",
    });
  });

  test("orderbook --json (spot): snapshot first, deltas with checksums, no resync, never crossed", async () => {
    // More than 10 book events: the snapshot and 10 deltas at least.
    const { events } = await kraken.expectBook("spotBook", {
      account: "spot",
      symbol: "ETH/USD",
      chain: (book) => expect(typeof book.checksum).toBe("number"),
      deltasAbove: 9,
    });
    // Levels keep Kraken's text for the checksum: [price, size, priceText, sizeText].
    const first = events.find((event) => event.kind === "book")!;
    expect((first.bids as unknown[][])[0]).toHaveLength(4);
  });

  test("orderbook --json (linear): PF_ product by its native name, seq + 1 from the snapshot", async () => {
    await kraken.expectBook("linearBook", {
      account: "linear",
      symbol: "BTC/USD:USD",
      chain: chainsByPlusOne,
      deltasAbove: 9,
    });
  });

  test("funding (inverse): from the futures ticker feed", async () => {
    await kraken.expectEvents("funding", { kind: "funding_rate", account: "inverse", symbol: "BTC/USD:BTC" });
  });

  test("wire-absent streams say so, exit 2", async () => {
    expectRefused(
      await kraken.cli("watch kline kraken PF_XBTUSD --account linear", "linear"),
      "no candles feed",
    );
  });
});

/** Waits for book events, injects `fault`, and returns the index of the book_resync that follows, with its reason. */
async function resyncAfter(
  events: MarketEvent[],
  fault: () => void,
): Promise<{ at: number; reason: string }> {
  await waitFor(
    () => events.filter((event) => event.kind === "book").length >= 5,
    5_000,
    "first book events",
  );
  fault();
  await waitFor(() => events.some((event) => event.kind === "book_resync"), 5_000, "resync");
  const at = events.findIndex((event) => event.kind === "book_resync");
  await waitFor(
    () => events.slice(at).some((event) => event.kind === "book" && event.type === "snapshot"),
    5_000,
    "new snapshot",
  );
  return { at, reason: (events[at] as { reason: string }).reason };
}

describe("book verification through the library", () => {
  // Kraken's hub keeps its default reconnect and retry settings here.
  const defaultHub = {};

  test("a corrupted spot checksum → book_resync for that symbol, a fresh snapshot, verified again", async () => {
    const requests = [{ exchange: "kraken", kind: "book" as const, symbol: "SOL/EUR" }];
    await withStation(
      kraken.sim.env("spot"),
      requests,
      async (events) => {
        const { at, reason } = await resyncAfter(events, () =>
          kraken.sim.faults.corruptChecksum("SOL/EUR", "spot"),
        );
        expect(reason).toContain("checksum mismatch");
        const after = events
          .slice(at)
          .findIndex((event) => event.kind === "book" && event.type === "snapshot");
        await waitFor(
          () => events.slice(at + after).filter((event) => event.kind === "book").length >= 5,
          5_000,
          "updates",
        );
        expect(events.filter((event) => event.kind === "book_resync")).toHaveLength(1);
      },
      defaultHub,
    );
  });

  test("a dropped futures update → sequence gap → resync and recovery", async () => {
    const requests = [
      { exchange: "kraken", account: "inverse" as const, kind: "book" as const, symbol: "ETH/USD:ETH" },
    ];
    await withStation(
      kraken.sim.env("inverse"),
      requests,
      async (events) => {
        const { reason } = await resyncAfter(events, () =>
          kraken.sim.faults.skipBookUpdate("PI_ETHUSD", "inverse"),
        );
        expect(reason).toContain("sequence gap");
      },
      defaultHub,
    );
  });
});
