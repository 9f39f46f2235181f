// The CLI end to end against the Bybit simulator: the live tape and the ladder as NDJSON (spot and a USDC
// perpetual), the tickers fan-out into funding, a book gap that must resync from a fresh snapshot, REST one-shots.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { replayBookStream } from "./book-stream.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite takes one watch's time, not the sum. */
let runs: Record<"trades" | "book" | "perpBook" | "resync" | "funding", Promise<CliResult>>;

beforeAll(async () => {
  sim = await startSim({ venue: "bybit", tickMs: 20, seed: 11 });
  const watch = (args: string[], account: "spot" | "linear") =>
    runCli(["watch", ...args, "--json"], { env: sim.env(account) });
  runs = {
    trades: watch(["trades", "bybit", "BTC/USDT", "--duration", "2"], "spot"),
    book: watch(["orderbook", "bybit", "BTCUSDT", "--duration", "2"], "spot"),
    perpBook: watch(
      ["orderbook", "bybit", "BTC/USDC:USDC", "--account", "linear", "--duration", "2"],
      "linear",
    ),
    resync: watch(["orderbook", "bybit", "ETH/USDT", "--duration", "3"], "spot"),
    funding: watch(["funding", "bybit", "BTC/USDT:USDT", "--duration", "1"], "linear"),
  };
  // One ETHUSDT book update never reaches the resync run's socket (the other runs watch other topics).
  setTimeout(() => sim.faults.skipBookUpdate("ETHUSDT", "spot"), 1500);
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await sim.close();
});

function tradeIdsSent(topic: string, account: "spot" | "linear" | "inverse"): Set<string> {
  const ids = new Set<string>();
  for (const frame of sim.sentFrames(topic, account) as Array<{ data: Array<{ i: string }> }>)
    for (const row of frame.data) ids.add(row.i);
  return ids;
}

/** Replays book events as a consumer would; fails on a broken u chain or a crossed book. */
function checkBookStream(events: Record<string, unknown>[]): { snapshots: number; deltas: number } {
  return replayBookStream(events, (book, { lastSeq }) => {
    if (book.type !== "snapshot") expect(book.seq).toBe(lastSeq + 1);
  });
}

describe("dig3 watch against the Bybit simulator", () => {
  test("trades --json: the simulator's spot trades as NDJSON, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = tradeIdsSent("publicTrade.BTCUSDT", "spot");
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "bybit", account: "spot", symbol: "BTC/USDT" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("orderbook --json: a snapshot first, then deltas chained u + 1, no resync, never crossed", async () => {
    const result = await runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas } = checkBookStream(events);
    expect(snapshots).toBe(1);
    expect(deltas).toBeGreaterThan(10);
    for (const event of events)
      expect(event).toMatchObject({ exchange: "bybit", account: "spot", symbol: "BTC/USDT" });
  });

  test("linear USDC perpetual book by its canonical name (BTCPERP on the wire)", async () => {
    const result = await runs.perpBook;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("(BTCPERP)");
    const events = parseNdjson(result.stdout);
    expect(checkBookStream(events).deltas).toBeGreaterThan(5);
    expect(events[0]).toMatchObject({ account: "linear", symbol: "BTC/USDC:USDC" });
  });

  test("a dropped book update: book_resync, then a fresh snapshot and a clean chain again", async () => {
    const result = await runs.resync;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const resyncAt = events.findIndex((event) => event.kind === "book_resync");
    expect(resyncAt).toBeGreaterThan(0);
    expect(events[resyncAt]!.reason as string).toContain("sequence gap");
    expect(events.filter((event) => event.kind === "book_resync").length).toBe(1);
    // The station reports the hole as a gap, then the book restarts from the venue's new snapshot.
    expect(events[resyncAt + 1]).toMatchObject({ kind: "gap", stream: "book", reason: "book_resync" });
    const after = events.slice(resyncAt + 1).filter((event) => event.kind === "book");
    expect(after[0]).toMatchObject({ kind: "book", type: "snapshot" });
    expect(checkBookStream(after).deltas).toBeGreaterThan(5);
    expect(checkBookStream(events.slice(0, resyncAt)).snapshots).toBe(1);
  });

  test("funding on a linear perpetual comes from the tickers topic, with the next funding time", async () => {
    const result = await runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "BTC/USDT:USDT" });
      expect(event.nextFundingTsMs as number).toBeGreaterThan(Date.now());
    }
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    const result = await runCli(["watch", "funding", "bybit", "BTC/USDT", "--account", "spot"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Bybit spot has no funding");
    expect(result.stderr).toContain("hint");
  });
});

describe("REST one-shots against the Bybit simulator", () => {
  test("ticker --json on inverse", async () => {
    const result = await runCli(["ticker", "bybit", "BTC/USD:BTC", "--account", "inverse", "--json"], {
      env: sim.env("inverse"),
    });
    expect(result.code).toBe(0);
    const [ticker] = parseNdjson(result.stdout);
    expect(ticker).toMatchObject({
      kind: "ticker",
      exchange: "bybit",
      account: "inverse",
      symbol: "BTC/USD:BTC",
    });
    expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
  });

  test("book, trades and klines tables", async () => {
    for (const args of [
      ["book", "bybit", "BTC/USDT", "--depth", "3"],
      ["trades", "bybit", "BTC/USDT", "--limit", "5"],
      ["klines", "bybit", "BTC/USDT", "--interval", "1h", "--limit", "3"],
    ]) {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});
