// The CLI end to end against the Deribit simulator: the inverse perpetual's tape and the spot ladder as NDJSON
// (snapshot from the stream, changes chained by prev_change_id, never crossed), funding from the ticker, and at the
// library level a skipped change and a dropped socket that each resync the book from a fresh stream snapshot, with
// the server's test_request heartbeats answered by public/test.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
/** The 2-second CLI runs, started together so the venue's suite stays short. */
let runs: { trades: CliResult; book: CliResult; funding: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "deribit", tickMs: 20, seed: 7 });
  const [trades, book, funding] = await Promise.all([
    runCli(
      ["watch", "trades", "deribit", "BTC-PERPETUAL", "--account", "inverse", "--duration", "2", "--json"],
      {
        env: sim.env("inverse"),
      },
    ),
    runCli(["watch", "orderbook", "deribit", "BTC/USDC", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    runCli(
      ["watch", "funding", "deribit", "BTC/USDC:USDC", "--account", "linear", "--duration", "2", "--json"],
      {
        env: sim.env("linear"),
      },
    ),
  ]);
  runs = { trades, book, funding };
});

afterAll(async () => {
  await sim.close();
});

describe("dig3 watch against deribit", () => {
  test("trades --json: the simulator's trades in trade_seq order, taker side from `direction`", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map(
      (sim.sentFrames("trades.BTC-PERPETUAL.100ms", "inverse").flat() as Record<string, unknown>[]).map(
        (row) => [row.trade_id as string, row],
      ),
    );
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "deribit",
        account: "inverse",
        symbol: "BTC/USD:BTC",
      });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.direction as string);
      expect(event.price).toBe(truth!.price as number);
      expect(event.size).toBe(truth!.amount as number);
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
    }
  });

  test("orderbook --json: the stream's snapshot first, every change chains, no resync, never crossed", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USDC", account: "spot" });
    expect(books.filter((e) => e.type === "snapshot")).toHaveLength(1);
    expect(books.length).toBeGreaterThan(20);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let lastSeq = 0;
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

  test("funding on the linear perpetual: funding_8h from the ticker channel", () => {
    const result = runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(3);
    const rates = new Set(
      (sim.sentFrames("ticker.BTC_USDC-PERPETUAL.100ms", "linear") as { funding_8h: number }[]).map(
        (t) => t.funding_8h,
      ),
    );
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "BTC/USDC:USDC" });
      expect(rates.has(event.rate as number)).toBe(true);
    }
  });

  test("aggregate trades are wire-absent, with the alternative named (exit 2)", async () => {
    const result = await runCli(["watch", "agg-trades", "deribit", "BTC-PERPETUAL", "--account", "inverse"], {
      env: sim.env("inverse"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("use trades");
  });
});

test("library: a skipped change and a dropped socket each resync the book from a new stream snapshot", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("inverse"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "deribit", account: "inverse", kind: "book", symbol: "ETH-PERPETUAL" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  const snapshots = () => events.filter((e) => e.kind === "book" && e.type === "snapshot").length;
  try {
    await waitFor(() => snapshots() >= 1, 5_000, "first snapshot");
    await waitFor(() => events.filter((e) => e.kind === "book").length >= 5, 5_000, "changes");
    sim.faults.skipBookUpdate("ETH-PERPETUAL", "inverse");
    await waitFor(() => snapshots() >= 2, 5_000, "snapshot after the gap");
    sim.faults.dropNow();
    await waitFor(() => snapshots() >= 3, 5_000, "snapshot after the reconnect");
    const at = events.findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () => events.slice(at).filter((e) => e.kind === "book").length >= 5,
      5_000,
      "changes after it",
    );
    // The server's test_request heartbeats (every 50 ticks here) were answered with public/test.
    await waitFor(
      () =>
        sim.stats.clientFrames.some(
          (frame) => frame.includes('"public/test"') && frame.includes("9000000001"),
        ),
      3_000,
      "a public/test answer",
    );

    const resyncs = events.filter((e) => e.kind === "book_resync");
    expect(resyncs).toHaveLength(2);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    expect(resyncs[1]!.kind === "book_resync" && resyncs[1]!.reason).toStartWith("reconnected");
    // After every snapshot each change chains from the one before; the book never crosses.
    let lastSeq: number | undefined;
    for (const event of events) {
      if (event.kind === "book_resync") lastSeq = undefined;
      if (event.kind !== "book") continue;
      if (event.type === "delta") expect(event.prevSeq).toBe(lastSeq!);
      lastSeq = event.seq;
    }
    // set_heartbeat went out again with the replayed subscription after the reconnect.
    expect(
      sim.stats.clientFrames.filter((frame) => frame.includes('"public/set_heartbeat"')).length,
    ).toBeGreaterThanOrEqual(2);
  } finally {
    await handle.close();
    await station.close();
  }
});
