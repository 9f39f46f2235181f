// Trade and aggregated-trade records (48 B each, Rust TradePoint / AggTradePoint), with dig3's receive-time
// extension at bytes 40..48, and the converters from TradeEvent / AggTradeEvent.

import type { AggTradeEvent, Side, TradeEvent } from "../core/events.ts";
import {
  formatHex8,
  HEX_PAIRS,
  type RecordWords,
  readI64,
  readU64Hex,
  writeI64,
  writeU64Hex,
} from "./binary.ts";
import { type ColumnDef, defineRecord, type FieldInput } from "./define.ts";
import { hashFnv1a64Hex } from "./fnv.ts";

export interface TradeRecord {
  tsMs: number;
  price: number;
  size: number;
  side: Side;
  /** FNV-1a-64 of the venue trade id text, 16 lowercase hex digits, most significant first. */
  tradeIdHash: string;
  /** Local receive time, µs since the epoch (dig3 extension); undefined in files written by the Rust dig3. */
  recvTsUs: number | undefined;
}

export interface AggTradeRecord {
  tsMs: number;
  price: number;
  size: number;
  side: Side;
  /** The u64 aggregate id as decimal text (a non-numeric venue id is stored as its FNV-1a-64). */
  aggId: string;
  recvTsUs: number | undefined;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
/**
 * A whole number 0 <= t < 2^52 plus 2^52 is a float whose low 52 bits are t: one f64 store writes t's low u32 exactly,
 * and a u32 store of the high half over it is cheaper than converting t (past 2^31) to a u32.
 */
const TWO_POW_52 = 2 ** 52;

function tradeFields(idField: FieldInput): FieldInput[] {
  return [
    { name: "tsMs", offset: 0, type: "i64", unit: "ms", doc: "exchange trade time" },
    { name: "price", offset: 8, type: "f64", unit: "quote" },
    { name: "size", offset: 16, type: "f64", unit: "base" },
    { name: "side", offset: 24, type: "u8", doc: "taker side: 0 buy, 1 sell" },
    idField,
    { name: "reserved", offset: 33, type: "zero", size: 7, doc: "zero" },
    {
      name: "recvTsUs",
      offset: 40,
      type: "i64",
      unit: "us",
      zeroMeansAbsent: true,
      extension: true,
      doc: "dig3 extension: local receive time; 0 = unknown (Rust-written files)",
    },
  ];
}

const tradeColumns: ColumnDef[] = [
  { key: "tsMs", header: "time", format: "time_ms", unit: "ms" },
  { key: "price", header: "price", format: "price" },
  { key: "size", header: "size", format: "size" },
  { key: "side", header: "side", format: "side" },
];

/**
 * 1 for a sell, else 0, without a branch: taker sides alternate unpredictably, and a mispredicted `? 1 : 0` costs
 * as much as writing the rest of the record's fields.
 */
function encodeSide(side: Side): number {
  return +(side === "sell");
}

/** Bytes 33..40 of both layouts as two overlapping u32 stores (cheaper than a 7-byte loop per record). */
function writeReservedZeros(view: DataView, offset: number): void {
  view.setUint32(offset, 0, true);
  view.setUint32(offset + 3, 0, true);
}

function writeRecvTsUs(view: DataView, offset: number, recvTsUs: number | undefined): void {
  if (recvTsUs !== undefined && recvTsUs > 0) writeI64(view, offset, recvTsUs);
  else view.setFloat64(offset, 0);
}

function readRecvTsUs(view: DataView, offset: number): number | undefined {
  const value = readI64(view, offset);
  return value === 0 ? undefined : value;
}

/**
 * An agg-trade record through aligned views (trades have their own copy in `encodeTradeWords`: ending it with a call
 * of this one cost the writer 3–4 ns of about 13 a trade record, measured): the bytes `encode`
 * writes. `offset` is a multiple of 8, so 0..8, 8..16, 16..24 and 40..48 are whole words, and bytes 24..40 (side, the
 * id at the unaligned 25..33, zeros) are four u32 stores; the caller gives the id's bytes as they sit in the words at
 * 24 (above the side byte), 28 and 32.
 */
function storeTradeWords(
  value: AggTradeRecord,
  words: RecordWords,
  offset: number,
  idWord24: number,
  idWord28: number,
  idWord32: number,
): void {
  const u32 = words.u32;
  const f64 = words.f64;
  const at = offset >> 2;
  // writeI64's arithmetic; a u32 store keeps the low 32 bits of the value as setInt32 does.
  const tsMs = Math.trunc(value.tsMs) || 0;
  u32[at] = tsMs;
  u32[at + 1] = Math.floor(tsMs * TWO_POW_MINUS_32);
  f64[(offset >> 3) + 1] = value.price;
  f64[(offset >> 3) + 2] = value.size;
  u32[at + 6] = encodeSide(value.side) | idWord24;
  u32[at + 7] = idWord28;
  u32[at + 8] = idWord32;
  u32[at + 9] = 0;
  const recvTsUs = value.recvTsUs;
  if (recvTsUs !== undefined && recvTsUs > 0) {
    const whole = Math.trunc(recvTsUs);
    u32[at + 10] = whole;
    u32[at + 11] = Math.floor(whole * TWO_POW_MINUS_32);
  } else {
    u32[at + 10] = 0;
    u32[at + 11] = 0;
  }
}

/**
 * The trade encoder of the writer's hot path. The id hash's 16 hex digits (the dearest part) are read two at a time
 * and looked up at once, so only two char codes are live at a time: checking all 16 for ASCII before the lookups kept
 * them all in registers and cost 3-4 ns a record. A code past ASCII or a pair that is not two hex digits shows in
 * `wide` or `bad` at the end. The byte each pair spells goes to its place in the little-endian u64 at 25..33: the
 * last pair is byte 25, the first byte 32.
 */
function encodeTradeWords(value: TradeRecord, words: RecordWords, offset: number): void {
  const hex = value.tradeIdHash;
  if (hex.length !== 16) {
    tradesRecord.encode(value, words.view, offset);
    return;
  }
  const pairs = HEX_PAIRS;
  let high = hex.charCodeAt(0);
  let low = hex.charCodeAt(1);
  let wide = high | low;
  let byte = pairs[(high << 7) | low]!;
  let bad = byte;
  const id32 = byte;
  high = hex.charCodeAt(2);
  low = hex.charCodeAt(3);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  let id28 = byte << 24;
  high = hex.charCodeAt(4);
  low = hex.charCodeAt(5);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  id28 |= byte << 16;
  high = hex.charCodeAt(6);
  low = hex.charCodeAt(7);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  id28 |= byte << 8;
  high = hex.charCodeAt(8);
  low = hex.charCodeAt(9);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  id28 |= byte;
  high = hex.charCodeAt(10);
  low = hex.charCodeAt(11);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  let id24 = byte << 24;
  high = hex.charCodeAt(12);
  low = hex.charCodeAt(13);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  id24 |= byte << 16;
  high = hex.charCodeAt(14);
  low = hex.charCodeAt(15);
  wide |= high | low;
  byte = pairs[(high << 7) | low]!;
  bad |= byte;
  id24 |= byte << 8;
  // 256 in the table marks a pair that is not two hex digits (the table has entries for ASCII pairs only).
  if (wide > 127 || bad > 255) {
    tradesRecord.encode(value, words.view, offset);
    return;
  }
  const u32 = words.u32;
  const f64 = words.f64;
  const at = offset >> 2;
  const word = offset >> 3;
  const tsMs = Math.trunc(value.tsMs);
  if (tsMs >= 0 && tsMs < TWO_POW_52) {
    f64[word] = tsMs + TWO_POW_52;
    u32[at + 1] = Math.floor(tsMs * TWO_POW_MINUS_32);
  } else {
    const whole = tsMs || 0;
    u32[at] = whole;
    u32[at + 1] = Math.floor(whole * TWO_POW_MINUS_32);
  }
  f64[word + 1] = value.price;
  f64[word + 2] = value.size;
  u32[at + 6] = encodeSide(value.side) | id24;
  u32[at + 7] = id28;
  u32[at + 8] = id32;
  u32[at + 9] = 0;
  const recvTsUs = value.recvTsUs;
  if (recvTsUs !== undefined && recvTsUs > 0) {
    const whole = Math.trunc(recvTsUs);
    if (whole < TWO_POW_52) {
      f64[word + 5] = whole + TWO_POW_52;
      u32[at + 11] = Math.floor(whole * TWO_POW_MINUS_32);
    } else {
      u32[at + 10] = whole;
      u32[at + 11] = Math.floor(whole * TWO_POW_MINUS_32);
    }
  } else {
    u32[at + 10] = 0;
    u32[at + 11] = 0;
  }
}

export const tradesRecord = defineRecord<TradeRecord>({
  kind: "trades",
  slugBase: "trades",
  size: 48,
  stream: "trade",
  doc: "one trade (Rust TradePoint, 48 B)",
  fields: tradeFields({
    name: "tradeIdHash",
    offset: 25,
    type: "u64_hash",
    doc: "FNV-1a-64 of the venue trade id text (UTF-8)",
  }),
  columns: [...tradeColumns, { key: "tradeIdHash", header: "id hash", format: "hex" }],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.price, true);
    view.setFloat64(offset + 16, value.size, true);
    view.setUint8(offset + 24, encodeSide(value.side));
    writeU64Hex(view, offset + 25, value.tradeIdHash);
    writeReservedZeros(view, offset + 33);
    writeRecvTsUs(view, offset + 40, value.recvTsUs);
  },
  encodeWords: encodeTradeWords,
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      price: view.getFloat64(offset + 8, true),
      size: view.getFloat64(offset + 16, true),
      side: view.getUint8(offset + 24) === 1 ? "sell" : "buy",
      tradeIdHash: readU64Hex(view, offset + 25),
      recvTsUs: readRecvTsUs(view, offset + 40),
    };
  },
});

