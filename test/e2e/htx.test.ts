// The CLI end to end against the HTX simulator: spot trades, the spot MBP ladder (refresh image first, deltas chained
// by prevSeqNum), the USDT-margined ladder (version +1) and funding, server pings answered; at the library level a
// skipped update and a dropped socket each resync the book from a fresh image or snapshot.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MarketEvent } from "../../src/core/index.ts";
import { Station } from "../../src/station/index.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli, waitFor } from "./run-cli.ts";

let sim: Sim;
/** The 2-second CLI runs, started together so the venue's suite stays short. */
let runs: { trades: CliResult; book: CliResult; linearBook: CliResult; funding: CliResult };

beforeAll(async () => {
  sim = await startSim({ venue: "htx", tickMs: 20, seed: 7 });
  const [trades, book, linearBook, funding] = await Promise.all([
    runCli(["watch", "trades", "htx", "BTC/USDT", "--duration", "2", "--json"], { env: sim.env("spot") }),
    runCli(["watch", "orderbook", "htx", "BTCUSDT", "--duration", "2", "--json"], { env: sim.env("spot") }),
    runCli(
      ["watch", "orderbook", "htx", "BTC/USDT:USDT", "--account", "linear", "--duration", "2", "--json"],
      { env: sim.env("linear") },
    ),
    runCli(["watch", "funding", "htx", "ETH-USDT", "--account", "linear", "--duration", "2", "--json"], {
      env: sim.env("linear"),
    }),
  ]);
  runs = { trades, book, linearBook, funding };
});

afterAll(async () => {
  await sim.close();
});

/** Applies book events to a plain map book and checks it never crosses. */
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

describe("dig3 watch against htx", () => {
  test("trades --json: the simulator's trades, ids from `tradeId`, taker side from `direction`", () => {
    const result = runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Map<string, Record<string, unknown>>();
    for (const frame of sim.sentFrames("market.btcusdt.trade.detail", "spot") as {
      tick: { data: Record<string, unknown>[] };
    }[])
      for (const row of frame.tick.data) sent.set(String(row.tradeId), row);
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "htx", account: "spot", symbol: "BTC/USDT" });
      const truth = sent.get(event.tradeId as string);
      expect(truth).toBeDefined();
      expect(event.side).toBe(truth!.direction as string);
      expect(event.price).toBe(truth!.price as number);
      expect(event.size).toBe(truth!.amount as number);
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
    }
  });

  test("orderbook --json (spot): the refresh image first, every delta chained by prevSeqNum, never crossed", () => {
    const result = runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((e) => e.kind === "book_resync")).toEqual([]);
    const books = events.filter((e) => e.kind === "book");
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USDT", account: "spot" });
    expect(books.filter((e) => e.type === "snapshot")).toHaveLength(1);
    expect(books.length).toBeGreaterThan(20);
    let lastSeq = 0;
    for (const book of books) {
      if (book.type === "delta") expect(book.prevSeq).toBe(lastSeq);
      expect(book.seq as number).toBeGreaterThan(lastSeq);
      lastSeq = book.seq as number;
    }
    assertNeverCrossed(books);
    // The ladder follows the simulator's pushes: every delta is one the venue sent.
    const sentSeqs = new Set(
      (sim.sentFrames("market.btcusdt.mbp.150", "spot") as { tick: { seqNum: number } }[]).map(
        (f) => f.tick.seqNum,
      ),
    );
    for (const book of books.filter((b) => b.type === "delta"))
      expect(sentSeqs.has(book.seq as number)).toBe(true);
  });

  test("orderbook --json (USDT-margined): the snapshot pushed on subscribe, then version +1 per push", () => {
    const result = runs.linearBook;
    expect(result.code).toBe(0);
    const books = parseNdjson(result.stdout).filter((e) => e.kind === "book" || e.kind === "book_resync");
    expect(books.filter((e) => e.kind === "book_resync")).toEqual([]);
    expect(books[0]).toMatchObject({ type: "snapshot", symbol: "BTC/USDT:USDT", account: "linear" });
    expect(books.length).toBeGreaterThan(20);
    for (let i = 1; i < books.length; i++) {
      expect(books[i]!.type).toBe("delta");
      expect(books[i]!.seq).toBe((books[i - 1]!.seq as number) + 1);
    }
    assertNeverCrossed(books);
  });

  test("funding on the USDT-margined perpetual, from the notification topic", () => {
    const result = runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    const truth = new Set(
      (
        sim.sentFrames("public.ETH-USDT.funding_rate", "linear") as { data: { funding_rate: string }[] }[]
      ).map((frame) => Number(frame.data[0]!.funding_rate)),
    );
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "ETH/USDT:USDT" });
      expect(truth.has(event.rate as number)).toBe(true);
      expect(event.nextFundingTsMs as number).toBeGreaterThan(event.tsMs as number);
    }
  });

  test("the server's pings were answered with the same number", () => {
    const pongs = sim.stats.clientFrames.filter((frame) => /^\{"pong":\d+\}$/.test(frame));
    expect(pongs.length).toBeGreaterThan(0);
  });

  test("aggregate trades are wire-absent, with the alternative named (exit 2)", async () => {
    const result = await runCli(["watch", "agg-trades", "htx", "BTC/USDT"], { env: sim.env("spot") });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("use trades");
  });
});

