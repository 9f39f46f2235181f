// Registry: slugs (with kline intervals), stream and event lookup, and layout detection in book directories that
// may hold the 52 B, the Rust 20 B or the legacy 808 B layout.

import { describe, expect, test } from "bun:test";
import { createBlobBuffer } from "./blob.ts";
import type { BookRecord } from "./book.ts";
import { encodeRecords } from "./columns.ts";
import {
  listLayoutsForSlug,
  RECORDS,
  detectLayout,
  recordForEvent,
  recordForSlug,
  recordForStream,
} from "./registry.ts";

describe("slugs", () => {
  test("each kind has its Rust slug", () => {
    expect(RECORDS.trades.slug()).toBe("trades");
    expect(RECORDS.klines.slug({ interval: "1m" })).toBe("klines_1m");
    expect(RECORDS.mark_price_klines.slug({ interval: "1h" })).toBe("mark_price_klines_1h");
    expect(RECORDS.index_price_klines.slug({ interval: "1d" })).toBe("index_price_klines_1d");
    expect(RECORDS.premium_index_klines.slug({ interval: "1M" })).toBe("premium_index_klines_1M");
    expect(RECORDS.orderbook_deltas_808.slug()).toBe("orderbook_deltas");
    expect(() => RECORDS.klines.slug()).toThrow(expect.objectContaining({ code: "E_BAD_INTERVAL" }));
  });

  test("recordForSlug parses intervals and picks the layout dig3 writes", () => {
    expect(recordForSlug("klines_1m")).toEqual({ def: RECORDS.klines, slug: "klines_1m", interval: "1m" });
    expect(recordForSlug("mark_price_klines_15m")?.def).toBe(RECORDS.mark_price_klines);
    expect(recordForSlug("premium_index_klines_4h")?.interval).toBe("4h");
    expect(recordForSlug("orderbook_deltas")?.def).toBe(RECORDS.orderbook_deltas);
    expect(recordForSlug("orderbook_snapshots")?.def).toBe(RECORDS.orderbook_snapshots);
    expect(recordForSlug("gaps")?.def).toBe(RECORDS.gaps);
    expect(recordForSlug("index_price")?.def).toBe(RECORDS.index_price);
    for (const unknown of [
      "klines",
      "klines_",
      "klines_abc",
      "block_trades",
      "range_bars_100",
      "trades_1m",
    ]) {
      expect(recordForSlug(unknown)).toBeUndefined();
    }
  });

  test("listLayoutsForSlug lists the write layout first", () => {
    expect(listLayoutsForSlug("orderbook_deltas").map((def) => def.kind)).toEqual([
      "orderbook_deltas",
      "orderbook_deltas_20",
      "orderbook_deltas_808",
    ]);
    expect(listLayoutsForSlug("orderbook_snapshots").map((def) => def.kind)).toEqual([
      "orderbook_snapshots",
      "orderbook_snapshots_36",
      "orderbook_snapshots_808",
    ]);
    expect(listLayoutsForSlug("klines_5m")).toEqual([RECORDS.klines]);
  });
});

test("recordForStream and recordForEvent", () => {
  expect(recordForStream("trade").def).toBe(RECORDS.trades);
  expect(recordForStream("liquidation").slug).toBe("liquidations");
  expect(recordForStream("kline", { interval: "5m" })).toEqual({
    def: RECORDS.klines,
    slug: "klines_5m",
    interval: "5m",
  });
  expect(recordForStream("book").def).toBe(RECORDS.orderbook_deltas);
  expect(recordForStream("book", { bookType: "snapshot" }).def).toBe(RECORDS.orderbook_snapshots);
  expect(() => recordForStream("kline")).toThrow(expect.objectContaining({ code: "E_BAD_INTERVAL" }));
  const base = { exchange: "okx", account: "spot", symbol: "BTC/USDT", tsMs: 1, recvTsUs: 1 } as const;
  expect(recordForEvent({ ...base, kind: "book", type: "snapshot", bids: [], asks: [] }).slug).toBe(
    "orderbook_snapshots",
  );
  expect(
    recordForEvent({
      ...base,
      kind: "kline",
      interval: "1h",
      openTimeMs: 0,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 1,
      closed: false,
    }).slug,
  ).toBe("klines_1h");
  expect(recordForEvent({ ...base, kind: "gap", stream: "trade", fromMs: 0, toMs: 1, reason: "x" }).def).toBe(
    RECORDS.gaps,
  );
});

describe("detectLayout", () => {
  const books: BookRecord[] = Array.from({ length: 13 }, (_, i) => ({
    tsMs: 1716200000000 + i,
    type: "delta",
    bids: [[100 - i, i]],
    asks: i % 2 ? [] : [[101 + i, 1]],
    seq: 1000 + i,
    firstSeq: 1000 + i,
    prevSeq: 999 + i,
    checksum: i,
  }));

  function fileOf(def: (typeof RECORDS)[keyof typeof RECORDS], records: BookRecord[]) {
    const blob = createBlobBuffer();
    const dat = encodeRecords(records, def as typeof RECORDS.orderbook_deltas, blob);
    return { dat, blobSize: blob.lengthBytes };
  }

  test("tells 52 B, 20 B and 808 B delta files apart (13 records: 260 B is a multiple of both 20 and 52)", () => {
    const wide = fileOf(RECORDS.orderbook_deltas, books.slice(0, 5));
    const narrow = fileOf(RECORDS.orderbook_deltas_20, books);
    expect(narrow.dat.length % 52).toBe(0);
    expect(detectLayout("orderbook_deltas", wide.dat, wide.blobSize)).toBe(RECORDS.orderbook_deltas);
    expect(detectLayout("orderbook_deltas", narrow.dat, narrow.blobSize)).toBe(RECORDS.orderbook_deltas_20);
    const legacy = encodeRecords(books.slice(0, 5), RECORDS.orderbook_deltas_808);
    expect(detectLayout("orderbook_deltas", legacy, undefined)).toBe(RECORDS.orderbook_deltas_808);
    expect(detectLayout("orderbook_deltas", new Uint8Array(0))).toBe(RECORDS.orderbook_deltas);
    expect(detectLayout("orderbook_deltas", wide.dat, 10)).toBeUndefined(); // pointers run past the blob
    expect(detectLayout("trades", new Uint8Array(47))).toBeUndefined();
  });

  test("allows a torn tail when no layout fits exactly", () => {
    const wide = fileOf(RECORDS.orderbook_deltas, books.slice(0, 3));
    const narrow = fileOf(RECORDS.orderbook_deltas_20, books.slice(0, 3));
    const torn = (dat: Uint8Array) => new Uint8Array([...dat, 1, 2, 3, 4, 5, 6, 7]);
    expect(detectLayout("orderbook_deltas", torn(wide.dat), wide.blobSize)).toBe(RECORDS.orderbook_deltas);
    expect(detectLayout("orderbook_deltas", torn(narrow.dat), narrow.blobSize)).toBe(
      RECORDS.orderbook_deltas_20,
    );
    // the blob of the last whole header never landed
    expect(detectLayout("orderbook_deltas", torn(wide.dat), wide.blobSize - 5)).toBe(
      RECORDS.orderbook_deltas,
    );
    const trades = new Uint8Array(48 * 2 + 5);
    new DataView(trades.buffer).setUint32(0, 0x8f957dca, true);
    new DataView(trades.buffer).setUint32(4, 0x018f, true);
    new DataView(trades.buffer).setUint32(48, 0x8f957dca, true);
    new DataView(trades.buffer).setUint32(52, 0x018f, true);
    expect(detectLayout("trades", trades)).toBe(RECORDS.trades);
  });
});
