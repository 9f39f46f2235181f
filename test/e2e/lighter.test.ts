// The CLI end to end against the Lighter simulator: BTC perpetual trades (BTC resolved to market 1 through
// GET /api/v1/orderBooks) and the ETH/USDC spot book (market 2048) as NDJSON — snapshot first, updates chained by
// nonce, never crossed, no resync — and a skipped book update caught as a gap and resynced.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
let runs: { trades: CliResult; book: CliResult; funding: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "lighter", tickMs: 20, seed: 7 });
  const [trades, book, funding] = await Promise.all([
    runCli(["watch", "trades", "lighter", "BTC", "--account", "linear", "--duration", "2", "--json"], {
      env: sim.env("linear"),
    }),
    runCli(["watch", "orderbook", "lighter", "ETH/USDC", "--account", "spot", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    runCli(
      ["watch", "funding", "lighter", "ETH/USDC:USDC", "--account", "linear", "--duration", "2", "--json"],
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

describe("dig3 watch against lighter", () => {
  test("trades --json: the simulator's trades, taker side from is_maker_ask, trade_id as the id", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map(
      (sim.sentFrames("trade/1", "linear").flat() as Record<string, unknown>[]).map((row) => [
        String(row.trade_id),
        row,
      ]),
    );
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "lighter",
        account: "linear",
        symbol: "BTC/USDC:USDC",
      });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.is_maker_ask ? "buy" : "sell");
      expect(event.price).toBe(Number(truth!.price));
      expect(event.size).toBe(Number(truth!.size));
    }
  });

  test("orderbook --json: snapshot first, updates chained by nonce, never crossed, no resync", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books.length).toBeGreaterThan(10);
    expect(books[0]).toMatchObject({
      type: "snapshot",
      symbol: "ETH/USDC",
      account: "spot",
      exchange: "lighter",
    });
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    let seq: number | undefined;
    for (const book of books) {
      if (book.type === "snapshot") {
        bids.clear();
        asks.clear();
      } else {
        expect(book.prevSeq).toBe(seq);
      }
      seq = book.seq as number;
      for (const [price, size] of book.bids as [number, number][])
        size === 0 ? bids.delete(price) : bids.set(price, size);
      for (const [price, size] of book.asks as [number, number][])
        size === 0 ? asks.delete(price) : asks.set(price, size);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
    expect(books.filter((b) => b.type === "snapshot")).toHaveLength(1);
  });
});

describe("dig3 watch funding against lighter", () => {
  test("funding from market_stats: the percent on the wire as a fraction, next funding on the hour", () => {
    const result = runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(2);
    const rates = new Set(
      (sim.sentFrames("market_stats/0", "linear") as { current_funding_rate: string }[]).map(
        (f) => Number(f.current_funding_rate) / 100,
      ),
    );
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "ETH/USDC:USDC" });
      expect(rates.has(event.rate as number)).toBe(true);
      expect((event.nextFundingTsMs as number) % 3_600_000).toBe(0);
    }
  });
});

test("library: a skipped book update is caught as a nonce gap, resynced, and the book comes back", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("linear"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "lighter", account: "linear", kind: "book", symbol: "BTC/USDC:USDC" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  const books = () => events.filter((e) => e.kind === "book").length;
  try {
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
  } finally {
    await handle.close();
    await station.close();
  }
}, 15_000);
