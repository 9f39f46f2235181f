// The CLI end to end against the Bitget simulator: the live tape (`publicTrade`) and the ladder (`books`, seq/pseq
// chain and CRC32 checksums) as NDJSON on spot and a USDT perpetual, a corrupted checksum that must resync from a
// fresh snapshot, funding on a coin-margined perpetual, REST one-shots.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { replayBookStream } from "./book-stream.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite takes one watch's time, not the sum. */
let runs: Record<"trades" | "book" | "swapBook" | "resync" | "funding", Promise<CliResult>>;

beforeAll(async () => {
  sim = await startSim({ venue: "bitget", tickMs: 20, seed: 5 });
  const watch = (args: string[], account: "spot" | "linear" | "inverse") =>
    runCli(["watch", ...args, "--json"], { env: sim.env(account) });
  runs = {
    trades: watch(["trades", "bitget", "BTCUSDT", "--duration", "2"], "spot"),
    book: watch(["orderbook", "bitget", "BTC/USDT", "--duration", "2"], "spot"),
    swapBook: watch(
      ["orderbook", "bitget", "BTC/USDT:USDT", "--account", "linear", "--duration", "2"],
      "linear",
    ),
    resync: watch(["orderbook", "bitget", "ETH/USDT", "--duration", "3"], "spot"),
    funding: watch(
      ["funding", "bitget", "BTC/USD:BTC", "--account", "inverse", "--duration", "2"],
      "inverse",
    ),
  };
  // One ETHUSDT book frame goes out with a wrong checksum (only the resync run watches spot ETHUSDT).
  setTimeout(() => sim.faults.corruptChecksum("ETHUSDT", "spot"), 1500);
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await sim.close();
});

function tradeIdsSent(stream: string, account: "spot" | "linear" | "inverse"): Set<string> {
  const ids = new Set<string>();
  for (const frame of sim.sentFrames(stream, account) as Array<{ data: Array<{ i: string }> }>)
    for (const row of frame.data) ids.add(row.i);
  return ids;
}

/** Replays book events as a consumer would; fails on a broken pseq chain or a crossed book. */
function checkBookStream(events: Record<string, unknown>[]): { snapshots: number; deltas: number } {
  return replayBookStream(events, (book, { lastSeq }) => {
    if (book.type === "snapshot") {
      expect(book).not.toHaveProperty("prevSeq");
      expect(book).not.toHaveProperty("checksum");
      return;
    }
    expect(book.prevSeq).toBe(lastSeq);
    expect(book.seq as number).toBeGreaterThan(lastSeq);
    expect(typeof book.checksum).toBe("number");
  });
}

describe("dig3 watch against the Bitget simulator", () => {
  test("trades --json: every trade of publicTrade as NDJSON, ids from the simulator, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = tradeIdsSent("spot:publicTrade:BTCUSDT", "spot");
    let previous = -1n;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "bitget", account: "spot", symbol: "BTC/USDT" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      // Fills follow each other without holes (the subscribe snapshot's older fills are not live trades).
      const id = BigInt(event.tradeId as string);
      if (previous >= 0n) expect(id).toBe(previous + 1n);
      previous = id;
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("orderbook --json: the snapshot first, then updates chained by pseq, checksummed, never crossed", async () => {
    const result = await runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas } = checkBookStream(events);
    expect(snapshots).toBe(1);
    expect(deltas).toBeGreaterThan(10);
    for (const event of events)
      expect(event).toMatchObject({ exchange: "bitget", account: "spot", symbol: "BTC/USDT" });
  });

  test("a USDT perpetual's book by its canonical name (BTCUSDT, usdt-futures on the wire)", async () => {
    const result = await runs.swapBook;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    expect(checkBookStream(events).deltas).toBeGreaterThan(5);
    expect(events[0]).toMatchObject({ account: "linear", symbol: "BTC/USDT:USDT" });
  });

  test("a corrupted checksum: book_resync, then a fresh snapshot and a clean chain again", async () => {
    const result = await runs.resync;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    const resyncs = events.filter((event) => event.kind === "book_resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]!.reason as string).toContain("checksum mismatch");
    const resyncAt = events.indexOf(resyncs[0]!);
    expect(checkBookStream(events.slice(0, resyncAt)).snapshots).toBe(1);
    const after = events.slice(resyncAt + 1).filter((event) => event.kind === "book");
    expect(after[0]).toMatchObject({ kind: "book", type: "snapshot" });
    expect(checkBookStream(after).deltas).toBeGreaterThan(5);
  });

  test("funding on a coin-margined perpetual, from the ticker, with the coming settlement time", async () => {
    const result = await runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({
        kind: "funding_rate",
        exchange: "bitget",
        account: "inverse",
        symbol: "BTC/USD:BTC",
      });
      expect(event.nextFundingTsMs as number).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    const result = await runCli(["watch", "liquidations", "bitget", "BTC/USDT", "--account", "spot"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Bitget publishes liquidations of futures only");
    expect(result.stderr).toContain("hint");
  });
});

describe("REST one-shots against the Bitget simulator", () => {
  test("ticker --json on a USDC perpetual (BTCPERP on the wire)", async () => {
    const result = await runCli(["ticker", "bitget", "BTC/USDC:USDC", "--account", "linear", "--json"], {
      env: sim.env("linear"),
    });
    expect(result.code, result.stderr).toBe(0);
    const [ticker] = parseNdjson(result.stdout);
    expect(ticker).toMatchObject({
      kind: "ticker",
      exchange: "bitget",
      account: "linear",
      symbol: "BTC/USDC:USDC",
    });
    expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
  });

  test("book, trades and klines tables", async () => {
    for (const args of [
      ["book", "bitget", "BTC/USDT", "--depth", "3"],
      ["trades", "bitget", "BTC/USDT", "--limit", "5"],
      ["klines", "bitget", "BTC/USDT", "--interval", "1h", "--limit", "3"],
    ]) {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});
