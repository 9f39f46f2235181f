// The CLI end to end against the Bitstamp simulator: the live tape and ladder as NDJSON (book bridged to the REST
// snapshot by microtimestamp, diffs chained, never crossed), perpetual funding, and at the library level a dropped
// socket that resyncs the book from a fresh snapshot.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
/** The 2-second CLI runs, started together so the venue's suite stays short. */
let runs: { trades: CliResult; book: CliResult; mark: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "bitstamp", tickMs: 20, seed: 7 });
  const [trades, book, mark] = await Promise.all([
    runCli(["watch", "trades", "bitstamp", "BTC/USD", "--duration", "2", "--json"], { env: sim.env("spot") }),
    runCli(["watch", "orderbook", "bitstamp", "BTC/USD", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    runCli(["watch", "mark", "bitstamp", "BTC/USD:USD", "--account", "linear", "--duration", "2", "--json"], {
      env: sim.env("linear"),
    }),
  ]);
  runs = { trades, book, mark };
});

afterAll(async () => {
  await sim.close();
});

describe("dig3 watch against bitstamp", () => {
  test("trades --json: the simulator's trades, in id order, taker side from `type`", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map(
      sim
        .sentFrames("live_trades_btcusd", "spot")
        .map((frame) => frame as { id: number; type: number; price_str: string })
        .map((frame) => [String(frame.id), frame]),
    );
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "bitstamp",
        account: "spot",
        symbol: "BTC/USD",
      });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.type === 0 ? "buy" : "sell");
      expect(event.price).toBe(Number(truth!.price_str));
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
    }
  });

  test("orderbook --json: a snapshot first, the first diff bridges it, later diffs chain, no resync, never crossed", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USD", account: "spot" });
    expect(books.filter((e) => e.type === "snapshot")).toHaveLength(1);
    expect(books.length).toBeGreaterThan(20);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let lastSeq = 0;
    let afterSnapshot = false;
    for (const book of books) {
      const seq = book.seq as number;
      if (book.type === "snapshot") {
        bids.clear();
        asks.clear();
        afterSnapshot = true;
      } else if (afterSnapshot) {
        // Bridge: the diff is newer than the snapshot and follows a diff the snapshot already held.
        expect((book.firstSeq as number) <= lastSeq + 1 && lastSeq + 1 <= seq).toBe(true);
        afterSnapshot = false;
      } else {
        expect(book.firstSeq).toBe(lastSeq + 1);
      }
      expect(seq).toBeGreaterThan(lastSeq);
      lastSeq = seq;
      for (const [price, size] of book.bids as [number, number][])
        size === 0 ? bids.delete(price) : bids.set(price, size);
      for (const [price, size] of book.asks as [number, number][])
        size === 0 ? asks.delete(price) : asks.set(price, size);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
  });

  test("perpetuals: mark price from the funding_rate_ channel", () => {
    const result = runs.mark;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events)
      expect(event).toMatchObject({ kind: "mark_price", account: "linear", symbol: "BTC/USD:USD" });
  });

  test("klines on the socket are wire-absent, with the REST alternative named (exit 2)", async () => {
    const result = await runCli(["watch", "kline", "bitstamp", "BTC/USD", "--duration", "1"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("/api/v2/ohlc");
  });
});

test("library: a dropped socket resyncs the book from a fresh snapshot that bridges again", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("spot"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "bitstamp", kind: "book", symbol: "ETH/USD" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  try {
    const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1, 5_000, "first snapshot");
    sim.faults.dropNow();
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
  } finally {
    await station.close();
  }
});
