// Layout pins: every record size, and the exact bytes of one reference value per kind, the expected hex written
// field by field from the layout table with helpers that never touch the encoders (Float64Array, BigInt shifts).

import { describe, expect, test } from "bun:test";
import type { Level } from "../core/events.ts";
import { createBlobBuffer } from "./blob.ts";
import type { BookRecord } from "./book.ts";
import type { RecordDef } from "./define.ts";
import type { GapRecord } from "./gaps.ts";
import { RECORDS } from "./registry.ts";

// ── independent byte builders ────────────────────────────────────────────────────────────────────────────────────

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
/** f64 LE via a fresh Float64Array (x86/ARM are little-endian). */
function f64(value: number): string {
  return hexOf(new Uint8Array(new Float64Array([value]).buffer));
}
function u64(value: bigint): string {
  let out = "";
  for (let i = 0n; i < 8n; i++) out += ((value >> (8n * i)) & 0xffn).toString(16).padStart(2, "0");
  return out;
}
function i64(value: bigint): string {
  return u64(BigInt.asUintN(64, value));
}
function u32(value: number): string {
  let out = "";
  for (let i = 0; i < 4; i++) out += ((value >>> (8 * i)) & 0xff).toString(16).padStart(2, "0");
  return out;
}
function u8(value: number): string {
  return value.toString(16).padStart(2, "0");
}
function zeros(count: number): string {
  return "00".repeat(count);
}
function bytesOfHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}
function referenceFnv1a64(text: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash;
}
const NAN = f64(Number.NaN);
const U64_MAX = u64(0xffffffffffffffffn);
const I64_MIN = i64(-(1n << 63n));

function encodeHex<T>(def: RecordDef<T>, value: T): string {
  const bytes = new Uint8Array(def.size).fill(0xee); // dirty buffer: encode must write every byte
  def.encode(value, new DataView(bytes.buffer), 0);
  return hexOf(bytes);
}
function decodeHex<T>(def: RecordDef<T>, hex: string, blob?: Uint8Array): T {
  const bytes = bytesOfHex(hex);
  expect(bytes.length).toBe(def.size);
  return def.decode(new DataView(bytes.buffer), 0, blob);
}
function pin<T>(def: RecordDef<T>, value: T, expectedHex: string): void {
  expect(expectedHex.length).toBe(def.size * 2);
  expect(encodeHex(def, value)).toBe(expectedHex);
  expect(decodeHex(def, expectedHex)).toEqual(value);
}

const TS = 1716200000123n; // 2024-05-20T10:13:20.123Z
const TS_MS = Number(TS);

// ── sizes ────────────────────────────────────────────────────────────────────────────────────────────────────────

test("record sizes", () => {
  const sizes = Object.fromEntries(Object.values(RECORDS).map((def) => [def.kind, def.size]));
  expect(sizes).toEqual({
    trades: 48,
    agg_trades: 48,
    klines: 64,
    mark_price_klines: 64,
    index_price_klines: 64,
    premium_index_klines: 64,
    tickers: 72,
    mark_price: 24,
    funding_rate: 24,
    open_interest: 24,
    liquidations: 33,
    index_price: 24,
    orderbook_snapshots: 20,
    orderbook_snapshots_36: 36,
    orderbook_deltas: 52,
    orderbook_deltas_20: 20,
    orderbook_snapshots_808: 808,
    orderbook_deltas_808: 808,
    gaps: 32,
  });
  expect(RECORDS.orderbook_snapshots.blobPointerOffset).toBe(8);
  expect(RECORDS.orderbook_deltas.blobPointerOffset).toBe(40);
  expect(RECORDS.orderbook_deltas_20.blobPointerOffset).toBe(8);
  expect(RECORDS.orderbook_snapshots_36.blobPointerOffset).toBe(24);
  expect(RECORDS.trades.hasBlob).toBe(false);
});

// ── fixed records ────────────────────────────────────────────────────────────────────────────────────────────────

