// The CLI end to end against the MEXC simulator: the spot tape and ladder from protobuf frames (book bridged to the
// REST snapshot by version, deltas chained fromVersion = previous toVersion + 1, never crossed), the futures ladder
// chained by version, and the futures ticker fanned out into mark price.

import { describe, expect, test } from "bun:test";
import { bridgesThenChains, expectRefused, useVenueSim, withRisingSeq } from "./venue-kit.ts";

const mexc = useVenueSim({
  venue: "mexc",
  seed: 7,
  watches: {
    trades: "trades mexc BTC/USDT --duration 2",
    book: "orderbook mexc BTC/USDT --duration 2",
    futuresBook: "orderbook mexc BTC/USDT:USDT --account linear --duration 2",
    mark: "mark mexc BTC_USDT --account linear --duration 2",
  },
});

interface SimDeal {
  price: string;
  quantity: string;
  tradeType: number;
  tradeId: string;
}

/** The first delta covers the snapshot's version + 1, later ones chain, every version above the one before. */
const chainsByVersion = withRisingSeq(bridgesThenChains);

describe("dig3 watch against mexc", () => {
  test("trades --json (spot, protobuf frames): the simulator's trades, in id order, taker side from tradeType", async () => {
    await mexc.expectTape("trades", {
      account: "spot",
      symbol: "BTC/USDT",
      stream: "spot@public.aggre.deals.v3.api.pb@100ms@BTCUSDT",
      rowsOf: (push: { publicAggreDeals: { deals: SimDeal[] } }) => push.publicAggreDeals.deals,
      idOf: (deal) => deal.tradeId,
      ids: "rising",
      reported: (deal) => ({
        side: deal.tradeType === 1 ? "buy" : "sell",
        price: Number(deal.price),
        size: Number(deal.quantity),
      }),
    });
  });

  test("orderbook --json (spot): snapshot first, deltas bridged and chained by version, no resync, never crossed", async () => {
    // More than 20 book events: the snapshot and 20 deltas at least.
    await mexc.expectBook("book", {
      account: "spot",
      symbol: "BTC/USDT",
      chain: chainsByVersion,
      deltasAbove: 19,
    });
  });

  test("orderbook --json (futures): version + 1 every push, sizes in contracts, no resync, never crossed", async () => {
    await mexc.expectBook("futuresBook", {
      account: "linear",
      symbol: "BTC/USDT:USDT",
      chain: (book, step) => {
        chainsByVersion(book, step);
        if (book.type === "delta") expect(book.firstSeq).toBe(book.seq);
      },
      deltasAbove: 19,
    });
  });

  test("mark --json (futures): the fair price from push.ticker, with the index price", async () => {
    const events = await mexc.expectEvents("mark", {
      kind: "mark_price",
      account: "linear",
      symbol: "BTC/USDT:USDT",
    });
    for (const event of events) expect(event.indexPrice).toBeGreaterThan(0);
  });

  test("liquidations are wire-absent (exit 2)", async () => {
    expectRefused(
      await mexc.cli("watch liquidations mexc BTC/USDT:USDT --account linear --duration 1", "linear"),
      "liquidation",
    );
  });
});
