// The CLI end to end against the dYdX v4 simulator: the BTC-USD perpetual's tape and ladder as NDJSON (trade ids
// from the simulator's ground truth; the book a snapshot from `subscribed` then batched deltas, never crossed, no
// resync) and funding from v4_markets.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
let runs: { trades: CliResult; book: CliResult; funding: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "dydx", tickMs: 20, seed: 7 });
  const env = sim.env("linear");
  const [trades, book, funding] = await Promise.all([
    runCli(["watch", "trades", "dydx", "BTC/USD:USDC", "--duration", "2", "--json"], { env }),
    runCli(["watch", "orderbook", "dydx", "BTC/USD:USDC", "--duration", "2", "--json"], { env }),
    runCli(["watch", "funding", "dydx", "ETH/USD:USDC", "--duration", "2", "--json"], { env }),
  ]);
  runs = { trades, book, funding };
});

afterAll(async () => {
  await sim.close();
});

describe("dig3 watch against dydx", () => {
  test("trades --json: the simulator's trades, ids and sides from the ground truth", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map(
      (sim.sentFrames("v4_trades:BTC-USD", "linear") as { trades: Record<string, string>[] }[])
        .flatMap((payload) => payload.trades)
        .map((row) => [row.id, row]),
    );
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "trade",
        exchange: "dydx",
        account: "linear",
        symbol: "BTC/USD:USDC",
      });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.side === "BUY" ? "buy" : "sell");
      expect(event.price).toBe(Number(truth!.price));
      expect(event.size).toBe(Number(truth!.size));
    }
  });

  test("orderbook --json: snapshot first, then deltas; never crossed, no resync", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books.length).toBeGreaterThan(10);
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USD:USDC", account: "linear" });
    expect(books.slice(1).every((book) => book.type === "delta")).toBe(true);
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    for (const book of books) {
      for (const [price, size] of book.bids as [number, number][])
        size === 0 ? bids.delete(price) : bids.set(price, size);
      for (const [price, size] of book.asks as [number, number][])
        size === 0 ? asks.delete(price) : asks.set(price, size);
      expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
    }
  });

  test("funding: the predicted hourly rate from v4_markets, next funding on the hour", () => {
    const result = runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(2);
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "ETH/USD:USDC" });
      expect((event.nextFundingTsMs as number) % 3_600_000).toBe(0);
    }
  });
});
