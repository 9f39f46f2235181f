// The CLI end to end against the Crypto.com simulator: the spot tape and the perpetual's ladder as NDJSON (snapshot
// from the stream, deltas chained by u/pu, never crossed), the mark price paired with its index, and at the library
// level a skipped delta and a dropped socket that each resync the book from a fresh stream snapshot, with the
// server's heartbeats answered by public/respond-heartbeat.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the venue's suite stays short (each waits 1 s before subscribing). */
let runs: { trades: CliResult; book: CliResult; mark: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "cryptocom", tickMs: 20, seed: 7 });
  const [trades, book, mark] = await Promise.all([
    runCli(["watch", "trades", "cryptocom", "BTC_USDT", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    runCli(
      ["watch", "orderbook", "cryptocom", "BTC/USD:USD", "--account", "linear", "--duration", "2", "--json"],
      {
        env: sim.env("linear"),
      },
    ),
    runCli(
      ["watch", "mark", "cryptocom", "ETHUSD-PERP", "--account", "linear", "--duration", "2", "--json"],
      {
        env: sim.env("linear"),
      },
    ),
  ]);
  runs = { trades, book, mark };
});

afterAll(async () => {
  await sim.close();
});

describe("dig3 watch against cryptocom", () => {
  test("trades --json: the simulator's trades, oldest first, taker side from `s`, ids as text", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = sim.sentFrames("trade.BTC_USDT", "spot").flat() as Record<string, unknown>[];
    const truth = new Map(sent.map((row) => [row.d as string, row]));
    let previous = -1;
    let matched = 0;
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "cryptocom",
        account: "spot",
        symbol: "BTC/USDT",
      });
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
      const row = truth.get(event.tradeId as string);
      // Trades from before the subscription (the venue's last-50 on subscribe) are not in the live ground truth.
      if (!row) continue;
      matched++;
      expect(event.side).toBe((row.s as string).toLowerCase());
      expect(event.price).toBe(Number(row.p));
      expect(event.size).toBe(Number(row.q));
      expect(event.tsMs).toBe(row.t as number);
    }
    expect(matched).toBeGreaterThan(10);
    // Every live trade sent while the CLI listened reached it.
    const seen = new Set(events.map((event) => event.tradeId as string));
    const firstSeen = sent.findIndex((row) => seen.has(row.d as string));
    const lastSeen = sent.findLastIndex((row) => seen.has(row.d as string));
    for (const row of sent.slice(firstSeen, lastSeen + 1)) expect(seen.has(row.d as string)).toBe(true);
  });

  test("orderbook --json: the stream's snapshot first, every delta chains by pu, no resync, never crossed", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USD:USD", account: "linear" });
    expect(books.filter((e) => e.type === "snapshot")).toHaveLength(1);
    expect(books.length).toBeGreaterThan(10);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let lastSeq = 0;
    for (const book of books) {
      if (book.type === "delta") expect(book.prevSeq).toBe(lastSeq);
      expect(book.seq as number).toBeGreaterThanOrEqual(lastSeq);
      expect(book).not.toHaveProperty("checksum");
      lastSeq = book.seq as number;
      for (const [price, size] of book.bids as [number, number][])
        size === 0 ? bids.delete(price) : bids.set(price, size);
      for (const [price, size] of book.asks as [number, number][])
        size === 0 ? asks.delete(price) : asks.set(price, size);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
      expect(bids.size).toBeLessThanOrEqual(50);
      expect(asks.size).toBeLessThanOrEqual(50);
    }
  });

  test("mark --json on the perpetual: mark.* values, paired with index.ETHUSD-INDEX", () => {
    const result = runs.mark;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(3);
    const marks = new Set(
      (sim.sentFrames("mark.ETHUSD-PERP", "linear").flat() as { v: string }[]).map((m) => Number(m.v)),
    );
    const indexes = new Set(
      (sim.sentFrames("index.ETHUSD-INDEX", "linear").flat() as { v: string }[]).map((i) => Number(i.v)),
    );
    for (const event of events) {
      expect(event).toMatchObject({ kind: "mark_price", account: "linear", symbol: "ETH/USD:USD" });
      expect(marks.has(event.markPrice as number)).toBe(true);
      expect(indexes.has(event.indexPrice as number)).toBe(true);
    }
  });

  test("aggregate trades are wire-absent, with the alternative named (exit 2)", async () => {
    const result = await runCli(["watch", "agg-trades", "cryptocom", "BTC_USDT"], { env: sim.env("spot") });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("use trades");
  });
});

test("library: a skipped delta and a dropped socket each resync the book from a new stream snapshot", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("spot"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "cryptocom", account: "spot", kind: "book", symbol: "ETH/USDT" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
  try {
    await waitFor(() => snapshots() >= 1, 5_000, "first snapshot");
    await waitFor(() => events.filter((e) => e.kind === "book").length >= 5, 5_000, "deltas");
    sim.faults.skipBookUpdate("ETH_USDT", "spot");
    await waitFor(() => snapshots() >= 2, 5_000, "snapshot after the gap");
    sim.faults.dropNow();
    await waitFor(() => snapshots() >= 3, 8_000, "snapshot after the reconnect");
    const at = events.findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book").length >= 5,
      5_000,
      "deltas after it",
    );
    // The server's heartbeats (every 50 ticks here) were answered with public/respond-heartbeat and the same id.
    await waitFor(
      () =>
        sim.stats.clientFrames.some((frame) =>
          /^\{"id":\d+,"method":"public\/respond-heartbeat"\}$/.test(frame),
        ),
      3_000,
      "a heartbeat answer",
    );

    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs).toHaveLength(2);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    expect(resyncs[1]!.kind === "book_resync" && resyncs[1]!.reason).toStartWith("reconnected");
    // After every snapshot each delta chains from the one before; the book never crosses.
    let lastSeq: number | undefined;
    for (const event of events) {
      if (event.kind === "book_resync") lastSeq = undefined;
      if (event.kind !== "book") continue;
      if (event.type === "delta") expect(event.prevSeq).toBe(lastSeq!);
      lastSeq = event.seq;
    }
    // Each resync subscribed the channel again (on a fresh socket, as it was the socket's only stream), with a nonce.
    const bookFrames = sim.stats.clientFrames.filter((frame) => frame.includes("book.ETH_USDT.50"));
    expect(
      sim.stats.subscribeFrames.filter((frame) => frame.includes("book.ETH_USDT.50")).length,
    ).toBeGreaterThanOrEqual(3);
    for (const frame of bookFrames) expect(JSON.parse(frame).nonce).toBeGreaterThan(0);
  } finally {
    await handle.close();
    await station.close();
  }
}, 30_000);
