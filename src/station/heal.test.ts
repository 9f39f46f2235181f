// Trade backfill against a fake REST page: what counts as covered (overlap, id, time), the gap when a venue's page
// is shorter than asked and does not reach back, and trades whose REST time is coarser than the socket's.

import { expect, test } from "bun:test";
import type { StreamSpec, TradeEvent } from "../core/index.ts";
import type { VenueRest } from "../hub/index.ts";
import { createEmitMemory } from "./dedup.ts";
import { backfillTrades } from "./heal.ts";

const spec = {
  exchange: "x",
  account: "spot",
  kind: "trade",
  symbol: "BTC/USD",
  native: "BTCUSD",
} as StreamSpec;

function tradeOf(id: string, tsMs: number, price = 100): TradeEvent {
  return {
    kind: "trade",
    exchange: "x",
    account: "spot",
    symbol: "BTC/USD",
    tsMs,
    recvTsUs: tsMs * 1000,
    price,
    size: 1,
    side: "buy",
    tradeId: id,
  };
}

/** A venue whose recent-trades page holds the newest `pageCap` trades, whatever limit is asked. */
function restOf(trades: TradeEvent[], pageCap: number): VenueRest {
  return { trades: async () => trades.slice(-pageCap) } as unknown as VenueRest;
}

test("a page capped below the limit asked (Bybit spot: 60) that does not reach back is a gap, not a silent loss", async () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf("t-100", 1_000));
  // 100 trades made during the outage (ids the venue does not number consecutively); the venue answers 60.
  const made = Array.from({ length: 100 }, (_, i) => tradeOf(`t-${200 + i}`, 2_000 + i * 10));
  const result = await backfillTrades(restOf(made, 60), spec, { fromMs: 1_000, limit: 1000, memory });
  expect(result.events).toHaveLength(60);
  expect(result.gaps).toEqual([{ fromMs: 1_000, toMs: 2_400, reason: "backfill_unsupported" }]);
});

test("a short page that holds the last trade emitted covers the outage: no gap", async () => {
  const memory = createEmitMemory();
  const before = Array.from({ length: 5 }, (_, i) => tradeOf(`t-${i}`, 1_000 + i));
  for (const trade of before) memory.remember(trade);
  const made = [...before, tradeOf("t-x", 2_000), tradeOf("t-y", 2_001)];
  const result = await backfillTrades(restOf(made, 60), spec, { fromMs: 1_004, limit: 1000, memory });
  expect(result.events.map((trade) => (trade as TradeEvent).tradeId)).toEqual(["t-x", "t-y"]);
  expect(result.gaps).toEqual([]);
});

test("consecutive numeric ids prove coverage even without overlap", async () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf("41", 1_000));
  const result = await backfillTrades(restOf([tradeOf("42", 1_500), tradeOf("43", 1_600)], 60), spec, {
    fromMs: 1_000,
    limit: 1000,
    memory,
  });
  expect(result.events).toHaveLength(2);
  expect(result.gaps).toEqual([]);
});

test("REST times coarser than the socket's (Bitstamp: whole seconds): trades after the last emitted are kept", async () => {
  const memory = createEmitMemory();
  // Live: trade 7 at 12.100 s, the last one emitted. REST stamps 7, 8 and 9 with 12.000 s.
  memory.remember(tradeOf("7", 12_100));
  const page = [tradeOf("6", 11_000), tradeOf("7", 12_000), tradeOf("8", 12_000), tradeOf("9", 12_000)];
  const result = await backfillTrades(restOf(page, 100), spec, { fromMs: 12_100, limit: 1000, memory });
  expect(result.events.map((trade) => (trade as TradeEvent).tradeId)).toEqual(["8", "9"]);
  expect(result.gaps).toEqual([]);
});

test("without overlap, trades before the window stay out (older than anything emitted)", async () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf("a", 5_000));
  const page = [tradeOf("b", 4_000), tradeOf("c", 6_000)];
  const result = await backfillTrades(restOf(page, 100), spec, { fromMs: 5_000, limit: 1000, memory });
  expect(result.events.map((trade) => (trade as TradeEvent).tradeId)).toEqual(["c"]);
  // The page starts before the last trade emitted: by time it reaches back.
  expect(result.gaps).toEqual([]);
});
