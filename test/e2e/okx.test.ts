// The CLI end to end against the OKX simulator: the live tape (`trades-all`) and the ladder (`books`, seqId chain and
// CRC32 checksums) as NDJSON on spot and a USDT swap, a corrupted checksum that must resync from a fresh snapshot,
// funding on a coin-margined swap, REST one-shots.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite takes one watch's time, not the sum. */
let runs: Record<"trades" | "book" | "swapBook" | "resync" | "funding", Promise<CliResult>>;

beforeAll(async () => {
  sim = await startSim({ venue: "okx", tickMs: 20, seed: 5 });
  const watch = (args: string[], account: "spot" | "linear" | "inverse") =>
    runCli(["watch", ...args, "--json"], { env: sim.env(account) });
  runs = {
    trades: watch(["trades", "okx", "BTC/USDT", "--duration", "2"], "spot"),
    book: watch(["orderbook", "okx", "BTC-USDT", "--duration", "2"], "spot"),
    swapBook: watch(
      ["orderbook", "okx", "BTC/USDT:USDT", "--account", "linear", "--duration", "2"],
      "linear",
    ),
    resync: watch(["orderbook", "okx", "ETH/USDT", "--duration", "3"], "spot"),
    funding: watch(["funding", "okx", "BTC/USD:BTC", "--account", "inverse", "--duration", "2"], "inverse"),
  };
  // One ETH-USDT book frame goes out with a wrong checksum (only the resync run watches ETH-USDT).
  setTimeout(() => sim.faults.corruptChecksum("ETH-USDT", "spot"), 1500);
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await sim.close();
});

function tradeIdsSent(stream: string, account: "spot" | "linear" | "inverse"): Set<string> {
  const ids = new Set<string>();
  for (const frame of sim.sentFrames(stream, account) as Array<{ data: Array<{ tradeId: string }> }>)
    for (const row of frame.data) ids.add(row.tradeId);
  return ids;
}

/** Replays book events as a consumer would; fails on a broken prevSeqId chain or a crossed book. */
function checkBookStream(events: Record<string, unknown>[]): {
  snapshots: number;
  deltas: number;
  heartbeats: number;
} {
  const books = events.filter((event) => event.kind === "book");
  expect(books[0]).toMatchObject({ type: "snapshot" });
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let lastSeq = -1;
  let snapshots = 0;
  let deltas = 0;
  let heartbeats = 0;
  for (const book of books) {
    expect(typeof book.checksum).toBe("number");
    if (book.type === "snapshot") {
      snapshots++;
      bids.clear();
      asks.clear();
      expect(book).not.toHaveProperty("prevSeq");
    } else {
      deltas++;
      expect(book.prevSeq).toBe(lastSeq);
      if (book.seq === book.prevSeq) heartbeats++;
    }
    lastSeq = book.seq as number;
    for (const [price, size] of book.bids as [number, number][])
      size === 0 ? bids.delete(price) : bids.set(price, size);
    for (const [price, size] of book.asks as [number, number][])
      size === 0 ? asks.delete(price) : asks.set(price, size);
    expect(Math.max(...bids.keys())).toBeLessThan(Math.min(...asks.keys()));
  }
  return { snapshots, deltas, heartbeats };
}

describe("dig3 watch against the OKX simulator", () => {
  test("trades --json: every trade of trades-all as NDJSON, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = tradeIdsSent("trades-all:BTC-USDT", "spot");
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "okx", account: "spot", symbol: "BTC/USDT" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      // One message per trade: ids follow each other without holes.
      if (previous >= 0) expect(Number(event.tradeId)).toBe(previous + 1);
      previous = Number(event.tradeId);
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("orderbook --json: the snapshot first, then updates chained by prevSeqId, checksummed, never crossed", async () => {
    const result = await runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas, heartbeats } = checkBookStream(events);
    expect(snapshots).toBe(1);
    expect(deltas).toBeGreaterThan(10);
    expect(heartbeats).toBeGreaterThan(0);
    for (const event of events)
      expect(event).toMatchObject({ exchange: "okx", account: "spot", symbol: "BTC/USDT" });
  });

  test("a USDT swap's book by its canonical name (BTC-USDT-SWAP on the wire)", async () => {
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

  test("funding on a coin-margined swap, with the coming settlement time", async () => {
    const result = await runs.funding;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({ kind: "funding_rate", account: "inverse", symbol: "BTC/USD:BTC" });
      expect(event.nextFundingTsMs as number).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    const result = await runCli(["watch", "liquidations", "okx", "BTC/USDT", "--account", "spot"], {
      env: sim.env("spot"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("OKX margin liquidations carry neither price nor side");
    expect(result.stderr).toContain("hint");
  });
});

describe("REST one-shots against the OKX simulator", () => {
  test("ticker --json on a coin-margined swap", async () => {
    const result = await runCli(["ticker", "okx", "BTC/USD:BTC", "--account", "inverse", "--json"], {
      env: sim.env("inverse"),
    });
    expect(result.code).toBe(0);
    const [ticker] = parseNdjson(result.stdout);
    expect(ticker).toMatchObject({
      kind: "ticker",
      exchange: "okx",
      account: "inverse",
      symbol: "BTC/USD:BTC",
    });
    expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
  });

  test("book, trades and klines tables", async () => {
    for (const args of [
      ["book", "okx", "BTC/USDT", "--depth", "3"],
      ["trades", "okx", "BTC/USDT", "--limit", "5"],
      ["klines", "okx", "BTC/USDT", "--interval", "1h", "--limit", "3"],
    ]) {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});
