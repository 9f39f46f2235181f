// The CLI end to end against the Coinbase simulator: the live tape (taker sides from the maker's `side`) and the
// level-2 ladder as NDJSON (stream snapshot first, updates chained by the lent per-product sequence, never crossed),
// US futures open interest by REST polling, the socket's only candle interval; and at the library level a message
// lost on the socket that resyncs the book from a fresh snapshot.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
/** The 2-second CLI runs, started together so the venue's suite stays short. */
let runs: { trades: CliResult; book: CliResult; openInterest: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "coinbase", tickMs: 20, seed: 11 });
  const [trades, book, openInterest] = await Promise.all([
    runCli(["watch", "trades", "coinbase", "BTC/USD", "--duration", "2", "--json"], { env: sim.env("spot") }),
    runCli(["watch", "orderbook", "coinbase", "BTC-USD", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    runCli(
      [
        "watch",
        "open-interest",
        "coinbase",
        "BIP-20DEC30-CDE",
        "--account",
        "linear",
        "--duration",
        "2",
        "--json",
      ],
      { env: sim.env("linear") },
    ),
  ]);
  runs = { trades, book, openInterest };
});

afterAll(async () => {
  await sim.close();
});

interface TruthTrade {
  trade_id: string;
  price: string;
  size: string;
  side: "BUY" | "SELL";
}

describe("dig3 watch against coinbase", () => {
  test("trades --json: exactly the simulator's fills, in order, taker side opposite to the maker's", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const truth = sim
      .sentFrames("market_trades:BTC-USD", "spot")
      .flatMap((frame) => (frame as { trades: TruthTrade[] }).trades);
    // Every fill sent while dig3 listened, none from the subscribe snapshot (history) and none invented.
    const firstId = events[0]!.tradeId as string;
    const sent = truth.slice(truth.findIndex((trade) => trade.trade_id === firstId));
    expect(events.map((event) => event.tradeId)).toEqual(sent.slice(0, events.length).map((t) => t.trade_id));
    events.forEach((event, i) => {
      const fill = sent[i]!;
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "coinbase",
        account: "spot",
        symbol: "BTC/USD",
        price: Number(fill.price),
        size: Number(fill.size),
        side: fill.side === "SELL" ? "buy" : "sell",
      });
    });
  });

  test("orderbook --json: the stream snapshot first, every update chains to the previous one, never crossed", () => {
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
    let lastSeq = -1;
    for (const book of books) {
      if (book.type === "delta") expect(book.prevSeq).toBe(lastSeq);
      expect(book.seq as number).toBeGreaterThan(lastSeq);
      lastSeq = book.seq as number;
      for (const [price, size] of book.bids as [number, number][])
        size === 0 ? bids.delete(price) : bids.set(price, size);
      for (const [price, size] of book.asks as [number, number][])
        size === 0 ? asks.delete(price) : asks.set(price, size);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
  });

  test("US futures: open interest polled from the product row, in contracts", () => {
    const result = runs.openInterest;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "open_interest",
        exchange: "coinbase",
        account: "linear",
        symbol: "BIP/USD:USD-301220",
      });
      expect(event.openInterest as number).toBeGreaterThan(100_000);
    }
  });

  test("klines: the socket has 5m only; another interval is a usage error (exit 2)", async () => {
    const result = await runCli(
      ["watch", "kline", "coinbase", "BTC/USD", "--interval", "1m", "--duration", "1"],
      {
        env: sim.env("spot"),
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("5m");
  });
});

test("library: a message lost on the socket resyncs the book from a fresh snapshot that chains again", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("spot"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "coinbase", kind: "book", symbol: "ETH/USD" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  try {
    const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
    await waitFor(() => snapshots() >= 1 && events.length >= 5, 5_000, "first snapshot and updates");
    sim.faults.skipBookUpdate("ETH-USD", "spot");
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
  } finally {
    await station.close();
  }
});
