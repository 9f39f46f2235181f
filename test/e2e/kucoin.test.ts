// The CLI end to end against the KuCoin simulator, every socket opened with a bullet token the CLI fetched first: the
// spot tape, the spot ladder (level2 on the top-100 REST book), a USDT perpetual's ladder (one change per message on
// the full REST book), mark price on a coin-margined contract, REST one-shots, wire-absent kinds.

import { describe, expect, test } from "bun:test";
import { bridgesThenChains, expectRefused, useVenueSim } from "./venue-kit.ts";

const kucoin = useVenueSim({
  venue: "kucoin",
  seed: 5,
  watches: {
    trades: "trades kucoin BTC/USDT --duration 2",
    book: "orderbook kucoin BTC-USDT --duration 2",
    perpBook: "orderbook kucoin BTC/USDT:USDT --account linear --duration 2",
    mark: "mark kucoin BTC/USD:BTC --account inverse --duration 2",
  },
});

describe("dig3 watch against the KuCoin simulator", () => {
  test("trades --json: every match as NDJSON with the simulator's trade ids, exit 0", async () => {
    await kucoin.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "/market/match:BTC-USDT",
      rowsOf: (frame: { data: { tradeId: string } }) => [frame.data],
      idOf: (row) => row.tradeId,
      // One message per match: ids follow each other without holes.
      ids: "consecutive",
    });
  });

  test("orderbook --json (spot): the REST snapshot first, then updates chained by sequence, never crossed", async () => {
    await kucoin.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: bridgesThenChains,
      deltasAbove: 10,
    });
  });

  test("orderbook --json (USDT perpetual by its canonical name, XBTUSDTM on the wire)", async () => {
    const { events } = await kucoin.expectBook("perpBook", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: bridgesThenChains,
      deltasAbove: 50,
    });
    // One change per message.
    for (const book of events.filter((event) => event.kind === "book" && event.type === "delta"))
      expect((book.bids as unknown[]).length + (book.asks as unknown[]).length).toBe(1);
  });

  test("mark price on a coin-margined contract, with the index beside it", async () => {
    const events = await kucoin.expectEvents("mark", {
      kind: "mark_price",
      account: "inverse",
      symbol: "BTC/USD:BTC",
    });
    for (const event of events) {
      expect(event.markPrice as number).toBeGreaterThan(0);
      expect(event.indexPrice as number).toBeGreaterThan(0);
    }
  });

  test("every socket was opened with a fresh bullet token", () => {
    const bullets = kucoin.sim.stats.restCalls.filter((call) => call.endsWith("/api/v1/bullet-public"));
    expect(bullets.length).toBeGreaterThanOrEqual(4);
    expect(kucoin.sim.stats.connections).toBeLessThanOrEqual(bullets.length);
  });

  test("wire-absent kinds fail fast with a hint", async () => {
    expectRefused(
      await kucoin.cli("watch liquidations kucoin BTC/USDT:USDT --account linear", "linear"),
      "no liquidation feed",
      "hint",
    );
  });
});

describe("REST one-shots against the KuCoin simulator", () => {
  test("ticker --json on spot (24 h stats) and on a USDT perpetual", async () => {
    const ticker = await kucoin.expectTicker("kucoin BTC/USDT", "spot", { symbol: "BTC/USDT" });
    expect(ticker.high24h as number).toBeGreaterThanOrEqual(ticker.low24h as number);
    await kucoin.expectTicker("kucoin ETH/USDT:USDT --account linear", "linear", { symbol: "ETH/USDT:USDT" });
  });

  test("book, trades and klines tables", async () => {
    await kucoin.expectTables("BTC/USDT", [
      "klines kucoin BTC/USD:BTC --account inverse --interval 1h --limit 3",
    ]);
  });
});