export const aggTradesRecord = defineRecord<AggTradeRecord>({
  kind: "agg_trades",
  slugBase: "agg_trades",
  size: 48,
  stream: "agg_trade",
  doc: "one aggregated trade (Rust AggTradePoint, 48 B)",
  fields: tradeFields({ name: "aggId", offset: 25, type: "u64", doc: "venue aggregate trade id" }),
  columns: [...tradeColumns, { key: "aggId", header: "agg id", format: "text" }],
  encode(value, view, offset) {
    writeI64(view, offset, value.tsMs);
    view.setFloat64(offset + 8, value.price, true);
    view.setFloat64(offset + 16, value.size, true);
    view.setUint8(offset + 24, encodeSide(value.side));
    writeAggId(view, offset + 25, value.aggId);
    writeReservedZeros(view, offset + 33);
    writeRecvTsUs(view, offset + 40, value.recvTsUs);
  },
  encodeWords(value, words, offset) {
    const aggId = value.aggId;
    if (aggId.length <= 15 && DECIMAL_U64.test(aggId)) {
      const id = Number(aggId);
      const hi = Math.floor(id / TWO_POW_32);
      const lo = id - hi * TWO_POW_32;
      storeTradeWords(value, words, offset, lo << 8, (lo >>> 24) | (hi << 8), hi >>> 24);
    } else {
      aggTradesRecord.encode(value, words.view, offset);
    }
  },
  decode(view, offset) {
    return {
      tsMs: readI64(view, offset),
      price: view.getFloat64(offset + 8, true),
      size: view.getFloat64(offset + 16, true),
      side: view.getUint8(offset + 24) === 1 ? "sell" : "buy",
      aggId: readAggId(view, offset + 25),
      recvTsUs: readRecvTsUs(view, offset + 40),
    };
  },
});

