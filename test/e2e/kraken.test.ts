// Kraken end to end against its simulator: the CLI's live tape and ladder as NDJSON for spot (WebSocket v2, CRC32
// checksums) and futures (v1, seq chain), derivatives from the futures ticker, and at the library level a corrupted
// checksum and a dropped futures update each caught, resynced for that symbol, and recovered.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite waits about one --duration, not one per run. */
let runs: Record<"trades" | "spotBook" | "linearBook" | "funding", Promise<CliResult>>;

beforeAll(async () => {
  sim = await startSim({ venue: "kraken", tickMs: 20, seed: 3 });
  runs = {
    trades: runCli(["watch", "trades", "kraken", "BTC/USD", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    spotBook: runCli(["watch", "orderbook", "kraken", "ETH/USD", "--duration", "2", "--json"], {
      env: sim.env("spot"),
    }),
    linearBook: runCli(
      ["watch", "orderbook", "kraken", "PF_XBTUSD", "--account", "linear", "--duration", "2", "--json"],
      { env: sim.env("linear") },
    ),
    funding: runCli(
      ["watch", "funding", "kraken", "BTC/USD:BTC", "--account", "inverse", "--duration", "2", "--json"],
      { env: sim.env("inverse") },
    ),
  };
});

afterAll(async () => {
  await sim.close();
});

function spotTradeIdsSent(symbol: string): Set<string> {
  return new Set(
    sim
      .sentFrames(`trade:${symbol}`, "spot")
      .flatMap((frame) =>
        (frame as { data: Array<{ trade_id: number }> }).data.map((trade) => String(trade.trade_id)),
      ),
  );
}

function expectNeverCrossed(books: Record<string, unknown>[]): void {
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

describe("dig3 watch kraken", () => {
  test("trades --json: the simulator's spot trades, in order, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = spotTradeIdsSent("BTC/USD");
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "kraken", account: "spot", symbol: "BTC/USD" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("orderbook --json (spot): snapshot first, deltas with checksums, no resync, never crossed", async () => {
    const result = await runs.spotBook;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const books = events.filter((event) => event.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "ETH/USD", account: "spot" });
    expect(books.length).toBeGreaterThan(10);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    for (const book of books) expect(typeof book.checksum).toBe("number");
    // Levels keep Kraken's text for the checksum: [price, size, priceText, sizeText].
    expect((books[0]!.bids as unknown[][])[0]).toHaveLength(4);
    expectNeverCrossed(books);
  });

  test("orderbook --json (linear): PF_ product by its native name, seq + 1 from the snapshot", async () => {
    const result = await runs.linearBook;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const books = events.filter((event) => event.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", account: "linear", symbol: "BTC/USD:USD" });
    expect(books.length).toBeGreaterThan(10);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    for (let i = 1; i < books.length; i++) expect(books[i]!.seq).toBe((books[i - 1]!.seq as number) + 1);
    expectNeverCrossed(books);
  });

  test("funding (inverse): from the futures ticker feed", async () => {
    const result = await runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events)
      expect(event).toMatchObject({ kind: "funding_rate", account: "inverse", symbol: "BTC/USD:BTC" });
  });

  test("wire-absent streams say so, exit 2", async () => {
    const result = await runCli(["watch", "kline", "kraken", "PF_XBTUSD", "--account", "linear"], {
      env: sim.env("linear"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no candles feed");
  });
});

function collect(iterable: AsyncIterable<MarketEvent>): MarketEvent[] {
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of iterable) events.push(event);
  })();
  return events;
}

describe("book verification through the library", () => {
  test("a corrupted spot checksum → book_resync for that symbol, a fresh snapshot, verified again", async () => {
    const station = Station.builder()
      .hub({ env: sim.env("spot") })
      .build();
    const { failed, handle } = await station.subscribe([
      { exchange: "kraken", kind: "book", symbol: "SOL/EUR" },
    ]);
    expect(failed).toEqual([]);
    const events = collect(handle);
    try {
      await waitFor(
        () => events.filter((event) => event.kind === "book").length >= 5,
        5_000,
        "first book events",
      );
      sim.faults.corruptChecksum("SOL/EUR", "spot");
      await waitFor(() => events.some((event) => event.kind === "book_resync"), 5_000, "resync");
      const at = events.findIndex((event) => event.kind === "book_resync");
      expect((events[at] as { reason: string }).reason).toContain("checksum mismatch");
      await waitFor(
        () => events.slice(at).some((event) => event.kind === "book" && event.type === "snapshot"),
        5_000,
        "new snapshot",
      );
      const after = events.slice(at).findIndex((event) => event.kind === "book" && event.type === "snapshot");
      await waitFor(
        () => events.slice(at + after).filter((event) => event.kind === "book").length >= 5,
        5_000,
        "updates",
      );
      expect(events.filter((event) => event.kind === "book_resync")).toHaveLength(1);
    } finally {
      await handle.close();
      await station.close();
    }
  });

  test("a dropped futures update → sequence gap → resync and recovery", async () => {
    const station = Station.builder()
      .hub({ env: sim.env("inverse") })
      .build();
    const { failed, handle } = await station.subscribe([
      { exchange: "kraken", account: "inverse", kind: "book", symbol: "ETH/USD:ETH" },
    ]);
    expect(failed).toEqual([]);
    const events = collect(handle);
    try {
      await waitFor(
        () => events.filter((event) => event.kind === "book").length >= 5,
        5_000,
        "first book events",
      );
      sim.faults.skipBookUpdate("PI_ETHUSD", "inverse");
      await waitFor(() => events.some((event) => event.kind === "book_resync"), 5_000, "resync");
      const at = events.findIndex((event) => event.kind === "book_resync");
      expect((events[at] as { reason: string }).reason).toContain("sequence gap");
      await waitFor(
        () => events.slice(at).some((event) => event.kind === "book" && event.type === "snapshot"),
        5_000,
        "new snapshot",
      );
    } finally {
      await handle.close();
      await station.close();
    }
  });
});