describe("trades (48 B)", () => {
  const expected =
    i64(TS) +
    f64(60000.5) +
    f64(0.25) +
    u8(1) +
    u64(referenceFnv1a64("123456789")) +
    zeros(7) +
    i64(1716200000123456n);

  test("exact bytes, with the recvTsUs extension at 40", () => {
    pin(
      RECORDS.trades,
      {
        tsMs: TS_MS,
        price: 60000.5,
        size: 0.25,
        side: "sell",
        tradeIdHashHi: Number(referenceFnv1a64("123456789") >> 32n),
        tradeIdHashLo: Number(referenceFnv1a64("123456789") & 0xffffffffn),
        recvTsUs: 1716200000123456,
      },
      expected,
    );
  });

  test("an old Rust trade (zeros in 33..48) decodes with recvTsUs undefined", () => {
    const rust = i64(TS) + f64(60000.5) + f64(0.25) + u8(0) + u64(0x0123456789abcdefn) + zeros(15);
    expect(decodeHex(RECORDS.trades, rust)).toEqual({
      tsMs: TS_MS,
      price: 60000.5,
      size: 0.25,
      side: "buy",
      tradeIdHashHi: 0x01234567,
      tradeIdHashLo: 0x89abcdef,
      recvTsUs: undefined,
    });
    expect(encodeHex(RECORDS.trades, decodeHex(RECORDS.trades, rust))).toBe(rust);
  });
});

describe("agg_trades (48 B)", () => {
  test("exact bytes", () => {
    pin(
      RECORDS.agg_trades,
      {
        tsMs: TS_MS,
        price: 3000.25,
        size: 1.5,
        side: "buy",
        aggId: "2147483648123",
        recvTsUs: 1716200000999000,
      },
      i64(TS) + f64(3000.25) + f64(1.5) + u8(0) + u64(2147483648123n) + zeros(7) + i64(1716200000999000n),
    );
  });

  test("a u64 id above 2^53 keeps every digit; a text id is stored as its FNV-1a-64", () => {
    pin(
      RECORDS.agg_trades,
      { tsMs: TS_MS, price: 1, size: 2, side: "sell", aggId: "18446744073709551615", recvTsUs: undefined },
      i64(TS) + f64(1) + f64(2) + u8(1) + U64_MAX + zeros(15),
    );
    const hex = encodeHex(RECORDS.agg_trades, {
      tsMs: TS_MS,
      price: 1,
      size: 2,
      side: "sell",
      aggId: "abc-1",
      recvTsUs: undefined,
    });
    expect(hex).toBe(i64(TS) + f64(1) + f64(2) + u8(1) + u64(referenceFnv1a64("abc-1")) + zeros(15));
  });
});

describe("kline family (64 B)", () => {
  const bar = {
    openTimeMs: 1716199980000,
    open: 60000,
    high: 60100.5,
    low: 59950.25,
    close: 60050,
    volume: 12.5,
    quoteVolume: undefined,
    trades: 1234,
  };
  const expected =
    i64(1716199980000n) +
    f64(60000) +
    f64(60100.5) +
    f64(59950.25) +
    f64(60050) +
    f64(12.5) +
    NAN +
    u64(1234n);

  test("exact bytes, quote volume absent = NaN", () => {
    for (const def of [
      RECORDS.klines,
      RECORDS.mark_price_klines,
      RECORDS.index_price_klines,
      RECORDS.premium_index_klines,
    ]) {
      pin(def, bar, expected);
    }
  });

  test("quote volume present, trades count absent = 0", () => {
    pin(
      RECORDS.klines,
      { ...bar, quoteVolume: 750000.75, trades: 0 },
      i64(1716199980000n) +
        f64(60000) +
        f64(60100.5) +
        f64(59950.25) +
        f64(60050) +
        f64(12.5) +
        f64(750000.75) +
        u64(0n),
    );
  });
});

test("tickers (72 B): absent floats are NaN", () => {
  pin(
    RECORDS.tickers,
    {
      tsMs: TS_MS,
      last: 60000.5,
      bid: 60000,
      ask: 60001,
      high24h: 61000,
      low24h: undefined,
      volume24h: 1234.5,
      quoteVolume24h: undefined,
      changePct24h: -1.25,
    },
    i64(TS) + f64(60000.5) + f64(60000) + f64(60001) + f64(61000) + NAN + f64(1234.5) + NAN + f64(-1.25),
  );
});