const DECIMAL_U64 = /^[0-9]{1,20}$/;
const U64_MAX = (1n << 64n) - 1n;

/** Decimal text of a u64 up to 2^64−1 goes in as is; anything else (text ids, overflow) as its FNV-1a-64. */
function writeAggId(view: DataView, offset: number, aggId: string): void {
  if (aggId.length <= 15 && DECIMAL_U64.test(aggId)) {
    const value = Number(aggId);
    const hi = Math.floor(value / TWO_POW_32);
    view.setUint32(offset, value - hi * TWO_POW_32, true);
    view.setUint32(offset + 4, hi, true);
    return;
  }
  if (DECIMAL_U64.test(aggId) && BigInt(aggId) <= U64_MAX) {
    writeU64Hex(view, offset, BigInt(aggId).toString(16));
    return;
  }
  writeU64Hex(view, offset, hashFnv1a64Hex(aggId));
}

function readAggId(view: DataView, offset: number): string {
  const hi = view.getUint32(offset + 4, true);
  const lo = view.getUint32(offset, true);
  if (hi < 0x200000) return String(hi * TWO_POW_32 + lo);
  return BigInt(`0x${formatHex8(hi)}${formatHex8(lo)}`).toString();
}

/** The record storage writes for a trade event. */
export function tradeRecordOf(event: TradeEvent): TradeRecord {
  return {
    tsMs: event.tsMs,
    price: event.price,
    size: event.size,
    side: event.side,
    tradeIdHash: hashFnv1a64Hex(event.tradeId),
    recvTsUs: event.recvTsUs,
  };
}

export function aggTradeRecordOf(event: AggTradeEvent): AggTradeRecord {
  return {
    tsMs: event.tsMs,
    price: event.price,
    size: event.size,
    side: event.side,
    aggId: event.aggId,
    recvTsUs: event.recvTsUs,
  };
}
