// Trade backfill against a fake REST page: what counts as covered (overlap, id, time), the gap when a venue's page
// is shorter than asked and does not reach back, trades whose REST time is coarser than the socket's, and paging
// back where the venue can (page cap, time limit, end of the venue's history).

import { expect, test } from "bun:test";
import type { StreamSpec, TradeEvent } from "../core/index.ts";
import type { TradeQuery } from "../exchanges/_shared/adapter.ts";
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

// ── paging back (dYdX by time, Bitget by id) ──

/**
 * A venue that pages: `pageCap` trades a page, the newest ones at or before `endMs` (`by: "time"`, inclusive, as
 * dYdX's `createdBeforeOrAt`) or older than `beforeId` (`by: "id"`, Bitget's `idLessThan`); it records every query.
 */
function pagingRestOf(
  trades: TradeEvent[],
  pageCap: number,
  queries: TradeQuery[],
  by: "time" | "id" = "id",
): VenueRest {
  return {
    trades: async (_account: string, _native: string, query: TradeQuery = {}) => {
      queries.push(query);
      const cursorAt = trades.findIndex((trade) => trade.tradeId === query.beforeId);
      const older = trades.filter((trade, at) =>
        by === "time"
          ? query.endMs === undefined || trade.tsMs <= query.endMs
          : cursorAt < 0 || at < cursorAt,
      );
      return older.slice(-pageCap);
    },
  } as unknown as VenueRest;
}

const paging = { maxPages: 10, stopAtMs: Number.POSITIVE_INFINITY, nowMs: () => 0 };

/** Trades with ids the venue does not number consecutively (dYdX fill ids), `everyMs` apart. */
function madeDuringOutage(count: number, fromMs: number, everyMs: number): TradeEvent[] {
  return Array.from({ length: count }, (_, i) => tradeOf(`f-${1000 + i}`, fromMs + i * everyMs));
}

test("paging back: an outage longer than one page is covered after 2 pages, each ending at the oldest held", async () => {
  const memory = createEmitMemory();
  const emitted = tradeOf("f-0", 1_000);
  memory.remember(emitted);
  // 150 trades after the last one emitted; two of them share an instant across the page boundary (the cursor is
  // inclusive: the trades of that instant come twice and are kept once).
  const made = madeDuringOutage(150, 2_000, 10);
  made[50] = { ...made[50]!, tsMs: made[49]!.tsMs };
  const queries: TradeQuery[] = [];
  const result = await backfillTrades(pagingRestOf([emitted, ...made], 100, queries, "time"), spec, {
    fromMs: 1_000,
    limit: 1000,
    memory,
    paging,
  });
  expect(queries).toHaveLength(2);
  expect(queries[1]).toEqual({ limit: 1000, endMs: made[50]!.tsMs, beforeId: made[50]!.tradeId });
  expect(result.events.map((trade) => (trade as TradeEvent).tradeId)).toEqual(
    made.map((trade) => trade.tradeId),
  );
  expect(result.gaps).toEqual([]);
});

test("paging back: at the page cap, only what is still not reached is a gap", async () => {
  const memory = createEmitMemory();
  const emitted = tradeOf("f-0", 1_000);
  memory.remember(emitted);
  const made = madeDuringOutage(500, 2_000, 10);
  const queries: TradeQuery[] = [];
  const result = await backfillTrades(pagingRestOf([emitted, ...made], 100, queries), spec, {
    fromMs: 1_000,
    limit: 1000,
    memory,
    paging: { ...paging, maxPages: 3 },
  });
  expect(queries).toHaveLength(3);
  // The newest 300 recovered; the 200 before them are the gap [fromMs, oldest recovered).
  expect(result.events).toHaveLength(300);
  expect((result.events[0] as TradeEvent).tradeId).toBe(made[200]!.tradeId);
  expect(result.gaps).toEqual([{ fromMs: 1_000, toMs: made[200]!.tsMs, reason: "backfill_unsupported" }]);
});

test("paging back stops at the time limit and at a page that brings nothing new", async () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf("f-0", 1_000));
  const made = madeDuringOutage(300, 2_000, 10);
  // The venue's history starts with the outage: the second page is the last one with anything in it.
  const queries: TradeQuery[] = [];
  const exhausted = await backfillTrades(pagingRestOf(made.slice(100), 100, queries), spec, {
    fromMs: 1_000,
    limit: 1000,
    memory,
    paging,
  });
  expect(queries).toHaveLength(3);
  expect(exhausted.events).toHaveLength(200);
  expect(exhausted.gaps).toEqual([{ fromMs: 1_000, toMs: made[100]!.tsMs, reason: "backfill_unsupported" }]);
  let clockMs = 0;
  const timed: TradeQuery[] = [];
  const longer = madeDuringOutage(500, 2_000, 10);
  const late = await backfillTrades(pagingRestOf(longer, 100, timed), spec, {
    fromMs: 1_000,
    limit: 1000,
    memory,
    paging: { maxPages: 10, stopAtMs: 2, nowMs: () => clockMs++ },
  });
  // The clock reads 0 and 1 before the second and third pages, 2 (the limit) before a fourth.
  expect(timed).toHaveLength(3);
  expect(late.events).toHaveLength(300);
  expect(late.gaps).toEqual([{ fromMs: 1_000, toMs: longer[200]!.tsMs, reason: "backfill_unsupported" }]);
});

test("a venue without paging is asked once, as before: the rest of the outage is a gap", async () => {
  const memory = createEmitMemory();
  const emitted = tradeOf("f-0", 1_000);
  memory.remember(emitted);
  const made = madeDuringOutage(150, 2_000, 10);
  const queries: TradeQuery[] = [];
  const result = await backfillTrades(pagingRestOf([emitted, ...made], 100, queries), spec, {
    fromMs: 1_000,
    limit: 1000,
    memory,
  });
  expect(queries).toEqual([{ limit: 1000 }]);
  expect(result.events).toHaveLength(100);
  expect(result.gaps).toEqual([{ fromMs: 1_000, toMs: made[50]!.tsMs, reason: "backfill_unsupported" }]);
});
