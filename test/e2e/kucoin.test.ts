// The CLI end to end against the KuCoin simulator, every socket opened with a bullet token the CLI fetched first: the
// spot tape, the spot ladder (level2 on the top-100 REST book), a USDT perpetual's ladder (one change per message on
// the full REST book), mark price on a coin-margined contract, REST one-shots, wire-absent kinds.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Sim, startSim } from "../sim/index.ts";
import { replayBookStream } from "./book-stream.ts";
import { type CliResult, parseNdjson, runCli } from "./run-cli.ts";

let sim: Sim;
/** The CLI runs, started together so the suite takes one watch's time, not the sum. */
let runs: Record<"trades" | "book" | "perpBook" | "mark", Promise<CliResult>>;

beforeAll(async () => {
  sim = await startSim({ venue: "kucoin", tickMs: 20, seed: 5 });
  const watch = (args: string[], account: "spot" | "linear" | "inverse") =>
    runCli(["watch", ...args, "--json"], { env: sim.env(account) });
  runs = {
    trades: watch(["trades", "kucoin", "BTC/USDT", "--duration", "2"], "spot"),
    book: watch(["orderbook", "kucoin", "BTC-USDT", "--duration", "2"], "spot"),
    perpBook: watch(
      ["orderbook", "kucoin", "BTC/USDT:USDT", "--account", "linear", "--duration", "2"],
      "linear",
    ),
    mark: watch(["mark", "kucoin", "BTC/USD:BTC", "--account", "inverse", "--duration", "2"], "inverse"),
  };
});

afterAll(async () => {
  await Promise.allSettled(Object.values(runs));
  await sim.close();
});

/** Replays book events as a consumer would; fails on a broken sequence chain or a crossed book. */
function checkBookStream(events: Record<string, unknown>[]): { snapshots: number; deltas: number } {
  return replayBookStream(events, (book, { lastSeq, deltas }) => {
    if (book.type === "snapshot") return;
    const firstSeq = book.firstSeq as number;
    // The first update after the snapshot covers snapshot + 1; every later one starts right after the previous.
    if (deltas === 1) expect(firstSeq <= lastSeq + 1 && lastSeq + 1 <= (book.seq as number)).toBe(true);
    else expect(firstSeq).toBe(lastSeq + 1);
  });
}

describe("dig3 watch against the KuCoin simulator", () => {
  test("trades --json: every match as NDJSON with the simulator's trade ids, exit 0", async () => {
    const result = await runs.trades;
    expect(result.stderr).not.toContain("error");
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(10);
    const sent = new Set(
      (sim.sentFrames("/market/match:BTC-USDT", "spot") as { data: { tradeId: string } }[]).map(
        (frame) => frame.data.tradeId,
      ),
    );
    let previous = -1;
    for (const event of events) {
      expect(event).toMatchObject({ kind: "trade", exchange: "kucoin", account: "spot", symbol: "BTC/USDT" });
      expect(sent.has(event.tradeId as string)).toBe(true);
      // One message per match: ids follow each other without holes.
      if (previous >= 0) expect(Number(event.tradeId)).toBe(previous + 1);
      previous = Number(event.tradeId);
      expect(["buy", "sell"]).toContain(event.side as string);
    }
  });

  test("orderbook --json (spot): the REST snapshot first, then updates chained by sequence, never crossed", async () => {
    const result = await runs.book;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas } = checkBookStream(events);
    expect(snapshots).toBe(1);
    expect(deltas).toBeGreaterThan(10);
    for (const event of events)
      expect(event).toMatchObject({ exchange: "kucoin", account: "spot", symbol: "BTC/USDT" });
  });

  test("orderbook --json (USDT perpetual by its canonical name, XBTUSDTM on the wire)", async () => {
    const result = await runs.perpBook;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.filter((event) => event.kind === "book_resync")).toEqual([]);
    const { snapshots, deltas } = checkBookStream(events);
    expect(snapshots).toBe(1);
    // One change per message.
    expect(deltas).toBeGreaterThan(50);
    for (const book of events.filter((event) => event.kind === "book" && event.type === "delta"))
      expect((book.bids as unknown[]).length + (book.asks as unknown[]).length).toBe(1);
    expect(events[0]).toMatchObject({ account: "linear", symbol: "BTC/USDT:USDT" });
  });

  test("mark price on a coin-margined contract, with the index beside it", async () => {
    const result = await runs.mark;
    expect(result.code).toBe(0);
    const events = parseNdjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event).toMatchObject({ kind: "mark_price", account: "inverse", symbol: "BTC/USD:BTC" });
      expect(event.markPrice as number).toBeGreaterThan(0);
      expect(event.indexPrice as number).toBeGreaterThan(0);
    }
  });

  test("every socket was opened with a fresh bullet token", () => {
    const bullets = sim.stats.restCalls.filter((call) => call.endsWith("/api/v1/bullet-public"));
    expect(bullets.length).toBeGreaterThanOrEqual(4);
    expect(sim.stats.connections).toBeLessThanOrEqual(bullets.length);
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    const result = await runCli(["watch", "liquidations", "kucoin", "BTC/USDT:USDT", "--account", "linear"], {
      env: sim.env("linear"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no liquidation feed");
    expect(result.stderr).toContain("hint");
  });
});

describe("REST one-shots against the KuCoin simulator", () => {
  test("ticker --json on spot (24 h stats) and on a USDT perpetual", async () => {
    const spot = await runCli(["ticker", "kucoin", "BTC/USDT", "--json"], { env: sim.env("spot") });
    expect(spot.code).toBe(0);
    const [ticker] = parseNdjson(spot.stdout);
    expect(ticker).toMatchObject({ kind: "ticker", exchange: "kucoin", account: "spot", symbol: "BTC/USDT" });
    expect(ticker!.bid as number).toBeLessThan(ticker!.ask as number);
    expect(ticker!.high24h as number).toBeGreaterThanOrEqual(ticker!.low24h as number);
    const perp = await runCli(["ticker", "kucoin", "ETH/USDT:USDT", "--account", "linear", "--json"], {
      env: sim.env("linear"),
    });
    expect(perp.code).toBe(0);
    expect(parseNdjson(perp.stdout)[0]).toMatchObject({ account: "linear", symbol: "ETH/USDT:USDT" });
  });

  test("book, trades and klines tables", async () => {
    for (const args of [
      ["book", "kucoin", "BTC/USDT", "--depth", "3"],
      ["trades", "kucoin", "BTC/USDT", "--limit", "5"],
      ["klines", "kucoin", "BTC/USDT", "--interval", "1h", "--limit", "3"],
      ["klines", "kucoin", "BTC/USD:BTC", "--account", "inverse", "--interval", "1h", "--limit", "3"],
    ]) {
      const result = await runCli(args, { env: sim.env("spot") });
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain("┌");
    }
  });
});
