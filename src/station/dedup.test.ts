// Emit memory: trades by id, and across the two kinds of id one trade can have (the venue's on the socket, one made
// of its content where REST gives none, as MEXC spot's `id: null`), without merging two alike trades.

import { expect, test } from "bun:test";
import type { TradeEvent } from "../core/index.ts";
import { contentKeyOfTrade, createEmitMemory } from "./dedup.ts";

function tradeOf(tradeId: string | undefined, tsMs = 1_700_000_000_123, size = 0.5): TradeEvent {
  const trade: TradeEvent = {
    kind: "trade",
    exchange: "mexc",
    account: "spot",
    symbol: "BTC/USDT",
    tsMs,
    recvTsUs: tsMs * 1000,
    price: 60_000.5,
    size,
    side: "sell",
    tradeId: "",
  };
  trade.tradeId = tradeId ?? contentKeyOfTrade(trade);
  return trade;
}

test("a REST trade with a content id is a duplicate of the same trade emitted live with the venue's id", () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf("700841149"));
  expect(memory.isDuplicate(tradeOf(undefined))).toBe(true);
  expect(memory.isDuplicate(tradeOf(undefined, 1_700_000_000_124))).toBe(false);
});

test("a live trade is a duplicate of the same trade backfilled first under a content id", () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf(undefined));
  expect(memory.isDuplicate(tradeOf("700841149"))).toBe(true);
  expect(memory.isDuplicate(tradeOf("700841150", 1_700_000_000_123, 0.25))).toBe(false);
});

test("two alike trades with ids of the same kind stay two (one taker order filling two makers alike)", () => {
  const memory = createEmitMemory();
  memory.remember(tradeOf("700841149"));
  expect(memory.isDuplicate(tradeOf("700841150"))).toBe(false);
  const content = tradeOf(undefined);
  memory.remember(content);
  expect(memory.isDuplicate(tradeOf(`${content.tradeId}#2`))).toBe(true);
  const other = createEmitMemory();
  other.remember(content);
  expect(other.isDuplicate(tradeOf(`${content.tradeId}#2`))).toBe(false);
});
