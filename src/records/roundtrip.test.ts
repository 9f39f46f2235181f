// Round trips: events → records → bytes → records for every kind, edge values (negative and 2^53 integers, NaN,
// absent fields), many records with their blob, and the bulk column readers.

import { describe, expect, test } from "bun:test";
import type { BookEvent, KlineEvent, Level, TradeEvent } from "../core/events.ts";
import { createBlobBuffer } from "./blob.ts";
import { bookRecordOf } from "./book.ts";
import { decodeRecords, encodeRecords, readColumn, readTimestampsMs } from "./columns.ts";
import type { RecordDef } from "./define.ts";
import {
  fundingRateRecordOf,
  liquidationRecordOf,
  markPriceRecordOf,
  openInterestRecordOf,
} from "./derivatives.ts";
import { hashFnv1a64Hex } from "./fnv.ts";
import { gapRecordOf } from "./gaps.ts";
import { klineRecordOf } from "./klines.ts";
import { RECORDS } from "./registry.ts";
import { tickerRecordOf } from "./tickers.ts";
import { aggTradeRecordOf, hashedTradeIdOf, tradeIdHashHexOf, tradeRecordOf } from "./trades.ts";

const base = {
  exchange: "binance",
  account: "linear",
  symbol: "BTC/USDT:USDT",
  tsMs: 1716200000123,
  recvTsUs: 1716200000125001,
} as const;

function roundTrip<T>(def: RecordDef<T>, values: T[]): T[] {
  const blob = createBlobBuffer(0, 64);
  const bytes = encodeRecords(values, def, blob);
  expect(bytes.length).toBe(values.length * def.size);
  return decodeRecords(bytes, def, blob.bytes());
}

describe("round trips from events", () => {
  test("trades keep price, size, side, receive time and the id hash", () => {
    const events: TradeEvent[] = [
      { ...base, kind: "trade", price: 60000.1, size: 0.001, side: "buy", tradeId: "4012345678" },
      { ...base, kind: "trade", tsMs: 0, recvTsUs: 0, price: 1e-8, size: 1e9, side: "sell", tradeId: "" },
    ];
    const records = events.map(tradeRecordOf);
    const decoded = roundTrip(RECORDS.trades, records);
    expect(decoded[0]).toEqual(records[0]!);
    // FNV-1a-64 of "4012345678", as the hex of the record's halves and as a replayed trade's id.
    expect(tradeIdHashHexOf(records[0]!)).toBe(hashFnv1a64Hex("4012345678"));
    expect(hashedTradeIdOf(decoded[0]!)).toBe(`fnv1a64:${hashFnv1a64Hex("4012345678")}`);
    expect(tradeIdHashHexOf(records[1]!)).toBe("cbf29ce484222325");
    // A receive time of 0 is the on-disk "unknown".
    expect(decoded[1]).toEqual({ ...records[1]!, recvTsUs: undefined });
    expect(Object.hasOwn(decoded[1]!, "recvTsUs")).toBe(true);
  });

  test("agg trades keep decimal ids", () => {
    const records = ["0", "1", "9007199254740991", "9007199254740993", "18446744073709551614"].map((aggId) =>
      aggTradeRecordOf({ ...base, kind: "agg_trade", price: 2, size: 3, side: "sell", aggId }),
    );
    expect(roundTrip(RECORDS.agg_trades, records)).toEqual(records);
  });

  test("klines, tickers, mark, funding, open interest, liquidations, gaps", () => {
    const kline: KlineEvent = {
      ...base,
      kind: "kline",
      interval: "1m",
      openTimeMs: 1716199980000,
      open: 1,
      high: 2,
      low: 0.5,
      close: 1.5,
      volume: 10,
      quoteVolume: 15,
      trades: 42,
      closed: true,
    };
    expect(roundTrip(RECORDS.klines, [klineRecordOf(kline)])).toEqual([klineRecordOf(kline)]);
    const ticker = tickerRecordOf({
      ...base,
      kind: "ticker",
      last: 5,
      bid: 4.5,
      bidSize: 1,
      changePct24h: 0,
    });
    expect(roundTrip(RECORDS.tickers, [ticker])).toEqual([ticker]);
    const mark = markPriceRecordOf({ ...base, kind: "mark_price", markPrice: 3 });
    expect(roundTrip(RECORDS.mark_price, [mark])).toEqual([mark]);
    const funding = fundingRateRecordOf({
      ...base,
      kind: "funding_rate",
      rate: 0.0001,
      nextFundingTsMs: 1716220800000,
    });
    expect(roundTrip(RECORDS.funding_rate, [funding])).toEqual([funding]);
    const oi = openInterestRecordOf({
      ...base,
      kind: "open_interest",
      openInterest: 7,
      openInterestValue: 8,
    });
    expect(roundTrip(RECORDS.open_interest, [oi])).toEqual([oi]);
    const liquidation = liquidationRecordOf({
      ...base,
      kind: "liquidation",
      side: "buy",
      price: 9,
      size: 10,
      value: 90,
    });
    expect(roundTrip(RECORDS.liquidations, [liquidation, { ...liquidation, side: "sell" }])).toEqual([
      liquidation,
      { ...liquidation, side: "sell" },
    ]);
    const gap = gapRecordOf(
      { ...base, kind: "gap", stream: "kline", fromMs: 1, toMs: 2, reason: "silence" },
      "1M",
    );
    expect(roundTrip(RECORDS.gaps, [gap])).toEqual([gap]);
    expect(
      gapRecordOf({ ...base, kind: "gap", stream: "trade", fromMs: 1, toMs: 2, reason: "odd text" }).reason,
    ).toBe("unknown");
  });

  test("book snapshots and deltas keep full depth, ids and checksum", () => {
    const bids: Level[] = Array.from({ length: 500 }, (_, i) => [60000 - i * 0.5, i + 0.125]);
    const asks: Level[] = Array.from({ length: 300 }, (_, i) => [60000.5 + i * 0.5, i + 0.5]);
    const snapshot: BookEvent = { ...base, kind: "book", type: "snapshot", bids, asks, seq: 77 };
    const delta: BookEvent = {
      ...base,
      kind: "book",
      type: "delta",
      bids: [[60000, 0, "60000.0", "0"]],
      asks: [],
      seq: 2 ** 53 - 1,
      firstSeq: 2 ** 53 - 5,
      prevSeq: 0,
      checksum: 4294967295,
    };
    const [decodedSnapshot] = roundTrip(RECORDS.orderbook_snapshots, [bookRecordOf(snapshot)]);
    expect(decodedSnapshot!.bids).toEqual(bids);
    expect(decodedSnapshot!.asks).toEqual(asks);
    expect(decodedSnapshot!.seq).toBeUndefined(); // the Rust 20 B snapshot header has no place for it
    const decodedDeltas = roundTrip(RECORDS.orderbook_deltas, [bookRecordOf(delta), bookRecordOf(delta)]);
    expect(decodedDeltas[1]).toEqual({ ...bookRecordOf(delta), bids: [[60000, 0]] });
    const legacy = roundTrip(RECORDS.orderbook_snapshots_808, [bookRecordOf(snapshot)])[0]!;
    expect(legacy.bids).toEqual(bids.slice(0, 25));
    expect(legacy.asks).toEqual(asks.slice(0, 25));
  });
});