describe("24 B records", () => {
  test("mark_price", () => {
    pin(
      RECORDS.mark_price,
      { tsMs: TS_MS, markPrice: 60010.5, indexPrice: 60009.75 },
      i64(TS) + f64(60010.5) + f64(60009.75),
    );
    pin(
      RECORDS.mark_price,
      { tsMs: TS_MS, markPrice: 60010.5, indexPrice: undefined },
      i64(TS) + f64(60010.5) + NAN,
    );
  });

  test("funding_rate: next funding time as i64, 0 when absent", () => {
    pin(
      RECORDS.funding_rate,
      { tsMs: TS_MS, rate: 0.0001, nextFundingTsMs: 1716220800000 },
      i64(TS) + f64(0.0001) + i64(1716220800000n),
    );
    pin(
      RECORDS.funding_rate,
      { tsMs: TS_MS, rate: -0.00025, nextFundingTsMs: undefined },
      i64(TS) + f64(-0.00025) + zeros(8),
    );
  });

  test("open_interest", () => {
    pin(
      RECORDS.open_interest,
      { tsMs: TS_MS, openInterest: 85000.5, openInterestValue: undefined },
      i64(TS) + f64(85000.5) + NAN,
    );
  });

  test("index_price: bytes 16..24 are a reserved NaN", () => {
    pin(RECORDS.index_price, { tsMs: TS_MS, price: 60005.5 }, i64(TS) + f64(60005.5) + NAN);
  });
});

test("liquidations (33 B): side at 32", () => {
  pin(
    RECORDS.liquidations,
    { tsMs: TS_MS, price: 59000.5, size: 0.75, value: undefined, side: "sell" },
    i64(TS) + f64(59000.5) + f64(0.75) + NAN + u8(1),
  );
});

test("gaps (32 B, dig3 extension)", () => {
  const gap: GapRecord = {
    tsMs: TS_MS,
    fromMs: 1716199000000,
    toMs: 1716199900000,
    stream: "kline",
    reason: "backfill_unsupported",
    interval: "1m",
  };
  pin(
    RECORDS.gaps,
    gap,
    i64(TS) + i64(1716199000000n) + i64(1716199900000n) + u8(4) + u8(4) + zeros(2) + u32(60),
  );
  pin(
    RECORDS.gaps,
    { ...gap, stream: "trade", reason: "disconnect", interval: undefined },
    i64(TS) + i64(1716199000000n) + i64(1716199900000n) + u8(1) + u8(1) + zeros(2) + u32(0),
  );
});

// ── header + blob records ────────────────────────────────────────────────────────────────────────────────────────

function levelsBlob(bids: Level[], asks: Level[]): string {
  const side = (levels: Level[]) =>
    u32(levels.length) + levels.map(([price, size]) => f64(price) + f64(size)).join("");
  return side(bids) + side(asks);
}

