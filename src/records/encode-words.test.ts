// The aligned-view encoders (`encodeWords`) against `encode`: byte for byte on edge values (times on both sides of
// 2^32, 2^52 and negative, NaN and ±0 floats, ids of every shape, absent receive times) and on seeded random records,
// into a dirty buffer at several record slots.

import { describe, expect, test } from "bun:test";
import { createRecordWords, IS_LITTLE_ENDIAN } from "./binary.ts";
import type { RecordDef } from "./define.ts";
import { RECORDS } from "./registry.ts";
import type { AggTradeRecord, TradeRecord } from "./trades.ts";

/** Seeded, so a failure reproduces. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
}

const TIMES = [
  1_716_200_000_123,
  0,
  1,
  -1,
  2 ** 32 - 1,
  2 ** 32,
  -(2 ** 32) - 1,
  2 ** 52 - 1,
  2 ** 52,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  1_716_200_000_123.9,
  -0.5,
  Number.NaN,
];
const FLOATS = [60_000.5, 0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1e-300, 5e-324];
const RECV = [
  1_716_200_000_123_456,
  undefined,
  0,
  -5,
  Number.NaN,
  0.5,
  1,
  1.5,
  2 ** 52 - 1,
  2 ** 52,
  2 ** 53 - 1,
  Number.POSITIVE_INFINITY,
];
/** Id hash halves: u32 edges, and numbers past them, which both encoders take modulo 2^32. */
const HASH_HALVES = [
  0,
  1,
  0xff,
  0x100,
  0x7fffffff,
  0x80000000,
  0xffffffff,
  2 ** 32,
  2 ** 32 + 5,
  -1,
  1.5,
  Number.NaN,
];
const AGG_IDS = ["0", "2147483648123", "999999999999999", "18446744073709551615", "1e5", "abc-1", "-1", ""];

/** Both encoders at record slots 0, 1 and 5 of a buffer filled with 0xee; the two buffers must be equal. */
function expectSameBytes<T>(def: RecordDef<T>, values: readonly T[]): void {
  const size = def.size;
  const slots = [0, 1, 5];
  for (const value of values) {
    const viaView = new Uint8Array(size * 6).fill(0xee);
    const viaWords = new Uint8Array(size * 6).fill(0xee);
    const view = new DataView(viaView.buffer);
    const words = createRecordWords(viaWords);
    for (const slot of slots) {
      def.encode(value, view, slot * size);
      def.encodeWords!(value, words, slot * size);
    }
    if (Buffer.compare(viaView, viaWords) !== 0) {
      throw new Error(`${def.kind}: encodeWords differs from encode for ${JSON.stringify(value)}`);
    }
  }
}

describe.if(IS_LITTLE_ENDIAN)("encodeWords writes encode's bytes", () => {
  test("trades: edge values, field by field", () => {
    const base: TradeRecord = {
      tsMs: 1_716_200_000_123,
      price: 60_000.5,
      size: 0.25,
      side: "sell",
      tradeIdHashHi: 0xcbf29ce4,
      tradeIdHashLo: 0x84222325,
      recvTsUs: 1_716_200_000_123_456,
    };
    const values: TradeRecord[] = [
      ...TIMES.map((tsMs) => ({ ...base, tsMs })),
      ...FLOATS.flatMap((x) => [
        { ...base, price: x },
        { ...base, size: x },
      ]),
      { ...base, side: "buy" as const },
      ...HASH_HALVES.flatMap((half) => [
        { ...base, tradeIdHashHi: half },
        { ...base, tradeIdHashLo: half },
      ]),
      ...RECV.map((recvTsUs) => ({ ...base, recvTsUs })),
    ];
    expectSameBytes(RECORDS.trades, values);
  });

  test("agg trades: edge values and ids of every shape", () => {
    const base: AggTradeRecord = {
      tsMs: 1_716_200_000_123,
      price: 3000.25,
      size: 1.5,
      side: "buy",
      aggId: "2147483648123",
      recvTsUs: undefined,
    };
    const values: AggTradeRecord[] = [
      ...TIMES.map((tsMs) => ({ ...base, tsMs })),
      ...FLOATS.map((price) => ({ ...base, price })),
      ...AGG_IDS.map((aggId) => ({ ...base, aggId, side: "sell" as const })),
      ...RECV.map((recvTsUs) => ({ ...base, recvTsUs })),
    ];
    expectSameBytes(RECORDS.agg_trades, values);
  });

  test("seeded random trades and agg trades", () => {
    const random = createRandom(17);
    const word = () => Math.floor(random() * 2 ** 32);
    const trades: TradeRecord[] = [];
    const aggs: AggTradeRecord[] = [];
    for (let i = 0; i < 2_000; i++) {
      const tsMs = Math.floor(random() * 2 ** 42) - (i % 7 === 0 ? 2 ** 41 : 0);
      const common = {
        tsMs,
        price: random() * 1e5,
        size: random() < 0.01 ? Number.NaN : random(),
        side: random() < 0.5 ? ("buy" as const) : ("sell" as const),
        recvTsUs: random() < 0.1 ? undefined : tsMs * 1000 + Math.floor(random() * 1e6),
      };
      trades.push({ ...common, tradeIdHashHi: word(), tradeIdHashLo: word() });
      aggs.push({ ...common, aggId: String(Math.floor(random() * 2 ** 53)) });
    }
    expectSameBytes(RECORDS.trades, trades);
    expectSameBytes(RECORDS.agg_trades, aggs);
  });

  test("kinds without a word encoder leave it undefined", () => {
    expect(RECORDS.klines.encodeWords).toBeUndefined();
    expect(RECORDS.orderbook_deltas.encodeWords).toBeUndefined();
  });
});