test("library: a skipped MBP update and a dropped socket each resync the spot book from a new refresh image", async () => {
  const station = Station.builder()
    .hub({ env: sim.env("spot"), ws: { backoff: { initialMs: 50, maxMs: 200 } }, http: { retries: 1 } })
    .build();
  const { failed, handle } = await station.subscribe([
    { exchange: "htx", account: "spot", kind: "book", symbol: "ETH/USDT" },
    { exchange: "htx", account: "linear", kind: "book", symbol: "ETH/USDT:USDT" },
  ]);
  expect(failed).toEqual([]);
  const events: MarketEvent[] = [];
  void (async () => {
    for await (const event of handle) events.push(event);
  })();
  const spot = () => events.filter((e) => e.account === "spot");
  const snapshots = () => spot().filter((e) => e.kind === "book" && e.type === "snapshot").length;
  try {
    await waitFor(() => snapshots() >= 1, 5_000, "first refresh image");
    await waitFor(() => spot().filter((e) => e.kind === "book").length >= 5, 5_000, "deltas");
    sim.faults.skipBookUpdate("ethusdt", "spot");
    await waitFor(() => snapshots() >= 2, 5_000, "a refresh image after the gap");
    sim.faults.skipBookUpdate("ETH-USDT", "linear");
    await waitFor(
      () =>
        events.filter((e) => e.kind === "book" && e.account === "linear" && e.type === "snapshot").length >=
        2,
      5_000,
      "a contract snapshot after the gap",
    );
    sim.faults.dropNow();
    await waitFor(() => snapshots() >= 3, 5_000, "a refresh image after the reconnect");
    const at = spot().findLastIndex((e) => e.kind === "book" && e.type === "snapshot");
    await waitFor(
      () =>
        spot()
          .slice(at)
          .filter((e) => e.kind === "book").length >= 5,
      5_000,
      "deltas after it",
    );

    const resyncs = spot().filter((e) => e.kind === "book_resync");
    expect(resyncs).toHaveLength(2);
    expect(resyncs[0]!.kind === "book_resync" && resyncs[0]!.reason).toStartWith("sequence gap");
    expect(resyncs[1]!.kind === "book_resync" && resyncs[1]!.reason).toStartWith("reconnected");
    const linearResync = events.find((e) => e.kind === "book_resync" && e.account === "linear");
    expect(linearResync!.kind === "book_resync" && linearResync!.reason).toMatch(
      /^sequence gap: expected \d+, got \d+$/,
    );
    // After every image each delta chains from the one before; the book never crosses.
    let lastSeq: number | undefined;
    for (const event of spot()) {
      if (event.kind === "book_resync") lastSeq = undefined;
      if (event.kind !== "book") continue;
      if (event.type === "delta") expect(event.prevSeq).toBe(lastSeq!);
      lastSeq = event.seq;
    }
    // Every (re)subscription asked for its image again.
    expect(
      sim.stats.clientFrames.filter((frame) => frame.startsWith('{"req":"market.ethusdt.mbp.150"')).length,
    ).toBeGreaterThanOrEqual(3);
  } finally {
    await handle.close();
    await station.close();
  }
});
