// The CLI end to end against the HyperLiquid simulator: the BTC perpetual's tape and the HYPE/USDC spot ladder (a
// spot pair resolved to `@107` through spotMeta over POST /info) as NDJSON — every book message a snapshot, never
// crossed, no resync — funding from activeAssetCtx, and a dropped socket resubscribed with its snapshot.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
let runs: { trades: CliResult; book: CliResult; funding: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "hyperliquid", tickMs: 20, seed: 7 });
  const [trades, book, funding] = await Promise.all([
    runCli(["watch", "trades", "hyperliquid", "BTC", "--account", "linear", "--duration", "2", "--json"], {
      env: sim.env("linear"),
    }),
    runCli(
      ["watch", "orderbook", "hyperliquid", "HYPE/USDC", "--account", "spot", "--duration", "2", "--json"],
      {
        env: sim.env("spot"),
      },
    ),
    runCli(
      [
        "watch",
        "funding",
        "hyperliquid",
        "ETH/USDC:USDC",
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
  runs = { trades, book, funding };
});

afterAll(async () => {
  await sim.close();
});

describe("dig3 watch against hyperliquid", () => {
  test("trades --json: the simulator's trades, taker side from B/A, tid as the trade id", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map(
      (sim.sentFrames("trades:BTC", "linear").flat() as Record<string, unknown>[]).map((row) => [
        String(row.tid),
        row,
      ]),
    );
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "hyperliquid",
        account: "linear",
        symbol: "BTC/USDC:USDC",
      });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.side === "B" ? "buy" : "sell");
      expect(event.price).toBe(Number(truth!.px));
      expect(event.size).toBe(Number(truth!.sz));
    }
  });

  test("orderbook --json: HYPE/USDC resolved to @107; every message a snapshot, never crossed, no resync", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books.length).toBeGreaterThan(10);
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "HYPE/USDC", account: "spot" });
    const sent = sim.sentFrames("l2Book:@107", "spot") as { levels: { px: string; sz: string }[][] }[];
    const sentTops = new Set(sent.map((book) => `${book.levels[0]![0]!.px}|${book.levels[1]![0]!.px}`));
    for (const book of books) {
      expect(book.type).toBe("snapshot");
      const bids = book.bids as [number, number][];
      const asks = book.asks as [number, number][];
      expect(bids.length).toBeLessThanOrEqual(20);
      expect(bids[0]![0]).toBeLessThan(asks[0]![0]);
      for (let i = 1; i < bids.length; i++) expect(bids[i]![0]).toBeLessThan(bids[i - 1]![0]);
      for (let i = 1; i < asks.length; i++) expect(asks[i]![0]).toBeGreaterThan(asks[i - 1]![0]);
    }
    // The pushes after the subscription's first snapshot are the simulator's ground truth.
    const matched = books.filter((book) =>
      sentTops.has(
        `${(book.bids as number[][])[0]![0]!.toFixed(3)}|${(book.asks as number[][])[0]![0]!.toFixed(3)}`,
      ),
    );
    expect(matched.length).toBeGreaterThanOrEqual(books.length - 1);
  });

  test("funding on the perpetual: the hourly rate from activeAssetCtx, next funding on the hour", () => {
    const result = runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(2);
    const rates = new Set(
      (sim.sentFrames("activeAssetCtx:ETH", "linear") as { ctx: { funding: string } }[]).map((f) =>
        Number(f.ctx.funding),
      ),
    );
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "ETH/USDC:USDC" });
      expect(rates.has(event.rate as number)).toBe(true);
      expect((event.nextFundingTsMs as number) % 3_600_000).toBe(0);
    }
  });

  test("liquidations are wire-absent, with the reason (exit 2)", async () => {
    const result = await runCli(["watch", "liquidations", "hyperliquid", "BTC", "--account", "linear"], {
      env: sim.env("linear"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("liquidated user");
  });
});

test("library: a dropped socket reconnects, resubscribes and the book comes back from the next snapshot", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("linear"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "hyperliquid", account: "linear", kind: "book", symbol: "ETH" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  const books = () => events.filter((e) => e.kind === "book").length;
  try {
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
  } finally {
    await handle.close();
    await station.close();
  }
});