describe("order books (header + .blob)", () => {
  const bids: Level[] = [
    [60000, 1.5],
    [59999.5, 0.25],
  ];
  const asks: Level[] = [[60000.5, 2]];
  const blobHex = levelsBlob(bids, asks);
  const blobLength = 4 + 32 + 4 + 16;

  test("blob payload: u32 count + (f64 price, f64 size) for bids, then for asks", () => {
    expect(blobHex).toBe(
      u32(2) + f64(60000) + f64(1.5) + f64(59999.5) + f64(0.25) + u32(1) + f64(60000.5) + f64(2),
    );
    expect(blobHex.length).toBe(blobLength * 2);
  });

  function encodeWithBlob(def: RecordDef<BookRecord>, records: BookRecord[], startOffset = 0) {
    const blob = createBlobBuffer(startOffset, 16);
    const header = new Uint8Array(def.size * records.length).fill(0xee);
    const view = new DataView(header.buffer);
    for (const [i, record] of records.entries()) def.encode(record, view, i * def.size, blob);
    return { header: hexOf(header), blob: hexOf(blob.bytes()) };
  }

  const snapshot: BookRecord = {
    tsMs: TS_MS,
    type: "snapshot",
    bids,
    asks,
    seq: undefined,
    firstSeq: undefined,
    prevSeq: undefined,
    checksum: undefined,
  };

  test("orderbook_snapshots (20 B): ts + blob pointer (u64 offset, u32 length) at 8", () => {
    const second = { ...snapshot, tsMs: TS_MS + 1, asks: [] };
    const { header, blob } = encodeWithBlob(RECORDS.orderbook_snapshots, [snapshot, second]);
    const secondBlob = levelsBlob(bids, []);
    expect(header).toBe(
      i64(TS) +
        u64(0n) +
        u32(blobLength) +
        i64(TS + 1n) +
        u64(BigInt(blobLength)) +
        u32(secondBlob.length / 2),
    );
    expect(blob).toBe(blobHex + secondBlob);
    const blobBytes = bytesOfHex(blob);
    expect(decodeHex(RECORDS.orderbook_snapshots, header.slice(0, 40), blobBytes)).toEqual(snapshot);
    expect(decodeHex(RECORDS.orderbook_snapshots, header.slice(40), blobBytes)).toEqual(second);
  });

  test("blob offsets are absolute in the .blob file", () => {
    const { header, blob } = encodeWithBlob(RECORDS.orderbook_snapshots, [snapshot], 4096);
    expect(header).toBe(i64(TS) + u64(4096n) + u32(blobLength));
    expect(blob).toBe(blobHex);
  });

  test("orderbook_deltas (52 B): update ids, checksum, pointer at 40", () => {
    const delta: BookRecord = {
      tsMs: TS_MS,
      type: "delta",
      bids: [[60000, 0]],
      asks: [[60000.5, 3.25]],
      seq: 5000000002,
      firstSeq: 4999999998,
      prevSeq: undefined,
      checksum: -123456789,
    };
    const deltaBlob = levelsBlob(delta.bids, delta.asks);
    const { header, blob } = encodeWithBlob(RECORDS.orderbook_deltas, [delta]);
    expect(header).toBe(
      i64(TS) +
        u64(5000000002n) +
        u64(4999999998n) +
        U64_MAX +
        i64(-123456789n) +
        u64(0n) +
        u32(deltaBlob.length / 2),
    );
    expect(blob).toBe(deltaBlob);
    expect(decodeHex(RECORDS.orderbook_deltas, header, bytesOfHex(blob))).toEqual(delta);
  });

  test("orderbook_deltas (52 B) with every id absent", () => {
    const delta: BookRecord = { ...snapshot, type: "delta", bids: [], asks: [] };
    const { header, blob } = encodeWithBlob(RECORDS.orderbook_deltas, [delta]);
    expect(header).toBe(i64(TS) + U64_MAX + U64_MAX + U64_MAX + I64_MIN + u64(0n) + u32(8));
    expect(blob).toBe(u32(0) + u32(0));
  });

  test("Rust 20 B deltas and 36 B snapshots decode", () => {
    const blob = bytesOfHex(zeros(10) + blobHex);
    expect(decodeHex(RECORDS.orderbook_deltas_20, i64(TS) + u64(10n) + u32(blobLength), blob)).toEqual({
      ...snapshot,
      type: "delta",
    });
    expect(
      decodeHex(
        RECORDS.orderbook_snapshots_36,
        i64(TS) + i64(TS - 5n) + I64_MIN + u64(10n) + u32(blobLength),
        blob,
      ),
    ).toEqual({ ...snapshot, ctsMs: TS_MS - 5, prevSeq: undefined });
  });

  test("a zero blob length decodes header-only; a pointer past the blob is E_FILE_CORRUPT", () => {
    expect(decodeHex(RECORDS.orderbook_snapshots, i64(TS) + u64(0n) + u32(0))).toEqual({
      ...snapshot,
      bids: [],
      asks: [],
    });
    expect(() =>
      decodeHex(RECORDS.orderbook_snapshots, i64(TS) + u64(8n) + u32(blobLength), bytesOfHex(blobHex)),
    ).toThrow(expect.objectContaining({ code: "E_FILE_CORRUPT" }));
  });

  test("legacy 808 B book: 8 ts + 25×16 bids + 25×16 asks, (0, 0) = padding, (price, 0) = removal", () => {
    const legacyHex =
      i64(TS) +
      f64(60000) +
      f64(1.5) +
      f64(59999.5) +
      f64(0.25) +
      zeros(23 * 16) +
      f64(60000.5) +
      f64(2) +
      f64(60001) +
      f64(0) +
      zeros(23 * 16);
    const legacy: BookRecord = {
      ...snapshot,
      asks: [
        [60000.5, 2],
        [60001, 0],
      ],
    };
    pin(RECORDS.orderbook_snapshots_808, legacy, legacyHex);
    pin(RECORDS.orderbook_deltas_808, { ...legacy, type: "delta" }, legacyHex);
  });
});
