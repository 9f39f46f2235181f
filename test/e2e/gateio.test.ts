// The CLI end to end against the Gate.io simulator: the live tape and the ladder as NDJSON (spot and a USDT-settled
// perpetual: REST snapshot id bridged to the U/u chain), a lost book update that must resync from a fresh snapshot,
// open interest fanned out of futures.tickers on the BTC-settled account, wire-absent kinds, REST one-shots.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { replayBookStream } from "./book-stream.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite takes one watch's time, not the sum. */
let runs: Record<"trades" | "book" | "swapBook" | "resync" | "openInterest", Promise<CliResult>>;

beforeAll(async () => {
  sim = await startSim({ venue: "gateio", tickMs: 20, seed: 17 });
  const watch = (args: string[], account: "spot" | "linear" | "inverse") =>
    runCli(["watch", ...args, "--json"], { env: sim.env(account) });
  runs = {
    trades: watch(["trades", "gateio", "BTC/USDT", "--duration", "2"], "spot"),
    book: watch(["orderbook", "gateio", "BTC_USDT", "--duration", "2"], "spot"),
    swapBook: watch(
      ["orderbook", "gateio", "BTC/USDT:USDT", "--account", "linear", "--duration", "2"],
      "linear",
    ),
    resync: watch(["orderbook", "gateio", "ETH/USDT", "--duration", "3"], "spot"),
    openInterest: watch(
      ["open-interest", "gateio", "BTC/USD:BTC", "--account", "inverse", "--duration", "2"],
      "inverse",
    ),
  };
  // One ETH_USDT book update never reaches the resync run's socket (the other runs watch other books).
  setTimeout(() => sim.faults.skipBookUpdate("ETH_USDT", "spot"), 1500);
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await sim.close();
});

function tradeIdsSent(stream: string, account: "spot" | "linear" | "inverse"): Set<string> {
  const ids = new Set<string>();
  for (const frame of sim.sentFrames(stream, account) as Array<{ result: { id: number } }>)
    ids.add(String(frame.result.id));
  return ids;
}

/**
 * Replays book events as a consumer would: a snapshot first; the first delta after a snapshot covers its id + 1,
 * every later one starts at the previous u + 1; the book never crosses.
 */
function checkBookStream(events: Record<string, unknown>[]): { snapshots: number; deltas: number } {
  return replayBookStream(events, (book, { lastSeq, afterSnapshot }) => {
    if (book.type === "snapshot") return;
    const firstSeq = book.firstSeq as number;
    if (afterSnapshot) expect(firstSeq <= lastSeq + 1 && lastSeq + 1 <= (book.seq as number)).toBe(true);
    else expect(firstSeq).toBe(lastSeq + 1);
  });
}

describe("dig3 watch against the Gate.io simulator", () => {
  test("trades --json: every spot.trades message as NDJSON, ids from the ground truth, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = tradeIdsSent("spot.trades:BTC_USDT", "spot");
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "gateio", account: "spot", symbol: "BTC/USDT" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      if (previous >= 0) expect(Number(event.tradeId)).toBe(previous + 1);
      previous = Number(event.tradeId);
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("orderbook --json (native name): the REST snapshot first, then U/u-chained updates, never crossed", async () => {
    const result = await runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas } = checkBookStream(events);
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(deltas).toBeGreaterThan(10);
    for (const event of events)
      expect(event).toMatchObject({ exchange: "gateio", account: "spot", symbol: "BTC/USDT" });
  });

  test("a USDT-settled perpetual's book by its canonical name (BTC_USDT on /v4/ws/usdt)", async () => {
    const result = await runs.swapBook;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    expect(checkBookStream(events).deltas).toBeGreaterThan(5);
    expect(events[0]).toMatchObject({ account: "linear", symbol: "BTC/USDT:USDT" });
    // Sizes are whole contracts.
    const sizes = events.flatMap((event) => (event.bids as [number, number][]).map(([, size]) => size));
    expect(sizes.every(Number.isInteger)).toBe(true);
  });

  test("a lost update: book_resync, then a fresh snapshot and a clean chain again", async () => {
    const result = await runs.resync;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const resyncs = events.filter((event) => event.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]!.reason as string).toContain("sequence gap");
    const resyncAt = events.indexOf(resyncs[0]!);
    checkBookStream(events.slice(0, resyncAt));
    const after = events.slice(resyncAt + 1).filter((event) => event.kind === "book");
    expect(after[0]).toMatchObject({ kind: "book", type: "snapshot" });
    expect(checkBookStream(after).deltas).toBeGreaterThan(5);
  });

  test("open interest on the BTC-settled perpetual, from futures.tickers, in contracts", async () => {
    const result = await runs.openInterest;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({ kind: "open_interest", account: "inverse", symbol: "BTC/USD:BTC" });
      expect(Number.isInteger(event.openInterest)).toBe(true);
    }
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    const result = await runCli(["watch", "liquidations", "gateio", "BTC/USDT", "--account", "spot"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Gate spot has no public liquidations");
    expect(result.stderr).toContain("hint");
  });
});

describe("REST one-shots against the Gate.io simulator", () => {
  test("ticker --json on a USDT-settled perpetual", async () => {
    const result = await runCli(["ticker", "gateio", "BTC/USDT:USDT", "--account", "linear", "--json"], {
      env: sim.env("linear"),
    });
    expect(result.code).toBe(0);
    const [ticker] = parseNdjson(result.stdout);
    expect(ticker).toMatchObject({
      kind: "ticker",
      exchange: "gateio",
      account: "linear",
      symbol: "BTC/USDT:USDT",
    });
    expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
  });

  test("book, trades and klines tables", async () => {
    for (const args of [
      ["book", "gateio", "BTC/USDT", "--depth", "3"],
      ["trades", "gateio", "BTC/USDT", "--limit", "5"],
      ["klines", "gateio", "BTC/USDT", "--interval", "1h", "--limit", "3"],
    ]) {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});
