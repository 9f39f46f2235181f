// dig3 end to end against the Bitfinex simulator: the CLI's live tape and ladder as NDJSON (trade ids from the
// simulator's ground truth; a snapshot, then updates chained by SEQ_ALL and checked by CRC32, never crossed), and the
// library catching a corrupted checksum (that book alone resyncs) and a lost SEQ_ALL number (the connection's books
// resync), each with a fresh snapshot on the same socket.

import { describe, expect, test } from "bun:test";
import { waitFor } from "./run-cli.ts";
import { chainsByPrevSeq, useVenueSim, withStation } from "./venue-kit.ts";

const bitfinex = useVenueSim({
  venue: "bitfinex",
  seed: 9,
  watches: {
    trades: "trades bitfinex BTC/USDT --duration 2",
    book: "orderbook bitfinex BTC/USD --duration 2",
    linearBook: "orderbook bitfinex BTC/USDT:USDT --account linear --duration 2",
  },
});

describe("dig3 watch against the Bitfinex simulator", () => {
  test("trades and orderbook --json (run side by side)", async () => {
    // The tape: every trade is one the simulator sent (`te`, never doubled by `tu`), in order.
    await bitfinex.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "trades:tBTCUST",
      rowsOf: (row: number[]) => [row],
      idOf: (row) => String(row[0]),
      ids: "rising",
    });

    // The ladder: a snapshot first, then updates each naming the previous one, checksums on the way, no resync.
    for (const [run, symbol, account] of [
      ["book", "BTC/USD", "spot"],
      ["linearBook", "BTC/USDT:USDT", "linear"],
    ] as const) {
      // More than 20 book events: the snapshot and 20 updates at least.
      const { events } = await bitfinex.expectBook(run, {
        account,
        symbol,
        chain: chainsByPrevSeq,
        deltasAbove: 19,
      });
      expect(events.filter((event) => typeof event.checksum === "number").length).toBeGreaterThan(10);
    }
  });
});

describe("the library against the Bitfinex simulator", () => {
  test("a corrupted checksum resyncs that book alone; a lost frame resyncs the books of its connection", async () => {
    const { sim } = bitfinex;
    const connectionsBefore = sim.stats.connections;
    const requests = [
      { exchange: "bitfinex", kind: "book" as const, symbol: "ETH/USD" },
      { exchange: "bitfinex", kind: "book" as const, symbol: "BTC/USD" },
      { exchange: "bitfinex", kind: "trade" as const, symbol: "BTC/USD" },
    ];
    await withStation(sim.env("spot"), requests, async (events) => {
      const snapshotsOf = (symbol: string) =>
        events.filter((e) => e.kind === "book" && e.type === "snapshot" && e.symbol === symbol).length;
      const resyncsOf = (symbol: string) =>
        events.flatMap((e) => (e.kind === "book_resync" && e.symbol === symbol ? [e.reason] : []));
      await waitFor(
        () => snapshotsOf("ETH/USD") === 1 && snapshotsOf("BTC/USD") === 1,
        5_000,
        "both snapshots",
      );
      await Bun.sleep(100);
      sim.faults.corruptChecksum("tETHUSD");
      await waitFor(() => resyncsOf("ETH/USD").length === 1, 5_000, "checksum resync");
      expect(resyncsOf("ETH/USD")[0]).toContain("checksum mismatch");
      // The channel shares its socket, so the re-subscribe meets Bitfinex's "dup" and parse drives unsubscribe +
      // subscribe: a fresh snapshot arrives on the same connection.
      await waitFor(() => snapshotsOf("ETH/USD") === 2, 5_000, "ETH re-snapshot");
      expect(resyncsOf("BTC/USD")).toEqual([]);
      await Bun.sleep(100);
      // SEQ_ALL counts the connection: a lost number cannot be told to belong to one book, so each book on the
      // socket resyncs at its next frame (the connection's trades are not affected).
      sim.faults.skipBookUpdate("tETHUSD");
      await waitFor(
        () => resyncsOf("ETH/USD").length === 2 && resyncsOf("BTC/USD").length === 1,
        5_000,
        "sequence resyncs",
      );
      expect(resyncsOf("ETH/USD")[1]).toContain("sequence gap");
      expect(resyncsOf("BTC/USD")[0]).toContain("sequence gap");
      await waitFor(
        () => snapshotsOf("ETH/USD") === 3 && snapshotsOf("BTC/USD") === 2,
        5_000,
        "fresh snapshots",
      );
      const at = events.length;
      await waitFor(
        () =>
          events
            .slice(at)
            .filter((e) => e.kind === "book" && e.symbol === "ETH/USD" && e.checksum !== undefined).length >=
          5,
        5_000,
        "verified ETH updates after the resyncs",
      );
      expect(sim.stats.connections - connectionsBefore).toBe(1);
      const trades = events.filter((e) => e.kind === "trade");
      expect(trades.length).toBeGreaterThan(0);
    });
  });
});
