// The CLI end to end against the MEXC simulator: the spot tape and ladder from protobuf frames (book bridged to the
// REST snapshot by version, deltas chained fromVersion = previous toVersion + 1, never crossed), the futures ladder
// chained by version, and the futures ticker fanned out into mark price.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The 2-second CLI runs, started together so the venue's suite stays short. */
let runs: { trades: CliResult; book: CliResult; futuresBook: CliResult; mark: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "mexc", tickMs: 20, seed: 7 });
  const [trades, book, futuresBook, mark] = await Promise.all([
    runCli(["watch", "trades", "mexc", "BTC/USDT", "--duration", "2", "--json"], { env: sim.env("spot") }),
    runCli(["watch", "orderbook", "mexc", "BTC/USDT", "--duration", "2", "--json"], { env: sim.env("spot") }),
    runCli(
      ["watch", "orderbook", "mexc", "BTC/USDT:USDT", "--account", "linear", "--duration", "2", "--json"],
      {
        env: sim.env("linear"),
      },
    ),
    runCli(["watch", "mark", "mexc", "BTC_USDT", "--account", "linear", "--duration", "2", "--json"], {
      env: sim.env("linear"),
    }),
  ]);
  runs = { trades, book, futuresBook, mark };
});

afterAll(async () => {
  await sim.close();
});

interface SimDeal {
  price: string;
  quantity: string;
  tradeType: number;
  tradeId: string;
}

/** Checks a book event sequence: one snapshot first, the first delta bridges it, later deltas chain, never crossed. */
function expectChainedBook(events: Record<string, unknown>[], symbol: string, account: string): void {
  expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
  const books = events.filter((e) => e.kind === "book");
  expect(books[0]).toMatchObject({ type: "snapshot", symbol, account });
  expect(books.filter((e) => e.type === "snapshot")).toHaveLength(1);
  expect(books.length).toBeGreaterThan(20);
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let lastSeq = 0;
  let afterSnapshot = false;
  for (const book of books) {
    const seq = book.seq as number;
    if (book.type === "snapshot") {
      afterSnapshot = true;
    } else if (afterSnapshot) {
      // Bridge: the first delta covers the snapshot's version + 1.
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
}

describe("dig3 watch against mexc", () => {
  test("trades --json (spot, protobuf frames): the simulator's trades, in id order, taker side from tradeType", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map(
      sim
        .sentFrames("spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT", "spot")
        .flatMap((push) => (push as { publicAggreDeals: { deals: SimDeal[] } }).publicAggreDeals.deals)
        .map((deal) => [deal.tradeId, deal]),
    );
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "mexc", account: "spot", symbol: "BTC/USDT" });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.tradeType === 1 ? "buy" : "sell");
      expect(event.price).toBe(Number(truth!.price));
      expect(event.size).toBe(Number(truth!.quantity));
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
    }
  });

  test("orderbook --json (spot): snapshot first, deltas bridged and chained by version, no resync, never crossed", () => {
    expect(runs.book.code).toBe(0);
    expectChainedBook(parseNdjson(runs.book.stdout), "BTC/USDT", "spot");
  });

  test("orderbook --json (futures): version + 1 every push, sizes in contracts, no resync, never crossed", () => {
    expect(runs.futuresBook.code).toBe(0);
    const events = parseNdjson(runs.futuresBook.stdout);
    expectChainedBook(events, "BTC/USDT:USDT", "linear");
    for (const book of events.filter((e) => e.kind === "book" && e.type === "delta"))
      expect(book.firstSeq).toBe(book.seq);
  });

  test("mark --json (futures): the fair price from push.ticker, with the index price", () => {
    expect(runs.mark.code).toBe(0);
    const events = parseNdjson(runs.mark.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({ kind: "mark_price", account: "linear", symbol: "BTC/USDT:USDT" });
      expect(event.indexPrice).toBeGreaterThan(0);
    }
  });

  test("liquidations are wire-absent (exit 2)", async () => {
    const result = await runCli(
      ["watch", "liquidations", "mexc", "BTC/USDT:USDT", "--account", "linear", "--duration", "1"],
      { env: sim.env("linear") },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("liquidation");
  });
});