test("integer edges: negative i64, 2^53−1, i64::MIN / u64::MAX sentinels", () => {
  const trade = {
    tsMs: -1,
    price: -0,
    size: Number.POSITIVE_INFINITY,
    side: "buy",
    tradeIdHashHi: 0xffffffff,
    tradeIdHashLo: 0xffffffff,
    recvTsUs: 2 ** 53 - 1,
  } as const;
  expect(roundTrip(RECORDS.trades, [trade])).toEqual([trade]);
  const delta = {
    tsMs: 2 ** 53 - 1,
    type: "delta",
    bids: [],
    asks: [],
    seq: 0,
    firstSeq: 2 ** 53 - 1,
    prevSeq: undefined,
    checksum: -(2 ** 31),
  } as const;
  expect(roundTrip(RECORDS.orderbook_deltas, [{ ...delta, bids: [], asks: [] }])).toEqual([
    { ...delta, bids: [], asks: [] },
  ]);
});

test("column readers: timestamps and numeric fields, absent as NaN", () => {
  const records = [0, 1, 2].map((i) => ({
    tsMs: 1716200000000 + i,
    price: 100 + i,
    size: 1,
    side: "buy" as const,
    tradeIdHashHi: 0,
    tradeIdHashLo: 1,
    recvTsUs: i === 1 ? undefined : 1716200000000000 + i,
  }));
  const bytes = new Uint8Array([...encodeRecords(records, RECORDS.trades), 1, 2, 3]); // a torn tail is ignored
  expect([...readTimestampsMs(bytes, RECORDS.trades)]).toEqual([1716200000000, 1716200000001, 1716200000002]);
  expect([...readColumn(bytes, RECORDS.trades, "price")]).toEqual([100, 101, 102]);
  expect([...readColumn(bytes, RECORDS.trades, "side")]).toEqual([0, 0, 0]);
  expect([...readColumn(bytes, RECORDS.trades, "recvTsUs")]).toEqual([
    1716200000000000,
    Number.NaN,
    1716200000000002,
  ]);
  expect(() => readColumn(bytes, RECORDS.trades, "reserved")).toThrow(
    expect.objectContaining({ code: "E_BAD_INPUT" }),
  );
  const klines = encodeRecords(
    [{ openTimeMs: 60000, open: 1, high: 1, low: 1, close: 1, volume: 1, quoteVolume: undefined, trades: 3 }],
    RECORDS.klines,
  );
  expect([...readColumn(klines, RECORDS.klines, "quoteVolume")]).toEqual([Number.NaN]);
  expect([...readColumn(klines, RECORDS.klines, "trades")]).toEqual([3]);
});

test("every record kind declares its timestamp field first, its table columns and a doc line", () => {
  for (const def of Object.values(RECORDS)) {
    expect(def.fields[0]).toMatchObject({ offset: 0, type: "i64" });
    expect(def.columns.length).toBeGreaterThan(0);
    expect(def.doc.length).toBeGreaterThan(0);
  }
});
