// Disk-warm events: a day-file record as the event records/record-events.ts makes of it, flagged `warm-disk`, with the
// bar still open at the station's clock stamped then (a closed one at its close); no book from disk.

import { expect, test } from "bun:test";
import type { StreamSpec } from "../core/index.ts";
import { hashFnv1a64Hex, type KlineRecord, type TradeRecord, tradeIdHashOf } from "../records/index.ts";
import { eventOfRecord } from "./warm-start.ts";

const OPEN_MS = Date.UTC(2024, 0, 1, 12, 0);
const spec = (kind: StreamSpec["kind"]): StreamSpec => ({
  kind,
  account: "spot",
  symbol: "BTC/USDT",
  native: "BTCUSDT",
  interval: "1m",
});
const bar: KlineRecord = {
  openTimeMs: OPEN_MS,
  open: 1,
  high: 2,
  low: 0.5,
  close: 1.5,
  volume: 10,
  quoteVolume: undefined,
  trades: 0,
};

test("a kline: closed before the clock at its close time, else open and stamped at the clock", () => {
  const context = { exchange: "binance", spec: spec("kline") };
  const closed = eventOfRecord({ ...context, nowMs: OPEN_MS + 60_000 }, bar);
  expect(closed).toMatchObject({ kind: "kline", closed: true, tsMs: OPEN_MS + 59_999, origin: "warm-disk" });
  const open = eventOfRecord({ ...context, nowMs: OPEN_MS + 30_000 }, bar);
  expect(open).toMatchObject({ kind: "kline", closed: false, tsMs: OPEN_MS + 30_000, origin: "warm-disk" });
  expect(open).not.toHaveProperty("quoteVolume");
  expect(open).not.toHaveProperty("trades");
});

test("a trade carries its hashed id and the stream's identity; a book stream has no disk-warm events", () => {
  const trade: TradeRecord = {
    tsMs: OPEN_MS,
    price: 100,
    size: 2,
    side: "sell",
    ...tradeIdHashOf("42"),
    recvTsUs: undefined,
  };
  const context = { exchange: "binance", spec: spec("trade"), nowMs: OPEN_MS };
  expect(eventOfRecord(context, trade)).toEqual({
    kind: "trade",
    exchange: "binance",
    account: "spot",
    symbol: "BTC/USDT",
    tsMs: OPEN_MS,
    recvTsUs: 0,
    origin: "warm-disk",
    price: 100,
    size: 2,
    side: "sell",
    tradeId: `fnv1a64:${hashFnv1a64Hex("42")}`,
  });
  expect(eventOfRecord({ ...context, spec: spec("book") }, trade)).toBeUndefined();
});
