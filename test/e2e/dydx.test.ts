// The CLI end to end against the dYdX v4 simulator: the BTC-USD perpetual's tape and ladder as NDJSON (trade ids
// from the simulator's ground truth; the book a snapshot from `subscribed` then batched deltas, never crossed, no
// resync) and funding from v4_markets.

import { describe, expect, test } from "bun:test";
import { useVenueSim } from "./venue-kit.ts";

const dydx = useVenueSim({
  venue: "dydx",
  seed: 7,
  account: "linear",
  watches: {
    trades: "trades dydx BTC/USD:USDC --duration 2",
    book: "orderbook dydx BTC/USD:USDC --duration 2",
    funding: "funding dydx ETH/USD:USDC --duration 2",
  },
});

describe("dig3 watch against dydx", () => {
  test("trades --json: the simulator's trades, ids and sides from the ground truth", async () => {
    await dydx.expectTape("trades", {
      account: "linear",
      symbol: "BTC/USD:USDC",
      stream: "v4_trades:BTC-USD",
      rowsOf: (payload: { trades: Record<string, string>[] }) => payload.trades,
      idOf: (row) => row.id!,
      ids: "unique",
      reported: (row) => ({
        side: row.side === "BUY" ? "buy" : "sell",
        price: Number(row.price),
        size: Number(row.size),
      }),
    });
  });

  test("orderbook --json: snapshot first, then deltas; never crossed, no resync", async () => {
    // More than 10 book events: the snapshot and 10 deltas at least.
    await dydx.expectBook("book", { account: "linear", symbol: "BTC/USD:USDC", deltasAbove: 9 });
  });

  test("funding: the predicted hourly rate from v4_markets, next funding on the hour", async () => {
    const events = await dydx.expectEvents(
      "funding",
      { kind: "funding_rate", account: "linear", symbol: "ETH/USD:USDC" },
      2,
    );
    for (const event of events) expect((event.nextFundingTsMs as number) % 3_600_000).toBe(0);
  });
});
