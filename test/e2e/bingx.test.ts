// The CLI end to end against the BingX simulator: the spot tape (ids from the ground truth) and the swap tape (ids
// derived by dig3), the incrDepth ladder as NDJSON on swap and spot, a dropped update that must resync from a new
// `all` snapshot, the server heartbeat answered, mark price and polled open interest, wire-absent and
// not-implemented kinds, REST one-shots.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { syntheticTradeIdsOf } from "../../src/exchanges/bingx/parse.ts";
import { type Sim, startSim } from "../sim/index.ts";
import { replayBookStream } from "./book-stream.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite takes one watch's time, not the sum. */
let runs: Record<
  "trades" | "swapTrades" | "book" | "spotBook" | "resync" | "mark" | "openInterest",
  Promise<CliResult>
>;

beforeAll(async () => {
  sim = await startSim({ venue: "bingx", tickMs: 20, seed: 13 });
  const watch = (args: string[], account: "spot" | "linear") =>
    runCli(["watch", ...args, "--json"], { env: sim.env(account) });
  runs = {
    trades: watch(["trades", "bingx", "BTC/USDT", "--duration", "2"], "spot"),
    swapTrades: watch(
      ["trades", "bingx", "BTC/USDC:USDC", "--account", "linear", "--duration", "2"],
      "linear",
    ),
    book: watch(["orderbook", "bingx", "BTC/USDT:USDT", "--account", "linear", "--duration", "2"], "linear"),
    spotBook: watch(["orderbook", "bingx", "BTC-USDT", "--duration", "2"], "spot"),
    resync: watch(
      ["orderbook", "bingx", "ETH/USDT:USDT", "--account", "linear", "--duration", "3"],
      "linear",
    ),
    mark: watch(["mark", "bingx", "BTC/USDT:USDT", "--account", "linear", "--duration", "1"], "linear"),
    openInterest: watch(
      ["open-interest", "bingx", "ETH/USDT:USDT", "--account", "linear", "--duration", "1"],
      "linear",
    ),
  };
  // One ETH-USDT update never reaches the resync run's socket (the other runs watch other dataTypes).
  setTimeout(() => sim.faults.skipBookUpdate("ETH-USDT", "linear"), 1500);
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await sim.close();
});

/** Replays book events as a consumer would; fails on a broken lastUpdateId chain or a crossed book. */
function checkBookStream(events: Record<string, unknown>[]): { snapshots: number; deltas: number } {
  return replayBookStream(events, (book, { lastSeq }) => {
    if (book.type !== "snapshot") expect(book.seq).toBe(lastSeq + 1);
  });
}

