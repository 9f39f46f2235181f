// dig3 end to end against the Bitfinex simulator: the CLI's live tape and ladder as NDJSON (trade ids from the
// simulator's ground truth; a snapshot, then updates chained by SEQ_ALL and checked by CRC32, never crossed), and the
// library catching a corrupted checksum (that book alone resyncs) and a lost SEQ_ALL number (the connection's books
// resync), each with a fresh snapshot on the same socket.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;

beforeAll(async () => {
  sim = await startSim({ venue: "bitfinex", tickMs: 20, seed: 9 });
});

afterAll(async () => {
  await sim.close();
});

/** Replays book events as a client would and checks the ladder never crosses. */
function assertNeverCrossed(books: Record<string, unknown>[]): void {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (const book of books) {
    if (book.type === "snapshot") {
      bids.clear();
      asks.clear();
    }
    for (const [price, size] of book.bids as [number, number][])
      size === 0 ? bids.delete(price) : bids.set(price, size);
    for (const [price, size] of book.asks as [number, number][])
      size === 0 ? asks.delete(price) : asks.set(price, size);
    expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
  }
}

describe("dig3 watch against the Bitfinex simulator", () => {
  test("trades and orderbook --json (run side by side)", async () => {
    const [trades, book, linearBook] = await Promise.all([
      runCli(["watch", "trades", "bitfinex", "BTC/USDT", "--duration", "2", "--json"], {
        env: sim.env("spot"),
      }),
      runCli(["watch", "orderbook", "bitfinex", "BTC/USD", "--duration", "2", "--json"], {
        env: sim.env("spot"),
      }),
      runCli(
        [
          "watch",
          "orderbook",
          "bitfinex",
          "BTC/USDT:USDT",
          "--account",
          "linear",
          "--duration",
          "2",
          "--json",
        ],
        {
          env: sim.env("linear"),
        },
      ),
    ]);

    // The tape: every trade is one the simulator sent (`te`, never doubled by `tu`), in order.
    expect(trades.stderr).not.toContain("error");
    expect(trades.code).toBe(0);
    const tape = parseNdjson(trades.stdout);
    expect(tape.length).toBeGreaterThan(10);
    const sent = new Set(sim.sentFrames("trades:tBTCUST", "spot").map((row) => String((row as number[])[0])));
    let previous = -1;
    for (const event of tape) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "bitfinex",
        account: "spot",
        symbol: "BTC/USDT",
      });
      expect(sent.has(event.tradeId as string)).toBe(true);
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
    }

    // The ladder: a snapshot first, then updates each naming the previous one, checksums on the way, no resync.
    for (const [result, symbol, account] of [
      [book, "BTC/USD", "spot"],
      [linearBook, "BTC/USDT:USDT", "linear"],
    ] as const) {
      expect(result.code).toBe(0);
      const events = parseNdjson(result.stdout);
      expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
      const books = events.filter((event) => event.kind === "book");
      expect(books[0]).toMatchObject({ type: "snapshot", symbol, account });
      expect(books.length).toBeGreaterThan(20);
      let lastSeq = books[0]!.seq as number;
      for (const event of books.slice(1)) {
        expect(event.type).toBe("delta");
        expect(event.prevSeq).toBe(lastSeq);
        lastSeq = event.seq as number;
      }
      expect(books.filter((event) => typeof event.checksum === "number").length).toBeGreaterThan(10);
      assertNeverCrossed(books);
    }
  });
});

function collect(iterable: AsyncIterable<MarketEvent>): MarketEvent[] {
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of iterable) events.push(event);
  })();
  return events;
}

describe("the library against the Bitfinex simulator", () => {
  test("a corrupted checksum resyncs that book alone; a lost frame resyncs the books of its connection", async () => {
    const connectionsBefore = sim.stats.connections;
    const station = Station.builder()
      .hub({ env: sim.env("spot"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
      .build();
    const { failed, handle } = await station.subscribe([
      { exchange: "bitfinex", kind: "book", symbol: "ETH/USD" },
      { exchange: "bitfinex", kind: "book", symbol: "BTC/USD" },
      { exchange: "bitfinex", kind: "trade", symbol: "BTC/USD" },
    ]);
    expect(failed).toEqual([]);
    const events = collect(handle);
    const snapshotsOf = (symbol: string) =>
      events.filter((e) => e.kind === "book" && e.type === "snapshot" && e.symbol === symbol).length;
    const resyncsOf = (symbol: string) =>
      events.flatMap((e) => (e.kind === "book_resync" && e.symbol === symbol ? [e.reason] : []));
    try {
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
    } finally {
      await handle.close();
      await station.close();
    }
  });
});