describe("dig3 watch against the BingX simulator", () => {
  test("trades --json on spot: the simulator's trades, ids from the ground truth, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Set(
      (sim.sentFrames("BTC-USDT@trade", "spot") as Array<{ data: { t: string } }>).map(
        (frame) => frame.data.t,
      ),
    );
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "bingx", account: "spot", symbol: "BTC/USDT" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      expect(Number(event.tradeId)).toBeGreaterThan(previous);
      previous = Number(event.tradeId);
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("trades --json on a USDC perpetual: the swap stream's id-less trades, ids derived as the ground truth gives", async () => {
    const result = await runs.swapTrades;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("(BTC-USDC)");
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Set<string>();
    for (const frame of sim.sentFrames("BTC-USDC@trade", "linear") as Array<{
      data: Array<{ p: string; q: string; T: number; m: boolean }>;
    }>) {
      const rows = frame.data.map((row) => ({
        timeMs: row.T,
        price: Number(row.p),
        size: Number(row.q),
        side: row.m ? ("sell" as const) : ("buy" as const),
      }));
      for (const id of syntheticTradeIdsOf(rows)) sent.add(id);
    }
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", account: "linear", symbol: "BTC/USDC:USDC" });
      expect(sent.has(event.tradeId as string)).toBe(true);
    }
    expect(new Set(events.map((event) => event.tradeId)).size).toBe(events.length);
  });

  test("orderbook --json on swap: the all snapshot first, updates chained lastUpdateId + 1, no resync, never crossed", async () => {
    const result = await runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas } = checkBookStream(events);
    expect(snapshots).toBe(1);
    expect(deltas).toBeGreaterThan(10);
    for (const event of events)
      expect(event).toMatchObject({ exchange: "bingx", account: "linear", symbol: "BTC/USDT:USDT" });
  });

  test("orderbook --json on spot: the spot socket's map-shaped levels, same chain", async () => {
    const result = await runs.spotBook;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    expect(checkBookStream(events)).toMatchObject({ snapshots: 1 });
    expect(events[0]).toMatchObject({ account: "spot", symbol: "BTC/USDT" });
  });

  test("a dropped update: book_resync, then a fresh all snapshot and a clean chain again", async () => {
    const result = await runs.resync;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const resyncAt = events.findIndex((event) => event.kind === "book_resync");
    expect(resyncAt).toBeGreaterThan(0);
    expect(events[resyncAt]!.reason as string).toContain("sequence gap");
    expect(events.filter((event) => event.kind === "book_resync").length).toBe(1);
    expect(events[resyncAt + 1]).toMatchObject({ kind: "gap", stream: "book", reason: "book_resync" });
    const after = events.slice(resyncAt + 1).filter((event) => event.kind === "book");
    expect(after[0]).toMatchObject({ kind: "book", type: "snapshot" });
    expect(checkBookStream(after).deltas).toBeGreaterThan(5);
    expect(checkBookStream(events.slice(0, resyncAt)).snapshots).toBe(1);
  });

  test("the swap socket's text Ping was answered with Pong, the spot socket's JSON ping with a pong", async () => {
    await Promise.all([runs.book, runs.spotBook]);
    expect(sim.stats.clientFrames).toContain("Pong");
    expect(sim.stats.clientFrames.some((frame) => frame.startsWith('{"pong":'))).toBe(true);
  });

  test("mark price from @markPrice; open interest polled from REST as the USDT value", async () => {
    const mark = parseNdjson((await runs.mark).stdout);
    expect(mark.length).toBeGreaterThan(0);
    for (const event of mark)
      expect(event).toMatchObject({ kind: "mark_price", account: "linear", symbol: "BTC/USDT:USDT" });
    const result = await runs.openInterest;
    expect(result.code).toBe(0);
    const [oi] = parseNdjson(result.stdout);
    expect(oi).toMatchObject({ kind: "open_interest", account: "linear", symbol: "ETH/USDT:USDT" });
    expect(oi!.openInterestValue).toBe(oi!.openInterest);
    expect(sim.stats.restCalls.some((call) => call.startsWith("/openApi/swap/v2/quote/openInterest?"))).toBe(
      true,
    );
  });

  test("funding: wire-absent on spot (exit 2, hint); polled from REST premiumIndex on the perpetual", async () => {
    const [spotFunding, linearFunding] = await Promise.all([
      runCli(["watch", "funding", "bingx", "BTC/USDT", "--account", "spot"], { env: sim.env("spot") }),
      runCli(
        ["watch", "funding", "bingx", "BTC/USDT:USDT", "--account", "linear", "--duration", "1", "--json"],
        {
          env: sim.env("linear"),
        },
      ),
    ]);
    expect(spotFunding.code).toBe(2);
    expect(spotFunding.stderr).toContain("BingX spot has no funding");
    expect(linearFunding.code).toBe(0);
    const [funding] = parseNdjson(linearFunding.stdout);
    expect(funding).toMatchObject({ kind: "funding_rate", account: "linear", symbol: "BTC/USDT:USDT" });
    expect(Number.isFinite(funding!.rate)).toBe(true);
    expect(funding!.nextFundingTsMs).toBeGreaterThan(Date.now() - 60_000);
    expect(sim.stats.restCalls.some((call) => call.startsWith("/openApi/swap/v2/quote/premiumIndex?"))).toBe(
      true,
    );
  });
});

describe("REST one-shots against the BingX simulator", () => {
  test("ticker --json on the swap and Coin-M markets", async () => {
    const [linear, inverse] = await Promise.all([
      runCli(["ticker", "bingx", "BTC/USDT:USDT", "--account", "linear", "--json"], {
        env: sim.env("linear"),
      }),
      runCli(["ticker", "bingx", "ETH/USD:ETH", "--account", "inverse", "--json"], {
        env: sim.env("inverse"),
      }),
    ]);
    for (const [result, account, symbol] of [
      [linear, "linear", "BTC/USDT:USDT"],
      [inverse, "inverse", "ETH/USD:ETH"],
    ] as const) {
      expect(result.code).toBe(0);
      const [ticker] = parseNdjson(result.stdout);
      expect(ticker).toMatchObject({ kind: "ticker", exchange: "bingx", account, symbol });
      expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
    }
  });

  test("book, trades and klines tables on spot", async () => {
    const results = await Promise.all(
      [
        ["book", "bingx", "BTC/USDT", "--depth", "3"],
        ["trades", "bingx", "BTC/USDT", "--limit", "5"],
        ["klines", "bingx", "BTC/USDT", "--interval", "1h", "--limit", "3"],
      ].map((args) => runCli(args, { env: sim.env("spot") })),
    );
    for (const result of results) {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});
